import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DesignOperation, DesignSnapshot, PolicyChange } from '../common/design';
import type { NetworkPolicySpec } from '../common/model';
import { createBackendHandlers } from './handlers';

const resourcesDir = fileURLToPath(new URL('../../resources/', import.meta.url));

/** Namespace `a` with web (port 80) and db, ingress denied by default; nothing reaches db. */
async function lockedDesign(): Promise<{ backend: ReturnType<typeof createBackendHandlers>; snapshot: DesignSnapshot }> {
  const backend = createBackendHandlers({ resourcesDir });
  let snapshot = await backend['design:new']({});
  const operations: DesignOperation[] = [
    { type: 'add-namespace', name: 'a', labels: {} },
    { type: 'add-workload', namespace: 'a', name: 'web', kind: 'Deployment', labels: { app: 'web' }, ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] },
    { type: 'add-workload', namespace: 'a', name: 'db', kind: 'Deployment', labels: { app: 'db' }, ports: [] },
    { type: 'set-default-deny', namespace: 'a', ingress: true, egress: false },
  ];
  for (const operation of operations) snapshot = await backend['design:apply']({ designId: snapshot.designId, operation });
  return { backend, snapshot };
}

const webToDb: NetworkPolicySpec = {
  podSelector: { matchLabels: { app: 'db' } },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
};

describe('design:checkPolicy', () => {
  it('lists the pairs a valid new policy opens, and applies nothing', async () => {
    const { backend, snapshot } = await lockedDesign();
    const changes: PolicyChange[] = [{ type: 'create', policy: { namespace: 'a', name: 'db-from-web', spec: webToDb } }];
    const check = await backend['design:checkPolicy']({ designId: snapshot.designId, changes });
    expect(check.refused).toBe(false);
    expect(check.diagnostics).toEqual([]);
    expect(check.affectedPairs).toEqual([
      expect.objectContaining({ source: 'a/web[Deployment]', destination: 'a/db[Deployment]', type: 'added', ref2: 'TCP 5432' }),
    ]);
    const exported = await backend['design:export']({ designId: snapshot.designId });
    expect(JSON.stringify(exported)).not.toContain('db-from-web');
  });

  it('places each refusal on its field, in the API server words, and computes no pairs', async () => {
    const { backend, snapshot } = await lockedDesign();
    const spec: NetworkPolicySpec = {
      podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] },
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }], ports: [{ protocol: 'TCP', port: 70000 }] }],
    };
    const changes: PolicyChange[] = [{ type: 'create', policy: { namespace: 'a', name: 'Bad_Name', spec } }];
    const check = await backend['design:checkPolicy']({ designId: snapshot.designId, changes });
    expect(check.refused).toBe(true);
    expect(check.affectedPairs).toEqual([]);
    const byField = Object.fromEntries(check.diagnostics.map((diagnostic) => [diagnostic.fieldPath, diagnostic.message]));
    expect(Object.keys(byField).sort()).toEqual(
      ['metadata.name', 'spec.ingress[0].from[0].ipBlock.cidr', 'spec.ingress[0].ports[0].port', 'spec.podSelector.matchExpressions[0].values'].sort(),
    );
    expect(byField['spec.ingress[0].ports[0].port']).toContain('must be between 1 and 65535, inclusive');
    expect(byField['spec.podSelector.matchExpressions[0].values']).toContain('must be specified when `operator` is \'In\' or \'NotIn\'');
    // design:apply refuses the same edit.
    await expect(backend['design:apply']({ designId: snapshot.designId, operation: { type: 'policy-changes', changes } })).rejects.toThrow(/is invalid/);
  });

  it('refuses a policy in a missing namespace and a name already taken', async () => {
    const { backend, snapshot } = await lockedDesign();
    const taken = snapshot.policies[0]?.name ?? '';
    const check = await backend['design:checkPolicy']({
      designId: snapshot.designId,
      changes: [
        { type: 'create', policy: { namespace: 'nowhere', name: 'p', spec: {} } },
        { type: 'create', policy: { namespace: 'a', name: taken, spec: {} } },
      ],
    });
    expect(check.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.fieldPath])).toEqual([
      ['not-found', 'metadata.namespace'],
      ['already-exists', 'metadata.name'],
    ]);
  });

  it('shows what widening an existing policy changes', async () => {
    const { backend, snapshot } = await lockedDesign();
    const denyAll = snapshot.policies[0];
    if (!denyAll) throw new Error('the design has its default deny policy');
    const changes: PolicyChange[] = [{ type: 'update', namespace: 'a', name: denyAll.name, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] } }];
    const check = await backend['design:checkPolicy']({ designId: snapshot.designId, changes });
    expect(check.refused).toBe(false);
    expect(check.affectedPairs.map((row) => `${row.source} -> ${row.destination}`)).toContain('a/web[Deployment] -> a/db[Deployment]');
  });

  it('rejects a request that is not a list of changes', async () => {
    const { backend, snapshot } = await lockedDesign();
    await expect(backend['design:checkPolicy']({ designId: snapshot.designId, changes: 'everything' as unknown as PolicyChange[] })).rejects.toThrow(/list of policy changes/);
  });
});
