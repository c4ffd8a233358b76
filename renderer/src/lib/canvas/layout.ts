// Places the nodes. Graphs of up to a few hundred workloads get the compound force layout
// (cytoscape-fcose), followed by a pass that pushes overlapping namespace boxes apart; larger ones
// get namespaces as grids packed in rows, which takes milliseconds where fcose takes seconds and
// still draws namespaces over each other when connections cross them everywhere. Both give the
// same picture for the same graph every time.
import type { Core, LayoutOptions, NodeCollection, NodeSingular } from 'cytoscape';
import cytoscape from 'cytoscape';
import type { FcoseLayoutOptions } from 'cytoscape-fcose';
import fcose from 'cytoscape-fcose';
import type { Size } from './boxes';
import { gridColumns, packShelves, separateBoxes, shelfWidth } from './boxes';
import { seededRandom } from '../seededRandom';

/** Above either count, the grid layout is used: fcose needs seconds from about 500 nodes. */
export const FORCE_LAYOUT_LIMIT = { leaves: 300, edges: 1500 };
/** Space between namespace boxes (their titles sit above them, inside this gap). */
const CONTAINER_GAP = 48;
/** Space between workloads in a grid. */
const CELL_GAP = 36;
/** Width over height aimed at for grids and for the whole picture (a landscape window). */
const ASPECT = 1.6;
/** Height of one line of a namespace title (14px bold with line height 1.35, rounded up). */
const TITLE_LINE = 20;

let registered = false;

/** Registers fcose with Cytoscape once per page (registering twice makes Cytoscape warn). */
export function registerLayouts(): void {
  if (registered) return;
  cytoscape.use(fcose);
  registered = true;
}

export function fcoseOptions(): FcoseLayoutOptions {
  return {
    name: 'fcose',
    quality: 'default',
    randomize: true,
    // No animation: the layout finishes inside run(), so its result depends only on the graph.
    animate: false,
    fit: false,
    nodeDimensionsIncludeLabels: true,
    uniformNodeDimensions: false,
    packComponents: false,
    nodeRepulsion: () => 4500,
    idealEdgeLength: () => 70,
    edgeElasticity: () => 0.45,
    nestingFactor: 0.6,
    gravity: 0.3,
    gravityCompound: 1.2,
    gravityRangeCompound: 1.6,
    numIter: 2500,
    tile: true,
    tilingPaddingVertical: 24,
    tilingPaddingHorizontal: 24,
    nodeSeparation: 80,
  };
}

/** A small seeded generator (mulberry32): enough to make fcose's random start repeatable. */
export { seededRandom };

const byId = (a: NodeSingular, b: NodeSingular) => (a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0);

/** Top-level nodes (namespaces, the external zone) in a fixed order: the zone first, then by id. */
function containers(cy: Core): NodeSingular[] {
  const zoneFirst = (node: NodeSingular) => (node.data('kind') === 'zone' ? 0 : 1);
  return cy
    .nodes()
    .orphans()
    .toArray()
    .sort((a, b) => zoneFirst(a) - zoneFirst(b) || byId(a, b));
}

/** The leaves that move with a top-level node: its workloads, or itself when it has none. */
function leavesOf(container: NodeSingular): NodeSingular[] {
  return container.isParent() ? (container.descendants().filter((node) => node.isChildless()).toArray() as NodeSingular[]) : [container];
}

function shiftLeaves(leaves: readonly NodeSingular[], offset: { x: number; y: number }): void {
  if (offset.x === 0 && offset.y === 0) return;
  for (const leaf of leaves) {
    const position = leaf.position();
    leaf.position({ x: position.x + offset.x, y: position.y + offset.y });
  }
}

/** Pushes overlapping workloads of one namespace apart. */
function separateChildren(parent: NodeSingular): void {
  const children = parent.children().toArray() as NodeSingular[];
  if (children.length < 2) return;
  const offsets = separateBoxes(
    children.map((child) => child.boundingBox({ includeLabels: true, includeOverlays: false })),
    CELL_GAP / 3,
    50,
  );
  children.forEach((child, index) => shiftLeaves([child], offsets[index] ?? { x: 0, y: 0 }));
}

/**
 * Clears overlaps the force layout leaves behind: workloads within each namespace, then the
 * namespace boxes (with their titles) among themselves, each box moving with its workloads.
 */
export function separateContainers(cy: Core, within: readonly NodeSingular[] = cy.nodes().orphans().filter((node) => node.isParent()).toArray() as NodeSingular[]): void {
  cy.batch(() => {
    for (const parent of within) separateChildren(parent);
  });
  const tops = containers(cy);
  const offsets = separateBoxes(
    tops.map((node) => node.boundingBox({ includeLabels: true, includeOverlays: false })),
    CONTAINER_GAP / 2,
  );
  cy.batch(() => {
    tops.forEach((node, index) => shiftLeaves(leavesOf(node), offsets[index] ?? { x: 0, y: 0 }));
  });
}

/** The grid of `count` cells of the given size, centred on `centre`: the centre of each cell in order. */
function gridCentres(count: number, cell: Size, centre: { x: number; y: number }): { x: number; y: number }[] {
  const columns = gridColumns(count, cell, ASPECT);
  const rows = Math.ceil(count / columns);
  const left = centre.x - (columns * cell.width) / 2;
  const top = centre.y - (rows * cell.height) / 2;
  return Array.from({ length: count }, (_, index) => ({
    x: left + ((index % columns) + 0.5) * cell.width,
    y: top + (Math.floor(index / columns) + 0.5) * cell.height,
  }));
}

/**
 * Places workloads that have no position yet (those of a namespace being expanded for the first
 * time) in a grid around where their namespace was, then clears overlaps, so that the rest of the
 * picture stays where the user has it. `centreOf` gives a namespace's last place; false when some
 * node has no namespace with a known place, for which the caller runs a full layout instead.
 */
export function placeAdded(cy: Core, ids: readonly string[], centreOf: (parentId: string) => { x: number; y: number } | undefined): boolean {
  const byParent = new Map<string, NodeSingular[]>();
  for (const id of ids) {
    const node = cy.getElementById(id);
    const parentId = node.data('parent') as string | undefined;
    if (node.empty() || parentId === undefined || !centreOf(parentId)) return false;
    byParent.set(parentId, [...(byParent.get(parentId) ?? []), node as NodeSingular]);
  }
  cy.batch(() => {
    for (const [parentId, nodes] of byParent) {
      nodes.sort(byId);
      const cell = {
        width: Math.max(...nodes.map((node) => node.outerWidth())) + CELL_GAP,
        height: Math.max(...nodes.map((node) => node.outerHeight())) + CELL_GAP,
      };
      const centres = gridCentres(nodes.length, cell, centreOf(parentId) as { x: number; y: number });
      nodes.forEach((node, index) => node.position(centres[index] ?? { x: 0, y: 0 }));
    }
  });
  separateContainers(cy, [...byParent.keys()].map((id) => cy.getElementById(id) as NodeSingular));
  return true;
}

/**
 * Places new nodes beside what is already placed, leaving every placed node where it is: a node
 * of a namespace (or of the external zone) to the right of its siblings, anything else to the
 * right of the whole picture; then clears overlaps. False when nothing is placed yet, for which
 * the caller runs a full layout instead.
 */
export function placeBeside(cy: Core, ids: readonly string[]): boolean {
  const pending = new Set(ids);
  const isPlacedLeaf = (node: NodeSingular) => node.isChildless() && !pending.has(node.id());
  if (cy.nodes().filter(isPlacedLeaf).empty()) return false;
  cy.batch(() => {
    for (const id of [...ids].sort(comparePlainIds)) {
      const node = cy.getElementById(id) as NodeSingular;
      if (node.empty()) {
        pending.delete(id);
        continue;
      }
      const parent = node.parent();
      const siblings = parent.nonempty() ? (node.siblings().filter(isPlacedLeaf) as NodeCollection) : cy.collection();
      const box = (siblings.nonempty() ? siblings : cy.nodes().filter(isPlacedLeaf)).boundingBox({ includeLabels: true, includeOverlays: false });
      const y = siblings.nonempty() ? (box.y1 + box.y2) / 2 : box.y1 + node.outerHeight() / 2;
      node.position({ x: box.x2 + CELL_GAP + node.outerWidth() / 2, y });
      pending.delete(id);
    }
  });
  separateContainers(cy);
  return true;
}

function comparePlainIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function titleHeight(node: NodeSingular): number {
  return String(node.data('label') ?? '').split('\n').length * TITLE_LINE + 8;
}

/** Each namespace as a grid of its workloads, the namespaces packed in rows. */
export function gridLayout(cy: Core): void {
  const units = containers(cy).map((container) => {
    const children = container.children().toArray().sort(byId);
    if (children.length === 0) return { container, children, cell: { width: 0, height: 0 }, columns: 0, padding: 0, title: 0, size: { width: container.outerWidth(), height: container.outerHeight() } };
    const cell = {
      width: Math.max(...children.map((child) => child.outerWidth())) + CELL_GAP,
      height: Math.max(...children.map((child) => child.outerHeight())) + CELL_GAP,
    };
    const columns = gridColumns(children.length, cell, ASPECT);
    const rows = Math.ceil(children.length / columns);
    const padding = Number(container.numericStyle('padding')) || 0;
    const title = titleHeight(container);
    const size: Size = { width: columns * cell.width + 2 * padding, height: rows * cell.height + 2 * padding + title };
    return { container, children, cell, columns, padding, title, size };
  });
  const sizes = units.map((unit) => unit.size);
  const corners = packShelves(sizes, shelfWidth(sizes, CONTAINER_GAP, ASPECT), CONTAINER_GAP);
  cy.batch(() => {
    units.forEach((unit, index) => {
      const corner = corners[index] ?? { x: 0, y: 0 };
      if (unit.children.length === 0) {
        unit.container.position({ x: corner.x + unit.size.width / 2, y: corner.y + unit.size.height / 2 });
        return;
      }
      unit.children.forEach((child, position) => {
        const column = position % unit.columns;
        const row = Math.floor(position / unit.columns);
        child.position({
          x: corner.x + unit.padding + (column + 0.5) * unit.cell.width,
          y: corner.y + unit.title + unit.padding + (row + 0.5) * unit.cell.height,
        });
      });
    });
  });
}

export type LayoutKind = 'force' | 'grid';

export function layoutKindFor(cy: Core): LayoutKind {
  const leaves = cy.nodes().filter((node) => node.isChildless()).length;
  return leaves > FORCE_LAYOUT_LIMIT.leaves || cy.edges().length > FORCE_LAYOUT_LIMIT.edges ? 'grid' : 'force';
}

/**
 * Lays the graph out and resolves when it is done. fcose draws its spectral start from
 * Math.random and offers no seed, so Math.random is swapped for a seeded generator for the
 * duration of the (synchronous, unanimated) run: the same graph then always gets the same picture,
 * which users expect when reopening a file and end-to-end tests rely on.
 */
export function runLayout(cy: Core, seed = 1): Promise<void> {
  if (layoutKindFor(cy) === 'grid') {
    gridLayout(cy);
    return Promise.resolve();
  }
  // fcose's result depends on the order of its input, and Cytoscape's order depends on the history
  // of patches (collapsing and expanding re-adds workloads at the end), so the input is sorted.
  const eles = cy.elements().sort((a, b) => (a.isNode() === b.isNode() ? (a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0) : a.isNode() ? -1 : 1));
  // Cytoscape's own types list only the built-in layouts.
  const layout = cy.layout({ ...fcoseOptions(), eles } as unknown as LayoutOptions);
  const stopped = new Promise<void>((resolve) => {
    layout.one('layoutstop', () => {
      separateContainers(cy);
      resolve();
    });
  });
  const random = Math.random;
  Math.random = seededRandom(seed);
  try {
    layout.run();
  } finally {
    Math.random = random;
  }
  return stopped;
}
