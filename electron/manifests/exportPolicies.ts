// Export: NetworkPolicy manifests only, for `kubectl apply` (DESIGN.md "Manifests I/O"). Each
// policy becomes a complete object with an explicit namespace and its spec exactly as the model
// holds it: no defaults added, keys in the model's order. Policies come sorted by namespace,
// then name, so the same policies always export to the same bytes.
import { Document } from 'yaml';
import type { PolicyModel } from '../common/model';
import { NETWORK_POLICY_API_VERSION } from './networkPolicies';
import { comparePlain } from './objectMeta';

export interface ExportedFile {
  /** Relative, `/`-separated: `policies.yaml`, or `<namespace>/<name>.yaml` when split. */
  path: string;
  text: string;
}

export interface ExportOptions {
  /** One file per policy instead of one multi-document stream. */
  split: boolean;
}

/** The file name of an export that is not split. */
export const EXPORT_STREAM_FILE = 'policies.yaml';

/** The policy as a complete `networking.k8s.io/v1` object; the spec is the model's own. */
export function networkPolicyManifest(policy: PolicyModel): Record<string, unknown> {
  return {
    apiVersion: NETWORK_POLICY_API_VERSION,
    kind: 'NetworkPolicy',
    metadata: { name: policy.name, namespace: policy.namespace },
    spec: policy.spec,
  };
}

/**
 * YAML that every Kubernetes reader takes the way we mean it. kubectl reads YAML 1.1, where a
 * plain `yes`, `on` or `0755` is not a string, so strings are quoted by the 1.1 rules (1.2
 * readers accept that quoting too). An object used twice is written twice, never as an alias,
 * and long strings are never folded, so each value stays on its line in a diff.
 */
export function kubernetesYamlDocument(value: unknown): Document {
  return new Document(value, { version: '1.1', aliasDuplicateObjects: false });
}

export function kubernetesYamlText(document: Document): string {
  return document.toString({ lineWidth: 0, minContentWidth: 0 });
}

/** Sorted by namespace, then name (plain `<`), without changing the input. */
export function sortPolicies(policies: readonly PolicyModel[]): PolicyModel[] {
  return [...policies].sort((a, b) => comparePlain(a.namespace, b.namespace) || comparePlain(a.name, b.name));
}

/**
 * Why a namespace or name cannot be a path segment of a split export, or undefined when it
 * can. The API server only accepts DNS names, which always can; a name it would refuse with a
 * warning only (validation keeps those as warnings) must still never reach outside the folder.
 */
export function exportPathProblem(policy: Pick<PolicyModel, 'namespace' | 'name'>): string | undefined {
  for (const [what, segment] of [
    ['namespace', policy.namespace],
    ['name', policy.name],
  ] as const) {
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) {
      return `NetworkPolicy ${policy.namespace}/${policy.name}: its ${what} ${JSON.stringify(segment)} cannot be used as a file name`;
    }
  }
  return undefined;
}

/**
 * The manifests of `policies`: one `policies.yaml` stream (documents separated by `---`), or
 * one `<namespace>/<name>.yaml` per policy. No policies, no files.
 */
export function exportPolicies(policies: readonly PolicyModel[], options: ExportOptions): ExportedFile[] {
  const documents = sortPolicies(policies).map((policy) => ({
    policy,
    text: kubernetesYamlText(kubernetesYamlDocument(networkPolicyManifest(policy))),
  }));
  if (options.split) return documents.map(({ policy, text }) => ({ path: `${policy.namespace}/${policy.name}.yaml`, text }));
  if (documents.length === 0) return [];
  return [{ path: EXPORT_STREAM_FILE, text: documents.map(({ text }) => text).join('---\n') }];
}
