// runKubectl against tiny shell scripts standing in for kubectl (test doubles written by the
// test into a temporary folder; nothing here ships): exit codes, stdin, streaming, timeout,
// cancellation, a missing binary, and the reasons read from kubectl's real error messages.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubectlFailureReason, KubectlOutputChunk } from './kubectlProcess';
import { bindKubectl, classifyKubectlFailure, KubectlError, kubectlFailureData, kubectlMessage, runKubectl } from './kubectlProcess';

const posix = process.platform !== 'win32';
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'netpol-kubectl-process-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

let scriptCount = 0;
/** An executable `#!/bin/sh` script standing in for kubectl. */
async function fakeKubectl(body: string): Promise<string> {
  const path = join(folder, `kubectl-${scriptCount++}`);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** Whether a process runs; a killed orphan may stay a zombie where PID 1 does not reap, which is not running. */
async function isRunning(pid: number): Promise<boolean> {
  if (process.platform === 'linux') {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    return stat !== undefined && !/^\d+ \(.*\) Z/.test(stat);
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function failureOf(promise: Promise<unknown>): Promise<KubectlError> {
  try {
    await promise;
  } catch (error) {
    return error as KubectlError;
  }
  throw new Error('expected the call to fail');
}

describe.runIf(posix)('runKubectl', () => {
  it('passes arguments as an array, never through a shell', async () => {
    const path = await fakeKubectl('for a in "$@"; do echo "[$a]"; done');
    const result = await runKubectl({ kubectlPath: path, args: ['get', 'pods; rm -rf /', '$(whoami)', 'a b'], timeoutMs: 5_000 });
    expect(result).toEqual({ exitCode: 0, stdout: '[get]\n[pods; rm -rf /]\n[$(whoami)]\n[a b]\n', stderr: '' });
  });

  it('writes the input to stdin and closes it', async () => {
    const path = await fakeKubectl('cat; echo "<end>"');
    const result = await runKubectl({ kubectlPath: path, args: [], input: 'kind: NetworkPolicy\n', timeoutMs: 5_000 });
    expect(result.stdout).toBe('kind: NetworkPolicy\n<end>\n');
  });

  it('closes stdin at once when there is no input, so `-f -` does not wait', async () => {
    const path = await fakeKubectl('cat; echo done');
    const result = await runKubectl({ kubectlPath: path, args: [], timeoutMs: 5_000 });
    expect(result.stdout).toBe('done\n');
  });

  it('streams stdout and stderr as they arrive', async () => {
    const path = await fakeKubectl('echo first; echo oops >&2; sleep 0.2; echo second');
    const chunks: KubectlOutputChunk[] = [];
    const result = await runKubectl({ kubectlPath: path, args: [], timeoutMs: 5_000, onOutput: (chunk) => chunks.push(chunk) });
    expect(chunks.filter((c) => c.stream === 'stdout').map((c) => c.text).join('')).toBe('first\nsecond\n');
    expect(chunks.filter((c) => c.stream === 'stderr').map((c) => c.text).join('')).toBe('oops\n');
    expect(chunks[0]).toEqual({ stream: 'stdout', text: 'first\n' });
    expect(result.stderr).toBe('oops\n');
  });

  it('keeps multi-byte characters whole across chunks', async () => {
    const path = await fakeKubectl("printf '\\342\\234'; sleep 0.1; printf '\\223 ok\\n'");
    const result = await runKubectl({ kubectlPath: path, args: [], timeoutMs: 5_000 });
    expect(result.stdout).toBe('✓ ok\n');
  });

  it('rejects a non-zero exit with kubectl’s own words, prefixed by what was being done', async () => {
    const path = await fakeKubectl('echo partial; echo \'Error from server (Forbidden): namespaces "restricted" is forbidden: User "viewer" cannot get resource "namespaces"\' >&2; exit 1');
    const error = await failureOf(runKubectl({ kubectlPath: path, args: ['get', 'namespace', 'restricted'], timeoutMs: 5_000, action: 'reading namespace restricted' }));
    expect(error.name).toBe('KubectlError');
    expect(error.kind).toBe('exit');
    expect(error.reason).toBe('forbidden');
    expect(error.exitCode).toBe(1);
    expect(error.stdout).toBe('partial\n');
    expect(error.args).toEqual(['get', 'namespace', 'restricted']);
    expect(error.message).toBe('reading namespace restricted: Error from server (Forbidden): namespaces "restricted" is forbidden: User "viewer" cannot get resource "namespaces"');
  });

  it('says the exit code when kubectl said nothing', async () => {
    const path = await fakeKubectl('exit 3');
    const error = await failureOf(runKubectl({ kubectlPath: path, args: ['version'], timeoutMs: 5_000 }));
    expect(error.message).toBe('kubectl version: kubectl exited with code 3');
    expect(error.reason).toBe('other');
  });

  it('accepts the exit codes the caller says are answers', async () => {
    const path = await fakeKubectl('echo "+ added"; exit 1');
    await expect(runKubectl({ kubectlPath: path, args: ['diff'], timeoutMs: 5_000, okExitCodes: [0, 1] })).resolves.toEqual({ exitCode: 1, stdout: '+ added\n', stderr: '' });
    const worse = await fakeKubectl('echo "error: bad" >&2; exit 2');
    expect((await failureOf(runKubectl({ kubectlPath: worse, args: ['diff'], timeoutMs: 5_000, okExitCodes: [0, 1] }))).exitCode).toBe(2);
  });

  it('reports a missing binary as not-found', async () => {
    const error = await failureOf(runKubectl({ kubectlPath: join(folder, 'no-such-kubectl'), args: ['version'], timeoutMs: 5_000, action: 'listing contexts' }));
    expect(error.kind).toBe('not-found');
    expect(error.message).toBe(`listing contexts: kubectl was not found at ${join(folder, 'no-such-kubectl')}`);
  });

  it('stops kubectl after the timeout and rejects', async () => {
    const path = await fakeKubectl('echo started; sleep 30');
    const began = Date.now();
    const error = await failureOf(runKubectl({ kubectlPath: path, args: ['get'], timeoutMs: 300, action: 'listing pods' }));
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(error.kind).toBe('timeout');
    expect(error.reason).toBe('timeout');
    expect(error.stdout).toBe('started\n');
    expect(error.message).toBe('listing pods: kubectl did not finish within 300 ms and was stopped');
  });

  it('stops what kubectl started too (a credential plugin), not only kubectl', async () => {
    const pidFile = join(folder, 'grandchild.pid');
    const path = await fakeKubectl(`sleep 30 & echo $! > ${pidFile}; echo started; wait`);
    const error = await failureOf(runKubectl({ kubectlPath: path, args: [], timeoutMs: 300 }));
    expect(error.kind).toBe('timeout');
    const grandchild = Number((await readFile(pidFile, 'utf8')).trim());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await isRunning(grandchild)).toBe(false);
  });

  it('times out when kubectl has exited but what it started still holds its output open', async () => {
    const path = await fakeKubectl('sleep 30 & echo started');
    const began = Date.now();
    const error = await failureOf(runKubectl({ kubectlPath: path, args: [], timeoutMs: 300 }));
    expect(error.kind).toBe('timeout');
    expect(error.stdout).toBe('started\n');
    expect(Date.now() - began).toBeLessThan(5_000);
  });

  it('reads an endless timeout as the longest delay, not as none', async () => {
    const path = await fakeKubectl('sleep 0.2; echo done');
    expect((await runKubectl({ kubectlPath: path, args: [], timeoutMs: Number.POSITIVE_INFINITY })).stdout).toBe('done\n');
  });

  it('kills with SIGKILL after the grace when SIGTERM is ignored', async () => {
    const path = await fakeKubectl("trap '' TERM; echo ready; while true; do sleep 0.05; done");
    const began = Date.now();
    const error = await failureOf(runKubectl({ kubectlPath: path, args: [], timeoutMs: 300, killGraceMs: 300 }));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - began).toBeGreaterThanOrEqual(550);
    expect(Date.now() - began).toBeLessThan(5_000);
  });

  it('cancels a running call when the signal aborts', async () => {
    const path = await fakeKubectl('echo started; sleep 30');
    const controller = new AbortController();
    const running = runKubectl({
      kubectlPath: path,
      args: [],
      timeoutMs: 10_000,
      signal: controller.signal,
      action: 'applying policies',
      onOutput: () => controller.abort(),
    });
    const error = await failureOf(running);
    expect(error.kind).toBe('cancelled');
    expect(error.message).toBe('applying policies: cancelled');
  });

  it('does not start kubectl when the signal has already aborted', async () => {
    const marker = join(folder, 'started-marker');
    const path = await fakeKubectl(`touch ${marker}`);
    const error = await failureOf(runKubectl({ kubectlPath: path, args: [], timeoutMs: 5_000, signal: AbortSignal.abort() }));
    expect(error.kind).toBe('cancelled');
    await expect(import('node:fs/promises').then((fs) => fs.access(marker))).rejects.toThrow();
  });

  it('binds the path and environment, with per-call changes', async () => {
    const path = await fakeKubectl('echo "$KUBECONFIG|${KUBECTL_EXTERNAL_DIFF-unset}|$EXTRA"');
    const run = bindKubectl({ kubectlPath: path, env: { PATH: process.env.PATH, KUBECONFIG: '/tmp/a:/tmp/b', KUBECTL_EXTERNAL_DIFF: 'meld' } });
    const result = await run({ args: [], action: 'testing', envChanges: { KUBECTL_EXTERNAL_DIFF: undefined, EXTRA: 'x' } });
    expect(result.stdout).toBe('/tmp/a:/tmp/b|unset|x\n');
  });
});

// kubectl's messages, verbatim as kubectl 1.2x prints them.
const reasonCases: ReadonlyArray<readonly [string, KubectlFailureReason]> = [
  ['error: You must be logged in to the server (Unauthorized)', 'unauthorized'],
  ['error: You must be logged in to the server (the server has asked for the client to provide credentials)', 'unauthorized'],
  ['Error from server (Forbidden): pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "restricted"', 'forbidden'],
  ['The NetworkPolicy "web" is invalid: spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive', 'invalid'],
  ['Error from server (NotFound): namespaces "nope" not found', 'not-found'],
  ['error: the server doesn\'t have a resource type "cronjobs"', 'not-found'],
  ['The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?', 'unreachable'],
  ['Unable to connect to the server: dial tcp: lookup cluster.invalid on 127.0.0.53:53: no such host', 'unreachable'],
  ['Unable to connect to the server: dial tcp 127.0.0.1:6443: connect: connection refused', 'unreachable'],
  ['Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)', 'timeout'],
  ['Unable to connect to the server: context deadline exceeded', 'timeout'],
  ['Unable to connect to the server: dial tcp 10.0.0.1:443: i/o timeout', 'timeout'],
  ['Error from server (Timeout): the server was unable to return a response in the time allotted, but may still be processing the request (get pods)', 'timeout'],
  ['Error from server (InternalError): Internal error occurred: etcd down', 'server-error'],
  ['Error from server (InternalError): an error on the server ("boom") has prevented the request from succeeding (get pods)', 'server-error'],
  ['error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using networking.k8s.io/v1: .spec.podSelector', 'conflict'],
  ['error: context "missing" does not exist', 'other'],
  ['Error in configuration: context was not found for specified context: nope', 'other'],
  ['error: failed to run "diff": executable file not found in $PATH', 'other'],
  ['Unable to connect to the server: getting credentials: exec: executable gke-gcloud-auth-plugin not found', 'unauthorized'],
  ['', 'other'],
];

describe('classifyKubectlFailure', () => {
  it.each(reasonCases)('%s → %s', (stderr, reason) => {
    expect(classifyKubectlFailure(stderr)).toBe(reason);
  });
});

describe('kubectlMessage', () => {
  it('drops klog repetitions when kubectl also said it in words', () => {
    const stderr = [
      'E1126 09:13:00.123456   42 memcache.go:265] couldn\'t get current server API group list: Get "https://127.0.0.1:1/api": dial tcp 127.0.0.1:1: connect: connection refused',
      'E1126 09:13:00.124000   42 memcache.go:265] couldn\'t get current server API group list: Get "https://127.0.0.1:1/api": dial tcp 127.0.0.1:1: connect: connection refused',
      'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?',
      '',
    ].join('\n');
    expect(kubectlMessage(stderr)).toBe('The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?');
  });

  it('keeps klog lines when they are all there is', () => {
    expect(kubectlMessage('E1126 09:13:00.123456   42 x.go:1] only this\n')).toBe('E1126 09:13:00.123456   42 x.go:1] only this');
  });
});

describe('kubectlFailureData', () => {
  it('keeps what the UI shows and decides on, as plain data', () => {
    const error = new KubectlError('listing pods: error: You must be logged in to the server (Unauthorized)', {
      kind: 'exit', reason: 'unauthorized', action: 'listing pods', args: ['get', 'pods'], exitCode: 1, stdout: '{}', stderr: 'error: You must be logged in to the server (Unauthorized)\n',
    });
    expect(kubectlFailureData(error)).toEqual({
      kind: 'exit',
      reason: 'unauthorized',
      message: 'listing pods: error: You must be logged in to the server (Unauthorized)',
      exitCode: 1,
      stderr: 'error: You must be logged in to the server (Unauthorized)\n',
    });
    expect(JSON.parse(JSON.stringify(kubectlFailureData(error)))).toEqual(kubectlFailureData(error));
  });
});
