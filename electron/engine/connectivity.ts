// The full connectivity matrix, computed by equivalence classes instead of pair by pair.
//
// What a source S may send to a destination D is E(S, D) ∩ I(S, D) (NP-12), where
//   I depends only on (the ingress rules whose peers match S) and (the ingress rules that apply
//     to D, plus D's named ports when those rules use names), and
//   E depends only on (the egress rules that apply to S) and (the egress rules whose peers
//     match D, plus D's named ports when those rules use names).
// Endpoints with equal keys behave identically, so the matrix is computed once per pair of
// classes; a pair's answer is a lookup. evaluate.ts reads the same rules pair by pair, and the
// tests check that both agree.
import type { ConnectionRow, EndpointData } from '../common/model';
import type { AddressRange } from './cidr';
import { formatIP } from './cidr';
import type { CompiledModel, CompiledRule } from './compile';
import { rulePortsFor } from './compile';
import type { ConnectionSet } from './connectionSet';
import { ConnectionSetTable } from './connectionSet';
import type { Endpoint } from './evaluate';
import { peerMatches } from './evaluate';

export function workloadId(workload: { namespace: string; name: string; kind: string }): string {
  return `${workload.namespace}/${workload.name}[${workload.kind}]`;
}

export function atomId(range: AddressRange): string {
  return `${formatIP(range.family, range.first)}-${formatIP(range.family, range.last)}[External]`;
}

/** Interns arrays of small integers (and an optional suffix) to dense ids. */
class KeyInterner {
  private readonly ids = new Map<string, number>();
  readonly representatives: number[] = [];
  intern(key: string, representative: number): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.representatives.length;
      this.ids.set(key, id);
      this.representatives.push(representative);
    }
    return id;
  }
  get size(): number {
    return this.representatives.length;
  }
}

export interface ConnectivityMatrix {
  compiled: CompiledModel;
  /** Workloads first (model order), then source atoms. */
  sources: EndpointData[];
  /** Workloads first (model order), then destination atoms. */
  destinations: EndpointData[];
  sets: ConnectionSetTable;
  /** Id (in `sets`) of the connection set from sources[s] to destinations[d]. */
  connectionId(source: number, destination: number): number;
  connection(source: number, destination: number): ConnectionSet;
  /** Allowed pairs, as netpol-analyzer lists them: no self pairs, no address to address. */
  rows(): ConnectionRow[];
  stats: { sourceClasses: number; destinationClasses: number; connectionSets: number };
}

function endpointOf(compiled: CompiledModel, position: number, atoms: AddressRange[]): Endpoint {
  const workloads = compiled.workloads.length;
  return position < workloads ? { kind: 'workload', index: position } : { kind: 'address', range: atoms[position - workloads] as AddressRange };
}

/** For every rule of the direction, the endpoints (positions) its peers match; rules without peers are omitted. */
function peerMatchesByEndpoint(compiled: CompiledModel, rules: CompiledRule[], atoms: AddressRange[]): number[][] {
  const workloadCount = compiled.workloads.length;
  const matches: number[][] = Array.from({ length: workloadCount + atoms.length }, () => []);
  const byNamespace = new Map<string, number[]>();
  compiled.workloads.forEach((workload, index) => {
    let list = byNamespace.get(workload.namespace);
    if (!list) byNamespace.set(workload.namespace, (list = []));
    list.push(index);
  });
  for (const rule of rules) {
    if (rule.peers === null) continue;
    const matched = new Set<number>();
    for (const peer of rule.peers) {
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
      // Selectors: only workloads of the namespaces the peer can reach need a look.
      for (const [namespaceName, members] of byNamespace) {
        if (peer.namespaceMatcher === null) {
          if (namespaceName !== peer.policyNamespace) continue;
        } else {
          const namespace = compiled.namespaces.get(namespaceName);
          if (!namespace || !peer.namespaceMatcher(namespace.labels)) continue;
        }
        for (const index of members) {
          if (!matched.has(index) && peer.podMatcher((compiled.workloads[index] as { labels: Record<string, string> }).labels)) matched.add(index);
        }
      }
    }
    for (const position of matched) (matches[position] as number[]).push(rule.id);
  }
  return matches;
}

/** For every workload, the rules of the direction that apply to it as subject; undefined when not isolated. */
function subjectRules(compiled: CompiledModel, direction: 'Ingress' | 'Egress'): (number[] | undefined)[] {
  const result: (number[] | undefined)[] = new Array(compiled.workloads.length).fill(undefined);
  const byNamespace = new Map<string, number[]>();
  compiled.workloads.forEach((workload, index) => {
    let list = byNamespace.get(workload.namespace);
    if (!list) byNamespace.set(workload.namespace, (list = []));
    list.push(index);
  });
  for (const policy of compiled.policies) {
    if (direction === 'Ingress' ? !policy.affectsIngress : !policy.affectsEgress) continue;
    const rules = direction === 'Ingress' ? policy.ingressRules : policy.egressRules;
    for (const index of byNamespace.get(policy.namespace) ?? []) {
      if (!policy.selects((compiled.workloads[index] as { labels: Record<string, string> }).labels)) continue;
      const list = (result[index] ??= []);
      for (const rule of rules) list.push(rule.id);
    }
  }
  return result;
}

function portsKey(compiled: CompiledModel, position: number): string {
  const workload = compiled.workloads[position];
  if (!workload) return '';
  return workload.ports.map((port) => `${port.name ?? ''}:${port.containerPort}/${port.protocol}`).join(';');
}

function usesNamedPorts(rule: CompiledRule): boolean {
  return rule.staticPorts === null;
}

export function computeConnectivity(compiled: CompiledModel): ConnectivityMatrix {
  const workloadCount = compiled.workloads.length;
  const sourceCount = workloadCount + compiled.sourceAtoms.length;
  const destinationCount = workloadCount + compiled.destinationAtoms.length;
  const rules = compiled.rules;
  const sets = new ConnectionSetTable();

  const ingressRules = rules.filter((rule) => rule.direction === 'Ingress');
  const egressRules = rules.filter((rule) => rule.direction === 'Egress');
  const ingressPeerMatches = peerMatchesByEndpoint(compiled, ingressRules, compiled.sourceAtoms);
  const egressPeerMatches = peerMatchesByEndpoint(compiled, egressRules, compiled.destinationAtoms);
  const ingressSubjects = subjectRules(compiled, 'Ingress');
  const egressSubjects = subjectRules(compiled, 'Egress');
  const anyAllPeersEgressNamed = egressRules.some((rule) => rule.peers === null && usesNamedPorts(rule));

  // Source side keys: (ingress rules matching it as a peer, egress rules applying to it).
  const ingressPeerKeys = new KeyInterner();
  const egressSubjectKeys = new KeyInterner();
  egressSubjectKeys.intern('open', -1); // id 0: not isolated for egress
  const sourceClassKeys = new KeyInterner();
  const sourceClass = new Int32Array(sourceCount);
  for (let s = 0; s < sourceCount; s++) {
    const ingressPeer = ingressPeerKeys.intern((ingressPeerMatches[s] as number[]).join(','), s);
    const applying = s < workloadCount ? egressSubjects[s] : undefined;
    const egressSubject = applying === undefined ? 0 : egressSubjectKeys.intern(`r${applying.join(',')}`, s);
    sourceClass[s] = sourceClassKeys.intern(`${ingressPeer}|${egressSubject}`, s);
  }

  // Destination side keys: (ingress rules applying to it, egress rules matching it as a peer),
  // each with the destination's named ports when the rules involved use names.
  const ingressSubjectKeys = new KeyInterner();
  ingressSubjectKeys.intern('open', -1); // id 0: not isolated for ingress
  const egressPeerKeys = new KeyInterner();
  const destinationClassKeys = new KeyInterner();
  const destinationClass = new Int32Array(destinationCount);
  for (let d = 0; d < destinationCount; d++) {
    const applying = d < workloadCount ? ingressSubjects[d] : undefined;
    let ingressSubject = 0;
    if (applying !== undefined) {
      const named = applying.some((id) => usesNamedPorts(rules[id] as CompiledRule));
      ingressSubject = ingressSubjectKeys.intern(`r${applying.join(',')}${named ? `#${portsKey(compiled, d)}` : ''}`, d);
    }
    const matching = egressPeerMatches[d] as number[];
    const named = d < workloadCount && (anyAllPeersEgressNamed || matching.some((id) => usesNamedPorts(rules[id] as CompiledRule)));
    const egressPeer = egressPeerKeys.intern(`${matching.join(',')}${named ? `#${portsKey(compiled, d)}` : d < workloadCount ? '' : '@'}`, d);
    destinationClass[d] = destinationClassKeys.intern(`${ingressSubject}|${egressPeer}`, d);
  }

  // One pass per pair of classes: egress of the source ∩ ingress of the destination.
  const sourceClasses = sourceClassKeys.size;
  const destinationClasses = destinationClassKeys.size;
  const classMatrix = new Int32Array(sourceClasses * destinationClasses);
  const ruleMembership = new Uint8Array(rules.length);
  const sideAllowed = (applying: number[] | undefined, peerRules: number[], destination: Endpoint): number => {
    if (applying === undefined) return ConnectionSetTable.ALL_ID;
    for (const id of peerRules) ruleMembership[id] = 1;
    const ports = destination.kind === 'workload' ? (compiled.workloads[destination.index]?.ports ?? null) : null;
    let allowed: number = ConnectionSetTable.NONE_ID;
    for (const id of applying) {
      const rule = rules[id] as CompiledRule;
      if (rule.peers !== null && ruleMembership[id] !== 1) continue;
      allowed = sets.union(allowed, sets.idOf(rulePortsFor(rule, ports)));
      if (allowed === ConnectionSetTable.ALL_ID) break;
    }
    for (const id of peerRules) ruleMembership[id] = 0;
    return allowed;
  };
  for (let sc = 0; sc < sourceClasses; sc++) {
    const s = sourceClassKeys.representatives[sc] as number;
    const egressApplying = s < workloadCount ? egressSubjects[s] : undefined;
    for (let dc = 0; dc < destinationClasses; dc++) {
      const d = destinationClassKeys.representatives[dc] as number;
      const destinationEndpoint = endpointOf(compiled, d, compiled.destinationAtoms);
      const egress = sideAllowed(egressApplying, egressPeerMatches[d] as number[], destinationEndpoint);
      const ingress =
        egress === ConnectionSetTable.NONE_ID
          ? ConnectionSetTable.NONE_ID
          : sideAllowed(d < workloadCount ? ingressSubjects[d] : undefined, ingressPeerMatches[s] as number[], destinationEndpoint);
      classMatrix[sc * destinationClasses + dc] = sets.intersect(egress, ingress);
    }
  }

  const describe = (position: number, atoms: AddressRange[]): EndpointData => {
    if (position < workloadCount) {
      const workload = compiled.workloads[position] as { namespace: string; name: string; kind: string };
      return { kind: 'workload', id: workloadId(workload), namespace: workload.namespace, name: workload.name, workloadKind: workload.kind };
    }
    const range = atoms[position - workloadCount] as AddressRange;
    return { kind: 'external', id: atomId(range), firstIP: formatIP(range.family, range.first), lastIP: formatIP(range.family, range.last) };
  };
  const sources = Array.from({ length: sourceCount }, (_, s) => describe(s, compiled.sourceAtoms));
  const destinations = Array.from({ length: destinationCount }, (_, d) => describe(d, compiled.destinationAtoms));

  const connectionId = (source: number, destination: number): number => {
    if (source === destination && source < workloadCount) return ConnectionSetTable.ALL_ID;
    return classMatrix[(sourceClass[source] as number) * destinationClasses + (destinationClass[destination] as number)] as number;
  };

  return {
    compiled,
    sources,
    destinations,
    sets,
    connectionId,
    connection: (source, destination) => sets.get(connectionId(source, destination)),
    rows: () => listRows(sources, destinations, workloadCount, connectionId, sets),
    stats: { sourceClasses, destinationClasses, connectionSets: sets.size },
  };
}

function sortedPositions(endpoints: EndpointData[]): number[] {
  return endpoints.map((_, i) => i).sort((a, b) => {
    const x = (endpoints[a] as EndpointData).id;
    const y = (endpoints[b] as EndpointData).id;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}

function listRows(
  sources: EndpointData[],
  destinations: EndpointData[],
  workloadCount: number,
  connectionId: (s: number, d: number) => number,
  sets: ConnectionSetTable,
): ConnectionRow[] {
  const rows: ConnectionRow[] = [];
  const sourceOrder = sortedPositions(sources);
  const destinationOrder = sortedPositions(destinations);
  const texts = new Map<number, string>();
  for (const s of sourceOrder) {
    for (const d of destinationOrder) {
      if (s < workloadCount && s === d) continue;
      if (s >= workloadCount && d >= workloadCount) continue;
      const id = connectionId(s, d);
      if (id === ConnectionSetTable.NONE_ID) continue;
      let text = texts.get(id);
      if (text === undefined) texts.set(id, (text = sets.get(id).toString()));
      rows.push({ source: (sources[s] as EndpointData).id, destination: (destinations[d] as EndpointData).id, connection: text, set: sets.get(id).toData() });
    }
  }
  return rows;
}
