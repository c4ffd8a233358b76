// What every cluster call of the app has in common: the context named explicitly (never the
// kubeconfig's current context, which another terminal may change under the app), a request
// timeout kubectl enforces itself, and a process timeout a little longer, so that kubectl's own
// message ("context deadline exceeded") is what the user normally sees.
import { KubectlError } from './kubectlProcess';

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

// kubectl may make a few requests per call (API discovery before the real one) and needs time
// to start; the process timeout only catches a kubectl that hangs outside its requests.
const PROCESS_TIMEOUT_MARGIN_MS = 15_000;

export interface ClusterCallSettings {
  context: string;
  requestTimeoutMs?: number;
}

/** `--request-timeout` in whole seconds (kubectl wants a unit; at least 1 s). */
export function requestTimeoutFlag(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}

/**
 * The verb's arguments followed by the flags every cluster call carries. `--flag=value` keeps a
 * value that starts with `-` a value.
 */
export function clusterArgs(settings: ClusterCallSettings, args: readonly string[]): string[] {
  const requestTimeoutMs = settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return [...args, `--context=${settings.context}`, `--request-timeout=${requestTimeoutFlag(requestTimeoutMs)}`];
}

export function processTimeoutMs(settings: ClusterCallSettings): number {
  return (settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) + PROCESS_TIMEOUT_MARGIN_MS;
}

/** Stops between two calls as a running call stops: with a 'cancelled' KubectlError. */
export function throwIfCancelled(signal: AbortSignal | undefined, action: string): void {
  if (!signal?.aborted) return;
  throw new KubectlError(`${action}: cancelled`, { kind: 'cancelled', reason: 'other', action, args: [], exitCode: null, stdout: '', stderr: '' });
}
