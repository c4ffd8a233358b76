// Compiles a ClusterModel into matchers: defaults applied (NP-1, NP-5, NP-6), selectors compiled
// once, ipBlocks parsed into address ranges, and the external address space cut into atoms.
// Pure: readonly inputs, no I/O. Invalid fields never throw here; they simply match nothing
// (validation reports them and keeps invalid policies out before this runs).
import type { Direction } from '../common/explanation';
import type {
  ClusterModel,
  ContainerPortModel,
  EngineOptions,
  NamespaceModel,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  PolicyModel,
  Protocol,
  WorkloadModel,
} from '../common/model';
import { DEFAULT_ENGINE_OPTIONS, MAX_PORT, MIN_PORT } from '../common/model';
import type { AddressRange, IPFamily } from './cidr';
import { familyMax, parseCidr, parseIP, subtractRanges } from './cidr';
import { ConnectionSet } from './connectionSet';
import type { LabelMatcher } from './labelSelector';
import { compileLabelSelector } from './labelSelector';

export const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface CompiledPortEntry {
  protocol: Protocol;
  /** `all`: every port of the protocol; `range`: start..end; `named`: resolved on the destination. */
  kind: 'all' | 'range' | 'named';
  start: number;
  end: number;
  name?: string;
}

export type CompiledPeer =
  | {
      kind: 'selector';
      /** null: the policy's own namespace (NP-17). */
      namespaceMatcher: LabelMatcher | null;
      podMatcher: LabelMatcher;
      policyNamespace: string;
      peerNumber: number;
    }
  | { kind: 'ipBlock'; ranges: AddressRange[]; peerNumber: number; cidr: string };

/** What a rule means, independent of where it sits; cached per policy object (see compilePolicyParts). */
export interface RuleParts {
  /** null: the rule has no peers and matches every source or destination (NP-14). */
  peers: CompiledPeer[] | null;
  /** null: the rule has no ports and admits everything (NP-14). */
  ports: CompiledPortEntry[] | null;
  /** The admitted set when it does not depend on the destination (no named port). */
  staticPorts: ConnectionSet | null;
}

export interface CompiledRule extends RuleParts {
  /** Index in CompiledModel.rules. */
  id: number;
  policyIndex: number;
  direction: Direction;
  /** Position in the policy's list for this direction, from 1. */
  ruleNumber: number;
  /** The cached meaning, shared by every compilation of the same policy object. */
  parts: RuleParts;
}

interface PolicyParts {
  selects: LabelMatcher;
  affectsIngress: boolean;
  affectsEgress: boolean;
  ingress: RuleParts[];
  egress: RuleParts[];
}

export interface CompiledPolicy {
  index: number;
  /** `namespace/name`. */
  key: string;
  model: PolicyModel;
  namespace: string;
  selects: LabelMatcher;
  affectsIngress: boolean;
  affectsEgress: boolean;
  ingressRules: CompiledRule[];
  egressRules: CompiledRule[];
  /** The cached meaning, shared by every compilation of the same policy object. */
  parts: object;
}

export interface CompiledModel {
  options: EngineOptions;
  namespaces: ReadonlyMap<string, NamespaceModel>;
  workloads: readonly WorkloadModel[];
  /** Parsed pod IPs per workload (same index as workloads). */
  workloadAddresses: readonly { family: IPFamily; value: bigint }[][];
  policies: CompiledPolicy[];
  rules: CompiledRule[];
  /** Atoms of the address space that may send to workloads (cut by ingress ipBlocks). */
  sourceAtoms: AddressRange[];
  /** Atoms of the address space that workloads may send to (cut by egress ipBlocks). */
  destinationAtoms: AddressRange[];
  /**
   * Identity of the inventory and options: the same object as the previous compilation's when
   * they are unchanged, so results derived from them can be reused. (Atom lists likewise keep
   * their identity when unchanged.)
   */
  inventoryStamp: object;
}

interface InventoryStamp {
  workloads: readonly WorkloadModel[];
  namespaces: readonly NamespaceModel[];
  externalBlocks: unknown;
  options: string;
}

function sameAtoms(a: readonly AddressRange[], b: readonly AddressRange[]): boolean {
  return a.length === b.length && a.every((atom, i) => atom.family === b[i]?.family && atom.first === b[i]?.first && atom.last === b[i]?.last);
}

/** NP-1: absent or empty policyTypes means Ingress, plus Egress when egress rules exist. */
export function effectivePolicyTypes(policy: PolicyModel): { ingress: boolean; egress: boolean } {
  const declared = Array.isArray(policy.spec.policyTypes) ? policy.spec.policyTypes : [];
  if (declared.length === 0) {
    return { ingress: true, egress: Array.isArray(policy.spec.egress) && policy.spec.egress.length > 0 };
  }
  return { ingress: declared.includes('Ingress'), egress: declared.includes('Egress') };
}

function compilePorts(ports: readonly NetworkPolicyPort[] | null | undefined, options: EngineOptions): CompiledPortEntry[] | null {
  if (!Array.isArray(ports) || ports.length === 0) return null;
  const entries: CompiledPortEntry[] = [];
  for (const port of ports) {
    const protocol = (port?.protocol ?? 'TCP') as Protocol;
    if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') continue;
    const value = port?.port;
    if (value === undefined || value === null) {
      entries.push({ protocol, kind: 'all', start: MIN_PORT, end: MAX_PORT });
    } else if (typeof value === 'string') {
      entries.push({ protocol, kind: 'named', start: 0, end: -1, name: value });
    } else if (typeof value === 'number') {
      const hasEnd = typeof port.endPort === 'number' && options.endPortSupported;
      entries.push({ protocol, kind: 'range', start: value, end: hasEnd ? (port.endPort as number) : value });
    }
  }
  return entries;
}

function staticPortSet(entries: CompiledPortEntry[] | null): ConnectionSet | null {
  if (entries === null) return ConnectionSet.ALL;
  let set = ConnectionSet.NONE;
  for (const entry of entries) {
    if (entry.kind === 'named') return null;
    set = set.union(ConnectionSet.of(entry.protocol, entry.start, entry.end));
  }
  return set;
}

/** The ports a rule admits toward one destination (named ports resolved on it, NP-34/NP-36). */
export function rulePortsFor(rule: CompiledRule, destinationPorts: readonly ContainerPortModel[] | null): ConnectionSet {
  if (rule.staticPorts) return rule.staticPorts;
  let set = ConnectionSet.NONE;
  for (const entry of rule.ports ?? []) {
    if (entry.kind !== 'named') {
      set = set.union(ConnectionSet.of(entry.protocol, entry.start, entry.end));
      continue;
    }
    // A named port never matches an address outside the cluster (NP-35).
    for (const declared of destinationPorts ?? []) {
      if (declared.name === entry.name && declared.protocol === entry.protocol) {
        set = set.union(ConnectionSet.of(entry.protocol, declared.containerPort, declared.containerPort));
      }
    }
  }
  return set;
}

function compilePeer(peer: NetworkPolicyPeer, policyNamespace: string, peerNumber: number): CompiledPeer {
  if (peer?.ipBlock) {
    const whole = parseCidr(peer.ipBlock.cidr);
    if (!whole) return { kind: 'ipBlock', ranges: [], peerNumber, cidr: String(peer.ipBlock.cidr) };
    const holes = (peer.ipBlock.except ?? []).map((text) => parseCidr(text)).filter((range) => range !== undefined);
    return { kind: 'ipBlock', ranges: subtractRanges(whole, holes), peerNumber, cidr: whole.canonical };
  }
  return {
    kind: 'selector',
    namespaceMatcher: peer?.namespaceSelector ? compileLabelSelector(peer.namespaceSelector) : null,
    podMatcher: compileLabelSelector(peer?.podSelector),
    policyNamespace,
    peerNumber,
  };
}

// Policy objects are treated as immutable: an edit replaces the object. Caching their compiled
// meaning by identity makes re-evaluation after one edit recompile only that policy.
const partsCache = new WeakMap<PolicyModel, { optionsKey: string; parts: PolicyParts }>();

function compilePolicyParts(model: PolicyModel, options: EngineOptions): PolicyParts {
  const optionsKey = `${options.endPortSupported}`;
  const cached = partsCache.get(model);
  if (cached && cached.optionsKey === optionsKey) return cached.parts;
  const types = effectivePolicyTypes(model);
  const compileRule = (peerList: NetworkPolicyPeer[] | null | undefined, portList: NetworkPolicyPort[] | null | undefined): RuleParts => {
    const ports = compilePorts(portList, options);
    return {
      peers: Array.isArray(peerList) && peerList.length > 0 ? peerList.map((peer, i) => compilePeer(peer, model.namespace, i + 1)) : null,
      ports,
      staticPorts: staticPortSet(ports),
    };
  };
  const ingress = types.ingress && Array.isArray(model.spec.ingress) ? model.spec.ingress : [];
  const egress = types.egress && Array.isArray(model.spec.egress) ? model.spec.egress : [];
  const parts: PolicyParts = {
    selects: compileLabelSelector(model.spec.podSelector),
    affectsIngress: types.ingress,
    affectsEgress: types.egress,
    ingress: ingress.map((rule) => compileRule(rule?.from, rule?.ports)),
    egress: egress.map((rule) => compileRule(rule?.to, rule?.ports)),
  };
  partsCache.set(model, { optionsKey, parts });
  return parts;
}

function compilePolicy(model: PolicyModel, index: number, rules: CompiledRule[], options: EngineOptions): CompiledPolicy {
  const parts = compilePolicyParts(model, options);
  const place = (direction: Direction, list: RuleParts[]) =>
    list.map((ruleParts, position) => {
      const rule: CompiledRule = { ...ruleParts, id: rules.length, policyIndex: index, direction, ruleNumber: position + 1, parts: ruleParts };
      rules.push(rule);
      return rule;
    });
  return {
    index,
    key: `${model.namespace}/${model.name}`,
    model,
    namespace: model.namespace,
    selects: parts.selects,
    affectsIngress: parts.affectsIngress,
    affectsEgress: parts.affectsEgress,
    ingressRules: place('Ingress', parts.ingress),
    egressRules: place('Egress', parts.egress),
    parts,
  };
}

/** Cuts each family's whole space at every start and end+1 of the given ranges. */
export function cutIntoAtoms(blocks: readonly AddressRange[], families: readonly IPFamily[]): AddressRange[] {
  const atoms: AddressRange[] = [];
  for (const family of families) {
    const max = familyMax(family);
    const cuts = new Set<bigint>([0n]);
    for (const block of blocks) {
      if (block.family !== family) continue;
      cuts.add(block.first);
      if (block.last < max) cuts.add(block.last + 1n);
    }
    const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    starts.forEach((start, i) => {
      const next = starts[i + 1];
      atoms.push({ family, first: start, last: next === undefined ? max : next - 1n });
    });
  }
  return atoms;
}

function withMetadataName(namespace: NamespaceModel): NamespaceModel {
  if (namespace.labels[METADATA_NAME_LABEL] === namespace.name) return namespace;
  return { ...namespace, labels: { ...namespace.labels, [METADATA_NAME_LABEL]: namespace.name } };
}

/**
 * Compiles the model. With `previous` (the compilation of an earlier version of the same model),
 * unchanged inventory keeps its identity so that connectivity can be updated instead of redone.
 */
export function compileModel(model: ClusterModel, options: Partial<EngineOptions> = {}, previous?: CompiledModel): CompiledModel {
  const fullOptions: EngineOptions = { ...DEFAULT_ENGINE_OPTIONS, ...options };
  const namespaces = new Map<string, NamespaceModel>();
  for (const namespace of model.namespaces) namespaces.set(namespace.name, withMetadataName(namespace));
  const implied = (name: string) => {
    if (!namespaces.has(name)) namespaces.set(name, { name, labels: { [METADATA_NAME_LABEL]: name } });
  };
  for (const workload of model.workloads) implied(workload.namespace);
  for (const policy of model.policies) implied(policy.namespace);

  const rules: CompiledRule[] = [];
  const policies = model.policies.map((policy, index) => compilePolicy(policy, index, rules, fullOptions));

  const sourceBlocks: AddressRange[] = [];
  const destinationBlocks: AddressRange[] = [];
  for (const rule of rules) {
    for (const peer of rule.peers ?? []) {
      if (peer.kind === 'ipBlock') (rule.direction === 'Ingress' ? sourceBlocks : destinationBlocks).push(...peer.ranges);
    }
  }
  for (const block of model.externalBlocks ?? []) {
    const parsed = parseCidr(block.cidr);
    if (parsed) {
      sourceBlocks.push(parsed);
      destinationBlocks.push(parsed);
    }
  }
  // IPv6 atoms appear only when some block names IPv6, so IPv4-only inputs print as upstream does.
  const families: IPFamily[] = [...sourceBlocks, ...destinationBlocks].some((block) => block.family === 6) ? [4, 6] : [4];

  let sourceAtoms = cutIntoAtoms(sourceBlocks, families);
  let destinationAtoms = cutIntoAtoms(destinationBlocks, families);
  const previousStamp = previous?.inventoryStamp as InventoryStamp | undefined;
  const optionsKey = JSON.stringify(fullOptions);
  const sameInventory =
    previousStamp !== undefined &&
    previousStamp.workloads === model.workloads &&
    previousStamp.namespaces === model.namespaces &&
    previousStamp.externalBlocks === model.externalBlocks &&
    previousStamp.options === optionsKey;
  const inventoryStamp: InventoryStamp = sameInventory
    ? previousStamp
    : { workloads: model.workloads, namespaces: model.namespaces, externalBlocks: model.externalBlocks, options: optionsKey };
  const workloadAddresses: CompiledModel['workloadAddresses'] =
    sameInventory && previous
      ? previous.workloadAddresses
      : model.workloads.map((workload) => (workload.podIPs ?? []).map((ip) => parseIP(ip)).filter((address) => address !== undefined));
  // Unchanged atom lists keep their identity too: matches against them stay valid.
  if (previous && sameAtoms(previous.sourceAtoms, sourceAtoms)) sourceAtoms = previous.sourceAtoms;
  if (previous && sameAtoms(previous.destinationAtoms, destinationAtoms)) destinationAtoms = previous.destinationAtoms;
  return {
    options: fullOptions,
    namespaces,
    workloads: model.workloads,
    workloadAddresses,
    policies,
    rules,
    sourceAtoms,
    destinationAtoms,
    inventoryStamp,
  };
}
