// Pushing policies to a cluster, as three steps the UI shows, and lets the user cancel, one by
// one (DESIGN.md "kubectl": writes only after a preview): what would change (`kubectl diff`),
// whether the API server accepts it (server-side dry run), and the apply itself. All three use
// server-side apply with the app's field manager, so the preview is computed by the same merge
// the apply will do, and fields other managers own are not taken over silently (a conflict is
// an error, reason 'conflict').
//
// The apply keeps kubectl's plain output: kubectl prints one line per object as it applies it,
// so a push that fails half-way still says what was applied. With `-o json`/`-o go-template`
// kubectl prints nothing until every object succeeded. Those lines name no namespace; a push
// whose policies share a name across namespaces should be applied one namespace at a time.
import { clusterArgs, processTimeoutMs } from './kubectlArguments';
import type { KubectlOutputChunk, KubectlRunner } from './kubectlProcess';
import { KubectlError } from './kubectlProcess';

export const FIELD_MANAGER = 'netpol-designer';

export interface PushStepOptions {
  kubectl: KubectlRunner;
  context: string;
  /** The policies to push, as YAML (one or more documents). */
  manifestYaml: string;
  signal?: AbortSignal;
  /** Per call, given to kubectl as `--request-timeout` (default 30 s). */
  requestTimeoutMs?: number;
  onOutput?: (chunk: KubectlOutputChunk) => void;
}

/** One line of kubectl's apply output: `networkpolicy.networking.k8s.io/web serverside-applied`. */
export interface AppliedObject {
  /** kubectl's resource name (`networkpolicy.networking.k8s.io`). */
  resource: string;
  name: string;
  /** What kubectl said it did (`serverside-applied`, `created`, `configured`, `unchanged`). */
  operation: string;
  dryRun: boolean;
}

export interface ServerDiffResult {
  hasDifferences: boolean;
  /** Unified diff of live against merged objects (empty when nothing would change). */
  diff: string;
}

export interface DryRunResult {
  objects: AppliedObject[];
  output: string;
}

export interface ApplyResult {
  /** The objects kubectl reported as applied; nothing else may be assumed applied. */
  applied: AppliedObject[];
  output: string;
  /**
   * Why kubectl did not finish cleanly. The objects above were applied all the same; when the
   * call was cancelled or timed out, objects kubectl had sent but not yet reported may have been
   * applied too, so the UI should offer to read the cluster again.
   */
  failure?: KubectlError;
}

function applyArgs(options: PushStepOptions, verb: 'apply' | 'diff', extra: readonly string[] = []): string[] {
  return clusterArgs(options, [verb, '--server-side', `--field-manager=${FIELD_MANAGER}`, ...extra, '-f', '-']);
}

// kubectl names the dry run after the object: "… serverside-applied (server dry run)".
const APPLIED_LINE = /^([a-z0-9.-]+)\/(\S+) (serverside-applied|created|configured|unchanged)( \(server dry run\)| \(dry run\))?$/;

/** The objects kubectl's apply output says it applied (other lines are ignored). */
export function parseAppliedObjects(stdout: string): AppliedObject[] {
  const objects: AppliedObject[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = APPLIED_LINE.exec(line.trim());
    if (!match) continue;
    objects.push({ resource: match[1] as string, name: match[2] as string, operation: match[3] as string, dryRun: match[4] !== undefined });
  }
  return objects;
}

/**
 * What the push would change: `kubectl diff --server-side`. kubectl exits 0 for no differences,
 * 1 for differences (the diff is on stdout), and above 1 for errors.
 */
export async function serverDiff(options: PushStepOptions): Promise<ServerDiffResult> {
  const result = await options.kubectl({
    args: applyArgs(options, 'diff'),
    action: `comparing the policies with context ${options.context}`,
    input: options.manifestYaml,
    okExitCodes: [0, 1],
    signal: options.signal,
    timeoutMs: processTimeoutMs(options),
    onOutput: options.onOutput,
    // A user's KUBECTL_EXTERNAL_DIFF may be a GUI tool or print colours; kubectl's default
    // (`diff -u -N`) gives the unified diff the preview shows.
    envChanges: { KUBECTL_EXTERNAL_DIFF: undefined },
  }).catch((error: unknown) => {
    throw error instanceof KubectlError && /failed to run "diff"/.test(error.stderr) ? withDiffProgramHint(error) : error;
  });
  return { hasDifferences: result.exitCode === 1, diff: result.stdout };
}

// kubectl diff runs a `diff` program, which Windows and minimal images lack; kubectl's own words
// ("executable file not found") do not say what to install.
function withDiffProgramHint(error: KubectlError): KubectlError {
  const hint = 'kubectl diff needs the `diff` program on PATH (on Windows it comes with Git for Windows, in its usr\\bin folder).';
  return new KubectlError(`${error.message}\n${hint}`, error);
}

/** Whether the API server accepts the policies (validation, admission), changing nothing. */
export async function serverDryRun(options: PushStepOptions): Promise<DryRunResult> {
  const result = await options.kubectl({
    args: applyArgs(options, 'apply', ['--dry-run=server']),
    action: `checking the policies with context ${options.context} (server dry run)`,
    input: options.manifestYaml,
    signal: options.signal,
    timeoutMs: processTimeoutMs(options),
    onOutput: options.onOutput,
  });
  return { objects: parseAppliedObjects(result.stdout), output: result.stdout };
}

/**
 * Applies the policies. Does not throw for kubectl's failures: an apply that fails half-way
 * has applied some objects, and the caller must be told which, with the failure beside them.
 */
export async function applyPolicies(options: PushStepOptions): Promise<ApplyResult> {
  try {
    const result = await options.kubectl({
      args: applyArgs(options, 'apply'),
      action: `applying the policies with context ${options.context}`,
      input: options.manifestYaml,
      signal: options.signal,
      timeoutMs: processTimeoutMs(options),
      onOutput: options.onOutput,
    });
    return { applied: parseAppliedObjects(result.stdout), output: result.stdout };
  } catch (error) {
    if (!(error instanceof KubectlError)) throw error;
    return { applied: parseAppliedObjects(error.stdout), output: error.stdout, failure: error };
  }
}
