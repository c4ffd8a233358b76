// The plain data every side of NetPol Designer shares: inventory, policies as written,
// diagnostics and the DTOs of evaluation results. Nothing here computes anything.

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Printing order of protocols in every text format (netpol-analyzer's order). */
export const PROTOCOLS_IN_PRINT_ORDER: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Where something was read from. Lines and columns count from 1. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** Index of the YAML document in its file (0-based), when the file is a stream. */
  documentIndex?: number;
  /** Path from the document's root to the object when it is an item of a List: `['items', 3]`. */
  objectPath?: (string | number)[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. `yaml-syntax`, `V-4`, `duplicate-policy`. */
  code: string;
  /** Human sentence; for API-server checks, the server's own words. */
  message: string;
  location?: SourceLocation;
  /** The object it is about, e.g. `NetworkPolicy default/backend`. */
  object?: string;
  /** Field path inside the object, e.g. `spec.ingress[0].from[0].ipBlock.cidr`. */
  fieldPath?: string;
}

export type Labels = Readonly<Record<string, string>>;

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: SelectorOperator | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

export interface IPBlock {
  cidr: string;
  except?: string[] | null;
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector | null;
  namespaceSelector?: LabelSelector | null;
  ipBlock?: IPBlock | null;
}

export interface NetworkPolicyPort {
  protocol?: Protocol | string | null;
  port?: number | string | null;
  endPort?: number | null;
}

export interface NetworkPolicyIngressRule {
  from?: NetworkPolicyPeer[] | null;
  ports?: NetworkPolicyPort[] | null;
}

export interface NetworkPolicyEgressRule {
  to?: NetworkPolicyPeer[] | null;
  ports?: NetworkPolicyPort[] | null;
}

export type PolicyType = 'Ingress' | 'Egress';

export interface NetworkPolicySpec {
  podSelector?: LabelSelector | null;
  policyTypes?: (PolicyType | string)[] | null;
  ingress?: NetworkPolicyIngressRule[] | null;
  egress?: NetworkPolicyEgressRule[] | null;
}

/** Line and column of a field inside its document, keyed by field path (`spec.ingress[0].from[1]`). */
export type FieldPositions = Readonly<Record<string, { line: number; column: number }>>;

export interface NamespaceModel {
  name: string;
  /** Labels as declared, plus `kubernetes.io/metadata.name` (always present here). */
  labels: Labels;
  source?: SourceLocation;
}

export interface ContainerPortModel {
  name?: string;
  containerPort: number;
  protocol: Protocol;
}

export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
] as const;

/** A controller kind above, or the literal kind of a pod's controller owner. */
export type WorkloadKind = string;

export interface WorkloadModel {
  namespace: string;
  name: string;
  kind: WorkloadKind;
  /** Pod-template labels (for grouped pods: those of the first pod). */
  labels: Labels;
  /**
   * When pods of one owner carry different labels: every distinct label set. A selector that
   * answers differently across them makes the input invalid (the workload is not one unit).
   */
  labelVariants?: Labels[];
  ports: ContainerPortModel[];
  /** Pod IPs known for this workload (from pod status); used when ipBlocks match pod IPs. */
  podIPs: string[];
  source?: SourceLocation;
}

export interface PolicyModel {
  namespace: string;
  name: string;
  /** The spec as written (no defaults applied). */
  spec: NetworkPolicySpec;
  source?: SourceLocation;
  fieldPositions?: FieldPositions;
}

/** A named block of external addresses drawn on the canvas ("Internet", "Corporate VPN"). */
export interface ExternalBlockModel {
  name: string;
  cidr: string;
}

export interface ClusterModel {
  namespaces: NamespaceModel[];
  workloads: WorkloadModel[];
  policies: PolicyModel[];
  externalBlocks?: ExternalBlockModel[];
}

/** Options for behaviour that upstream leaves undefined (reference/netpol-semantics.md). */
export interface EngineOptions {
  /** NP-40: an ipBlock peer matches a pod whose IP lies inside it. Upstream e2e expects true. */
  ipBlockMatchesPodIPs: boolean;
  /** NP-33: the network plugin enforces `endPort`; when false only `port` is enforced. */
  endPortSupported: boolean;
}

export const DEFAULT_ENGINE_OPTIONS: Readonly<EngineOptions> = {
  ipBlockMatchesPodIPs: true,
  endPortSupported: true,
};

export interface PortRange {
  start: number;
  end: number;
}

/** An allowed connection set as plain data: per protocol, ascending disjoint maximal ranges. */
export type ConnectionSetData = Partial<Record<Protocol, PortRange[]>>;

export type EndpointKind = 'workload' | 'external';

/** One row/column of the connectivity list: a workload or an atom of the IP address space. */
export interface EndpointData {
  kind: EndpointKind;
  /** `ns/name[Kind]` or `first-last[External]`, as netpol-analyzer prints it. */
  id: string;
  namespace?: string;
  name?: string;
  workloadKind?: string;
  /** For external atoms: first and last address. */
  firstIP?: string;
  lastIP?: string;
}

export interface ConnectionRow {
  source: string;
  destination: string;
  /** netpol-analyzer text: `All Connections`, or `TCP 80,UDP 53`. */
  connection: string;
  set: ConnectionSetData;
}

export type DiffType = 'changed' | 'added' | 'removed';

export interface DiffRow {
  type: DiffType;
  source: string;
  destination: string;
  ref1: string;
  ref2: string;
  /** `workload ns/x[Kind] added` and the like, for endpoints present on one side only. */
  workloadsDiffInfo?: string;
}

/** Where the canvas shows things; never changes semantics (DESIGN.md "The model"). */
export interface DesignView {
  /**
   * Node positions keyed by a stable id: `ns/name[Kind]` for a workload, `namespace:<name>`
   * for a namespace, `external:<name>` for an external block.
   */
  positions: Record<string, { x: number; y: number }>;
  /** Names of the namespaces shown collapsed. */
  collapsedNamespaces?: string[];
}

/** A sketch made without a cluster: inventory, external blocks, policies and view state. */
export interface Design {
  model: ClusterModel;
  view: DesignView;
}
