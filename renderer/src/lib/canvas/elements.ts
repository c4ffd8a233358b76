// The canvas as a projection (CONVENTIONS 8): a pure function from a ReviewSnapshot and the view
// state to Cytoscape element JSON. It computes no connectivity; it only decides what is drawn,
// with which ids, labels and classes. The same inputs always give the same list in the same order.
import type { ElementDefinition } from 'cytoscape';
import type { ReviewConnection, ReviewExternal, ReviewNamespace, ReviewSnapshot, ReviewWorkload } from '../../../../electron/common/review';
import type { CanvasView } from './canvasTypes';

/** The compound node holding every external address range. */
export const EXTERNAL_ZONE_ID = 'zone:external';
const NAMESPACE_PREFIX = 'namespace:';
const NAME_LABEL = 'kubernetes.io/metadata.name';
/** The namespace title's marker for default deny (DESIGN "Visual language"). */
export const SHIELD = '\u{1F6E1}\u{FE0F}';
/** How many labels a workload shows under its name; the inspector lists all of them. */
const SHOWN_WORKLOAD_LABELS = 2;
/** Labels set by controllers and tools that say nothing about the workload's role. */
const NOISY_LABEL = /^(pod-template-hash|controller-revision-hash|pod-template-generation|statefulset\.kubernetes\.io\/pod-name|apps\.kubernetes\.io\/pod-index|batch\.kubernetes\.io\/.*|controller-uid|job-name|helm\.sh\/chart|app\.kubernetes\.io\/managed-by|app\.kubernetes\.io\/version|chart|heritage|release)$/;
/** Labels that usually name a workload's role, shown first. */
const ROLE_LABELS = ['app.kubernetes.io/name', 'app', 'k8s-app', 'tier', 'app.kubernetes.io/component', 'component', 'role'];

export type CanvasNodeKind = 'namespace' | 'workload' | 'external' | 'zone';
export type ConnectionKind = 'all' | 'ports';

export function namespaceNodeId(name: string): string {
  return NAMESPACE_PREFIX + name;
}

/** The namespace name of a `namespace:<name>` node id, or undefined for other ids. */
export function namespaceOfNodeId(id: string): string | undefined {
  return id.startsWith(NAMESPACE_PREFIX) ? id.slice(NAMESPACE_PREFIX.length) : undefined;
}

export function edgeId(source: string, target: string): string {
  return `${source}=>${target}`;
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** netpol-analyzer's `All Connections` reads as `all` on an edge. */
export function connectionLabel(connection: string): string {
  return connection === 'All Connections' ? 'all' : connection;
}

function connectionKind(connection: string): ConnectionKind {
  return connection === 'All Connections' ? 'all' : 'ports';
}

function shownLabels(labels: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(labels).filter((key) => key !== NAME_LABEL && !NOISY_LABEL.test(key));
  const rank = (key: string) => (ROLE_LABELS.includes(key) ? ROLE_LABELS.indexOf(key) : ROLE_LABELS.length);
  keys.sort((a, b) => rank(a) - rank(b) || byString(a, b));
  const shown = keys.slice(0, SHOWN_WORKLOAD_LABELS).map((key) => `${key}=${labels[key] ?? ''}`);
  if (keys.length > SHOWN_WORKLOAD_LABELS) shown.push(`+${keys.length - SHOWN_WORKLOAD_LABELS} more`);
  return shown;
}

/** What a collapsed namespace hides: its workloads and the connections among them. */
interface Hidden {
  workloads: number;
  connections: number;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function namespaceLabel(namespace: ReviewNamespace, hidden: Hidden | undefined): string {
  const denied = [namespace.defaultDeny.ingress ? 'ingress' : '', namespace.defaultDeny.egress ? 'egress' : ''].filter(Boolean);
  const title = denied.length > 0 ? `${namespace.name}  ${SHIELD} deny ${denied.join('+')}` : namespace.name;
  const labels = Object.keys(namespace.labels)
    .filter((key) => key !== NAME_LABEL)
    .sort(byString)
    .map((key) => `${key}=${namespace.labels[key] ?? ''}`);
  const lines = [title];
  if (labels.length > 0) lines.push(labels.join(', '));
  if (hidden) {
    lines.push(`${plural(hidden.workloads, 'workload')} (collapsed)`);
    if (hidden.connections > 0) lines.push(`${plural(hidden.connections, 'connection')} inside`);
  }
  return lines.join('\n');
}

const FULL_RANGES: Record<string, string> = {
  '0.0.0.0-255.255.255.255': 'any address',
  '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff': 'any IPv6 address',
};

export function externalLabel(external: ReviewExternal): string {
  const range = `${external.firstIP}-${external.lastIP}`;
  return FULL_RANGES[range] ?? range;
}

/** Where each endpoint id is drawn: itself, or its collapsed namespace. */
type Placement = Map<string, string>;

interface MergedEdge {
  source: string;
  target: string;
  connections: ReviewConnection[];
}

/**
 * One edge per pair of drawn ends. Connections inside one collapsed namespace are not drawn (a
 * loop on a large box cannot be drawn legibly); the namespace's label counts them instead.
 */
function mergeEdges(connections: readonly ReviewConnection[], placement: Placement): { edges: MergedEdge[]; inside: Map<string, number> } {
  const merged = new Map<string, MergedEdge>();
  const inside = new Map<string, number>();
  for (const connection of connections) {
    const source = placement.get(connection.source) ?? connection.source;
    const target = placement.get(connection.destination) ?? connection.destination;
    if (source === target) {
      inside.set(source, (inside.get(source) ?? 0) + 1);
      continue;
    }
    const id = edgeId(source, target);
    const known = merged.get(id);
    if (known) known.connections.push(connection);
    else merged.set(id, { source, target, connections: [connection] });
  }
  return { edges: [...merged.values()], inside };
}

function edgeElement(edge: MergedEdge, externalIds: ReadonlySet<string>): ElementDefinition {
  const { connections } = edge;
  const first = connections[0] as ReviewConnection;
  const labels = new Set(connections.map((connection) => connectionLabel(connection.connection)));
  const label = labels.size === 1 ? connectionLabel(first.connection) : `${connections.length} connections`;
  const kind: ConnectionKind = connections.every((connection) => connectionKind(connection.connection) === 'all') ? 'all' : 'ports';
  const classes: string[] = [kind];
  if (externalIds.has(edge.source) || externalIds.has(edge.target)) classes.push('external');
  if (connections.length > 1) classes.push('merged');
  return {
    group: 'edges',
    data: {
      id: edgeId(edge.source, edge.target),
      source: edge.source,
      target: edge.target,
      label,
      kind,
      connections: connections.length,
      // The endpoints reported on a tap: the connection's own ends when the edge stands for one
      // connection, else the drawn (namespace) ends.
      sourceEndpoint: connections.length === 1 ? first.source : edge.source,
      destinationEndpoint: connections.length === 1 ? first.destination : edge.target,
    },
    classes,
  };
}

/** Adds the selection and highlight classes; ids of hidden elements act on what stands for them. */
function markView(elements: ElementDefinition[], view: CanvasView, visibleIdOf: (id: string) => string): void {
  const selected = view.selectedId === null ? undefined : visibleIdOf(view.selectedId);
  const highlighted = new Set([...view.highlightedIds].map(visibleIdOf));
  const parentsOfHighlighted = new Set<string>();
  const parentOf = new Map<string, string>();
  for (const element of elements) {
    if (element.group === 'nodes' && typeof element.data.parent === 'string') parentOf.set(element.data.id as string, element.data.parent);
  }
  for (const id of highlighted) {
    for (let parent = parentOf.get(id); parent !== undefined; parent = parentOf.get(parent)) parentsOfHighlighted.add(parent);
  }
  // The reverse arrow of an explained pair is another connection: it is not what is explained.
  const reverse = view.highlightedPair ? { source: visibleIdOf(view.highlightedPair.destination), target: visibleIdOf(view.highlightedPair.source) } : undefined;
  const isReverse = (source: string, target: string) => reverse !== undefined && source === reverse.source && target === reverse.target && source !== target;
  for (const element of elements) {
    const id = element.data.id as string;
    const classes = element.classes as string[];
    if (id === selected) classes.push('selected');
    if (highlighted.size === 0) continue;
    const isEdge = element.group === 'edges';
    const source = element.data.source as string;
    const target = element.data.target as string;
    const emphasised = highlighted.has(id) || (isEdge && highlighted.has(source) && highlighted.has(target) && !isReverse(source, target));
    if (emphasised) classes.push('highlighted');
    else if (!parentsOfHighlighted.has(id)) classes.push('dimmed');
  }
}

function workloadElement(workload: ReviewWorkload): ElementDefinition {
  const classes = ['workload'];
  if (workload.isolation.ingress) classes.push('isolated-ingress');
  if (workload.isolation.egress) classes.push('isolated-egress');
  return {
    group: 'nodes',
    data: {
      id: workload.id,
      parent: namespaceNodeId(workload.namespace),
      kind: 'workload' satisfies CanvasNodeKind,
      label: [workload.name, workload.kind, ...shownLabels(workload.labels)].join('\n'),
      namespace: workload.namespace,
    },
    classes,
  };
}

/**
 * The elements drawing `snapshot` under `view`, in a fixed order: the external zone, namespaces
 * (by name), workloads (by id), external ranges (as the backend orders them), edges (by id).
 */
export function projectElements(snapshot: ReviewSnapshot, view: CanvasView): ElementDefinition[] {
  const namespaces = new Map<string, ReviewNamespace>();
  for (const namespace of snapshot.namespaces) namespaces.set(namespace.name, namespace);
  // A workload whose namespace object is not in the input still needs a box to sit in.
  for (const workload of snapshot.workloads) {
    if (!namespaces.has(workload.namespace)) namespaces.set(workload.namespace, { name: workload.namespace, labels: {}, defaultDeny: { ingress: false, egress: false } });
  }
  const workloads = [...snapshot.workloads].sort((a, b) => byString(a.id, b.id));
  const workloadCount = new Map<string, number>();
  for (const workload of workloads) workloadCount.set(workload.namespace, (workloadCount.get(workload.namespace) ?? 0) + 1);

  const placement: Placement = new Map();
  for (const workload of workloads) {
    if (view.collapsedNamespaces.has(workload.namespace)) placement.set(workload.id, namespaceNodeId(workload.namespace));
  }
  const { edges: mergedEdges, inside } = mergeEdges(snapshot.connections, placement);
  const elements: ElementDefinition[] = [];
  if (snapshot.externals.length > 0) {
    elements.push({ group: 'nodes', data: { id: EXTERNAL_ZONE_ID, kind: 'zone' satisfies CanvasNodeKind, label: 'external addresses' }, classes: ['zone'] });
  }
  for (const name of [...namespaces.keys()].sort(byString)) {
    const namespace = namespaces.get(name) as ReviewNamespace;
    const collapsed = view.collapsedNamespaces.has(name);
    const classes = ['namespace'];
    if (namespace.defaultDeny.ingress) classes.push('default-deny-ingress');
    if (namespace.defaultDeny.egress) classes.push('default-deny-egress');
    if (collapsed) classes.push('collapsed');
    const hidden = collapsed ? { workloads: workloadCount.get(name) ?? 0, connections: inside.get(namespaceNodeId(name)) ?? 0 } : undefined;
    const label = namespaceLabel(namespace, hidden);
    elements.push({ group: 'nodes', data: { id: namespaceNodeId(name), kind: 'namespace' satisfies CanvasNodeKind, label, name }, classes });
  }
  for (const workload of workloads) {
    if (!placement.has(workload.id)) elements.push(workloadElement(workload));
  }
  const externalIds = new Set<string>();
  for (const external of snapshot.externals) {
    externalIds.add(external.id);
    const classes = ['external', ...[...external.roles].sort(byString).map((role) => `role-${role}`)];
    elements.push({ group: 'nodes', data: { id: external.id, parent: EXTERNAL_ZONE_ID, kind: 'external' satisfies CanvasNodeKind, label: externalLabel(external) }, classes });
  }
  const edges = mergedEdges
    .sort((a, b) => byString(edgeId(a.source, a.target), edgeId(b.source, b.target)))
    .map((edge) => edgeElement(edge, externalIds));
  elements.push(...edges);

  const edgeOfConnection = (id: string): string | undefined => {
    const [source, destination] = id.split('=>');
    if (source === undefined || destination === undefined) return undefined;
    const from = placement.get(source) ?? source;
    const to = placement.get(destination) ?? destination;
    // A connection hidden inside a collapsed namespace is stood for by the namespace.
    return from === to ? from : edgeId(from, to);
  };
  markView(elements, view, (id) => placement.get(id) ?? (id.includes('=>') ? edgeOfConnection(id) : undefined) ?? id);
  return elements;
}
