// Delete to deny (issue 5), on plain ClusterModel literals: the smallest change that removes
// exactly the deleted pair, verified by the engine, with collateral listed when unavoidable.
import { describe, expect, it } from 'vitest';
import type { ClusterModel, NetworkPolicySpec } from '../common/model';
import { applyChanges, proposeAllow, proposeDeny } from './synthesis';
import { BACKEND, connectivityLines, DEFAULT_DENY_INGRESS, FRONTEND, labModel, policy, reaches, workload } from './synthesisFixtures';

const FROM_FRONTEND = { podSelector: { matchLabels: { tier: 'frontend' } } };

describe('delete to deny on the seed lab', () => {
  it('deleting the lab’s drawn edge removes its rule and the emptied policy: default-deny keeps backend isolated', () => {
    const lab = labModel();
    const drawn = applyChanges(lab, proposeAllow(lab, { source: FRONTEND, destination: BACKEND, ports: [{ protocol: 'TCP', port: 80 }] }).changes);
    const proposal = proposeDeny(drawn, { source: FRONTEND, destination: BACKEND });
    expect(proposal).toMatchObject({ status: 'proposed', needed: true, verified: true, collateral: [] });
    expect(proposal.changes).toEqual([{ type: 'delete', namespace: 'netpol-demo', name: 'allow-frontend-to-backend' }]);
    expect(proposal.affectedPairs).toEqual([
      { type: 'removed', source: 'netpol-demo/frontend[Deployment]', destination: 'netpol-demo/backend[Deployment]', ref1: 'TCP 80', ref2: 'No Connections' },
    ]);
    expect(proposal.message).toBe(
      'Removes ingress rule 1 of netpol-demo/allow-frontend-to-backend; deletes netpol-demo/allow-frontend-to-backend, which has no rules left (netpol-demo/default-deny still isolates what it selected), ' +
        'so netpol-demo/frontend no longer reaches netpol-demo/backend; no other pair changes.',
    );
    expect(applyChanges(drawn, proposal.changes).policies).toEqual(lab.policies);
  });

  it('removing the last egress rule of a policy without policyTypes declares them, so the source stays egress-isolated', () => {
    const egressOnly: NetworkPolicySpec = { podSelector: { matchLabels: { tier: 'frontend' } }, egress: [{ to: [{ podSelector: { matchLabels: { tier: 'backend' } } }] }] };
    const lab = labModel([policy('netpol-demo', 'frontend-egress', egressOnly)]);
    expect(reaches(lab, 'netpol-demo/frontend', 'netpol-demo/database')).toBe(false);
    const proposal = proposeDeny(lab, { source: FRONTEND, destination: BACKEND });
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(proposal.changes).toEqual([
      { type: 'update', namespace: 'netpol-demo', name: 'frontend-egress', spec: { podSelector: { matchLabels: { tier: 'frontend' } }, policyTypes: ['Ingress', 'Egress'] } },
    ]);
    const after = applyChanges(lab, proposal.changes);
    expect(reaches(after, 'netpol-demo/frontend', 'netpol-demo/backend')).toBe(false);
    expect(reaches(after, 'netpol-demo/frontend', 'netpol-demo/database')).toBe(false);
  });

  it('deleting an edge that is already denied says so and changes nothing', () => {
    const proposal = proposeDeny(labModel(), { source: FRONTEND, destination: BACKEND });
    expect(proposal).toMatchObject({ status: 'satisfied', needed: false, changes: [], message: 'netpol-demo/frontend already cannot reach netpol-demo/backend; nothing to change.' });
  });

  it('a peer matching only the source is removed; the rule’s other peers stay', () => {
    const lab = labModel([
      policy('netpol-demo', 'default-deny', DEFAULT_DENY_INGRESS),
      policy('netpol-demo', 'backend-ingress', {
        podSelector: { matchLabels: { tier: 'backend' } },
        ingress: [{ from: [FROM_FRONTEND, { podSelector: { matchLabels: { tier: 'database' } } }], ports: [{ port: 80 }] }],
      }),
    ]);
    const proposal = proposeDeny(lab, { source: FRONTEND, destination: BACKEND });
    expect(proposal.changes).toEqual([
      {
        type: 'update',
        namespace: 'netpol-demo',
        name: 'backend-ingress',
        spec: { podSelector: { matchLabels: { tier: 'backend' } }, ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'database' } } }], ports: [{ port: 80 }] }] },
      },
    ]);
    expect(proposal.steps).toEqual([{ kind: 'remove-peer', policy: 'netpol-demo/backend-ingress', direction: 'Ingress', ruleNumber: 1, peerNumber: 1 }]);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    const after = applyChanges(lab, proposal.changes);
    expect(reaches(after, 'netpol-demo/database', 'netpol-demo/backend')).toBe(true);
  });

  it('a peer matching several workloads is narrowed with NotIn on a label that tells the source apart', () => {
    const model = labModel([
      policy('netpol-demo', 'default-deny', DEFAULT_DENY_INGRESS),
      policy('netpol-demo', 'backend-ingress', { podSelector: { matchLabels: { tier: 'backend' } }, ingress: [{ from: [{ podSelector: { matchLabels: { part: 'shop' } } }] }] }),
    ]);
    model.workloads = [
      workload('netpol-demo', 'frontend', { tier: 'frontend', part: 'shop' }),
      workload('netpol-demo', 'backend', { tier: 'backend', part: 'shop' }),
      workload('netpol-demo', 'database', { tier: 'database', part: 'shop' }),
    ];
    const proposal = proposeDeny(model, { source: FRONTEND, destination: BACKEND });
    expect(proposal.changes).toEqual([
      {
        type: 'update',
        namespace: 'netpol-demo',
        name: 'backend-ingress',
        spec: {
          podSelector: { matchLabels: { tier: 'backend' } },
          ingress: [{ from: [{ podSelector: { matchLabels: { part: 'shop' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] } }] }],
        },
      },
    ]);
    expect(proposal.message).toBe(
      'Narrows peer 1 of ingress rule 1 of netpol-demo/backend-ingress to leave out pods labelled tier=frontend, so netpol-demo/frontend no longer reaches netpol-demo/backend; no other pair changes.',
    );
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
  });

  it('a rule shared by the namespace is split so the other workloads keep it', () => {
    // Default deny plus "allow from the same namespace": every pod of netpol-demo reaches every other.
    const model = labModel([policy('netpol-demo', 'allow-same-namespace', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] })]);
    const before = connectivityLines(model);
    const proposal = proposeDeny(model, { source: FRONTEND, destination: BACKEND });
    expect(proposal.changes).toEqual([
      {
        type: 'update',
        namespace: 'netpol-demo',
        name: 'allow-same-namespace',
        spec: { podSelector: {}, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] } }] }] },
      },
      {
        type: 'create',
        policy: {
          namespace: 'netpol-demo',
          name: 'allow-same-namespace-except-backend',
          spec: {
            podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['backend'] }] },
            policyTypes: ['Ingress'],
            ingress: [{ from: [{ podSelector: {} }] }],
          },
        },
      },
    ]);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(connectivityLines(applyChanges(model, proposal.changes))).toEqual(before.filter((line) => !line.startsWith('netpol-demo/frontend[Deployment] => netpol-demo/backend')));
    expect(proposal.message).toContain('creates netpol-demo/allow-same-namespace-except-backend so that netpol-demo/database[Deployment] and netpol-demo/frontend[Deployment] keep ingress rule 1 of netpol-demo/allow-same-namespace as it was');
  });

  it('a destination that is not ingress-isolated is isolated by a policy admitting every other source, and the message says so', () => {
    const model = labModel([]);
    model.workloads = model.workloads.map((w) => ({ ...w, podIPs: [w.name === 'frontend' ? '10.244.1.10' : w.name === 'backend' ? '10.244.1.11' : '10.244.1.12'] }));
    const before = connectivityLines(model);
    const proposal = proposeDeny(model, { source: FRONTEND, destination: BACKEND });
    expect(proposal.changes).toEqual([
      {
        type: 'create',
        policy: {
          namespace: 'netpol-demo',
          name: 'allow-all-to-backend-except-frontend',
          spec: {
            podSelector: { matchLabels: { tier: 'backend' } },
            policyTypes: ['Ingress'],
            ingress: [
              {
                from: [
                  { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] } },
                  { ipBlock: { cidr: '0.0.0.0/0', except: ['10.244.1.10/32'] } },
                ],
              },
            ],
          },
        },
      },
    ]);
    expect(proposal).toMatchObject({ verified: true, collateral: [], cautions: [] });
    expect(proposal.message).toBe(
      'Creates netpol-demo/allow-all-to-backend-except-frontend, which isolates netpol-demo/backend[Deployment] for ingress (it was not isolated) and admits every source except pods labelled tier=frontend and addresses 10.244.1.10/32, ' +
        'so netpol-demo/frontend no longer reaches netpol-demo/backend; no other pair changes.',
    );
    const after = applyChanges(model, proposal.changes);
    expect(connectivityLines(after)).toEqual(before.filter((line) => !line.startsWith('netpol-demo/frontend[Deployment] => netpol-demo/backend')));
    expect(reaches(after, '203.0.113.10', 'netpol-demo/backend')).toBe(true);
  });

  it('isolating without known pod IPs warns that ipBlock 0.0.0.0/0 may still admit the source on some network plugins', () => {
    const proposal = proposeDeny(labModel([]), { source: FRONTEND, destination: BACKEND });
    expect(proposal.cautions).toEqual([{ code: 'ip-block-may-match-pods', workloads: ['netpol-demo/frontend[Deployment]'] }]);
    expect(proposal.verified).toBe(true);
  });

  it('an egress-isolated source loses its egress rule rather than isolating the destination', () => {
    const model = labModel([
      policy('netpol-demo', 'frontend-egress', { podSelector: { matchLabels: { tier: 'frontend' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { tier: 'backend' } } }] }, { ports: [{ protocol: 'UDP', port: 53 }] }] }),
    ]);
    const proposal = proposeDeny(model, { source: FRONTEND, destination: BACKEND });
    // Rule 2 (UDP 53 anywhere) also lets frontend reach backend: it is limited to everything but backend.
    expect(proposal.steps).toEqual([
      { kind: 'remove-rule', policy: 'netpol-demo/frontend-egress', direction: 'Egress', ruleNumber: 1 },
      { kind: 'restrict-rule', policy: 'netpol-demo/frontend-egress', direction: 'Egress', ruleNumber: 2, exclusion: { podLabel: { key: 'tier', value: 'backend' } } },
    ]);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    const egressOnly = labModel([
      policy('netpol-demo', 'frontend-egress', { podSelector: { matchLabels: { tier: 'frontend' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { tier: 'backend' } } }, { podSelector: { matchLabels: { tier: 'database' } } }] }] }),
    ]);
    const cut = proposeDeny(egressOnly, { source: FRONTEND, destination: BACKEND });
    expect(cut.steps).toEqual([{ kind: 'remove-peer', policy: 'netpol-demo/frontend-egress', direction: 'Egress', ruleNumber: 1, peerNumber: 1 }]);
    expect(cut).toMatchObject({ verified: true, collateral: [] });
  });

  it('a rule without peers (allow all) is limited to everyone except the source', () => {
    const model = labModel([policy('netpol-demo', 'backend-open', { podSelector: { matchLabels: { tier: 'backend' } }, ingress: [{ ports: [{ port: 80 }] }] })]);
    const proposal = proposeDeny(model, { source: FRONTEND, destination: BACKEND });
    expect(proposal.changes).toEqual([
      {
        type: 'update',
        namespace: 'netpol-demo',
        name: 'backend-open',
        spec: {
          podSelector: { matchLabels: { tier: 'backend' } },
          ingress: [
            {
              ports: [{ port: 80 }],
              from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] } }, { ipBlock: { cidr: '0.0.0.0/0' } }],
            },
          ],
        },
      },
    ]);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(reaches(applyChanges(model, proposal.changes), '203.0.113.10', 'netpol-demo/backend')).toBe(true);
    const emptyFrom = labModel([policy('netpol-demo', 'backend-open', { podSelector: { matchLabels: { tier: 'backend' } }, ingress: [{ from: [], ports: [{ port: 80 }] }] })]);
    expect(proposeDeny(emptyFrom, { source: FRONTEND, destination: BACKEND }).changes).toEqual(proposal.changes);
  });

  it('when no label tells the source apart, the smallest change is proposed with its collateral listed', () => {
    const model: ClusterModel = {
      namespaces: [{ name: 'netpol-demo', labels: {} }],
      workloads: [workload('netpol-demo', 'frontend', { tier: 'web' }), workload('netpol-demo', 'frontend-canary', { tier: 'web' }), workload('netpol-demo', 'backend', { tier: 'backend' })],
      policies: [policy('netpol-demo', 'backend-ingress', { podSelector: { matchLabels: { tier: 'backend' } }, ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'web' } } }] }] })],
    };
    const proposal = proposeDeny(model, { source: FRONTEND, destination: BACKEND });
    expect(proposal.verified).toBe(true);
    expect(proposal.collateral).toEqual([
      { type: 'removed', source: 'netpol-demo/frontend-canary[Deployment]', destination: 'netpol-demo/backend[Deployment]', ref1: 'All Connections', ref2: 'No Connections' },
    ]);
    expect(proposal.cautions).toContainEqual({ code: 'shared-labels', workloads: ['netpol-demo/frontend-canary[Deployment]'] });
    expect(proposal.message).toContain('it also changes 1 other pair: netpol-demo/frontend-canary[Deployment] → netpol-demo/backend[Deployment] (All Connections → No Connections)');
  });
});

describe('delete to deny: namespaces and address blocks', () => {
  const shop = (spec: NetworkPolicySpec): ClusterModel => ({
    namespaces: [
      { name: 'shop', labels: {} },
      { name: 'monitoring', labels: {} },
    ],
    workloads: [workload('shop', 'api', { app: 'api' }), workload('monitoring', 'prometheus', { app: 'prometheus' }), workload('monitoring', 'grafana', { app: 'grafana' })],
    policies: [policy('shop', 'api-ingress', spec)],
  });

  it('a namespace source is left out of a namespaceSelector {} peer by its name', () => {
    const model = shop({ podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    model.workloads.push(workload('shop', 'web', { app: 'web' }));
    const proposal = proposeDeny(model, { source: { kind: 'namespace', name: 'monitoring' }, destination: { kind: 'namespace', name: 'shop' } });
    expect(proposal.changes).toEqual([
      {
        type: 'update',
        namespace: 'shop',
        name: 'api-ingress',
        spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['monitoring'] }] } }] }] },
      },
    ]);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(proposal.affectedPairs).toHaveLength(4);
  });

  it('one workload of another namespace is left out with a split peer when its labels are shared elsewhere', () => {
    const model = shop({ podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    model.workloads.push(workload('shop', 'prometheus', { app: 'prometheus' }));
    const proposal = proposeDeny(model, { source: { kind: 'workload', id: 'monitoring/prometheus' }, destination: { kind: 'workload', id: 'shop/api' } });
    expect(proposal.changes[0]).toEqual(
      {
        type: 'update',
        namespace: 'shop',
        name: 'api-ingress',
        spec: {
          podSelector: {},
          ingress: [
            {
              from: [
                { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['monitoring'] }] } },
                { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['prometheus'] }] } },
              ],
            },
          ],
        },
      });
    // The policy selects every pod of shop: shop/prometheus would lose monitoring/prometheus too, so it keeps the rule as it was.
    expect(proposal.changes[1]).toEqual({
      type: 'create',
      policy: {
        namespace: 'shop',
        name: 'api-ingress-except-api',
        spec: { podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['api'] }] }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }] }] },
      },
    });
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
  });

  it('a CIDR source inside an ipBlock peer becomes an except', () => {
    const model = shop({ podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] });
    const proposal = proposeDeny(model, { source: { kind: 'cidr', cidr: '10.1.0.0/16' }, destination: { kind: 'workload', id: 'shop/api' } });
    expect(proposal.changes).toEqual([
      { type: 'update', namespace: 'shop', name: 'api-ingress', spec: { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }] } },
    ]);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    const after = applyChanges(model, proposal.changes);
    expect(reaches(after, '10.1.2.3', 'shop/api')).toBe(false);
    expect(reaches(after, '10.2.2.3', 'shop/api')).toBe(true);
  });

  it('a CIDR destination of a source that is not egress-isolated needs egress isolation', () => {
    const model = shop({ podSelector: {}, policyTypes: ['Ingress'] });
    const proposal = proposeDeny(model, { source: { kind: 'workload', id: 'monitoring/prometheus' }, destination: { kind: 'cidr', cidr: '203.0.113.0/24' } });
    expect(proposal.changes).toEqual([
      {
        type: 'create',
        policy: {
          namespace: 'monitoring',
          name: 'allow-all-from-prometheus-except-to-203-0-113-0-24',
          spec: { podSelector: { matchLabels: { app: 'prometheus' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {} }, { ipBlock: { cidr: '0.0.0.0/0', except: ['203.0.113.0/24'] } }] }] },
        },
      },
    ]);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
  });

  it('a workload cannot be kept from reaching itself', () => {
    expect(proposeDeny(labModel(), { source: FRONTEND, destination: FRONTEND })).toMatchObject({ status: 'invalid', needed: false });
  });
});
