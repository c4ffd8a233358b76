import type { Core, ElementDefinition } from 'cytoscape';
import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { patch } from './patch';

type Definition = ElementDefinition & { classes: string[] };

const node = (id: string, parent?: string, data: Record<string, unknown> = {}, classes: string[] = []): Definition => ({
  group: 'nodes',
  data: parent === undefined ? { id, ...data } : { id, parent, ...data },
  classes,
});
const edge = (source: string, target: string, data: Record<string, unknown> = {}, classes: string[] = []): Definition => ({
  group: 'edges',
  data: { id: `${source}=>${target}`, source, target, ...data },
  classes,
});

/** What the graph holds, in a comparable form: id, parent or ends, data without structure, sorted classes. */
function snapshotOf(cy: Core) {
  return cy
    .elements()
    .map((element) => {
      const { id, parent, source, target, ...data } = element.data() as Record<string, unknown>;
      return { id, parent: parent ?? null, source: source ?? null, target: target ?? null, data, classes: [...element.classes()].sort() };
    })
    .sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
}

function expected(definitions: Definition[]) {
  return definitions
    .map((definition) => {
      const { id, parent, source, target, ...data } = definition.data as Record<string, unknown>;
      return { id, parent: parent ?? null, source: source ?? null, target: target ?? null, data, classes: [...definition.classes].sort() };
    })
    .sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
}

const A: Definition[] = [
  node('ns:a', undefined, { label: 'a' }),
  node('ns:b', undefined, { label: 'b' }),
  node('w1', 'ns:a', { label: 'one' }, ['workload']),
  node('w2', 'ns:a', { label: 'two', extra: 1 }, ['workload', 'isolated-ingress']),
  node('w3', 'ns:b', { label: 'three' }),
  node('gone', 'ns:b', { label: 'gone' }),
  edge('w1', 'w2', { label: 'TCP 80' }, ['ports']),
  edge('w2', 'gone', { label: 'all' }, ['all']),
  edge('w3', 'w1', { label: 'all' }, ['all']),
];

const B: Definition[] = [
  node('ns:a', undefined, { label: 'a' }),
  node('ns:c', undefined, { label: 'c' }),
  node('w1', 'ns:a', { label: 'one' }, ['workload', 'selected']),
  node('w2', 'ns:c', { label: 'two, moved' }, ['workload']),
  node('w3', undefined, { label: 'three' }),
  node('w4', 'ns:c', { label: 'four' }),
  edge('w1', 'w2', { label: 'TCP 80,TCP 443' }, ['ports']),
  edge('w4', 'w1', { label: 'all' }, ['all']),
  edge('w3', 'w1', { label: 'all' }, ['all']),
];

function graph(definitions: ElementDefinition[]): Core {
  const cy = cytoscape({ headless: true, styleEnabled: false });
  patch(cy, definitions);
  return cy;
}

describe('patch', () => {
  it('builds a graph from nothing', () => {
    const cy = graph(A);
    expect(snapshotOf(cy)).toEqual(expected(A));
  });

  it('turns A into exactly B: ids, parents, ends, data and classes', () => {
    const cy = graph(A);
    const result = patch(cy, B);
    expect(snapshotOf(cy)).toEqual(expected(B));
    expect(result.added.sort()).toEqual(['ns:c', 'w4', 'w4=>w1']);
    expect(result.removed.sort()).toEqual(['gone', 'ns:b', 'w2=>gone']);
    expect(result.moved.sort()).toEqual(['w2', 'w3']);
    expect(result.updated.sort()).toEqual(['w1', 'w1=>w2', 'w2']);
  });

  it('keeps the positions of kept nodes, including moved ones, and places added nodes where asked', () => {
    const cy = graph(A);
    cy.getElementById('w1').position({ x: 10, y: 20 });
    cy.getElementById('w2').position({ x: 200, y: 20 });
    cy.getElementById('w3').position({ x: -50, y: 70 });
    patch(cy, B, { positionOf: (id) => (id === 'w4' ? { x: 5, y: 5 } : undefined) });
    expect(cy.getElementById('w1').position()).toEqual({ x: 10, y: 20 });
    expect(cy.getElementById('w2').position()).toEqual({ x: 200, y: 20 });
    expect(cy.getElementById('w3').position()).toEqual({ x: -50, y: 70 });
    expect(cy.getElementById('w4').position()).toEqual({ x: 5, y: 5 });
  });

  it('keeps element identity for kept elements', () => {
    const cy = graph(A);
    const w1 = cy.getElementById('w1');
    const edgeW3W1 = cy.getElementById('w3=>w1');
    patch(cy, B);
    expect(cy.getElementById('w1').same(w1)).toBe(true);
    expect(cy.getElementById('w3=>w1').same(edgeW3W1)).toBe(true);
  });

  it('changes nothing when the same list is applied again', () => {
    const cy = graph(A);
    patch(cy, B);
    const events: string[] = [];
    cy.on('add remove data move position class', (event) => events.push(`${event.type}:${event.target === cy ? 'cy' : (event.target as { id(): string }).id()}`));
    const before = snapshotOf(cy);
    const result = patch(cy, B);
    expect(result).toEqual({ added: [], removed: [], updated: [], moved: [] });
    expect(snapshotOf(cy)).toEqual(before);
    expect(events).toEqual([]);
  });

  it('moves an edge whose ends change under the same id', () => {
    const cy = graph([node('x'), node('y'), node('z'), { group: 'edges', data: { id: 'e', source: 'x', target: 'y' }, classes: [] }]);
    const result = patch(cy, [node('x'), node('y'), node('z'), { group: 'edges', data: { id: 'e', source: 'x', target: 'z' }, classes: [] }]);
    expect(result.moved).toEqual(['e']);
    expect(cy.getElementById('e').target().id()).toBe('z');
  });

  it('collapses and expands a compound: children go, edges are re-targeted, the parent stays', () => {
    const expanded = [node('ns'), node('a', 'ns'), node('b', 'ns'), node('out'), edge('a', 'out'), edge('b', 'out')];
    const collapsed = [node('ns', undefined, {}, ['collapsed']), node('out'), edge('ns', 'out', { connections: 2 })];
    const cy = graph(expanded);
    patch(cy, collapsed);
    expect(snapshotOf(cy)).toEqual(expected(collapsed));
    expect(cy.getElementById('ns').isChildless()).toBe(true);
    patch(cy, expanded);
    expect(snapshotOf(cy)).toEqual(expected(expanded));
    expect(cy.getElementById('ns').isParent()).toBe(true);
  });

  it('accepts classes as a space-separated string', () => {
    const cy = graph([{ group: 'nodes', data: { id: 'n' }, classes: 'one two' }]);
    expect(cy.getElementById('n').classes().sort()).toEqual(['one', 'two']);
    expect(patch(cy, [{ group: 'nodes', data: { id: 'n' }, classes: 'two one' }]).updated).toEqual([]);
  });
});
