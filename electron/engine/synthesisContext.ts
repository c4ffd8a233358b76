// What allow and deny synthesis share: the drawn endpoints resolved against the compiled model,
// the drawn pairs and their allowed sets, and the check of a proposed change (re-evaluation,
// connectivity diff, collateral). Pure functions over plain data.
import type { ClusterModel, DiffRow, EngineOptions, IPBlock, LabelSelector, Labels } from '../common/model';
import type { DesignEndpoint, PolicyChange, PortRequest, Proposal, SynthesisCaution, SynthesisStep } from '../common/synthesis';
import type { Analysis } from './analysis';
import { analyzeModel, findEndpoint } from './analysis';
import type { AddressRange } from './cidr';
import { parseCidr, parseIP, subtractRanges } from './cidr';
import type { CompiledModel } from './compile';
import type { ConnectionSet } from './connectionSet';
import { workloadId } from './connectivity';
import { diffConnectivity } from './connectivityDiff';
import type { Endpoint } from './evaluate';
import { evaluatePair } from './evaluate';
import { isValidPortName } from './labelValidation';
import { applyChanges } from './policyWorkspace';

export interface SynthesisOptions {
  /** The engine options the canvas evaluates with (they decide, e.g., whether ipBlocks match pod IPs). */
  engineOptions?: Partial<EngineOptions>;
}

export interface ResolvedEndpoint {
  kind: DesignEndpoint['kind'];
  /** For sentences: `ns/name`, `namespace ns`, `10.0.0.0/8`. */
  label: string;
  /** For generated policy names: the workload's or namespace's name, the external block's name or the CIDR. */
  nameHint: string;
  /** The namespace of a workload or namespace endpoint. */
  namespace?: string;
  /** Indexes of the workloads the endpoint stands for (none for a cidr). */
  workloads: number[];
  /** A cidr endpoint as an ipBlock with canonical texts. */
  ipBlock?: { cidr: string; except: string[] };
  /** A cidr endpoint's addresses: cidr minus except. */
  ranges: AddressRange[];
}

export type Resolution = { endpoint: ResolvedEndpoint } | { error: string };

export function shortWorkloadLabel(compiled: CompiledModel, index: number): string {
  const workload = compiled.workloads[index];
  return workload ? `${workload.namespace}/${workload.name}` : `workload #${index}`;
}

export function resolveEndpoint(model: ClusterModel, compiled: CompiledModel, endpoint: DesignEndpoint): Resolution {
  if (endpoint.kind === 'workload') {
    const found = findEndpoint(compiled, endpoint.id);
    if ('error' in found) return { error: found.error };
    if (found.endpoint.kind !== 'workload') return { error: `"${endpoint.id}" is not a workload of the model` };
    const index = found.endpoint.index;
    const workload = compiled.workloads[index];
    if (!workload) return { error: `"${endpoint.id}" is not a workload of the model` };
    return {
      endpoint: { kind: 'workload', label: shortWorkloadLabel(compiled, index), nameHint: workload.name, namespace: workload.namespace, workloads: [index], ranges: [] },
    };
  }
  if (endpoint.kind === 'namespace') {
    const workloads = compiled.workloads.flatMap((workload, index) => (workload.namespace === endpoint.name ? [index] : []));
    if (workloads.length === 0) return { error: `namespace ${endpoint.name} has no workloads to connect` };
    return { endpoint: { kind: 'namespace', label: `namespace ${endpoint.name}`, nameHint: endpoint.name, namespace: endpoint.name, workloads, ranges: [] } };
  }
  const whole = parseCidr(endpoint.cidr);
  if (!whole) return { error: `"${endpoint.cidr}" is not a valid CIDR` };
  const holes: AddressRange[] = [];
  const except: string[] = [];
  for (const text of endpoint.except ?? []) {
    const hole = parseCidr(text);
    if (!hole || hole.family !== whole.family || hole.first < whole.first || hole.last > whole.last || hole.prefix <= whole.prefix) {
      return { error: `except "${text}" must be a strict subset of ${whole.canonical}` };
    }
    holes.push(hole);
    except.push(hole.canonical);
  }
  const block = (model.externalBlocks ?? []).find((candidate) => parseCidr(candidate.cidr)?.canonical === whole.canonical);
  const label = except.length === 0 ? whole.canonical : `${whole.canonical} except ${except.join(', ')}`;
  return {
    endpoint: {
      kind: 'cidr',
      label: block && except.length === 0 ? `${block.name} (${whole.canonical})` : label,
      nameHint: block ? block.name : whole.canonical,
      workloads: [],
      ipBlock: { cidr: whole.canonical, except },
      ranges: subtractRanges(whole, holes),
    },
  };
}

/** The endpoints an endpoint stands for: its workloads, or its addresses cut along the atoms of that side. */
export function endpointPoints(compiled: CompiledModel, endpoint: ResolvedEndpoint, side: 'source' | 'destination'): Endpoint[] {
  if (endpoint.kind !== 'cidr') return endpoint.workloads.map((index) => ({ kind: 'workload', index }));
  const atoms = side === 'source' ? compiled.sourceAtoms : compiled.destinationAtoms;
  const points: Endpoint[] = [];
  for (const range of endpoint.ranges) {
    for (const atom of atoms) {
      if (atom.family !== range.family || atom.last < range.first || atom.first > range.last) continue;
      const first = atom.first > range.first ? atom.first : range.first;
      const last = atom.last < range.last ? atom.last : range.last;
      points.push({ kind: 'address', range: { family: range.family, first, last } });
    }
  }
  return points;
}

export interface DrawnPair {
  source: Endpoint;
  destination: Endpoint;
}

/** Every ordered pair the drawn edge stands for, except a workload with itself (NP-47). */
export function drawnPairs(compiled: CompiledModel, source: ResolvedEndpoint, destination: ResolvedEndpoint): DrawnPair[] {
  const pairs: DrawnPair[] = [];
  const destinations = endpointPoints(compiled, destination, 'destination');
  for (const from of endpointPoints(compiled, source, 'source')) {
    for (const to of destinations) {
      if (from.kind === 'workload' && to.kind === 'workload' && from.index === to.index) continue;
      pairs.push({ source: from, destination: to });
    }
  }
  return pairs;
}

export function pairAllowed(compiled: CompiledModel, pair: DrawnPair): ConnectionSet {
  return evaluatePair(compiled, pair.source, pair.destination);
}

/** `first-last[External]` as a range, or undefined for a workload id. */
function externalRange(id: string): AddressRange | undefined {
  const match = /^([^-\s]+)-([^-\s]+)\[External\]$/.exec(id);
  if (!match) return undefined;
  const first = parseIP(match[1] as string);
  const last = parseIP(match[2] as string);
  if (!first || !last || first.family !== last.family) return undefined;
  return { family: first.family, first: first.value, last: last.value };
}

function rowEndMatches(compiled: CompiledModel, id: string, endpoint: ResolvedEndpoint): boolean {
  const range = externalRange(id);
  if (endpoint.kind === 'cidr') {
    return range !== undefined && endpoint.ranges.some((r) => r.family === range.family && r.first <= range.first && range.last <= r.last);
  }
  if (range) {
    // An address that is one of the drawn workloads' pod IPs is that workload seen by an ipBlock (NP-40).
    const own = new Set(endpoint.workloads.flatMap((index) => (compiled.workloads[index]?.podIPs ?? []).map((text) => parseIP(text)).filter((a) => a?.family === range.family).map((a) => a?.value)));
    if (range.last - range.first >= BigInt(own.size)) return false;
    for (let value = range.first; value <= range.last; value++) if (!own.has(value)) return false;
    return true;
  }
  return endpoint.workloads.some((index) => {
    const workload = compiled.workloads[index];
    return workload !== undefined && workloadId(workload) === id;
  });
}

export interface ChangeCheck {
  after: Analysis;
  affectedPairs: DiffRow[];
  collateral: DiffRow[];
  /** Changed or created policies the API server would refuse (they were left out of the evaluation). */
  refused: string[];
}

/** Re-evaluates the model with the changes applied and compares its connectivity with before. */
export function checkChanges(
  model: ClusterModel,
  before: Analysis,
  changes: readonly PolicyChange[],
  source: ResolvedEndpoint,
  destination: ResolvedEndpoint,
  options: SynthesisOptions,
): ChangeCheck {
  const after = analyzeModel(applyChanges(model, changes), options.engineOptions);
  const changed = new Set(changes.map((change) => (change.type === 'create' ? `NetworkPolicy ${change.policy.namespace}/${change.policy.name}` : `NetworkPolicy ${change.namespace}/${change.name}`)));
  const refused = [
    ...new Set(after.diagnostics.filter((d) => d.severity === 'error' && d.object !== undefined && changed.has(d.object)).map((d) => (d.object as string).slice('NetworkPolicy '.length))),
  ];
  const affectedPairs = diffConnectivity(before.connectivity(), after.connectivity());
  const collateral = affectedPairs.filter(
    (row) => !(rowEndMatches(after.compiled, row.source, source) && rowEndMatches(after.compiled, row.destination, destination)),
  );
  return { after, affectedPairs, collateral, refused };
}

/** Workloads other than the drawn ones whose pairs appear in the collateral. */
export function collateralWorkloads(collateral: readonly DiffRow[], drawn: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const row of collateral) {
    for (const id of [row.source, row.destination]) if (!id.endsWith('[External]') && !drawn.includes(id)) ids.add(id);
  }
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The workloads' ids, sorted. */
export function workloadIds(compiled: CompiledModel, indexes: readonly number[]): string[] {
  return indexes
    .flatMap((index) => {
      const workload = compiled.workloads[index];
      return workload ? [workloadId(workload)] : [];
    })
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function labelsOf(compiled: CompiledModel, index: number): Labels {
  return compiled.workloads[index]?.labels ?? {};
}

/** A pod selector for exactly these labels (`{}` when there are none). */
export function selectorForLabels(labels: Labels): LabelSelector {
  return Object.keys(labels).length === 0 ? {} : { matchLabels: { ...labels } };
}

export function ipBlockOf(endpoint: ResolvedEndpoint): IPBlock {
  const block = endpoint.ipBlock ?? { cidr: '0.0.0.0/0', except: [] };
  return block.except.length > 0 ? { cidr: block.cidr, except: [...block.except] } : { cidr: block.cidr };
}

/** A proposal that changes nothing: already satisfied, or an intent that cannot be served. */
export function noChange(status: 'satisfied' | 'invalid', message: string): Proposal {
  return { status, needed: false, changes: [], steps: [], verified: status === 'satisfied', affectedPairs: [], collateral: [], cautions: [], message };
}

export interface ProposalParts {
  changes: PolicyChange[];
  steps: SynthesisStep[];
  verified: boolean;
  check: ChangeCheck;
  cautions: SynthesisCaution[];
  message: string;
}

export function proposal(parts: ProposalParts): Proposal {
  return {
    status: 'proposed',
    needed: true,
    changes: parts.changes,
    steps: parts.steps,
    verified: parts.verified,
    affectedPairs: parts.check.affectedPairs,
    collateral: parts.check.collateral,
    cautions: parts.cautions,
    message: parts.message,
  };
}

/**
 * Resolves both ends of a drawn or deleted edge, or the proposal that says why nothing can be
 * done: an unknown endpoint, two address blocks, or a workload to itself (NP-47).
 */
export function resolveEdge(
  model: ClusterModel,
  compiled: CompiledModel,
  edge: { source: DesignEndpoint; destination: DesignEndpoint },
  gesture: 'draw' | 'delete',
): { source: ResolvedEndpoint; destination: ResolvedEndpoint } | { proposal: Proposal } {
  const verb = gesture === 'draw' ? 'Cannot draw this edge' : 'Cannot delete this edge';
  const source = resolveEndpoint(model, compiled, edge.source);
  if ('error' in source) return { proposal: noChange('invalid', `${verb}: ${source.error}.`) };
  const destination = resolveEndpoint(model, compiled, edge.destination);
  if ('error' in destination) return { proposal: noChange('invalid', `${verb}: ${destination.error}.`) };
  const src = source.endpoint;
  const dst = destination.endpoint;
  if (src.kind === 'cidr' && dst.kind === 'cidr') {
    return { proposal: noChange('invalid', 'Traffic between two address blocks outside the cluster is not governed by NetworkPolicies.') };
  }
  if (src.kind === 'workload' && dst.kind === 'workload' && src.workloads[0] === dst.workloads[0]) {
    return gesture === 'draw'
      ? { proposal: noChange('satisfied', `${src.label} always reaches itself (NP-47); nothing to change.`) }
      : { proposal: noChange('invalid', `${src.label} always reaches itself (NP-47); no NetworkPolicy can deny that.`) };
  }
  return { source: src, destination: dst };
}

/** What is wrong with the ports of an allow or a deny, in words; undefined when nothing is. */
export function portRequestsProblem(requests: readonly PortRequest[], compiled: CompiledModel, destination: ResolvedEndpoint): string | undefined {
  for (const entry of requests) {
    const protocol: string = entry.protocol;
    if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') return `protocol ${protocol} is not one of TCP, UDP, SCTP`;
    if (typeof entry.port === 'string') {
      const errors = isValidPortName(entry.port);
      if (errors.length > 0) return `port name "${entry.port}" ${errors[0]}`;
      if (entry.endPort !== undefined) return `endPort needs a numeric port, not "${entry.port}"`;
      if (destination.kind === 'cidr') return `named port "${entry.port}" cannot match an address outside the cluster (NP-35)`;
      const declared = destination.workloads.some((index) => compiled.workloads[index]?.ports.some((p) => p.name === entry.port && p.protocol === entry.protocol));
      if (!declared) return `${destination.label} declares no ${entry.protocol} port named "${entry.port}"`;
    } else if (typeof entry.port === 'number') {
      if (!Number.isInteger(entry.port) || entry.port < 1 || entry.port > 65535) return `port ${entry.port} is not between 1 and 65535`;
      if (entry.endPort !== undefined && (!Number.isInteger(entry.endPort) || entry.endPort < entry.port || entry.endPort > 65535)) {
        return `endPort ${entry.endPort} must be between port ${entry.port} and 65535`;
      }
    } else if (entry.endPort !== undefined) {
      return 'endPort needs a numeric port';
    }
  }
  return undefined;
}
