// What the renderer receives to draw and explain a set of manifests: plain data computed by the
// backend from the engine. The canvas is a projection of this; it never computes connectivity.
import type { Explanation } from './explanation';
import type { ConnectionSetData, ContainerPortModel, Diagnostic, Labels } from './model';

export interface ReviewNamespace {
  name: string;
  labels: Labels;
  /** A policy in this namespace selects every pod for the direction with no rule: default deny. */
  defaultDeny: { ingress: boolean; egress: boolean };
}

export interface ReviewWorkload {
  /** `ns/name[Kind]`, the id used by every text format and by the canvas. */
  id: string;
  namespace: string;
  name: string;
  kind: string;
  labels: Labels;
  ports: ContainerPortModel[];
  /** Isolated for a direction: some policy selects it for that direction. */
  isolation: { ingress: boolean; egress: boolean };
  /** `ns/name` of the policies that select it, per direction. */
  policies: { ingress: string[]; egress: string[] };
}

export interface ReviewExternal {
  /** `first-last[External]`. */
  id: string;
  firstIP: string;
  lastIP: string;
  /** Whether the range appears as a source (cut by ingress ipBlocks), a destination, or both. */
  roles: ('source' | 'destination')[];
}

export interface ReviewConnection {
  source: string;
  destination: string;
  /** netpol-analyzer text: `All Connections` or `TCP 80,UDP 53`. */
  connection: string;
  set: ConnectionSetData;
}

export interface ReviewPolicy {
  /** `ns/name`. */
  key: string;
  namespace: string;
  name: string;
  file?: string;
  /** First and last line (1-based) of the policy's document in its file. */
  lines?: { first: number; last: number };
  /** Left out of evaluation because the API server would reject it. */
  rejected: boolean;
}

export interface ReviewFile {
  path: string;
  text: string;
}

export interface ReviewSnapshot {
  /** Identifies the loaded input in the backend, for follow-up requests such as explain. */
  sessionId: string;
  /** What was opened: a folder or file name, or the sample's title. */
  title: string;
  namespaces: ReviewNamespace[];
  workloads: ReviewWorkload[];
  externals: ReviewExternal[];
  connections: ReviewConnection[];
  policies: ReviewPolicy[];
  files: ReviewFile[];
  diagnostics: Diagnostic[];
}

export interface OpenTextsRequest {
  files: ReviewFile[];
  title?: string;
}

export interface OpenPathsRequest {
  paths: string[];
}

export interface ExplainRequest {
  sessionId: string;
  /** A workload id (`ns/name[Kind]`, `ns/name`) or an IP address / external range id. */
  source: string;
  destination: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  port?: number;
}

export interface ExplainResponse {
  explanation: Explanation;
  /** The same explanation in plain sentences (the command line's words). */
  text: string;
}

export interface ExportRequest {
  sessionId: string;
  /** One file per policy (`<namespace>/<name>.yaml`) instead of one multi-document file. */
  split?: boolean;
}

export interface ExportResponse {
  files: ReviewFile[];
  /** Policies left out because the API server would reject them. */
  leftOut: string[];
}
