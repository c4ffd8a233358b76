// The engine's front door: validate, compile and evaluate a model, and find endpoints by name.
// Policies the API server would reject are left out of the evaluation (they could not exist in
// a cluster) and each one is reported.
import type { ClusterModel, Diagnostic, EngineOptions } from '../common/model';
import { parseIP } from './cidr';
import type { CompiledModel } from './compile';
import { compileModel } from './compile';
import type { ConnectivityMatrix } from './connectivity';
import { computeConnectivity, workloadId } from './connectivity';
import type { Endpoint } from './evaluate';
import { validateModel } from './policyValidation';

export interface Analysis {
  compiled: CompiledModel;
  /** Validation findings; errors mean the input would be refused by the API server. */
  diagnostics: Diagnostic[];
  hasErrors: boolean;
  connectivity(): ConnectivityMatrix;
}

export function analyzeModel(model: ClusterModel, options: Partial<EngineOptions> = {}): Analysis {
  const diagnostics = validateModel(model);
  const rejected = new Set(
    diagnostics.filter((diagnostic) => diagnostic.severity === 'error' && diagnostic.object?.startsWith('NetworkPolicy ')).map((d) => d.object),
  );
  const policies = rejected.size === 0 ? model.policies : model.policies.filter((policy) => !rejected.has(`NetworkPolicy ${policy.namespace}/${policy.name}`));
  const compiled = compileModel({ ...model, policies }, options);
  let matrix: ConnectivityMatrix | undefined;
  return {
    compiled,
    diagnostics,
    hasErrors: diagnostics.some((diagnostic) => diagnostic.severity === 'error'),
    connectivity: () => (matrix ??= computeConnectivity(compiled)),
  };
}

export type EndpointLookup = { endpoint: Endpoint } | { error: string };

/**
 * Finds an endpoint by `ns/name`, `ns/name[Kind]`, `name` (in namespace `default`) or an IP
 * address (a host outside the cluster unless a workload has that pod IP).
 */
export function findEndpoint(compiled: CompiledModel, text: string): EndpointLookup {
  const trimmed = text.trim();
  const address = parseIP(trimmed);
  if (address) {
    const owner = compiled.workloadAddresses.findIndex((list) => list.some((a) => a.family === address.family && a.value === address.value));
    if (owner >= 0) return { endpoint: { kind: 'workload', index: owner } };
    return { endpoint: { kind: 'address', range: { family: address.family, first: address.value, last: address.value } } };
  }
  const withKind = /^(.*)\[([^\]]+)\]$/.exec(trimmed);
  const bare = withKind ? (withKind[1] as string) : trimmed;
  const [namespace, name] = bare.includes('/') ? (bare.split('/', 2) as [string, string]) : ['default', bare];
  const candidates = compiled.workloads
    .map((workload, index) => ({ workload, index }))
    .filter(({ workload }) => workload.namespace === namespace && workload.name === name && (!withKind || workload.kind === withKind[2]));
  if (candidates.length === 1) return { endpoint: { kind: 'workload', index: (candidates[0] as { index: number }).index } };
  if (candidates.length > 1) {
    return { error: `"${text}" names several workloads: ${candidates.map(({ workload }) => workloadId(workload)).join(', ')}; add the kind, e.g. ${workloadId(candidates[0]!.workload)}` };
  }
  return { error: `no workload "${text}" in the input (expected namespace/name, namespace/name[Kind] or an IP address)` };
}
