// The full connectivity matrix: for every ordered pair, the id of its allowed connection set.
//
// What S may send to D is E(S, D) ∩ I(S, D) (NP-12). The matrix is filled one destination
// column at a time, from the rules' side rather than the pairs' side:
//   I: the ingress rules applying to D, each adding its ports to the sources its peers match;
//   E: the egress rules whose peers match D, each adding its ports to the sources it applies to.
// Rule/peer matches are computed once per rule (and cached per policy object), so a column
// costs a few passes over the sources plus the matches that really exist. After an edit, only
// the columns and rows of the workloads the changed policies select are recomputed.
// evaluate.ts reads the same rules pair by pair; the tests check both agree.
import type { ConnectionRow, EndpointData } from '../common/model';
import type { AddressRange } from './cidr';
import { formatIP } from './cidr';
import type { CompiledModel } from './compile';
import type { ConnectionSet } from './connectionSet';
import { ConnectionSetTable } from './connectionSet';
import type { RuleMatches, RulePortResolver } from './ruleMatches';
import { prepareRuleMatches } from './ruleMatches';

const NONE = ConnectionSetTable.NONE_ID;
const ALL = ConnectionSetTable.ALL_ID;

export function workloadId(workload: { namespace: string; name: string; kind: string }): string {
  return `${workload.namespace}/${workload.name}[${workload.kind}]`;
}

export function atomId(range: AddressRange): string {
  return `${formatIP(range.family, range.first)}-${formatIP(range.family, range.last)}[External]`;
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
  stats: { connectionSets: number; recomputedColumns: number; recomputedRows: number };
  /** Internal state reused by updateConnectivity. */
  readonly state: MatrixState;
}

interface MatrixState {
  matches: RuleMatches;
  /** Column-major: cells[d * sourceCount + s]. */
  cells: Int32Array;
}

function describeEndpoints(compiled: CompiledModel, atoms: AddressRange[]): EndpointData[] {
  const workloads: EndpointData[] = compiled.workloads.map((workload) => ({
    kind: 'workload',
    id: workloadId(workload),
    namespace: workload.namespace,
    name: workload.name,
    workloadKind: workload.kind,
  }));
  const external: EndpointData[] = atoms.map((range) => ({
    kind: 'external',
    id: atomId(range),
    firstIP: formatIP(range.family, range.first),
    lastIP: formatIP(range.family, range.last),
  }));
  return [...workloads, ...external];
}

/** Fills columns `destinations` of `cells`. */
function fillColumns(matches: RuleMatches, sets: ConnectionSetTable, ports: RulePortResolver, cells: Int32Array, destinations: Iterable<number>): number {
  const { sourceCount, workloadCount } = matches;
  const ingressColumn = new Int32Array(sourceCount);
  const egressColumn = new Int32Array(sourceCount);
  let previousIngressKey: string | undefined;
  let ingressBase = NONE;
  let columns = 0;
  for (const d of destinations) {
    columns++;
    // Ingress at d: undefined rules mean d is not isolated (or is an address): everything.
    const ingressRules = d < workloadCount ? matches.ingressRulesOf[d] : undefined;
    if (ingressRules !== undefined) {
      const key = matches.ingressKey(d);
      if (key !== previousIngressKey) {
        previousIngressKey = key;
        ingressColumn.fill(NONE);
        ingressBase = NONE;
        for (const id of ingressRules) {
          const allowed = ports.idFor(id, d);
          if (allowed === NONE) continue;
          const sources = matches.ingressPeers[id];
          if (sources === null || sources === undefined) {
            ingressBase = sets.union(ingressBase, allowed);
            continue;
          }
          for (let i = 0; i < sources.length; i++) {
            const s = sources[i] as number;
            ingressColumn[s] = sets.union(ingressColumn[s] as number, allowed);
          }
        }
      }
    }
    // Egress toward d: start from what does not depend on d, add the rules whose peers match d.
    egressColumn.set(ports.egressBase);
    const addEgress = (id: number) => {
      const allowed = ports.idFor(id, d);
      if (allowed === NONE) return;
      const subjects = matches.egressSubjects[id] as Int32Array;
      for (let i = 0; i < subjects.length; i++) {
        const s = subjects[i] as number;
        egressColumn[s] = sets.union(egressColumn[s] as number, allowed);
      }
    };
    for (const id of matches.allPeersNamedEgress) addEgress(id);
    for (const id of matches.egressRulesMatching[d] ?? []) addEgress(id);

    const offset = d * sourceCount;
    for (let s = 0; s < sourceCount; s++) {
      const egress = egressColumn[s] as number;
      if (egress === NONE) {
        cells[offset + s] = NONE;
        continue;
      }
      let ingress = ALL;
      if (ingressRules !== undefined) ingress = ingressBase === NONE ? (ingressColumn[s] as number) : sets.union(ingressBase, ingressColumn[s] as number);
      cells[offset + s] = egress === ALL ? ingress : sets.intersect(egress, ingress);
    }
    // A workload always reaches itself (NP-47).
    if (d < workloadCount) cells[offset + d] = ALL;
  }
  return columns;
}

/** Recomputes rows `sourcesToRedo` (every destination) of `cells`, the mirror of fillColumns. */
function fillRows(matches: RuleMatches, sets: ConnectionSetTable, ports: RulePortResolver, cells: Int32Array, sourcesToRedo: Iterable<number>): number {
  const { sourceCount, destinationCount, workloadCount } = matches;
  const egressRow = new Int32Array(destinationCount);
  const ingressRow = new Int32Array(destinationCount);
  let rows = 0;
  for (const s of sourcesToRedo) {
    rows++;
    // Egress from s: every destination when s is not isolated, else what its rules admit.
    const egressRules = s < workloadCount ? matches.egressRulesOf[s] : undefined;
    egressRow.fill(egressRules === undefined ? ALL : NONE);
    for (const id of egressRules ?? []) {
      const peers = matches.egressPeers[id];
      if (peers === null || peers === undefined) {
        for (let d = 0; d < destinationCount; d++) egressRow[d] = sets.union(egressRow[d] as number, ports.idFor(id, d));
        continue;
      }
      for (let i = 0; i < peers.length; i++) {
        const d = peers[i] as number;
        egressRow[d] = sets.union(egressRow[d] as number, ports.idFor(id, d));
      }
    }
    // Ingress toward each destination from s: its base, plus the rules whose peers match s.
    ingressRow.set(ports.ingressBase);
    const addIngress = (id: number) => {
      const subjects = matches.ingressSubjects[id] as Int32Array;
      for (let i = 0; i < subjects.length; i++) {
        const d = subjects[i] as number;
        ingressRow[d] = sets.union(ingressRow[d] as number, ports.idFor(id, d));
      }
    };
    for (const id of matches.allPeersNamedIngress) addIngress(id);
    for (const id of matches.ingressRulesMatching[s] ?? []) addIngress(id);

    for (let d = 0; d < destinationCount; d++) {
      const egress = egressRow[d] as number;
      cells[d * sourceCount + s] = egress === NONE ? NONE : sets.intersect(egress, ingressRow[d] as number);
    }
    // A workload always reaches itself (NP-47).
    if (s < workloadCount) cells[s * sourceCount + s] = ALL;
  }
  return rows;
}

function assemble(compiled: CompiledModel, matches: RuleMatches, sets: ConnectionSetTable, cells: Int32Array, columns: number, rowsDone: number): ConnectivityMatrix {
  const sources = describeEndpoints(compiled, compiled.sourceAtoms);
  const destinations = describeEndpoints(compiled, compiled.destinationAtoms);
  const sourceCount = sources.length;
  const connectionId = (source: number, destination: number): number => cells[destination * sourceCount + source] as number;
  return {
    compiled,
    sources,
    destinations,
    sets,
    connectionId,
    connection: (source, destination) => sets.get(connectionId(source, destination)),
    rows: () => listRows(sources, destinations, compiled.workloads.length, connectionId, sets),
    stats: { connectionSets: sets.size, recomputedColumns: columns, recomputedRows: rowsDone },
    state: { matches, cells },
  };
}

export function computeConnectivity(compiled: CompiledModel): ConnectivityMatrix {
  const sets = new ConnectionSetTable();
  const matches = prepareRuleMatches(compiled);
  const ports = matches.portResolver(sets);
  const cells = new Int32Array(matches.sourceCount * matches.destinationCount);
  // Destinations sorted by their ingress key, so equal ingress columns are computed once.
  const order = Array.from({ length: matches.destinationCount }, (_, d) => d);
  const keys = order.map((d) => (d < matches.workloadCount ? matches.ingressKey(d) : ''));
  order.sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : (keys[a] as string) > (keys[b] as string) ? 1 : a - b));
  const columns = fillColumns(matches, sets, ports, cells, order);
  return assemble(compiled, matches, sets, cells, columns, 0);
}

/**
 * The matrix of `compiled`, reusing `previous` when only policies changed: the columns of the
 * workloads that changed policies select for ingress and the rows of those they select for
 * egress are recomputed (and every address atom's, when ipBlock boundaries moved); everything
 * else is copied.
 */
export function updateConnectivity(previous: ConnectivityMatrix, compiled: CompiledModel): ConnectivityMatrix {
  if (previous.compiled.inventoryStamp !== compiled.inventoryStamp) return computeConnectivity(compiled);
  const before = previous.compiled.policies;
  const beforeModels = new Set(before.map((policy) => policy.model));
  const afterModels = new Set(compiled.policies.map((policy) => policy.model));
  const matches = prepareRuleMatches(compiled);
  const columns = new Set<number>();
  const rowsToRedo = new Set<number>();
  const collect = (subjects: readonly number[], ingress: boolean, egress: boolean) => {
    for (const w of subjects) {
      if (ingress) columns.add(w);
      if (egress) rowsToRedo.add(w);
    }
  };
  for (const policy of before) {
    if (!afterModels.has(policy.model)) collect(previous.state.matches.policySubjects[policy.index] ?? [], policy.affectsIngress, policy.affectsEgress);
  }
  for (const policy of compiled.policies) {
    if (!beforeModels.has(policy.model)) collect(matches.policySubjects[policy.index] ?? [], policy.affectsIngress, policy.affectsEgress);
  }
  const sets = previous.sets;
  const ports = matches.portResolver(sets);
  let cells: Int32Array;
  if (previous.compiled.sourceAtoms === compiled.sourceAtoms && previous.compiled.destinationAtoms === compiled.destinationAtoms) {
    cells = previous.state.cells.slice();
  } else {
    // The edit moved ipBlock boundaries: workload-to-workload cells stay, every row and column
    // of an address atom is redone.
    const { workloadCount, sourceCount, destinationCount } = matches;
    const previousSourceCount = previous.state.matches.sourceCount;
    cells = new Int32Array(sourceCount * destinationCount);
    for (let d = 0; d < workloadCount; d++) {
      cells.set(previous.state.cells.subarray(d * previousSourceCount, d * previousSourceCount + workloadCount), d * sourceCount);
    }
    for (let d = workloadCount; d < destinationCount; d++) columns.add(d);
    for (let s = workloadCount; s < sourceCount; s++) rowsToRedo.add(s);
  }
  const columnCount = fillColumns(matches, sets, ports, cells, [...columns].sort((a, b) => a - b));
  const rowCount = fillRows(matches, sets, ports, cells, rowsToRedo);
  return assemble(compiled, matches, sets, cells, columnCount, rowCount);
}

function sortedPositions(endpoints: EndpointData[]): number[] {
  return endpoints
    .map((_, i) => i)
    .sort((a, b) => {
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
      if (id === NONE) continue;
      let text = texts.get(id);
      if (text === undefined) texts.set(id, (text = sets.get(id).toString()));
      rows.push({ source: (sources[s] as EndpointData).id, destination: (destinations[d] as EndpointData).id, connection: text, set: sets.get(id).toData() });
    }
  }
  return rows;
}
