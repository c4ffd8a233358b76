// Design by drawing end to end (issue 5): scenarios that draw and delete several edges through
// the front door and read the resulting connectivity.
import { describe, expect, it } from 'vitest';
import type { ClusterModel } from '../common/model';
import type { AllowIntent } from '../common/synthesis';
import { applyChanges, proposeAllow, proposeDeny } from './synthesis';
import { BACKEND, connectivityLines, DATABASE, FRONTEND, http, labModel, policy, workload } from './synthesisFixtures';

const TCP80: AllowIntent['ports'] = [{ protocol: 'TCP', port: 80 }];

describe('draw to allow: the three-tier example with egress', () => {
  // Default deny in both directions, then the edges an architect draws: frontend → backend 8080,
  // backend → database 5432, and DNS from the whole namespace to kube-dns on UDP and TCP 53.
  const threeTier = (): ClusterModel => ({
    namespaces: [
      { name: 'netpol-demo', labels: { 'kubernetes.io/metadata.name': 'netpol-demo' } },
      { name: 'kube-system', labels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    ],
    workloads: [
      workload('netpol-demo', 'frontend', { tier: 'frontend' }, [http(80)]),
      workload('netpol-demo', 'backend', { tier: 'backend' }, [http(8080)]),
      workload('netpol-demo', 'database', { tier: 'database' }, [http(5432, 'postgres')]),
      workload('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [http(53, 'dns', 'UDP'), http(53, 'dns-tcp', 'TCP')]),
    ],
    policies: [policy('netpol-demo', 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
  });

  it('three drawn edges give the intended connectivity and nothing else', () => {
    let model = threeTier();
    const draw = (intent: AllowIntent) => {
      const proposal = proposeAllow(model, intent);
      expect(proposal.verified, proposal.message).toBe(true);
      expect(proposal.collateral, proposal.message).toEqual([]);
      model = applyChanges(model, proposal.changes);
      return proposal;
    };
    const web = draw({ source: FRONTEND, destination: BACKEND, ports: [{ protocol: 'TCP', port: 8080 }] });
    expect(web.changes.map((c) => (c.type === 'create' ? `create ${c.policy.name}` : c.type))).toEqual(['create allow-frontend-to-backend', 'create allow-frontend-egress-to-backend']);
    expect(web.message).toBe(
      'Creates ingress policy netpol-demo/allow-frontend-to-backend for netpol-demo/backend[Deployment] admitting netpol-demo/frontend on TCP 8080; ' +
        'creates egress policy netpol-demo/allow-frontend-egress-to-backend for netpol-demo/frontend[Deployment] letting netpol-demo/frontend reach netpol-demo/backend on TCP 8080.',
    );
    draw({ source: BACKEND, destination: DATABASE });
    const dns = draw({ source: { kind: 'namespace', name: 'netpol-demo' }, destination: { kind: 'workload', id: 'kube-system/coredns[Deployment]' } });
    // The namespace's {} policy with Egress is the one that selects exactly the drawn source.
    expect(dns.changes).toEqual([
      {
        type: 'update',
        namespace: 'netpol-demo',
        name: 'default-deny-all',
        spec: {
          podSelector: {},
          policyTypes: ['Ingress', 'Egress'],
          egress: [
            {
              to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
              ports: [
                { protocol: 'TCP', port: 53 },
                { protocol: 'UDP', port: 53 },
              ],
            },
          ],
        },
      },
    ]);
    expect(connectivityLines(model)).toEqual([
      'netpol-demo/backend[Deployment] => kube-system/coredns[Deployment]: TCP 53,UDP 53',
      'netpol-demo/backend[Deployment] => netpol-demo/database[Deployment]: TCP 5432',
      'netpol-demo/database[Deployment] => kube-system/coredns[Deployment]: TCP 53,UDP 53',
      'netpol-demo/frontend[Deployment] => kube-system/coredns[Deployment]: TCP 53,UDP 53',
      'netpol-demo/frontend[Deployment] => netpol-demo/backend[Deployment]: TCP 8080',
    ]);
  });
});

describe('applyChanges', () => {
  it('is pure: unchanged policies keep their identity and the input model is untouched', () => {
    const lab = labModel();
    const before = JSON.stringify(lab);
    const proposal = proposeAllow(lab, { source: FRONTEND, destination: BACKEND, ports: TCP80 });
    const after = applyChanges(lab, proposal.changes);
    expect(JSON.stringify(lab)).toBe(before);
    expect(after.policies[0]).toBe(lab.policies[0]);
    expect(after.workloads).toBe(lab.workloads);
    expect(after.policies).toHaveLength(2);
    expect(applyChanges(after, [{ type: 'delete', namespace: 'netpol-demo', name: 'allow-frontend-to-backend' }]).policies).toEqual(lab.policies);
  });
});

describe('draw and delete', () => {
  it('draw, then delete, gives back the original connectivity', () => {
    const lab = labModel();
    let model = lab;
    for (const [source, destination] of [
      [FRONTEND, BACKEND],
      [BACKEND, DATABASE],
    ] as const) {
      model = applyChanges(model, proposeAllow(model, { source, destination }).changes);
    }
    const denied = proposeDeny(model, { source: BACKEND, destination: DATABASE });
    expect(denied).toMatchObject({ verified: true, collateral: [] });
    model = applyChanges(model, denied.changes);
    expect(connectivityLines(model)).toEqual(['netpol-demo/frontend[Deployment] => netpol-demo/backend[Deployment]: TCP 80']);
  });

  it('deleting edges of the three-tier design takes out exactly those pairs', () => {
    let model: ClusterModel = {
      namespaces: [{ name: 'netpol-demo', labels: {} }, { name: 'kube-system', labels: {} }],
      workloads: [
        workload('netpol-demo', 'frontend', { tier: 'frontend' }, [http(80)]),
        workload('netpol-demo', 'backend', { tier: 'backend' }, [http(8080)]),
        workload('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [http(53, 'dns', 'UDP'), http(53, 'dns-tcp', 'TCP')]),
      ],
      policies: [policy('netpol-demo', 'default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })],
    };
    const COREDNS = { kind: 'workload', id: 'kube-system/coredns[Deployment]' } as const;
    for (const intent of [{ source: FRONTEND, destination: BACKEND }, { source: { kind: 'namespace', name: 'netpol-demo' }, destination: COREDNS }] as AllowIntent[]) {
      model = applyChanges(model, proposeAllow(model, intent).changes);
    }
    const dns = proposeDeny(model, { source: { kind: 'namespace', name: 'netpol-demo' }, destination: COREDNS });
    // coredns is not ingress-isolated: taking the peer out of the namespace's egress rule is smaller than isolating it.
    expect(dns.steps).toEqual([{ kind: 'remove-rule', policy: 'netpol-demo/default-deny-all', direction: 'Egress', ruleNumber: 1 }]);
    expect(dns).toMatchObject({ verified: true, collateral: [] });
    model = applyChanges(model, dns.changes);
    expect(connectivityLines(model)).toEqual(['netpol-demo/frontend[Deployment] => netpol-demo/backend[Deployment]: TCP 8080']);
    const web = proposeDeny(model, { source: FRONTEND, destination: BACKEND });
    expect(web).toMatchObject({ verified: true, collateral: [] });
    expect(connectivityLines(applyChanges(model, web.changes))).toEqual([]);
  });
});
