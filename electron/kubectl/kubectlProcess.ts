// Every kubectl call of the app goes through runKubectl, so that the process boundary is
// explicit in one place (CONVENTIONS 10): the binary is spawned with an argument array, never
// a shell string; stdin is written and closed; output is streamed as it arrives; each call has
// a timeout and can be cancelled; and every failure is a KubectlError that says what kind of
// failure it was and, for kubectl's own errors, why (classified from kubectl's stderr), with
// kubectl's words as the message.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** How a call failed: the binary could not be started, it exited badly, it ran too long, or it was stopped. */
export type KubectlFailureKind = 'not-found' | 'exit' | 'timeout' | 'cancelled';

/**
 * Why kubectl said it failed, read from its stderr. `conflict` (server-side apply found fields
 * owned by another manager) is not in the first brief but needs its own answer in the UI
 * ("take over the fields?"), so it has its own reason.
 */
export type KubectlFailureReason =
  | 'unauthorized'
  | 'forbidden'
  | 'invalid'
  | 'not-found'
  | 'conflict'
  | 'unreachable'
  | 'timeout'
  | 'server-error'
  | 'other';

export interface KubectlOutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface KubectlRunOptions {
  kubectlPath: string;
  args: readonly string[];
  /** The whole environment of the child (defaults to this process's). */
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed (stdin is closed at once when absent). */
  input?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (chunk: KubectlOutputChunk) => void;
  /** Exit codes that are answers rather than failures (`kubectl diff`: 1 = differences). Default [0]. */
  okExitCodes?: readonly number[];
  /** What was being done, in words ("listing namespaces"), the prefix of every error message. */
  action?: string;
  /** After SIGTERM, how long kubectl may take to stop before SIGKILL. */
  killGraceMs?: number;
}

export interface KubectlResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface KubectlErrorDetails {
  kind: KubectlFailureKind;
  reason: KubectlFailureReason;
  /** What was being done ("listing namespaces"). */
  action: string;
  args: readonly string[];
  /** Null when the process did not exit by itself (not started, killed). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export class KubectlError extends Error {
  readonly kind: KubectlFailureKind;
  readonly reason: KubectlFailureReason;
  readonly action: string;
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;

  constructor(message: string, details: KubectlErrorDetails) {
    super(message);
    this.name = 'KubectlError';
    this.kind = details.kind;
    this.reason = details.reason;
    this.action = details.action;
    this.args = details.args;
    this.exitCode = details.exitCode;
    this.stdout = details.stdout;
    this.stderr = details.stderr;
  }
}

export function isKubectlError(value: unknown): value is KubectlError {
  return value instanceof KubectlError;
}

/**
 * A KubectlError as plain data, for the IPC contract (an Error loses its class and fields on the
 * way to the renderer). A candidate for electron/common.
 */
export interface KubectlFailure {
  kind: KubectlFailureKind;
  reason: KubectlFailureReason;
  /** What was being done and kubectl's words: the sentence to show. */
  message: string;
  exitCode: number | null;
  stderr: string;
}

export function kubectlFailureData(error: KubectlError): KubectlFailure {
  return { kind: error.kind, reason: error.reason, message: error.message, exitCode: error.exitCode, stderr: error.stderr };
}

const DEFAULT_KILL_GRACE_MS = 2_000;

// Ordered: the first match wins. Timeouts come before unreachability because kubectl reports a
// client timeout as "Unable to connect to the server: … (Client.Timeout exceeded …)"; the status
// words of the API server (Unauthorized, Forbidden, …) come first because their messages quote
// user input that may contain any of the later words.
// A credential plugin that fails (`gke-gcloud-auth-plugin` missing, an expired SSO session)
// is reported inside "Unable to connect to the server: getting credentials: …": the user must
// log in, the server may be fine. A helper program kubectl could not find (`diff`) or a context
// missing from the kubeconfig is not a Kubernetes object that is "not found".
const REASON_PATTERNS: ReadonlyArray<readonly [KubectlFailureReason, RegExp]> = [
  ['unauthorized', /You must be logged in to the server|\(Unauthorized\)|\bUnauthorized\b|getting credentials:/],
  ['other', /executable file not found|failed to run "|^Error in configuration|context was not found for specified context/m],
  ['forbidden', /\(Forbidden\)|\bis forbidden\b|\bForbidden\b/],
  ['timeout', /Client\.Timeout|context deadline exceeded|i\/o timeout|the server was unable to return a response in the time allotted|\(Timeout\)|request timed out/i],
  ['conflict', /Apply failed with \d+ conflicts?|\(Conflict\)/],
  ['unreachable', /connection refused|no such host|Unable to connect to the server|dial tcp|was refused|network is unreachable|no route to host/i],
  ['invalid', /\bis invalid\b|\(Invalid\)|\(BadRequest\)/],
  ['not-found', /\(NotFound\)|\bnot found\b|doesn't have a resource type/],
  ['server-error', /InternalError|Internal error|\(ServiceUnavailable\)|an error on the server|\b50[0-4]\b/],
];

/** Why kubectl failed, from what it wrote to stderr. */
export function classifyKubectlFailure(stderr: string): KubectlFailureReason {
  for (const [reason, pattern] of REASON_PATTERNS) {
    if (pattern.test(stderr)) return reason;
  }
  return 'other';
}

// klog lines ("E1126 09:13:00.123456   42 memcache.go:265] couldn't get current server API group
// list: …") repeat, with a timestamp, what kubectl then says once in its own words; the user
// wants the words. They are kept in `stderr`.
const KLOG_LINE = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [^\]]+\] /;

/** kubectl's own message: its stderr trimmed, without log-line repetitions when it said more. */
export function kubectlMessage(stderr: string): string {
  const lines = stderr.split(/\r?\n/).filter((line) => line.trim() !== '');
  const words = lines.filter((line) => !KLOG_LINE.test(line));
  return (words.length > 0 ? words : lines).join('\n').trim();
}

function describeCommand(args: readonly string[]): string {
  return `kubectl ${args.slice(0, 3).join(' ')}`;
}

function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

// Windows has no process groups and no SIGTERM: `taskkill /T /F` ends kubectl and what it
// started (credential plugins), as the process-group kill does elsewhere.
function killWindowsTree(pid: number): void {
  const killer = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore', shell: false });
  killer.on('error', () => process.kill(pid));
}

// Node fires a timer of more than 2^31 - 1 ms (or a non-number) at once; "no timeout" is the longest delay.
function timerDelay(ms: number): number {
  const longest = 2_147_483_647;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), longest) : longest;
}

/**
 * Runs kubectl once. Resolves with its output when the exit code is one of `okExitCodes`;
 * rejects with a KubectlError otherwise.
 */
export function runKubectl(options: KubectlRunOptions): Promise<KubectlResult> {
  const action = options.action ?? describeCommand(options.args);
  const okExitCodes = options.okExitCodes ?? [0];
  const graceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const fail = (message: string, details: Omit<KubectlErrorDetails, 'action' | 'args'>) =>
    new KubectlError(`${action}: ${message}`, { ...details, action, args: options.args });

  if (options.signal?.aborted) {
    return Promise.reject(fail('cancelled', { kind: 'cancelled', reason: 'other', exitCode: null, stdout: '', stderr: '' }));
  }

  return new Promise<KubectlResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    let stopping: 'timeout' | 'cancelled' | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    // POSIX: kubectl runs in its own process group so that a kill also reaches what it started
    // (credential plugins such as gke-gcloud-auth-plugin, version dispatchers).
    const ownGroup = process.platform !== 'win32';

    let child: ChildProcess;
    try {
      child = spawn(options.kubectlPath, [...options.args], {
        env: options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
        detached: ownGroup,
        shell: false,
      });
    } catch (error) {
      reject(fail(`could not start kubectl at ${options.kubectlPath}: ${error instanceof Error ? error.message : String(error)}`, {
        kind: 'not-found', reason: 'other', exitCode: null, stdout: '', stderr: '',
      }));
      return;
    }

    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
    };

    const kill = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        if (ownGroup) process.kill(-child.pid, signal);
        else if (process.platform === 'win32') killWindowsTree(child.pid);
        else child.kill(signal);
      } catch {
        // Already gone.
      }
    };

    // A stopped kubectl settles when it has exited, not on 'close': a grandchild still holding
    // the pipes open would otherwise delay 'close' past the timeout that was meant to end the wait.
    let exited = false;
    const settleStopped = () => {
      clearTimeout(graceTimer);
      finish(() =>
        reject(
          stopping === 'timeout'
            ? fail(`kubectl did not finish within ${formatDuration(options.timeoutMs)} and was stopped`, { kind: 'timeout', reason: 'timeout', exitCode: null, stdout, stderr })
            : fail('cancelled', { kind: 'cancelled', reason: 'other', exitCode: null, stdout, stderr }),
        ),
      );
    };

    const stop = (why: 'timeout' | 'cancelled') => {
      if (settled || stopping) return;
      stopping = why;
      kill('SIGTERM');
      // kubectl itself may be gone already, with only what it started left holding the pipes.
      if (exited) {
        settleStopped();
        return;
      }
      graceTimer = setTimeout(() => kill('SIGKILL'), graceMs);
      graceTimer.unref();
    };

    const onAbort = () => stop('cancelled');
    const timeoutTimer = setTimeout(() => stop('timeout'), timerDelay(options.timeoutMs));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const collect = (stream: 'stdout' | 'stderr') => (text: string) => {
      if (stream === 'stdout') stdout += text;
      else stderr += text;
      options.onOutput?.({ stream, text });
    };
    // Decoding as UTF-8 on the stream keeps a character split across two chunks whole.
    child.stdout?.setEncoding('utf8').on('data', collect('stdout'));
    child.stderr?.setEncoding('utf8').on('data', collect('stderr'));

    // kubectl may exit before reading all of stdin (bad flags, no server); that EPIPE is not the
    // failure to report, its exit code and stderr are.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');

    child.on('error', (error: NodeJS.ErrnoException) => {
      const missing = error.code === 'ENOENT';
      finish(() =>
        reject(
          fail(missing ? `kubectl was not found at ${options.kubectlPath}` : `could not start kubectl at ${options.kubectlPath}: ${error.message}`, {
            kind: 'not-found', reason: 'other', exitCode: null, stdout, stderr,
          }),
        ),
      );
    });

    child.on('exit', () => {
      exited = true;
      if (stopping) settleStopped();
    });

    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      if (stopping) return;
      finish(() => {
        if (code !== null && okExitCodes.includes(code)) {
          resolve({ exitCode: code, stdout, stderr });
          return;
        }
        const said = kubectlMessage(stderr);
        const message = said !== '' ? said : code !== null ? `kubectl exited with code ${code}` : `kubectl was ended by ${signal ?? 'a signal'}`;
        reject(fail(message, { kind: 'exit', reason: classifyKubectlFailure(stderr), exitCode: code, stdout, stderr }));
      });
    });
  });
}

/** One call as the steps above the runner describe it; where kubectl is and its environment are bound. */
export interface KubectlRequest {
  args: readonly string[];
  action: string;
  input?: string;
  okExitCodes?: readonly number[];
  onOutput?: (chunk: KubectlOutputChunk) => void;
  signal?: AbortSignal;
  /** Overrides the bound default. */
  timeoutMs?: number;
  /** Changes to the bound environment for this call; `undefined` removes a variable. */
  envChanges?: Readonly<Record<string, string | undefined>>;
}

/** runKubectl with the binary and environment already chosen; tests inject their own. */
export type KubectlRunner = (request: KubectlRequest) => Promise<KubectlResult>;

export interface KubectlBinding {
  kubectlPath: string;
  /** The environment kubectl sees (KUBECONFIG, HOME, PATH for credential plugins). */
  env?: NodeJS.ProcessEnv;
  /** Default per-call timeout. */
  timeoutMs?: number;
  killGraceMs?: number;
}

export const DEFAULT_KUBECTL_TIMEOUT_MS = 30_000;

export function bindKubectl(binding: KubectlBinding): KubectlRunner {
  return (request) => {
    const env = { ...(binding.env ?? process.env) };
    for (const [name, value] of Object.entries(request.envChanges ?? {})) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    return runKubectl({
      kubectlPath: binding.kubectlPath,
      args: request.args,
      env,
      input: request.input,
      timeoutMs: request.timeoutMs ?? binding.timeoutMs ?? DEFAULT_KUBECTL_TIMEOUT_MS,
      signal: request.signal,
      onOutput: request.onOutput,
      okExitCodes: request.okExitCodes,
      action: request.action,
      killGraceMs: binding.killGraceMs,
    });
  };
}
