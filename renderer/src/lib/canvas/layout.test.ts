import { fileURLToPath } from 'node:url';
import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { createBackendHandlers } from '../../../../electron/backend/handlers';
import { projectElements } from './elements';
import type { ReviewSnapshot } from '../../../../electron/common/review';
import { FORCE_LAYOUT_LIMIT, layoutKindFor, placeAdded, registerLayouts, runLayout, seededRandom } from './layout';
import { patch } from './patch';

const resourcesDir = fileURLToPath(new URL('../../../../resources', import.meta.url));

async function laidOutSample() {
  registerLayouts();
  const snapshot = await createBackendHandlers({ resourcesDir })['review:sample']({});
  // Headless Cytoscape cannot measure labels, so nodes get a fixed size here.
  const cy = cytoscape({ headless: true, styleEnabled: true, style: [{ selector: 'node', style: { width: 120, height: 60 } }] });
  patch(cy, projectElements(snapshot, { collapsedNamespaces: new Set(), selectedId: null, highlightedIds: new Set() }));
  await runLayout(cy);
  return cy;
}

describe('runLayout', () => {
  it('gives the same graph the same positions every time, and leaves Math.random alone', async () => {
    const random = Math.random;
    const first = await laidOutSample();
    const second = await laidOutSample();
    expect(Math.random).toBe(random);
    const positions = (cy: cytoscape.Core) => cy.nodes().map((node) => [node.id(), node.position()]);
    expect(positions(second)).toEqual(positions(first));
    // fcose moved the workloads away from the origin where they were added.
    expect(first.nodes('.workload').map((node) => node.position()).some((position) => position.x !== 0 || position.y !== 0)).toBe(true);
  });

  it('keeps namespaces apart', async () => {
    const cy = await laidOutSample();
    const a = cy.getElementById('namespace:netpol-demo').boundingBox();
    const b = cy.getElementById('namespace:kube-system').boundingBox();
    const overlap = a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
    expect(overlap).toBe(false);
  });
});

/** Namespaces of workloads, each linked to the next one, in the shape the backend sends. */
function syntheticSnapshot(namespaces: number, workloads: number): ReviewSnapshot {
  const names = Array.from({ length: namespaces }, (_, index) => `team-${String(index).padStart(2, '0')}`);
  const ids = Array.from({ length: workloads }, (_, index) => ({ namespace: names[index % namespaces] as string, name: `svc-${String(index).padStart(4, '0')}` }));
  return {
    sessionId: 'synthetic',
    title: 'synthetic',
    namespaces: names.map((name) => ({ name, labels: {}, defaultDeny: { ingress: false, egress: false } })),
    workloads: ids.map(({ namespace, name }) => ({
      id: `${namespace}/${name}[Deployment]`,
      namespace,
      name,
      kind: 'Deployment',
      labels: { app: name },
      ports: [],
      isolation: { ingress: true, egress: false },
      policies: { ingress: [], egress: [] },
    })),
    externals: [],
    connections: ids.map((from, index) => {
      const to = ids[(index + 1) % ids.length] as { namespace: string; name: string };
      return { source: `${from.namespace}/${from.name}[Deployment]`, destination: `${to.namespace}/${to.name}[Deployment]`, connection: 'TCP 80', set: {} };
    }),
    policies: [],
    files: [],
    diagnostics: [],
  };
}

describe('runLayout on a large graph', () => {
  it('lays namespaces out as grids packed without overlap, each workload inside its namespace', async () => {
    registerLayouts();
    const cy = cytoscape({ headless: true, styleEnabled: true, style: [{ selector: 'node', style: { width: 120, height: 60 } }, { selector: ':parent', style: { padding: '20px' } }] });
    patch(cy, projectElements(syntheticSnapshot(12, FORCE_LAYOUT_LIMIT.leaves + 100), { collapsedNamespaces: new Set(), selectedId: null, highlightedIds: new Set() }));
    expect(layoutKindFor(cy)).toBe('grid');
    await runLayout(cy);
    const namespaces = cy.nodes('.namespace').map((node) => node.boundingBox());
    for (let i = 0; i < namespaces.length; i++) {
      for (let j = i + 1; j < namespaces.length; j++) {
        const a = namespaces[i] as cytoscape.BoundingBox12;
        const b = namespaces[j] as cytoscape.BoundingBox12;
        expect(a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2).toBe(false);
      }
    }
    // No two workloads share a place.
    const places = new Set(cy.nodes('.workload').map((node) => `${node.position().x},${node.position().y}`));
    expect(places.size).toBe(cy.nodes('.workload').length);
  });
});

describe('placeAdded', () => {
  const fixedSize = [{ selector: 'node', style: { width: 100, height: 50 } }, { selector: ':parent', style: { padding: '10px' } }];

  it('puts new workloads in a grid where their namespace was and pushes the neighbour aside', () => {
    const cy = cytoscape({ headless: true, styleEnabled: true, style: fixedSize });
    cy.add([
      { data: { id: 'a' } },
      { data: { id: 'a1', parent: 'a' }, position: { x: 0, y: 0 } },
      { data: { id: 'a2', parent: 'a' }, position: { x: 150, y: 0 } },
      { data: { id: 'b' } },
      { data: { id: 'b1', parent: 'b' } },
      { data: { id: 'b2', parent: 'b' } },
      { data: { id: 'b3', parent: 'b' } },
      { data: { id: 'b4', parent: 'b' } },
    ]);
    expect(placeAdded(cy, ['b1', 'b2', 'b3', 'b4'], (parent) => (parent === 'b' ? { x: 200, y: 20 } : undefined))).toBe(true);
    const ids = ['b1', 'b2', 'b3', 'b4'];
    const places = new Set(ids.map((id) => JSON.stringify(cy.getElementById(id).position())));
    expect(places.size).toBe(4);
    const a = cy.getElementById('a').boundingBox();
    const b = cy.getElementById('b').boundingBox();
    expect(a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2).toBe(false);
    // The grid of b stays together: its four workloads keep their relative places.
    const [p1, p2] = [cy.getElementById('b1').position(), cy.getElementById('b2').position()];
    expect(p2.y).toBe(p1.y);
    expect(p2.x - p1.x).toBeGreaterThanOrEqual(100);
  });

  it('declines when a node has no namespace with a known place', () => {
    const cy = cytoscape({ headless: true, styleEnabled: true, style: fixedSize });
    cy.add([{ data: { id: 'a' } }, { data: { id: 'a1', parent: 'a' } }, { data: { id: 'lonely' } }]);
    expect(placeAdded(cy, ['a1'], () => undefined)).toBe(false);
    expect(placeAdded(cy, ['lonely'], () => ({ x: 0, y: 0 }))).toBe(false);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const values = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
  });
});
