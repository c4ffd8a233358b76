// Draw to allow (issue 5), on plain ClusterModel literals: the proposed change, what the engine
// says after applying it, and the collateral.
import { describe, expect, it } from 'vitest';
import type { ClusterModel } from '../common/model';
import type { AllowIntent } from '../common/synthesis';
import { applyChanges, defaultPortsFor, proposeAllow } from './synthesis';
import { BACKEND, DATABASE, DEFAULT_DENY_INGRESS, FRONTEND, http, labModel, policy, reaches, workload } from './synthesisFixtures';

const TCP80: AllowIntent['ports'] = [{ protocol: 'TCP', port: 80 }];

describe('draw to allow on the seed lab (default-deny ingress)', () => {
  const lab = labModel();

  it('frontend → backend TCP 80 creates one ingress policy for backend with one podSelector peer on port 80', () => {
    const proposal = proposeAllow(lab, { source: FRONTEND, destination: BACKEND, ports: TCP80 });
    expect(proposal.status).toBe('proposed');
    expect(proposal.needed).toBe(true);
    expect(proposal.verified).toBe(true);
    expect(proposal.changes).toEqual([
      {
        type: 'create',
        policy: {
          namespace: 'netpol-demo',
          name: 'allow-frontend-to-backend',
          spec: {
            podSelector: { matchLabels: { tier: 'backend' } },
            policyTypes: ['Ingress'],
            ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 80 }] }],
          },
        },
      },
    ]);
    expect(proposal.message).toBe(
      'Creates ingress policy netpol-demo/allow-frontend-to-backend for netpol-demo/backend[Deployment] admitting netpol-demo/frontend on TCP 80.',
    );
  });

  it('after applying: frontend → backend TCP 80 is allowed, database → backend and UDP 80 stay denied, no collateral', () => {
    const proposal = proposeAllow(lab, { source: FRONTEND, destination: BACKEND, ports: TCP80 });
    const after = applyChanges(lab, proposal.changes);
    expect(reaches(after, 'netpol-demo/frontend', 'netpol-demo/backend', 'TCP', 80)).toBe(true);
    expect(reaches(after, 'netpol-demo/frontend', 'netpol-demo/backend', 'UDP', 80)).toBe(false);
    expect(reaches(after, 'netpol-demo/database', 'netpol-demo/backend', 'TCP', 80)).toBe(false);
    expect(reaches(after, 'netpol-demo/frontend', 'netpol-demo/database', 'TCP', 80)).toBe(false);
    expect(proposal.collateral).toEqual([]);
    expect(proposal.affectedPairs).toEqual([
      { type: 'added', source: 'netpol-demo/frontend[Deployment]', destination: 'netpol-demo/backend[Deployment]', ref1: 'No Connections', ref2: 'TCP 80' },
    ]);
  });

  it('drawing an edge that is already allowed says so and changes nothing', () => {
    const once = applyChanges(lab, proposeAllow(lab, { source: FRONTEND, destination: BACKEND, ports: TCP80 }).changes);
    const again = proposeAllow(once, { source: FRONTEND, destination: BACKEND, ports: TCP80 });
    expect(again).toMatchObject({ status: 'satisfied', needed: false, changes: [], affectedPairs: [], collateral: [] });
    expect(again.message).toBe('netpol-demo/frontend already reaches netpol-demo/backend on TCP 80; nothing to change.');
  });

  it('without ports, the destination’s declared container ports are asked for', () => {
    expect(defaultPortsFor(lab, BACKEND)).toEqual([{ protocol: 'TCP', port: 80 }]);
    const proposal = proposeAllow(lab, { source: FRONTEND, destination: BACKEND });
    expect(proposal.changes[0]).toMatchObject({ type: 'create', policy: { spec: { ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }] } } });
  });

  it('a second port for the same source widens the existing rule instead of repeating the peer', () => {
    const once = applyChanges(lab, proposeAllow(lab, { source: FRONTEND, destination: BACKEND, ports: TCP80 }).changes);
    const proposal = proposeAllow(once, { source: FRONTEND, destination: BACKEND, ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 443 }] });
    expect(proposal.changes).toEqual([
      {
        type: 'update',
        namespace: 'netpol-demo',
        name: 'allow-frontend-to-backend',
        spec: {
          podSelector: { matchLabels: { tier: 'backend' } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 443 }] }],
        },
      },
    ]);
    expect(proposal.message).toBe('Adds TCP 443 to ingress rule 1 of netpol-demo/allow-frontend-to-backend (admitting netpol-demo/frontend on its ports).');
    expect(proposal.verified).toBe(true);
  });

  it('another source is added as a new rule to the existing policy selecting exactly the destination', () => {
    const once = applyChanges(lab, proposeAllow(lab, { source: FRONTEND, destination: BACKEND, ports: TCP80 }).changes);
    const proposal = proposeAllow(once, { source: DATABASE, destination: BACKEND, ports: TCP80 });
    expect(proposal.changes).toHaveLength(1);
    expect(proposal.changes[0]).toMatchObject({ type: 'update', name: 'allow-frontend-to-backend' });
    expect(proposal.message).toBe('Adds an ingress rule to netpol-demo/allow-frontend-to-backend admitting netpol-demo/database on TCP 80.');
    expect(proposal.collateral).toEqual([]);
  });

  it('an existing policy selecting the destination by part of its labels takes the rule; a namespace-wide one never does', () => {
    const model = labModel([
      policy('netpol-demo', 'default-deny', DEFAULT_DENY_INGRESS),
      policy('netpol-demo', 'backend-policy', { podSelector: { matchLabels: { tier: 'backend' } }, policyTypes: ['Ingress'], ingress: [] }),
    ]);
    model.workloads[1] = workload('netpol-demo', 'backend', { tier: 'backend', version: 'v1' }, [http(80)]);
    const proposal = proposeAllow(model, { source: FRONTEND, destination: BACKEND, ports: TCP80 });
    expect(proposal.changes.map((change) => `${change.type} ${change.type === 'create' ? change.policy.name : change.name}`)).toEqual(['update backend-policy']);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
  });

  it('defaultPortsFor lists declared ports once, by number and protocol; an address block has none', () => {
    const model = labModel();
    model.workloads.push(workload('netpol-demo', 'dns', { app: 'dns' }, [http(53, 'dns', 'UDP'), http(53, 'dns-tcp'), http(53, 'dns-again')]));
    expect(defaultPortsFor(model, { kind: 'namespace', name: 'netpol-demo' })).toEqual([
      { protocol: 'TCP', port: 53 },
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 80 },
    ]);
    expect(defaultPortsFor(model, { kind: 'cidr', cidr: '10.0.0.0/8' })).toEqual([]);
  });

  it('a new policy never reuses a taken name', () => {
    const taken = labModel([policy('netpol-demo', 'default-deny', DEFAULT_DENY_INGRESS), policy('netpol-demo', 'allow-frontend-to-backend', { podSelector: { matchLabels: { tier: 'none' } } })]);
    const proposal = proposeAllow(taken, { source: FRONTEND, destination: BACKEND, ports: TCP80 });
    expect(proposal.changes[0]).toMatchObject({ type: 'create', policy: { name: 'allow-frontend-to-backend-2' } });
  });

  it('choosing "namespace" admits every pod of the namespace and lists the other pairs it opens', () => {
    const proposal = proposeAllow(lab, { source: FRONTEND, destination: BACKEND, ports: TCP80, sourceSelection: 'namespace' });
    expect(proposal.changes[0]).toMatchObject({ type: 'create', policy: { spec: { ingress: [{ from: [{ podSelector: {} }] }] } } });
    expect(proposal.collateral).toEqual([
      { type: 'added', source: 'netpol-demo/database[Deployment]', destination: 'netpol-demo/backend[Deployment]', ref1: 'No Connections', ref2: 'TCP 80' },
    ]);
    expect(proposal.cautions).toEqual([{ code: 'shared-labels', workloads: ['netpol-demo/database[Deployment]'] }]);
    expect(proposal.message).toContain('It also changes 1 other pair: netpol-demo/database[Deployment] → netpol-demo/backend[Deployment] (No Connections → TCP 80).');
  });

  it('chosen labels select the source by those labels only', () => {
    const model = labModel();
    model.workloads[0] = workload('netpol-demo', 'frontend', { tier: 'frontend', version: 'v2' }, [http(80)]);
    const proposal = proposeAllow(model, { source: FRONTEND, destination: BACKEND, ports: TCP80, sourceSelection: { labels: { tier: 'frontend' } } });
    expect(proposal.changes[0]).toMatchObject({ type: 'create', policy: { spec: { ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'frontend' } } }] }] } } });
    expect(proposeAllow(model, { source: FRONTEND, destination: BACKEND, ports: TCP80, sourceSelection: { labels: { tier: 'backend' } } })).toMatchObject({
      status: 'invalid',
      message: 'Cannot draw this edge: the chosen labels do not select netpol-demo/frontend.',
    });
  });
});

describe('draw to allow: peers and sides', () => {
  const twoNamespaces = (): ClusterModel => ({
    namespaces: [
      { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } },
      { name: 'monitoring', labels: { 'kubernetes.io/metadata.name': 'monitoring', team: 'ops' } },
    ],
    workloads: [workload('shop', 'api', { app: 'api' }, [http(8080)]), workload('monitoring', 'prometheus', { app: 'prometheus' }), workload('monitoring', 'grafana', { app: 'grafana' })],
    policies: [policy('shop', 'default-deny', DEFAULT_DENY_INGRESS)],
  });
  const API = { kind: 'workload', id: 'shop/api[Deployment]' } as const;
  const PROMETHEUS = { kind: 'workload', id: 'monitoring/prometheus[Deployment]' } as const;

  it('a cross-namespace source gives ONE peer with namespaceSelector AND podSelector', () => {
    const model = twoNamespaces();
    const proposal = proposeAllow(model, { source: PROMETHEUS, destination: API });
    expect(proposal.changes).toEqual([
      {
        type: 'create',
        policy: {
          namespace: 'shop',
          name: 'allow-prometheus-to-api',
          spec: {
            podSelector: { matchLabels: { app: 'api' } },
            policyTypes: ['Ingress'],
            ingress: [
              {
                from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }],
                ports: [{ protocol: 'TCP', port: 8080 }],
              },
            ],
          },
        },
      },
    ]);
    const after = applyChanges(model, proposal.changes);
    expect(reaches(after, 'monitoring/prometheus', 'shop/api', 'TCP', 8080)).toBe(true);
    expect(reaches(after, 'monitoring/grafana', 'shop/api', 'TCP', 8080)).toBe(false);
    expect(proposal.collateral).toEqual([]);
  });

  it('a namespace source is selected by namespaceSelector alone and every workload of it counts as drawn', () => {
    const model = twoNamespaces();
    const proposal = proposeAllow(model, { source: { kind: 'namespace', name: 'monitoring' }, destination: API, ports: [{ protocol: 'TCP', port: 8080 }] });
    expect(proposal.changes[0]).toMatchObject({
      type: 'create',
      policy: { name: 'allow-monitoring-to-api', spec: { ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] }] } },
    });
    expect(proposal.affectedPairs.map((row) => row.source)).toEqual(['monitoring/grafana[Deployment]', 'monitoring/prometheus[Deployment]']);
    expect(proposal.collateral).toEqual([]);
    expect(proposal.verified).toBe(true);
  });

  it('chosen labels on a namespace source draw only the workloads they select, on both sides', () => {
    const model = twoNamespaces();
    model.policies.push(policy('monitoring', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }));
    const proposal = proposeAllow(model, { source: { kind: 'namespace', name: 'monitoring' }, destination: API, ports: 'all', sourceSelection: { labels: { app: 'prometheus' } } });
    // Egress goes to a policy selecting prometheus, not to the namespace's {} policy, which would free grafana's egress too.
    expect(proposal.changes.map((change) => (change.type === 'create' ? `create ${change.policy.namespace}/${change.policy.name}` : `${change.type} ${change.name}`))).toEqual([
      'create shop/allow-monitoring-to-api',
      'create monitoring/allow-prometheus-egress-to-api',
    ]);
    expect(proposal.changes[0]).toMatchObject({
      policy: { spec: { ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }] }] } },
    });
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
  });

  it('a CIDR source gives an ipBlock peer and only the block’s addresses change', () => {
    const model = twoNamespaces();
    const proposal = proposeAllow(model, { source: { kind: 'cidr', cidr: '10.1.0.0/16', except: ['10.1.9.0/24'] }, destination: API, ports: [{ protocol: 'TCP', port: 8080 }] });
    expect(proposal.changes[0]).toMatchObject({
      type: 'create',
      policy: {
        name: 'allow-10-1-0-0-16-to-api',
        spec: { ingress: [{ from: [{ ipBlock: { cidr: '10.1.0.0/16', except: ['10.1.9.0/24'] } }], ports: [{ protocol: 'TCP', port: 8080 }] }] },
      },
    });
    const after = applyChanges(model, proposal.changes);
    expect(reaches(after, '10.1.2.3', 'shop/api', 'TCP', 8080)).toBe(true);
    expect(reaches(after, '10.1.9.3', 'shop/api', 'TCP', 8080)).toBe(false);
    expect(proposal.affectedPairs.map((row) => `${row.source} ${row.ref2}`)).toEqual(['10.1.0.0-10.1.8.255[External] TCP 8080', '10.1.10.0-10.1.255.255[External] TCP 8080']);
    expect(proposal.collateral).toEqual([]);
  });

  it('an external block drawn on the canvas lends its name to the policy', () => {
    const model = { ...twoNamespaces(), externalBlocks: [{ name: 'Corporate VPN', cidr: '172.16.0.0/12' }] };
    const proposal = proposeAllow(model, { source: { kind: 'cidr', cidr: '172.16.0.0/12' }, destination: API, ports: 'all' });
    expect(proposal.changes[0]).toMatchObject({ type: 'create', policy: { name: 'allow-corporate-vpn-to-api', spec: { ingress: [{ from: [{ ipBlock: { cidr: '172.16.0.0/12' } }] }] } } });
    expect(proposal.message).toBe('Creates ingress policy shop/allow-corporate-vpn-to-api for shop/api[Deployment] admitting Corporate VPN (172.16.0.0/12) on all ports.');
  });

  it('a destination that is not ingress-isolated needs no ingress change: it is already allowed', () => {
    const model = twoNamespaces();
    const proposal = proposeAllow(model, { source: API, destination: PROMETHEUS, ports: [{ protocol: 'TCP', port: 9090 }] });
    expect(proposal).toMatchObject({ status: 'satisfied', needed: false, changes: [] });
  });

  it('an egress-isolated source gets an egress rule; a destination that is not ingress-isolated gets none', () => {
    const model = twoNamespaces();
    model.policies.push(policy('monitoring', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }));
    const GRAFANA = { kind: 'workload', id: 'monitoring/grafana[Deployment]' } as const;
    const proposal = proposeAllow(model, { source: PROMETHEUS, destination: GRAFANA, ports: [{ protocol: 'TCP', port: 3000 }] });
    // The {} egress policy also selects grafana: the rule goes to a new policy selecting prometheus only.
    expect(proposal.changes).toEqual([
      {
        type: 'create',
        policy: {
          namespace: 'monitoring',
          name: 'allow-prometheus-egress-to-grafana',
          spec: {
            podSelector: { matchLabels: { app: 'prometheus' } },
            policyTypes: ['Egress'],
            egress: [{ to: [{ podSelector: { matchLabels: { app: 'grafana' } } }], ports: [{ protocol: 'TCP', port: 3000 }] }],
          },
        },
      },
    ]);
    expect(proposal.message).toBe(
      'Creates egress policy monitoring/allow-prometheus-egress-to-grafana for monitoring/prometheus[Deployment] letting monitoring/prometheus reach monitoring/grafana on TCP 3000.',
    );
    expect(proposal.collateral).toEqual([]);
    expect(proposal.verified).toBe(true);
  });

  it('a namespace destination gets its rule in the namespace’s {} policy, the isolated source an egress rule', () => {
    const model = twoNamespaces();
    model.policies.push(policy('monitoring', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }));
    const proposal = proposeAllow(model, { source: PROMETHEUS, destination: { kind: 'namespace', name: 'shop' }, ports: 'all' });
    expect(proposal.changes).toEqual([
      {
        type: 'update',
        namespace: 'shop',
        name: 'default-deny',
        spec: {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }] }],
        },
      },
      {
        type: 'create',
        policy: {
          namespace: 'monitoring',
          name: 'allow-prometheus-egress-to-shop',
          spec: {
            podSelector: { matchLabels: { app: 'prometheus' } },
            policyTypes: ['Egress'],
            egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }] }],
          },
        },
      },
    ]);
    expect(proposal.collateral).toEqual([]);
    expect(proposal.verified).toBe(true);
  });

  it('an egress-isolated source with its own egress policy gets the rule there', () => {
    const model = twoNamespaces();
    model.policies = [policy('monitoring', 'prometheus-egress', { podSelector: { matchLabels: { app: 'prometheus' } }, policyTypes: ['Egress'], egress: [] })];
    const proposal = proposeAllow(model, { source: PROMETHEUS, destination: API, ports: [{ protocol: 'TCP', port: 8080 }] });
    expect(proposal.changes).toEqual([
      {
        type: 'update',
        namespace: 'monitoring',
        name: 'prometheus-egress',
        spec: {
          podSelector: { matchLabels: { app: 'prometheus' } },
          policyTypes: ['Egress'],
          egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
        },
      },
    ]);
    expect(proposal.message).toBe('Adds an egress rule to monitoring/prometheus-egress letting monitoring/prometheus reach shop/api on TCP 8080.');
  });

  it('a CIDR destination means one egress rule with an ipBlock', () => {
    const model = twoNamespaces();
    model.policies = [policy('shop', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] })];
    model.workloads.push(workload('shop', 'worker', { app: 'worker' }));
    const proposal = proposeAllow(model, { source: API, destination: { kind: 'cidr', cidr: '203.0.113.0/24' }, ports: [{ protocol: 'TCP', port: 443 }] });
    expect(proposal.changes).toEqual([
      {
        type: 'create',
        policy: {
          namespace: 'shop',
          name: 'allow-api-egress-to-203-0-113-0-24',
          spec: { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 443 }] }] },
        },
      },
    ]);
    const after = applyChanges(model, proposal.changes);
    expect(reaches(after, 'shop/api', '203.0.113.10', 'TCP', 443)).toBe(true);
    expect(reaches(after, 'shop/worker', '203.0.113.10', 'TCP', 443)).toBe(false);
    expect(proposal.collateral).toEqual([]);
  });

  it('a named port is written as the name and resolved on the destination', () => {
    const model = twoNamespaces();
    const proposal = proposeAllow(model, { source: PROMETHEUS, destination: API, ports: [{ protocol: 'TCP', port: 'http' }] });
    expect(proposal.changes[0]).toMatchObject({ type: 'create', policy: { spec: { ingress: [{ ports: [{ protocol: 'TCP', port: 'http' }] }] } } });
    expect(proposal.verified).toBe(true);
    expect(proposal.affectedPairs[0]).toMatchObject({ ref2: 'TCP 8080' });
  });

  it('intents that cannot be served say why and change nothing', () => {
    const model = twoNamespaces();
    const invalid = (intent: AllowIntent) => {
      const proposal = proposeAllow(model, intent);
      expect(proposal).toMatchObject({ status: 'invalid', needed: false, changes: [] });
      return proposal.message;
    };
    expect(invalid({ source: { kind: 'workload', id: 'shop/nope' }, destination: API })).toContain('no workload "shop/nope"');
    expect(invalid({ source: { kind: 'cidr', cidr: '10.0.0.0/8' }, destination: { kind: 'cidr', cidr: '192.168.0.0/16' } })).toContain('two address blocks');
    expect(invalid({ source: PROMETHEUS, destination: API, ports: [{ protocol: 'TCP', port: 'metrics' }] })).toBe('Cannot draw this edge: shop/api declares no TCP port named "metrics".');
    expect(invalid({ source: PROMETHEUS, destination: API, ports: [{ protocol: 'TCP', port: 70000 }] })).toContain('not between 1 and 65535');
    expect(invalid({ source: API, destination: { kind: 'cidr', cidr: '10.0.0.0/8' }, ports: [{ protocol: 'TCP', port: 'http' }] })).toContain('NP-35');
    expect(invalid({ source: { kind: 'cidr', cidr: '10.0.0.0/33' }, destination: API })).toContain('not a valid CIDR');
  });
});
