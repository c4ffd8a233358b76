// Seeded generator of synthetic Kubernetes clusters for benchmarking NetPol Designer.
//
// The output looks like what a real cluster dump or a GitOps repository holds: a file of
// Namespaces, files of workloads (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, bare
// Pods and Pods owned by ReplicaSets) and a file of NetworkPolicies that mixes every feature of
// networking.k8s.io/v1 (reference/netpol-semantics.md §1–6). Every generated policy is one the
// API server accepts (create-time validation, §8).
//
// Determinism: everything is drawn from one mulberry32 stream seeded from `options`, objects are
// built in a fixed order and serialised by the small emitter of yamlStreams.ts, so the same options
// give byte-identical files. No Math.random, no clock.
//
// The parts: seededRandom.ts (the stream), clusterBuilder.ts (namespaces and workloads in memory),
// workloadDocuments.ts (their manifests), namespaceBaselinePolicies.ts and workloadPolicies.ts (the
// NetworkPolicies), yamlStreams.ts (the text) and policyEdits.ts (editOnePolicy, for benchmarks of
// re-analysis). This file assembles them and is the public entry.
import { addAppWorkload, ClusterBuilder, infraWorkloads, kubeSystemWorkloads } from './clusterBuilder';
import { namespaceBaselines } from './namespaceBaselinePolicies';
import { PolicyDrafts } from './policyDrafts';
import { mixSeed, Rng } from './seededRandom';
import type { NamespaceInfo, WorkloadInfo } from './syntheticClusterModel';
import { workloadDocuments } from './workloadDocuments';
import { WorkloadPolicyBuilder } from './workloadPolicies';
import { toYamlStream, type ManifestFile, type YamlMap } from './yamlStreams';

export { editOnePolicy, type PolicyEdit } from './policyEdits';
export { mulberry32 } from './seededRandom';
export { splitDocuments, toYaml, type DocumentSpan, type ManifestFile, type YamlMap, type YamlValue } from './yamlStreams';

export interface SyntheticClusterOptions {
  workloads: number;
  seed: number;
  /** NetworkPolicies per workload (default 0.5); the file holds round(workloads × this) policies. */
  policiesPerWorkload?: number;
}

export interface SyntheticClusterStats {
  namespaces: number;
  workloads: number;
  policies: number;
}

export interface SyntheticCluster {
  files: ManifestFile[];
  stats: SyntheticClusterStats;
}

/** Workloads per workload file (`workloads-NNN.yaml`). */
export const WORKLOADS_PER_FILE = 500;

export const NAMESPACES_FILE = 'namespaces.yaml';
export const POLICIES_FILE = 'network-policies.yaml';

function validateOptions(options: SyntheticClusterOptions): { workloads: number; seed: number; ppw: number } {
  const { workloads, seed } = options;
  const ppw = options.policiesPerWorkload ?? 0.5;
  if (!Number.isInteger(workloads) || workloads < 1) throw new RangeError(`workloads must be a positive integer, got ${workloads}`);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  if (!Number.isFinite(ppw) || ppw < 0) throw new RangeError(`policiesPerWorkload must be >= 0, got ${ppw}`);
  return { workloads, seed, ppw };
}

/** Deterministic for a given options object: same options -> byte-identical output. */
export function generateSyntheticManifests(options: SyntheticClusterOptions): SyntheticCluster {
  const { workloads: total, seed, ppw } = validateOptions(options);
  const rng = new Rng(mixSeed(seed, 1));
  const builder = new ClusterBuilder(rng);

  // Namespaces: about one per 25 workloads, at least 3; kube-system (+ monitoring, ingress-nginx).
  const namespaceTarget = Math.max(3, Math.round(total / 25));
  const kubeSystem = builder.addNamespace('kube-system', 'platform', 'prod', {}, true);
  const withInfra = total >= 20;
  const monitoring = withInfra ? builder.addNamespace('monitoring', 'platform', 'prod', { team: 'platform', env: 'prod', monitoring: 'true' }, true) : undefined;
  const ingress = withInfra ? builder.addNamespace('ingress-nginx', 'platform', 'prod', { team: 'platform', env: 'prod' }, true) : undefined;
  const appNamespaceCount = Math.max(2, namespaceTarget - builder.namespaces.length);
  const appNamespaces: NamespaceInfo[] = [];
  for (let i = 0; i < appNamespaceCount; i++) appNamespaces.push(builder.addAppNamespace());

  // Workloads: infrastructure first, the rest spread over the application namespaces.
  kubeSystemWorkloads(builder, kubeSystem, total);
  if (monitoring && ingress) infraWorkloads(builder, monitoring, ingress);
  const appTotal = Math.max(0, total - builder.workloads.length);
  const usedNames = new Map<NamespaceInfo, Set<string>>();
  for (let i = 0; i < appTotal; i++) {
    const ns = appNamespaces[Math.floor((i * appNamespaces.length) / appTotal)] as NamespaceInfo;
    let names = usedNames.get(ns);
    if (!names) {
      names = new Set();
      usedNames.set(ns, names);
    }
    addAppWorkload(rng, builder, ns, names);
  }
  const allWorkloads = builder.workloads.slice(0, total);

  // Policies: namespace baselines first (capped by the budget), then per-workload policies.
  const policyTarget = Math.round(ppw * total);
  const drafts = new PolicyDrafts();
  const policies = new WorkloadPolicyBuilder(rng, builder, drafts);
  const baselines = builder.namespaces.flatMap((ns) => namespaceBaselines(rng, drafts, ns));
  const baselineBudget = Math.min(baselines.length, Math.ceil(policyTarget * 0.3));
  const keptBaselines = baselineBudget === baselines.length ? baselines : rng.sample(baselines, baselineBudget);
  for (const make of keptBaselines) make();
  const candidates = allWorkloads.filter((w) => !w.namespace.infra);
  const targets = candidates.length > 0 ? candidates : allWorkloads;
  const order = rng.shuffle([...targets]);
  for (let i = 0; drafts.list.length < policyTarget; i++) {
    const w = order[i % order.length] as WorkloadInfo;
    const roll = rng.float();
    if ((w.tier === 'db' || w.tier === 'cache') && roll < 0.5) policies.dataStorePolicy(w);
    else if (roll < 0.62) policies.ingressPolicy(w);
    else policies.egressPolicy(w);
  }

  // Serialise. Policies are grouped by namespace (in namespace order), then creation order.
  const nsIndex = new Map(builder.namespaces.map((ns, i) => [ns, i] as const));
  const sortedPolicies = [...drafts.list].sort(
    (a, b) => (nsIndex.get(a.namespace) ?? 0) - (nsIndex.get(b.namespace) ?? 0) || a.order - b.order,
  );
  const header = (what: string): string =>
    `Synthetic cluster for NetPol Designer benchmarks: ${what}.\nseed=${Math.trunc(seed)} workloads=${total} policiesPerWorkload=${ppw}`;

  const files: ManifestFile[] = [];
  const namespaceDocs: YamlMap[] = builder.namespaces.map((ns) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns.name, labels: { ...ns.labels } },
  }));
  files.push({ path: NAMESPACES_FILE, text: toYamlStream(header('namespaces'), namespaceDocs) });

  const fileCount = Math.ceil(allWorkloads.length / WORKLOADS_PER_FILE);
  const digits = Math.max(3, String(fileCount).length);
  for (let f = 0; f < fileCount; f++) {
    const chunk = allWorkloads.slice(f * WORKLOADS_PER_FILE, (f + 1) * WORKLOADS_PER_FILE);
    const docs = chunk.flatMap((w) => workloadDocuments(rng, w));
    const path = `workloads-${String(f + 1).padStart(digits, '0')}.yaml`;
    files.push({ path, text: toYamlStream(header(`workloads ${f * WORKLOADS_PER_FILE + 1}-${f * WORKLOADS_PER_FILE + chunk.length}`), docs) });
  }

  const policyDocs: YamlMap[] = sortedPolicies.map((p) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: p.name, namespace: p.namespace.name },
    spec: p.spec,
  }));
  files.push({ path: POLICIES_FILE, text: toYamlStream(header('network policies'), policyDocs) });

  return {
    files,
    stats: { namespaces: builder.namespaces.length, workloads: allWorkloads.length, policies: policyDocs.length },
  };
}
