// Direct evaluation of one ordered pair, rule by rule (reference/netpol-semantics.md §12).
// The connectivity matrix computes the same answers by equivalence classes; this module is
// the plain reading of the rules, used for explanations and to cross-check the matrix.
import type { Direction } from '../common/explanation';
import type { ContainerPortModel } from '../common/model';
import type { AddressRange } from './cidr';
import type { CompiledModel, CompiledPeer, CompiledPolicy, CompiledRule } from './compile';
import { rulePortsFor } from './compile';
import { ConnectionSet } from './connectionSet';

/** A workload of the model, or a range of addresses outside the cluster (an atom or one IP). */
export type Endpoint = { kind: 'workload'; index: number } | { kind: 'address'; range: AddressRange };

export function peerMatches(compiled: CompiledModel, peer: CompiledPeer, endpoint: Endpoint): boolean {
  if (peer.kind === 'ipBlock') {
    if (endpoint.kind === 'address') {
      const { family, first, last } = endpoint.range;
      return peer.ranges.some((range) => range.family === family && range.first <= first && last <= range.last);
    }
    // NP-40: whether an ipBlock matches pod IPs is left open upstream; it is an option.
    if (!compiled.options.ipBlockMatchesPodIPs) return false;
    const addresses = compiled.workloadAddresses[endpoint.index] ?? [];
    return addresses.some((address) =>
      peer.ranges.some((range) => range.family === address.family && range.first <= address.value && address.value <= range.last),
    );
  }
  // Pod and namespace selectors never match addresses outside the cluster (NP-19).
  if (endpoint.kind !== 'workload') return false;
  const workload = compiled.workloads[endpoint.index];
  if (!workload) return false;
  if (peer.namespaceMatcher === null) {
    if (workload.namespace !== peer.policyNamespace) return false;
  } else {
    const namespace = compiled.namespaces.get(workload.namespace);
    if (!namespace || !peer.namespaceMatcher(namespace.labels)) return false;
  }
  return peer.podMatcher(workload.labels);
}

/** The first peer of the rule that matches, `all` for a rule without peers, or undefined. */
export function matchingPeer(compiled: CompiledModel, rule: CompiledRule, endpoint: Endpoint): CompiledPeer | 'all' | undefined {
  if (rule.peers === null) return 'all';
  return rule.peers.find((peer) => peerMatches(compiled, peer, endpoint));
}

/** Policies of the workload's namespace that select it and are in force for the direction (NP-10). */
export function policiesSelecting(compiled: CompiledModel, workloadIndex: number, direction: Direction): CompiledPolicy[] {
  const workload = compiled.workloads[workloadIndex];
  if (!workload) return [];
  return compiled.policies.filter(
    (policy) =>
      policy.namespace === workload.namespace &&
      (direction === 'Ingress' ? policy.affectsIngress : policy.affectsEgress) &&
      policy.selects(workload.labels),
  );
}

export function destinationPorts(compiled: CompiledModel, endpoint: Endpoint): readonly ContainerPortModel[] | null {
  return endpoint.kind === 'workload' ? (compiled.workloads[endpoint.index]?.ports ?? null) : null;
}

export interface RuleMatch {
  policy: CompiledPolicy;
  rule: CompiledRule;
  peer: CompiledPeer | 'all';
  allows: ConnectionSet;
}

export interface SideResult {
  /** false: no policy isolates the subject for this direction (or it is an address). */
  isolated: boolean;
  policies: CompiledPolicy[];
  matches: RuleMatch[];
  allowed: ConnectionSet;
}

/**
 * What the subject's policies of one direction allow toward the peer. For Egress the subject is
 * the source and the peer the destination; for Ingress the subject is the destination.
 */
export function evaluateSide(compiled: CompiledModel, direction: Direction, subject: Endpoint, peer: Endpoint): SideResult {
  if (subject.kind !== 'workload') return { isolated: false, policies: [], matches: [], allowed: ConnectionSet.ALL };
  const policies = policiesSelecting(compiled, subject.index, direction);
  if (policies.length === 0) return { isolated: false, policies, matches: [], allowed: ConnectionSet.ALL };
  const destination = direction === 'Egress' ? peer : subject;
  const ports = destinationPorts(compiled, destination);
  const matches: RuleMatch[] = [];
  let allowed = ConnectionSet.NONE;
  for (const policy of policies) {
    for (const rule of direction === 'Egress' ? policy.egressRules : policy.ingressRules) {
      const matched = matchingPeer(compiled, rule, peer);
      if (matched === undefined) continue;
      const allows = rulePortsFor(rule, ports);
      matches.push({ policy, rule, peer: matched, allows });
      allowed = allowed.union(allows);
    }
  }
  return { isolated: true, policies, matches, allowed };
}

export function isSameWorkload(source: Endpoint, destination: Endpoint): boolean {
  return source.kind === 'workload' && destination.kind === 'workload' && source.index === destination.index;
}

/** The allowed connection set from source to destination: egress ∩ ingress (NP-12); self always (NP-47). */
export function evaluatePair(compiled: CompiledModel, source: Endpoint, destination: Endpoint): ConnectionSet {
  if (isSameWorkload(source, destination)) return ConnectionSet.ALL;
  const egress = evaluateSide(compiled, 'Egress', source, destination).allowed;
  if (egress.isEmpty()) return egress;
  return egress.intersect(evaluateSide(compiled, 'Ingress', destination, source).allowed);
}
