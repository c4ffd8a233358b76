// Whether the real kubectl can run here. The kubectl tests skip, loudly, when it cannot: a silent
// pass would claim coverage the run never had.
import { spawnSync } from 'node:child_process';

/** Why kubectl tests cannot run, or undefined when `kubectl version --client` works. */
export function kubectlUnavailableReason(): string | undefined {
  const result = spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8', timeout: 15_000 });
  if (result.error) return `kubectl is not runnable from PATH (${result.error.message})`;
  if (result.status !== 0) return `\`kubectl version --client\` exited with ${String(result.status)}: ${result.stderr.trim()}`;
  return undefined;
}

/** Checks once, warns with the reason when kubectl is missing, and returns whether to skip. */
export function skipWithoutKubectl(suite: string): boolean {
  const reason = kubectlUnavailableReason();
  if (reason) console.warn(`[${suite}] skipping the real-kubectl tests: ${reason}`);
  return reason !== undefined;
}
