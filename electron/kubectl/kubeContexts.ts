// The contexts the user can pick from. kubectl reads the kubeconfig itself: it merges every file
// of a KUBECONFIG list the way the user's shell would, so the app asks kubectl
// (`config view -o json`) instead of parsing kubeconfig files. Without `--raw` kubectl redacts
// credentials, and the app keeps only names anyway.
import type { KubectlRunner } from './kubectlProcess';

export interface KubeContext {
  name: string;
  cluster: string;
  user: string;
  /** The context's default namespace, when it has one. */
  namespace?: string;
}

export interface KubeContextList {
  contexts: KubeContext[];
  /** Absent when the kubeconfig names none (or names one that is not defined). */
  currentContext?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads `kubectl config view -o json`. An empty or missing kubeconfig (kubectl prints
 * `"contexts": null`, or nothing) is an empty list.
 */
export function parseKubeconfigView(json: string): KubeContextList {
  if (json.trim() === '') return { contexts: [] };
  const view: unknown = JSON.parse(json);
  if (!isRecord(view)) return { contexts: [] };
  const contexts: KubeContext[] = [];
  for (const entry of Array.isArray(view.contexts) ? view.contexts : []) {
    const name = isRecord(entry) ? text(entry.name) : undefined;
    if (!name || !isRecord(entry)) continue;
    const context = isRecord(entry.context) ? entry.context : {};
    const namespace = text(context.namespace);
    contexts.push({ name, cluster: text(context.cluster) ?? '', user: text(context.user) ?? '', ...(namespace ? { namespace } : {}) });
  }
  const current = text(view['current-context']);
  return current && contexts.some((context) => context.name === current) ? { contexts, currentContext: current } : { contexts };
}

export interface ListContextsOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The contexts of the kubeconfig kubectl sees (KUBECONFIG and HOME come from the runner's environment). */
export async function listKubeContexts(kubectl: KubectlRunner, options: ListContextsOptions = {}): Promise<KubeContextList> {
  const result = await kubectl({
    args: ['config', 'view', '-o', 'json'],
    action: 'reading the kubeconfig contexts',
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  });
  return parseKubeconfigView(result.stdout);
}
