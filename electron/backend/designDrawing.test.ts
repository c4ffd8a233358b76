// Issue 5's hands-on lab at the backend level: build the picture with design operations, switch on
// default deny, draw frontend → backend on TCP 80, apply the proposal, and check the result with
// the engine's eyes (the same snapshot the window draws).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DesignOperation } from '../common/design';
import { createBackendHandlers } from './handlers';

const resourcesDir = fileURLToPath(new URL('../../resources/', import.meta.url));

function connections(snapshot: { connections: { source: string; destination: string; connection: string }[] }): string[] {
  return snapshot.connections.map((c) => `${c.source} => ${c.destination} : ${c.connection}`);
}

describe('drawing an edge in a design', () => {
  it('rebuilds the seed lab: default deny, then frontend → backend on TCP 80 only', async () => {
    const backend = createBackendHandlers({ resourcesDir });
    let snapshot = await backend['design:new']({});
    const designId = snapshot.designId;
    const operations: DesignOperation[] = [
      { type: 'add-namespace', name: 'netpol-demo', labels: {} },
      ...['frontend', 'backend', 'database'].map((tier): DesignOperation => ({
        type: 'add-workload',
        namespace: 'netpol-demo',
        name: tier,
        kind: 'Deployment',
        labels: { tier },
        ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
      })),
      { type: 'set-default-deny', namespace: 'netpol-demo', ingress: true, egress: false },
    ];
    for (const operation of operations) snapshot = await backend['design:apply']({ designId, operation });
    expect(connections(snapshot).filter((line) => line.includes('=> netpol-demo/'))).toEqual([]);

    const proposal = await backend['design:proposeAllow']({
      designId,
      intent: { source: { kind: 'workload', id: 'netpol-demo/frontend[Deployment]' }, destination: { kind: 'workload', id: 'netpol-demo/backend[Deployment]' }, ports: [{ protocol: 'TCP', port: 80 }] },
    });
    expect(proposal).toMatchObject({ needed: true, verified: true, collateral: [] });
    expect(proposal.affectedPairs.map((row) => `${row.type} ${row.source} ${row.destination} ${row.ref2}`)).toEqual([
      'added netpol-demo/frontend[Deployment] netpol-demo/backend[Deployment] TCP 80',
    ]);

    snapshot = await backend['design:apply']({ designId, operation: { type: 'policy-changes', changes: proposal.changes, label: 'Allow frontend → backend' } });
    expect(connections(snapshot).filter((line) => line.includes('=> netpol-demo/'))).toEqual(['netpol-demo/frontend[Deployment] => netpol-demo/backend[Deployment] : TCP 80']);
    expect(snapshot.dirty).toBe(true);
    expect(snapshot.undoLabel).toBe('Allow frontend → backend');

    const again = await backend['design:proposeAllow']({
      designId,
      intent: { source: { kind: 'workload', id: 'netpol-demo/frontend[Deployment]' }, destination: { kind: 'workload', id: 'netpol-demo/backend[Deployment]' }, ports: [{ protocol: 'TCP', port: 80 }] },
    });
    expect(again.needed).toBe(false);

    const deny = await backend['design:proposeDeny']({ designId, pair: { source: { kind: 'workload', id: 'netpol-demo/frontend[Deployment]' }, destination: { kind: 'workload', id: 'netpol-demo/backend[Deployment]' } } });
    expect(deny).toMatchObject({ needed: true, verified: true, collateral: [] });
    snapshot = await backend['design:apply']({ designId, operation: { type: 'policy-changes', changes: deny.changes } });
    expect(connections(snapshot).filter((line) => line.includes('=> netpol-demo/'))).toEqual([]);

    snapshot = await backend['design:undo']({ designId });
    expect(connections(snapshot).filter((line) => line.includes('=> netpol-demo/'))).toEqual(['netpol-demo/frontend[Deployment] => netpol-demo/backend[Deployment] : TCP 80']);
  });
});
