import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { listen } from './listeners';

describe('listen', () => {
  it('registers core and delegated listeners and removes exactly them', () => {
    const cy = cytoscape({ headless: true, elements: [{ data: { id: 'n' } }] });
    const calls: string[] = [];
    const other = () => calls.push('other');
    cy.on('tap', other);
    const dispose = listen(cy, [
      { events: 'tap', handler: () => calls.push('core') },
      { events: 'tap dbltap', selector: 'node', handler: (event) => calls.push(`${event.type}:${(event.target as cytoscape.NodeSingular).id()}`) },
    ]);
    cy.getElementById('n').emit('tap');
    cy.getElementById('n').emit('dbltap');
    expect(calls).toEqual(['other', 'core', 'tap:n', 'dbltap:n']);
    calls.length = 0;
    dispose();
    dispose();
    cy.getElementById('n').emit('tap');
    expect(calls).toEqual(['other']);
  });
});
