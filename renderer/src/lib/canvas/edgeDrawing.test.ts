import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { isDrawEndpoint } from './edgeDrawing';

function graph(): cytoscape.Core {
  return cytoscape({
    headless: true,
    elements: [
      { data: { id: 'namespace:a', kind: 'namespace' } },
      { data: { id: 'a/web[Deployment]', kind: 'workload', parent: 'namespace:a' } },
      { data: { id: 'a/db[Deployment]', kind: 'workload', parent: 'namespace:a' } },
      { data: { id: 'zone', kind: 'zone' } },
    ],
  });
}

describe('edge drawing', () => {
  it('accepts workloads, namespaces and externals as ends, not zones or the gesture ghost', () => {
    const cy = graph();
    expect(isDrawEndpoint(cy.getElementById('a/web[Deployment]'))).toBe(true);
    expect(isDrawEndpoint(cy.getElementById('namespace:a'))).toBe(true);
    expect(isDrawEndpoint(cy.getElementById('zone'))).toBe(false);
    expect(isDrawEndpoint(cy.add({ data: { id: 'ghost' }, classes: 'eh-ghost' }))).toBe(false);
  });

  // The gesture itself needs a DOM (edgehandles reads Element): test/e2e/designDraw.spec.ts drags it.
});
