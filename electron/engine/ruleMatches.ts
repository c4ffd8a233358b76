// Which endpoints each rule's peers match, which workloads each policy selects, and the ports a
// rule admits toward a destination: the facts the connectivity matrix is filled from.
// Matches are cached per policy object and inventory, so after one edit only the edited
// policy's rules are matched again.
import type { ContainerPortModel, Labels, WorkloadModel } from '../common/model';
import type { AddressRange } from './cidr';
import type { CompiledModel, CompiledPeer, CompiledRule, RuleParts } from './compile';
import { rulePortsFor } from './compile';
import type { ConnectionSetTable } from './connectionSet';
import { peerMatches } from './evaluate';

export interface RulePortResolver {
  /** Id of the set rule `ruleId` admits toward destination position `destination`. */
  idFor(ruleId: number, destination: number): number;
  /** Per source: ALL when not egress-isolated, else what its peer-less, name-free egress rules admit. */
  egressBase: Int32Array;
  /** Per destination: ALL when not ingress-isolated, else what its peer-less, name-free ingress rules admit. */
  ingressBase: Int32Array;
}

export interface RuleMatches {
  workloadCount: number;
  sourceCount: number;
  destinationCount: number;
  /** Per policy index: the workloads it selects. */
  policySubjects: readonly (readonly number[])[];
  /** Per workload: ids of the ingress rules applying to it; undefined when not ingress-isolated. */
  ingressRulesOf: readonly (number[] | undefined)[];
  /** Per workload: ids of the egress rules applying to it; undefined when not egress-isolated. */
  egressRulesOf: readonly (number[] | undefined)[];
  /** Per ingress rule id: source positions its peers match; null when it has no peers (all). */
  ingressPeers: readonly (Int32Array | null | undefined)[];
  /** Per egress rule id: the sources (workloads) it applies to. */
  egressSubjects: readonly (Int32Array | undefined)[];
  /** Per ingress rule id: the destinations (workloads) it applies to. */
  ingressSubjects: readonly (Int32Array | undefined)[];
  /** Per egress rule id: destination positions its peers match; null when it has no peers (all). */
  egressPeers: readonly (Int32Array | null | undefined)[];
  /** Per source position: ids of ingress rules with peers that match it. */
  ingressRulesMatching: readonly (number[] | undefined)[];
  /** Ingress rules with no peers whose ports depend on the destination (named ports). */
  allPeersNamedIngress: readonly number[];
  /** Per destination position: ids of egress rules with peers that match it. */
  egressRulesMatching: readonly (number[] | undefined)[];
  /** Egress rules with no peers whose ports depend on the destination (named ports). */
  allPeersNamedEgress: readonly number[];
  /** A key equal for destinations whose ingress column is the same. */
  ingressKey(destination: number): string;
  portResolver(sets: ConnectionSetTable): RulePortResolver;
}

const peerCache = new WeakMap<RuleParts, { stamp: object; atoms: readonly AddressRange[] | null; positions: Int32Array }>();
const subjectCache = new WeakMap<object, { stamp: object; subjects: number[] }>();

function workloadsByNamespace(workloads: readonly WorkloadModel[]): Map<string, number[]> {
  const byNamespace = new Map<string, number[]>();
  workloads.forEach((workload, index) => {
    let list = byNamespace.get(workload.namespace);
    if (!list) byNamespace.set(workload.namespace, (list = []));
    list.push(index);
  });
  return byNamespace;
}

/** Positions (workloads, then atoms) that any of the peers match, ascending. */
function matchPeers(compiled: CompiledModel, peers: CompiledPeer[], atoms: readonly AddressRange[], byNamespace: Map<string, number[]>): Int32Array {
  const workloadCount = compiled.workloads.length;
  const matched = new Set<number>();
  for (const peer of peers) {
    if (peer.kind === 'ipBlock') {
      atoms.forEach((range, i) => {
        if (peerMatches(compiled, peer, { kind: 'address', range })) matched.add(workloadCount + i);
      });
      if (compiled.options.ipBlockMatchesPodIPs) {
        compiled.workloadAddresses.forEach((addresses, index) => {
          if (addresses.length > 0 && peerMatches(compiled, peer, { kind: 'workload', index })) matched.add(index);
        });
      }
      continue;
    }
    // Selectors: only the namespaces the peer can reach need a look (NP-17, NP-18).
    const namespaceNames = peer.namespaceMatcher === null ? [peer.policyNamespace] : [...byNamespace.keys()];
    for (const namespaceName of namespaceNames) {
      const members = byNamespace.get(namespaceName);
      if (!members) continue;
      if (peer.namespaceMatcher !== null) {
        const namespace = compiled.namespaces.get(namespaceName);
        if (!namespace || !peer.namespaceMatcher(namespace.labels)) continue;
      }
      for (const index of members) {
        if (!matched.has(index) && peer.podMatcher((compiled.workloads[index] as WorkloadModel).labels)) matched.add(index);
      }
    }
  }
  return Int32Array.from([...matched].sort((a, b) => a - b));
}

function portsKey(ports: readonly ContainerPortModel[]): string {
  return ports.map((port) => `${port.name ?? ''}:${port.containerPort}/${port.protocol}`).join(';');
}

export function prepareRuleMatches(compiled: CompiledModel): RuleMatches {
  const workloadCount = compiled.workloads.length;
  const sourceCount = workloadCount + compiled.sourceAtoms.length;
  const destinationCount = workloadCount + compiled.destinationAtoms.length;
  const stamp = compiled.inventoryStamp;
  const byNamespace = workloadsByNamespace(compiled.workloads);
  const rules = compiled.rules;

  const policySubjects = compiled.policies.map((policy) => {
    const cached = subjectCache.get(policy.parts);
    if (cached && cached.stamp === stamp) return cached.subjects;
    const subjects = (byNamespace.get(policy.namespace) ?? []).filter((index) => policy.selects((compiled.workloads[index] as { labels: Labels }).labels));
    subjectCache.set(policy.parts, { stamp, subjects });
    return subjects;
  });

  const ingressRulesOf: (number[] | undefined)[] = new Array(workloadCount).fill(undefined);
  const egressRulesOf: (number[] | undefined)[] = new Array(workloadCount).fill(undefined);
  const egressSubjects: (Int32Array | undefined)[] = new Array(rules.length).fill(undefined);
  const ingressSubjects: (Int32Array | undefined)[] = new Array(rules.length).fill(undefined);
  for (const policy of compiled.policies) {
    const subjects = policySubjects[policy.index] as number[];
    if (policy.affectsIngress) {
      for (const w of subjects) (ingressRulesOf[w] ??= []).push(...policy.ingressRules.map((rule) => rule.id));
      const subjectArray = Int32Array.from(subjects);
      for (const rule of policy.ingressRules) ingressSubjects[rule.id] = subjectArray;
    }
    if (policy.affectsEgress) {
      for (const w of subjects) (egressRulesOf[w] ??= []).push(...policy.egressRules.map((rule) => rule.id));
      const subjectArray = Int32Array.from(subjects);
      for (const rule of policy.egressRules) egressSubjects[rule.id] = subjectArray;
    }
  }

  const peersOf = (rule: CompiledRule): Int32Array | null => {
    if (rule.peers === null) return null;
    const atoms = rule.direction === 'Ingress' ? compiled.sourceAtoms : compiled.destinationAtoms;
    // Selector peers never match atoms, so only rules with an ipBlock depend on the atom list.
    const atomKey = rule.peers.some((peer) => peer.kind === 'ipBlock') ? atoms : null;
    const cached = peerCache.get(rule.parts);
    if (cached && cached.stamp === stamp && cached.atoms === atomKey) return cached.positions;
    const positions = matchPeers(compiled, rule.peers, atoms, byNamespace);
    peerCache.set(rule.parts, { stamp, atoms: atomKey, positions });
    return positions;
  };
  const ingressPeers: (Int32Array | null | undefined)[] = new Array(rules.length).fill(undefined);
  const egressPeers: (Int32Array | null | undefined)[] = new Array(rules.length).fill(undefined);
  const egressRulesMatching: (number[] | undefined)[] = new Array(destinationCount).fill(undefined);
  const ingressRulesMatching: (number[] | undefined)[] = new Array(sourceCount).fill(undefined);
  const allPeersNamedEgress: number[] = [];
  const allPeersNamedIngress: number[] = [];
  for (const rule of rules) {
    const positions = peersOf(rule);
    if (rule.direction === 'Ingress') {
      ingressPeers[rule.id] = positions;
      if (positions === null) {
        if (rule.staticPorts === null) allPeersNamedIngress.push(rule.id);
        continue;
      }
      for (const s of positions) (ingressRulesMatching[s] ??= []).push(rule.id);
      continue;
    }
    egressPeers[rule.id] = positions;
    if (positions === null) {
      if (rule.staticPorts === null) allPeersNamedEgress.push(rule.id);
      continue;
    }
    for (const d of positions) (egressRulesMatching[d] ??= []).push(rule.id);
  }

  const workloadPortsKeys: (string | undefined)[] = new Array(workloadCount).fill(undefined);
  const destinationPortsKey = (d: number): string => {
    if (d >= workloadCount) return '';
    return (workloadPortsKeys[d] ??= portsKey((compiled.workloads[d] as WorkloadModel).ports));
  };
  return {
    workloadCount,
    sourceCount,
    destinationCount,
    policySubjects,
    ingressRulesOf,
    egressRulesOf,
    ingressPeers,
    egressPeers,
    egressSubjects,
    ingressSubjects,
    egressRulesMatching,
    ingressRulesMatching,
    allPeersNamedEgress,
    allPeersNamedIngress,
    ingressKey(d) {
      const applying = ingressRulesOf[d];
      if (applying === undefined) return 'open';
      const named = applying.some((id) => (rules[id] as CompiledRule).staticPorts === null);
      return named ? `${applying.join(',')}#${destinationPortsKey(d)}` : applying.join(',');
    },
    portResolver(sets) {
      const staticIds = rules.map((rule) => (rule.staticPorts === null ? -1 : sets.idOf(rule.staticPorts)));
      const namedIds = new Map<string, number>();
      const idFor = (ruleId: number, d: number): number => {
        const staticId = staticIds[ruleId] as number;
        if (staticId >= 0) return staticId;
        const key = `${ruleId}|${destinationPortsKey(d)}`;
        let id = namedIds.get(key);
        if (id === undefined) {
          const ports = d < workloadCount ? (compiled.workloads[d] as WorkloadModel).ports : null;
          namedIds.set(key, (id = sets.idOf(rulePortsFor(rules[ruleId] as CompiledRule, ports))));
        }
        return id;
      };
      // Per endpoint: ALL when no rule applies (not isolated); else what its peer-less,
      // name-free rules admit, which does not depend on the other end.
      const baseOf = (rulesOf: readonly (number[] | undefined)[], count: number): Int32Array => {
        const base = new Int32Array(count).fill(1);
        for (let position = 0; position < workloadCount; position++) {
          const applying = rulesOf[position];
          if (applying === undefined) continue;
          let allowed = 0;
          for (const id of applying) {
            const rule = rules[id] as CompiledRule;
            if (rule.peers === null && rule.staticPorts !== null) allowed = sets.union(allowed, staticIds[id] as number);
          }
          base[position] = allowed;
        }
        return base;
      };
      const egressBase = baseOf(egressRulesOf, sourceCount);
      const ingressBase = baseOf(ingressRulesOf, destinationCount);
      return { idFor, egressBase, ingressBase };
    },
  };
}
