// The view half of a design: canvas node ids and positions. View state never changes semantics
// (DESIGN.md "The model"); these helpers keep it in step with the inventory (a renamed workload
// keeps its place, a deleted one loses it) and return the same object when nothing changes, so
// unchanged designs stay identical for the engine's caches and the history's dirty check.
import type { CanvasPosition } from '../common/design';
import type { ClusterModel, Design, DesignView } from '../common/model';
import { workloadId } from '../engine/connectivity';

export function namespaceNodeId(name: string): string {
  return `namespace:${name}`;
}

export function externalNodeId(name: string): string {
  return `external:${name}`;
}

/** `ns/name[Kind]` read back into its parts, or undefined when it is not a workload id. */
export function parseWorkloadId(id: string): { namespace: string; name: string; kind: string } | undefined {
  const match = /^([^/]*)\/(.*)\[([^\]]+)\]$/.exec(id);
  return match ? { namespace: match[1] as string, name: match[2] as string, kind: match[3] as string } : undefined;
}

const nodeIdCache = new WeakMap<ClusterModel, ReadonlySet<string>>();

/** Every canvas node of a model: declared and implied namespaces, workloads, external blocks. */
export function nodeIdsOf(model: ClusterModel): ReadonlySet<string> {
  const cached = nodeIdCache.get(model);
  if (cached) return cached;
  const ids = new Set<string>();
  for (const namespace of model.namespaces) ids.add(namespaceNodeId(namespace.name));
  for (const workload of model.workloads) {
    ids.add(namespaceNodeId(workload.namespace));
    ids.add(workloadId(workload));
  }
  for (const policy of model.policies) ids.add(namespaceNodeId(policy.namespace));
  for (const block of model.externalBlocks ?? []) ids.add(externalNodeId(block.name));
  nodeIdCache.set(model, ids);
  return ids;
}

export interface ViewChanges {
  /** Nodes that no longer exist. */
  remove?: readonly string[];
  /** Nodes whose id changed: the position moves to the new id. */
  rename?: readonly (readonly [from: string, to: string])[];
  /** New positions. */
  set?: Readonly<Record<string, CanvasPosition>>;
  /** Namespaces that no longer exist (left out of the collapsed list). */
  removeNamespaces?: readonly string[];
}

function samePoint(a: CanvasPosition | undefined, b: CanvasPosition): boolean {
  return a !== undefined && a.x === b.x && a.y === b.y;
}

/** The view with the changes applied; the same object when they change nothing. */
export function changeView(view: DesignView, changes: ViewChanges): DesignView {
  let positions: Record<string, CanvasPosition> | undefined;
  const edit = (): Record<string, CanvasPosition> => (positions ??= { ...view.positions });
  for (const [from, to] of changes.rename ?? []) {
    const point = view.positions[from];
    if (point === undefined || from === to) continue;
    delete edit()[from];
    edit()[to] = point;
  }
  for (const id of changes.remove ?? []) {
    if (Object.hasOwn(positions ?? view.positions, id)) delete edit()[id];
  }
  for (const [id, point] of Object.entries(changes.set ?? {})) {
    if (!samePoint((positions ?? view.positions)[id], point)) edit()[id] = { x: point.x, y: point.y };
  }
  const gone = new Set(changes.removeNamespaces ?? []);
  const collapsed = view.collapsedNamespaces;
  const keptCollapsed = collapsed && gone.size > 0 && collapsed.some((name) => gone.has(name)) ? collapsed.filter((name) => !gone.has(name)) : collapsed;
  if (positions === undefined && keptCollapsed === collapsed) return view;
  const next: DesignView = { ...view, positions: positions ?? view.positions };
  if (keptCollapsed !== undefined && keptCollapsed.length > 0) next.collapsedNamespaces = keptCollapsed;
  else delete next.collapsedNamespaces;
  return next;
}

/** The design with the view changed; the same design when nothing changes. */
export function withView(design: Design, changes: ViewChanges): Design {
  const view = changeView(design.view, changes);
  return view === design.view ? design : { model: design.model, view };
}

/** New positions for the nodes of the design that exist; others are left out. */
export function setPositions(design: Design, positions: Readonly<Record<string, CanvasPosition>>): Design {
  const nodes = nodeIdsOf(design.model);
  const known = Object.entries(positions).filter(([id]) => nodes.has(id));
  return withView(design, { set: Object.fromEntries(known) });
}

/** The namespaces shown collapsed (only those that exist, once each, in plain order). */
export function setCollapsed(design: Design, namespaces: readonly string[]): Design {
  const nodes = nodeIdsOf(design.model);
  const wanted = [...new Set(namespaces)].filter((name) => nodes.has(namespaceNodeId(name))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const current = design.view.collapsedNamespaces ?? [];
  if (wanted.length === current.length && wanted.every((name, index) => name === current[index])) return design;
  const view: DesignView = { ...design.view };
  if (wanted.length > 0) view.collapsedNamespaces = wanted;
  else delete view.collapsedNamespaces;
  return { model: design.model, view };
}
