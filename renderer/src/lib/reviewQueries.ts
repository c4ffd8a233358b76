// Questions the panels ask of a ReviewSnapshot: what an id names, who reaches whom, which
// workloads a search finds. All answers are read from the snapshot the backend computed; nothing
// here evaluates a policy.
import type { Diagnostic, SourceLocation } from '../../../electron/common/model';
import type { ReviewConnection, ReviewExternal, ReviewNamespace, ReviewSnapshot, ReviewWorkload } from '../../../electron/common/review';
import { edgeId, namespaceNodeId } from './canvas/elements';
import { shortConnectionText } from './connectionText';

export type Selection =
  | { kind: 'none' }
  | { kind: 'workload'; id: string }
  | { kind: 'namespace'; name: string }
  | { kind: 'external'; id: string }
  | { kind: 'edge'; source: string; destination: string };

export const NOTHING_SELECTED: Selection = { kind: 'none' };

/** What a canvas node id names, looked up in the snapshot. */
export function selectionForNode(snapshot: ReviewSnapshot | undefined, id: string): Selection {
  if (id.startsWith('namespace:')) return { kind: 'namespace', name: id.slice('namespace:'.length) };
  if (snapshot?.externals.some((external) => external.id === id) || id.endsWith('[External]')) return { kind: 'external', id };
  if (snapshot?.workloads.some((workload) => workload.id === id)) return { kind: 'workload', id };
  return NOTHING_SELECTED;
}

/** Whether what is selected is still in the snapshot (after an edit of a design); an edge is kept while both ends are. */
export function selectionExists(snapshot: ReviewSnapshot | undefined, selection: Selection): boolean {
  switch (selection.kind) {
    case 'none':
      return true;
    case 'workload':
      return workloadById(snapshot, selection.id) !== undefined;
    case 'namespace':
      return namespaceByName(snapshot, selection.name) !== undefined;
    case 'external':
      return externalById(snapshot, selection.id) !== undefined;
    case 'edge':
      return [selection.source, selection.destination].every((id) => selectionExists(snapshot, selectionForNode(snapshot, id)) && selectionForNode(snapshot, id).kind !== 'none');
  }
}

/** Whether an id names one endpoint of a connection (a workload or an external range), not a group. */
export function isEndpointId(snapshot: ReviewSnapshot | undefined, id: string): boolean {
  const kind = selectionForNode(snapshot, id).kind;
  return kind === 'workload' || kind === 'external';
}

export function workloadById(snapshot: ReviewSnapshot | undefined, id: string): ReviewWorkload | undefined {
  return snapshot?.workloads.find((workload) => workload.id === id);
}

export function externalById(snapshot: ReviewSnapshot | undefined, id: string): ReviewExternal | undefined {
  return snapshot?.externals.find((external) => external.id === id);
}

export function namespaceByName(snapshot: ReviewSnapshot | undefined, name: string): ReviewNamespace | undefined {
  return snapshot?.namespaces.find((namespace) => namespace.name === name);
}

function ipv4Number(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** `10.0.0.0/8` when an IPv4 range is exactly one CIDR block, else `first – last`. */
export function externalRangeLabel(firstIP: string, lastIP: string): string {
  const first = ipv4Number(firstIP);
  const last = ipv4Number(lastIP);
  if (first !== undefined && last !== undefined && last >= first) {
    const size = last - first + 1;
    const bits = Math.log2(size);
    if (Number.isInteger(bits) && first % size === 0) return `${firstIP}/${32 - bits}`;
  }
  return firstIP === lastIP ? firstIP : `${firstIP} – ${lastIP}`;
}

/** A short readable name for an endpoint id: `frontend (netpol-demo)`, `10.0.0.0/8`. */
export function endpointLabel(snapshot: ReviewSnapshot | undefined, id: string): string {
  const workload = workloadById(snapshot, id);
  if (workload) return `${workload.name} (${workload.namespace})`;
  const range = /^(.+)-(.+)\[External\]$/.exec(id);
  if (range) return externalRangeLabel(range[1] as string, range[2] as string);
  if (id.startsWith('namespace:')) return `namespace ${id.slice('namespace:'.length)}`;
  return id;
}

/** Workload ids whose name, namespace/name, kind or a label (`key=value`) contains the query. */
export function findWorkloads(snapshot: ReviewSnapshot | undefined, query: string): string[] {
  const needle = query.trim().toLowerCase();
  if (!snapshot || needle === '') return [];
  return snapshot.workloads
    .filter((workload) => {
      const texts = [workload.id, `${workload.namespace}/${workload.name}`, ...Object.entries(workload.labels).map(([key, value]) => `${key}=${value}`)];
      return texts.some((text) => text.toLowerCase().includes(needle));
    })
    .map((workload) => workload.id);
}

export interface PeerConnection {
  /** The other end's id. */
  peer: string;
  peerLabel: string;
  /** The backend's text (`All Connections`, `TCP 80,UDP 53`) and its short form (`all`). */
  connection: string;
  short: string;
}

function byLabel(a: PeerConnection, b: PeerConnection): number {
  return a.peerLabel < b.peerLabel ? -1 : a.peerLabel > b.peerLabel ? 1 : 0;
}

function peerConnection(snapshot: ReviewSnapshot, peer: string, connection: ReviewConnection): PeerConnection {
  return { peer, peerLabel: endpointLabel(snapshot, peer), connection: connection.connection, short: shortConnectionText(connection.connection) };
}

/** Who can reach the endpoint, with what. */
export function reachableFrom(snapshot: ReviewSnapshot, id: string): PeerConnection[] {
  return snapshot.connections
    .filter((connection) => connection.destination === id && connection.source !== id)
    .map((connection) => peerConnection(snapshot, connection.source, connection))
    .sort(byLabel);
}

/** Whom the endpoint can reach, with what. */
export function canReach(snapshot: ReviewSnapshot, id: string): PeerConnection[] {
  return snapshot.connections
    .filter((connection) => connection.source === id && connection.destination !== id)
    .map((connection) => peerConnection(snapshot, connection.destination, connection))
    .sort(byLabel);
}

/** The endpoint ids a canvas node stands for: itself, or a collapsed namespace's workloads. */
export function endpointsOfNode(snapshot: ReviewSnapshot, id: string): string[] {
  if (id.startsWith('namespace:')) {
    const name = id.slice('namespace:'.length);
    return snapshot.workloads.filter((workload) => workload.namespace === name).map((workload) => workload.id);
  }
  return [id];
}

/** The connections an edge between two canvas nodes stands for (more than one between collapsed namespaces). */
export function connectionsOfEdge(snapshot: ReviewSnapshot, source: string, destination: string): ReviewConnection[] {
  const sources = new Set(endpointsOfNode(snapshot, source));
  const destinations = new Set(endpointsOfNode(snapshot, destination));
  return snapshot.connections.filter((connection) => sources.has(connection.source) && destinations.has(connection.destination));
}

export interface EndpointOption {
  value: string;
  label: string;
}

export interface EndpointGroup {
  label: string;
  options: EndpointOption[];
}

/** The choices of the Explain panel's pickers: workloads by namespace, then external ranges. */
export function endpointGroups(snapshot: ReviewSnapshot | undefined): EndpointGroup[] {
  if (!snapshot) return [];
  const groups = new Map<string, EndpointOption[]>();
  for (const workload of snapshot.workloads) {
    const options = groups.get(workload.namespace) ?? [];
    options.push({ value: workload.id, label: `${workload.name} [${workload.kind}]` });
    groups.set(workload.namespace, options);
  }
  const result = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([namespace, options]) => ({ label: `namespace ${namespace}`, options: options.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)) }));
  if (snapshot.externals.length > 0) {
    result.push({
      label: 'external addresses',
      options: snapshot.externals.map((external) => ({ value: external.id, label: externalRangeLabel(external.firstIP, external.lastIP) })),
    });
  }
  return result;
}

/**
 * A first pair worth explaining: a connection between two workloads that policies isolate
 * (egress at the source, ingress at the destination), else one into an isolated workload, else
 * any connection, else any two workloads.
 */
export function defaultExplainPair(snapshot: ReviewSnapshot | undefined): { source: string; destination: string } | undefined {
  if (!snapshot) return undefined;
  const workloads = new Map(snapshot.workloads.map((workload) => [workload.id, workload]));
  const score = (connection: ReviewConnection): number => {
    const source = workloads.get(connection.source);
    const destination = workloads.get(connection.destination);
    if (!source || !destination || source === destination) return 0;
    return (destination.isolation.ingress ? 2 : 0) + (source.isolation.egress ? 1 : 0);
  };
  let best: ReviewConnection | undefined;
  for (const connection of snapshot.connections) if (best === undefined || score(connection) > score(best)) best = connection;
  if (best) return { source: best.source, destination: best.destination };
  const [first, second] = snapshot.workloads;
  return first && second ? { source: first.id, destination: second.id } : undefined;
}

/** Namespaces drawn collapsed when a review opens: all of them in a large cluster, so the first picture stays readable. */
export function initiallyCollapsed(snapshot: ReviewSnapshot, maxExpandedWorkloads = 150): Set<string> {
  return snapshot.workloads.length > maxExpandedWorkloads ? new Set(snapshot.namespaces.map((namespace) => namespace.name)) : new Set();
}

export interface ReviewCounts {
  workloads: number;
  connections: number;
  diagnostics: number;
  errors: number;
}

export function reviewCounts(snapshot: ReviewSnapshot): ReviewCounts {
  return {
    workloads: snapshot.workloads.length,
    connections: snapshot.connections.length,
    diagnostics: snapshot.diagnostics.length,
    errors: snapshot.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length,
  };
}

/** `1 workload`, `3 workloads`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The canvas id of what is selected. */
export function selectedElementId(selection: Selection): string | null {
  switch (selection.kind) {
    case 'none':
      return null;
    case 'namespace':
      return namespaceNodeId(selection.name);
    case 'edge':
      return edgeId(selection.source, selection.destination);
    default:
      return selection.id;
  }
}

/** Workloads a policy selects (for either direction). */
export function workloadsSelectedBy(snapshot: ReviewSnapshot | undefined, policyKey: string): string[] {
  return (snapshot?.workloads ?? [])
    .filter((workload) => workload.policies.ingress.includes(policyKey) || workload.policies.egress.includes(policyKey))
    .map((workload) => workload.id);
}

/** The diagnostics located in one file. */
export function diagnosticsOfFile(snapshot: ReviewSnapshot | undefined, path: string | undefined): Diagnostic[] {
  return (snapshot?.diagnostics ?? []).filter((diagnostic) => diagnostic.location?.file === path);
}

/** `file:line:column` of a diagnostic, or `(no position)`. */
export function locationText(location: SourceLocation | undefined): string {
  return location ? `${location.file}:${location.line}:${location.column}` : '(no position)';
}

/** The workloads of one namespace, in the snapshot's order. */
export function workloadsIn(snapshot: ReviewSnapshot, namespace: string): ReviewWorkload[] {
  return snapshot.workloads.filter((workload) => workload.namespace === namespace);
}

/** How many workloads each namespace holds. */
export function workloadCounts(snapshot: ReviewSnapshot): Map<string, number> {
  const counts = new Map<string, number>();
  for (const workload of snapshot.workloads) counts.set(workload.namespace, (counts.get(workload.namespace) ?? 0) + 1);
  return counts;
}

/** Workloads no policy isolates for ingress: anything may connect to them. */
export function openToAnySource(snapshot: ReviewSnapshot): ReviewWorkload[] {
  return snapshot.workloads.filter((workload) => !workload.isolation.ingress);
}
