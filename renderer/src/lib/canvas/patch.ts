// Applies a projected element list to a live Cytoscape instance by id (CONVENTIONS 8, after
// react-cytoscapejs `patch.js`): only what differs is touched, inside one batch, so kept nodes
// keep their positions and an identical list changes nothing.
import type { Core, ElementDefinition, NodeSingular, Position, SingularElementArgument } from 'cytoscape';

export interface PatchResult {
  added: string[];
  removed: string[];
  /** Data or classes changed. */
  updated: string[];
  /** Moved to another parent (nodes) or other endpoints (edges). */
  moved: string[];
}

export interface PatchOptions {
  /** Where to put an added node; nodes without one start at the origin until a layout runs. */
  positionOf?: (id: string) => Position | undefined;
}

/** Keys that live in Cytoscape's data but are structure, changed only through `move`. */
const STRUCTURAL = new Set(['id', 'parent', 'source', 'target']);

function idOf(definition: ElementDefinition): string {
  const id = definition.data.id;
  if (typeof id !== 'string') throw new Error('patch needs an id on every element');
  return id;
}

function classList(definition: ElementDefinition): string[] {
  const classes = definition.classes ?? [];
  return typeof classes === 'string' ? classes.split(/\s+/).filter(Boolean) : classes;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function parentOf(definition: ElementDefinition): string | null {
  const parent = (definition.data as { parent?: unknown }).parent;
  return typeof parent === 'string' ? parent : null;
}

/** Brings one kept element to its new definition; says whether it changed and whether it moved. */
function update(element: SingularElementArgument, definition: ElementDefinition): { changed: boolean; moved: boolean } {
  let changed = false;
  let moved = false;
  const wanted = definition.data as Record<string, unknown>;
  if (element.isEdge()) {
    const source = wanted.source as string;
    const target = wanted.target as string;
    if (element.data('source') !== source || element.data('target') !== target) {
      element.move({ source, target });
      moved = true;
    }
  } else {
    const parent = parentOf(definition);
    const currentParent = (element.data('parent') as string | undefined) ?? null;
    if (currentParent !== parent) {
      (element as NodeSingular).move({ parent });
      moved = true;
    }
  }
  const current = element.data() as Record<string, unknown>;
  // removeData leaves the key holding undefined, which counts as absent.
  const stale = Object.keys(current).filter((key) => !STRUCTURAL.has(key) && !(key in wanted) && current[key] !== undefined);
  if (stale.length > 0) {
    element.removeData(stale.join(' '));
    changed = true;
  }
  const fresh: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted)) {
    if (!STRUCTURAL.has(key) && !sameValue(current[key], value)) fresh[key] = value;
  }
  if (Object.keys(fresh).length > 0) {
    element.data(fresh);
    changed = true;
  }
  const classes = classList(definition);
  const currentClasses = element.classes();
  if (classes.length !== currentClasses.length || classes.some((name) => !element.hasClass(name))) {
    element.classes(classes);
    changed = true;
  }
  return { changed, moved };
}

/** Makes `cy` hold exactly `definitions` (by id, data, classes and parent), touching only differences. */
export function patch(cy: Core, definitions: readonly ElementDefinition[], options: PatchOptions = {}): PatchResult {
  const result: PatchResult = { added: [], removed: [], updated: [], moved: [] };
  const wanted = new Map<string, ElementDefinition>();
  for (const definition of definitions) wanted.set(idOf(definition), definition);

  cy.batch(() => {
    const additions: ElementDefinition[] = [];
    const addedIds = new Set<string>();
    for (const [id, definition] of wanted) {
      const element = cy.getElementById(id);
      if (element.empty()) {
        const position = definition.group === 'edges' ? undefined : options.positionOf?.(id);
        additions.push(position ? { ...definition, data: { ...definition.data }, position } : { ...definition, data: { ...definition.data } });
        addedIds.add(id);
      }
    }
    // Nodes first (parents before children, as the projection orders them), then edges, whose ends
    // must exist; kept elements are updated in between so a moved node is in place for its edges.
    result.added = [...addedIds];
    const addedNodes = additions.filter((definition) => definition.group !== 'edges');
    if (addedNodes.length > 0) cy.add(addedNodes);
    for (const [id, definition] of wanted) {
      if (addedIds.has(id)) continue;
      const { changed, moved } = update(cy.getElementById(id), definition);
      if (moved) result.moved.push(id);
      if (changed) result.updated.push(id);
    }
    const addedEdges = additions.filter((definition) => definition.group === 'edges');
    if (addedEdges.length > 0) cy.add(addedEdges);
    // Edges before nodes, and children before parents: removing a parent would take its children.
    const gone = cy.elements().filter((element) => !wanted.has(element.id()));
    const goneEdges = gone.edges();
    const goneNodes = gone.nodes().sort((a, b) => b.ancestors().length - a.ancestors().length);
    for (const element of [...goneEdges, ...goneNodes]) {
      if (element.removed()) continue;
      result.removed.push(element.id());
      element.remove();
    }
  });
  return result;
}
