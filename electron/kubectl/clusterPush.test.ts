// The push steps over a pretend kubectl (a runner the test injects): the exact commands, exit
// codes of `kubectl diff`, and which objects count as applied when an apply fails half-way.
import { describe, expect, it } from 'vitest';
import type { PushStepOptions } from './clusterPush';
import { applyPolicies, parseAppliedObjects, serverDiff, serverDryRun } from './clusterPush';
import type { KubectlRequest, KubectlResult, KubectlRunner } from './kubectlProcess';
import { KubectlError } from './kubectlProcess';

const yaml = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec: {podSelector: {}}\n';

function answering(answer: Partial<KubectlResult> | KubectlError, requests: KubectlRequest[]): KubectlRunner {
  return async (request) => {
    requests.push(request);
    if (answer instanceof KubectlError) throw answer;
    return { exitCode: 0, stdout: '', stderr: '', ...answer };
  };
}

function options(kubectl: KubectlRunner, extra: Partial<PushStepOptions> = {}): PushStepOptions {
  return { kubectl, context: 'prod', manifestYaml: yaml, ...extra };
}

describe('serverDiff', () => {
  it('runs a server-side diff with the context, field manager and stdin', async () => {
    const requests: KubectlRequest[] = [];
    const signal = new AbortController().signal;
    const onOutput = () => undefined;
    const result = await serverDiff(options(answering({ exitCode: 0 }, requests), { signal, onOutput }));
    expect(result).toEqual({ hasDifferences: false, diff: '' });
    expect(requests).toEqual([
      {
        args: ['diff', '--server-side', '--field-manager=netpol-designer', '-f', '-', '--context=prod', '--request-timeout=30s'],
        action: 'comparing the policies with context prod',
        input: yaml,
        okExitCodes: [0, 1],
        signal,
        timeoutMs: 45_000,
        onOutput,
        envChanges: { KUBECTL_EXTERNAL_DIFF: undefined },
      },
    ]);
  });

  it('reads exit code 1 as differences, with the diff', async () => {
    const diff = 'diff -u -N /tmp/LIVE/networking.k8s.io.v1.NetworkPolicy.shop.web /tmp/MERGED/…\n+  name: web\n';
    expect(await serverDiff(options(answering({ exitCode: 1, stdout: diff }, [])))).toEqual({ hasDifferences: true, diff });
  });

  it('says what to install when kubectl finds no diff program', async () => {
    const stderr = 'error: failed to run "diff": executable file not found in %PATH%';
    // kubectl diff exits above 1 when it fails (1 means "differences").
    const error = new KubectlError(`comparing: ${stderr}`, { kind: 'exit', reason: 'other', action: 'comparing', args: ['diff'], exitCode: 2, stdout: '', stderr });
    const thrown = (await serverDiff(options(answering(error, []))).then(
      () => undefined,
      (caught: unknown) => caught,
    )) as KubectlError;
    expect(thrown.message).toBe(`comparing: ${stderr}\nkubectl diff needs the \`diff\` program on PATH (on Windows it comes with Git for Windows, in its usr\\bin folder).`);
    expect(thrown).toMatchObject({ kind: 'exit', reason: 'other', exitCode: 2, stderr, args: ['diff'] });
  });

  it('lets an error (exit above 1) through', async () => {
    const error = new KubectlError('x', { kind: 'exit', reason: 'invalid', action: 'x', args: [], exitCode: 2, stdout: '', stderr: 'The NetworkPolicy "web" is invalid' });
    await expect(serverDiff(options(answering(error, [])))).rejects.toBe(error);
  });
});

describe('serverDryRun', () => {
  it('runs a server-side dry run and reads what would be applied', async () => {
    const requests: KubectlRequest[] = [];
    const result = await serverDryRun(options(answering({ stdout: 'networkpolicy.networking.k8s.io/web serverside-applied (server dry run)\n' }, requests), { requestTimeoutMs: 10_000 }));
    expect(requests[0]?.args).toEqual(['apply', '--server-side', '--field-manager=netpol-designer', '--dry-run=server', '-f', '-', '--context=prod', '--request-timeout=10s']);
    expect(requests[0]?.timeoutMs).toBe(25_000);
    expect(result.objects).toEqual([{ resource: 'networkpolicy.networking.k8s.io', name: 'web', operation: 'serverside-applied', dryRun: true }]);
  });
});

describe('applyPolicies', () => {
  it('applies server-side and reports what kubectl applied', async () => {
    const requests: KubectlRequest[] = [];
    const stdout = 'networkpolicy.networking.k8s.io/web serverside-applied\nnetworkpolicy.networking.k8s.io/db serverside-applied\n';
    const result = await applyPolicies(options(answering({ stdout }, requests)));
    expect(requests[0]?.args).toEqual(['apply', '--server-side', '--field-manager=netpol-designer', '-f', '-', '--context=prod', '--request-timeout=30s']);
    expect(result).toEqual({
      applied: [
        { resource: 'networkpolicy.networking.k8s.io', name: 'web', operation: 'serverside-applied', dryRun: false },
        { resource: 'networkpolicy.networking.k8s.io', name: 'db', operation: 'serverside-applied', dryRun: false },
      ],
      output: stdout,
    });
  });

  it('returns what was applied before a failure, with the failure', async () => {
    const error = new KubectlError('applying: Error from server (Forbidden): …', {
      kind: 'exit',
      reason: 'forbidden',
      action: 'applying',
      args: [],
      exitCode: 1,
      stdout: 'networkpolicy.networking.k8s.io/web serverside-applied\n',
      stderr: 'Error from server (Forbidden): error when applying patch: networkpolicies.networking.k8s.io "db" is forbidden',
    });
    const result = await applyPolicies(options(answering(error, [])));
    expect(result.applied.map((object) => object.name)).toEqual(['web']);
    expect(result.failure).toBe(error);
  });

  it('applies nothing as far as it knows when cancelled before any output', async () => {
    const error = new KubectlError('applying: cancelled', { kind: 'cancelled', reason: 'other', action: 'applying', args: [], exitCode: null, stdout: '', stderr: '' });
    expect(await applyPolicies(options(answering(error, [])))).toEqual({ applied: [], output: '', failure: error });
  });

  it('lets other errors through', async () => {
    const bug = new TypeError('bug');
    await expect(applyPolicies(options(async () => Promise.reject(bug)))).rejects.toBe(bug);
  });
});

describe('parseAppliedObjects', () => {
  it.each([
    ['networkpolicy.networking.k8s.io/web serverside-applied', [{ resource: 'networkpolicy.networking.k8s.io', name: 'web', operation: 'serverside-applied', dryRun: false }]],
    ['networkpolicy.networking.k8s.io/web created (server dry run)', [{ resource: 'networkpolicy.networking.k8s.io', name: 'web', operation: 'created', dryRun: true }]],
    ['namespace/shop unchanged\r\n', [{ resource: 'namespace', name: 'shop', operation: 'unchanged', dryRun: false }]],
    ['Warning: resource networkpolicies/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation', []],
    ['error: no objects passed to apply', []],
    ['', []],
  ])('%j', (stdout, objects) => {
    expect(parseAppliedObjects(stdout)).toEqual(objects);
  });
});
