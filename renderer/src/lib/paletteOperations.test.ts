import { describe, expect, it } from 'vitest';
import { externalFromForm, itemAddition, namespaceFromForm, unusedName, workloadFromForm } from './paletteOperations';
import { snapshotOf, workload } from './testSnapshots';

const snapshot = snapshotOf([workload('shop', 'workload-1', {}), workload('shop', 'web', {})]);

describe('palette forms', () => {
  it('read labels and ports, refusing what is not key=value or name:port/protocol', () => {
    expect(namespaceFromForm(' shop ', 'team=web')).toEqual({ ok: true, operation: { type: 'add-namespace', name: 'shop', labels: { team: 'web' } }, done: 'Added namespace shop.' });
    expect(namespaceFromForm('shop', 'team')).toEqual({ ok: false, error: 'Labels: "team" is not key=value.' });
    expect(workloadFromForm({ namespace: 'shop', name: 'web', kind: 'Deployment', labels: 'app=web', ports: 'http:80/TCP' })).toMatchObject({
      ok: true,
      operation: { type: 'add-workload', namespace: 'shop', name: 'web', kind: 'Deployment', labels: { app: 'web' }, ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] },
    });
    expect(workloadFromForm({ namespace: 'shop', name: 'web', kind: 'Deployment', labels: '', ports: 'eighty' }).ok).toBe(false);
    expect(externalFromForm(' Internet ', ' 0.0.0.0/0 ')).toMatchObject({ ok: true, operation: { type: 'add-external', name: 'Internet', cidr: '0.0.0.0/0' } });
  });
});

describe('palette items', () => {
  it('name themselves with the first free number and land at the drop point, rounded', () => {
    expect(unusedName('workload', ['workload-1', 'workload-3'])).toBe('workload-2');
    expect(itemAddition('workload', snapshot, [], { namespace: 'shop', position: { x: 10.4, y: -3.6 } })).toEqual({
      ok: true,
      operation: { type: 'add-workload', namespace: 'shop', name: 'workload-2', kind: 'Deployment', labels: { app: 'workload-2' }, ports: [], position: { x: 10, y: -4 } },
      done: 'Added Deployment workload-2 to shop: rename it, give it labels and ports in the inspector.',
      select: 'shop/workload-2[Deployment]',
    });
    expect(itemAddition('namespace', snapshot, [], {})).toMatchObject({ ok: true, operation: { type: 'add-namespace', name: 'namespace-1', labels: {} }, select: 'namespace:namespace-1' });
    expect(itemAddition('external', snapshot, [{ name: 'block-1' }], {})).toMatchObject({ ok: true, operation: { type: 'add-external', name: 'block-2', cidr: '0.0.0.0/0' } });
  });
  it('refuse a workload with no namespace to go into', () => {
    expect(itemAddition('workload', snapshot, [], { position: { x: 0, y: 0 } })).toEqual({ ok: false, error: 'Drop the workload into a namespace (add a namespace first).' });
  });
});
