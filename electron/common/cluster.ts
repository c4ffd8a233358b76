// Working with live clusters through the user's kubectl (issue 6), as plain data: the contexts of
// the kubeconfig, and the long-running cluster jobs — import for review, the preview of a push,
// the push itself — which the window starts, follows (progress and kubectl's output as it comes)
// and can cancel at every step. Every kubectl call names its context explicitly.
import type { DiffRow } from './model';
import type { ReviewSnapshot } from './review';

export interface KubeContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

export interface ClusterContextsRequest {
  /** A kubectl binary the user chose; searched for (PATH and the usual install folders) when absent. */
  kubectlPath?: string;
}

export interface ClusterContextsResponse {
  /** The kubectl that will run, or why none was found (where it looked). */
  kubectl: { found: true; path: string } | { found: false; message: string };
  contexts: KubeContextInfo[];
  /** The kubeconfig's current context, preselected (never used implicitly: calls name their context). */
  currentContext?: string;
  /** Which kubeconfig kubectl reads: `KUBECONFIG` as set, or the default file. */
  kubeconfig: string;
  /** kubectl could not read the kubeconfig: its words. */
  error?: string;
}

/** Which network plugin runs the cluster, and whether NetworkPolicies are enforced there at all. */
export interface NetworkPluginCheck {
  enforcement: 'enforced' | 'not-enforced' | 'unknown';
  plugins: { name: string; enforcesNetworkPolicy: boolean; evidence: string }[];
  /** One plain sentence; for a plugin that ignores NetworkPolicies it says so. */
  message: string;
  /** kubectl's words for what could not be read while looking. */
  problems: string[];
}

/** Something of the cluster that could not be read (the rest was). */
export interface ClusterProblem {
  namespace?: string;
  resource: string;
  message: string;
  /** Why, as classified from kubectl's output: `forbidden`, `unauthorized`, `timeout`, … */
  reason: string;
}

export type ClusterJobRequest =
  /** Reads namespaces, workloads, pods and NetworkPolicies, opened as a review labelled with the context. */
  | { kind: 'import'; context: string; namespaces?: string[]; kubectlPath?: string }
  /**
   * Everything a push shows before the confirmation: the network plugin check, the connectivity
   * diff between the cluster's policies and the chosen ones, `kubectl diff` and a server-side dry run.
   */
  | { kind: 'push-preview'; context: string; sessionId: string; policies: string[]; kubectlPath?: string }
  /** Applies exactly what the preview `previewId` showed (server-side apply, field manager `netpol-designer`). */
  | { kind: 'push-apply'; previewId: string };

export type ClusterJobKind = ClusterJobRequest['kind'];

export interface ClusterJobStarted {
  jobId: string;
}

export interface ClusterJobPollRequest {
  jobId: string;
  /** Output lines already received; the answer holds the lines after them. */
  outputFrom?: number;
}

export interface ClusterJobIdRequest {
  jobId: string;
}

export type ClusterJobState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface ClusterOutputLine {
  /** `info`: the app saying what it runs (`kubectl get … --context=…`); else kubectl's own streams. */
  stream: 'info' | 'stdout' | 'stderr';
  text: string;
}

export interface PushPreview {
  previewId: string;
  context: string;
  /** The namespaces the push writes to. */
  namespaces: string[];
  /** `ns/name` of the policies pushed. */
  policies: string[];
  /** The manifests applied, exactly as previewed. */
  manifestYaml: string;
  networkPlugin: NetworkPluginCheck;
  /** Pairs of the cluster's workloads whose connectivity changes (cluster's policies → with the pushed ones). */
  connectivityChanges: DiffRow[];
  /** What could not be read of the cluster while computing them. */
  clusterProblems: ClusterProblem[];
  /** `kubectl diff --server-side` output (empty when nothing changes, or when it could not run). */
  kubectlDiff: string;
  hasDifferences: boolean;
  /** Why `kubectl diff` could not run (no `diff` program on this machine); the rest of the preview stands. */
  kubectlDiffProblem?: string;
  /** The server-side dry run's output: every object the API server accepted. */
  dryRun: { output: string; objects: string[] };
}

export interface AppliedPolicy {
  /** `networkpolicy.networking.k8s.io/name`, as kubectl reported it. */
  object: string;
  namespace: string;
  operation: string;
}

export type ClusterJobResult =
  | { kind: 'import'; snapshot: ReviewSnapshot; networkPlugin: NetworkPluginCheck; problems: ClusterProblem[] }
  | { kind: 'push-preview'; preview: PushPreview }
  /** `applied` lists only what kubectl reported applied; `complete` is false when it stopped half-way. */
  | { kind: 'push-apply'; context: string; applied: AppliedPolicy[]; complete: boolean; failure?: string };

export interface ClusterJobStatus {
  jobId: string;
  kind: ClusterJobKind;
  state: ClusterJobState;
  /** What runs now, in words. */
  step: string;
  done: number;
  total: number;
  /** Output lines from `outputFrom` on. */
  output: ClusterOutputLine[];
  /** The `outputFrom` of the next poll. */
  outputNext: number;
  /** Why it failed or stopped (kubectl's words), when it did. */
  error?: string;
  result?: ClusterJobResult;
}
