// Delete some ports of an edge (issue 5), on plain ClusterModel literals: every case re-evaluates
// the model with the proposed changes and reads what the drawn pairs (and the others) allow.
import { describe, expect, it } from 'vitest';
import type { ClusterModel, EngineOptions, NetworkPolicyPort, NetworkPolicySpec } from '../common/model';
import type { DenyIntent, PortRequest, Proposal } from '../common/synthesis';
import { analyzeModel, findEndpoint } from './analysis';
import { evaluatePair } from './evaluate';
import { applyChanges, proposeDeny } from './synthesis';
import { BACKEND, connectivityLines, DEFAULT_DENY_INGRESS, FRONTEND, http, labModel, policy, workload } from './synthesisFixtures';

const TCP443: PortRequest[] = [{ protocol: 'TCP', port: 443 }];
const FROM_FRONTEND = { podSelector: { matchLabels: { tier: 'frontend' } } };
const TO_BACKEND = { podSelector: { matchLabels: { tier: 'backend' } } };
const BACKEND_SELECTOR = { matchLabels: { tier: 'backend' } };

/** The lab (default deny ingress) with backend serving http 80, https 443 and 8000-8100, plus `policies`. */
function lab(...policies: ReturnType<typeof policy>[]): ClusterModel {
  const model = labModel([policy('netpol-demo', 'default-deny', DEFAULT_DENY_INGRESS), ...policies]);
  model.workloads = model.workloads.map((w) => (w.name === 'backend' ? { ...w, ports: [http(80), http(443, 'https')] } : w));
  return model;
}

const backendIngress = (ingress: NetworkPolicySpec['ingress']) => policy('netpol-demo', 'backend-ingress', { podSelector: BACKEND_SELECTOR, ingress });

/** What `from` reaches on `to` (workload ids), in netpol-analyzer's words. */
function connection(model: ClusterModel, from: string, to: string, options: Partial<EngineOptions> = {}): string {
  const { compiled } = analyzeModel(model, options);
  const source = findEndpoint(compiled, from);
  const destination = findEndpoint(compiled, to);
  if ('error' in source || 'error' in destination) throw new Error(`unknown endpoint ${from} or ${to}`);
  return evaluatePair(compiled, source.endpoint, destination.endpoint).toString();
}

/** The proposal, its model applied, and what frontend reaches on backend before and after. */
function denyPorts(model: ClusterModel, ports: PortRequest[], intent: Partial<DenyIntent> = {}, options: Partial<EngineOptions> = {}) {
  const proposal = proposeDeny(model, { source: FRONTEND, destination: BACKEND, ports, ...intent }, { engineOptions: options });
  const after = applyChanges(model, proposal.changes);
  return { proposal, after, reached: connection(after, 'netpol-demo/frontend', 'netpol-demo/backend', options) };
}

const rulePorts = (proposal: Proposal, direction: 'ingress' | 'egress' = 'ingress'): (NetworkPolicyPort[] | null | undefined)[] => {
  const change = proposal.changes[0];
  if (change?.type !== 'update') throw new Error(`expected an update, got ${JSON.stringify(change)}`);
  return (change.spec[direction] ?? []).map((rule) => rule.ports);
};

describe('deny some ports: drop them from the rules that admit them', () => {
  it('an explicit port is dropped from a two-port rule: one change, no collateral', () => {
    const model = lab(backendIngress([{ from: [FROM_FRONTEND], ports: [{ port: 80 }, { protocol: 'TCP', port: 443 }] }]));
    expect(connection(model, 'netpol-demo/frontend', 'netpol-demo/backend')).toBe('TCP 80,443');
    const { proposal, reached } = denyPorts(model, TCP443);
    expect(proposal).toMatchObject({ status: 'proposed', needed: true, verified: true, collateral: [], cautions: [] });
    expect(proposal.changes).toEqual([{ type: 'update', namespace: 'netpol-demo', name: 'backend-ingress', spec: { podSelector: BACKEND_SELECTOR, ingress: [{ from: [FROM_FRONTEND], ports: [{ port: 80 }] }] } }]);
    expect(proposal.steps).toEqual([{ kind: 'remove-ports', policy: 'netpol-demo/backend-ingress', direction: 'Ingress', ruleNumber: 1, ports: [{ protocol: 'TCP', port: 443 }] }]);
    expect(proposal.affectedPairs).toEqual([
      { type: 'changed', source: 'netpol-demo/frontend[Deployment]', destination: 'netpol-demo/backend[Deployment]', ref1: 'TCP 80,443', ref2: 'TCP 80' },
    ]);
    expect(proposal.message).toBe(
      'Removes TCP 443 from ingress rule 1 of netpol-demo/backend-ingress, so netpol-demo/frontend no longer reaches netpol-demo/backend on TCP 443 and keeps TCP 80; no other pair changes.',
    );
    expect(reached).toBe('TCP 80');
  });

  it.each([
    {
      name: 'a range around the denied port is split into the parts left over',
      ports: [{ port: 8000, endPort: 8100 }],
      deny: [{ protocol: 'TCP', port: 8080 }],
      kept: [{ port: 8000, endPort: 8079 }, { port: 8081, endPort: 8100 }],
      removed: [{ protocol: 'TCP', port: 8080 }],
      reached: 'TCP 8000-8079,8081-8100',
      words: 'Removes TCP 8080 from ingress rule 1 of netpol-demo/backend-ingress (TCP 8000-8100 becomes TCP 8000-8079 and TCP 8081-8100)',
    },
    {
      name: 'a denied range cut out of the start of a range leaves one part',
      ports: [{ protocol: 'TCP', port: 8000, endPort: 8100 }, { protocol: 'UDP', port: 8000 }],
      deny: [{ protocol: 'TCP', port: 7990, endPort: 8049 }],
      kept: [{ protocol: 'TCP', port: 8050, endPort: 8100 }, { protocol: 'UDP', port: 8000 }],
      removed: [{ protocol: 'TCP', port: 8000, endPort: 8049 }],
      reached: 'TCP 8050-8100,UDP 8000',
      words: 'Removes TCP 8000-8049 from ingress rule 1 of netpol-demo/backend-ingress (TCP 8000-8100 becomes TCP 8050-8100)',
    },
    {
      name: 'a named port resolving to the denied port on the destination is removed',
      ports: [{ port: 'http' }, { port: 'https' }],
      deny: TCP443,
      kept: [{ port: 'http' }],
      removed: [{ protocol: 'TCP', port: 'https' }],
      reached: 'TCP 80',
      words: 'Removes TCP https from ingress rule 1 of netpol-demo/backend-ingress',
    },
    {
      name: 'a denied port given by name resolves on the destination',
      ports: [{ port: 80 }, { port: 443 }],
      deny: [{ protocol: 'TCP', port: 'https' }],
      kept: [{ port: 80 }],
      removed: [{ protocol: 'TCP', port: 443 }],
      reached: 'TCP 80',
      words: 'Removes TCP 443 from ingress rule 1 of netpol-demo/backend-ingress',
    },
  ] as { name: string; ports: NetworkPolicyPort[]; deny: PortRequest[]; kept: NetworkPolicyPort[]; removed: NetworkPolicyPort[]; reached: string; words: string }[])(
    '$name',
    ({ ports, deny, kept, removed, reached: expected, words }) => {
      const model = lab(backendIngress([{ from: [FROM_FRONTEND], ports }]));
      const { proposal, reached } = denyPorts(model, deny);
      expect(proposal).toMatchObject({ verified: true, collateral: [] });
      expect(proposal.changes).toHaveLength(1);
      expect(rulePorts(proposal)).toEqual([kept]);
      expect(proposal.steps).toMatchObject([{ kind: 'remove-ports', ruleNumber: 1, ports: removed }]);
      expect(proposal.message.startsWith(`${words}, so netpol-demo/frontend no longer reaches netpol-demo/backend on`)).toBe(true);
      expect(reached).toBe(expected);
    },
  );

  it('a rule whose only port is denied is removed, not left with an empty list (which would admit every port)', () => {
    const model = lab(
      backendIngress([
        { from: [FROM_FRONTEND], ports: [{ port: 443 }] },
        { from: [FROM_FRONTEND], ports: [{ port: 80 }] },
      ]),
    );
    const { proposal, reached } = denyPorts(model, TCP443);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(rulePorts(proposal)).toEqual([[{ port: 80 }]]);
    expect(proposal.steps).toEqual([{ kind: 'remove-rule', policy: 'netpol-demo/backend-ingress', direction: 'Ingress', ruleNumber: 1 }]);
    expect(reached).toBe('TCP 80');
  });

  it('every rule admitting the pair on the port loses it', () => {
    const model = lab(
      backendIngress([
        { from: [FROM_FRONTEND], ports: [{ port: 80 }, { port: 443 }] },
        { from: [FROM_FRONTEND], ports: [{ port: 443 }, { port: 8443 }] },
      ]),
    );
    const { proposal, reached } = denyPorts(model, TCP443);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(rulePorts(proposal)).toEqual([[{ port: 80 }], [{ port: 8443 }]]);
    expect(proposal.steps.map((step) => `${step.kind} ${'ruleNumber' in step ? step.ruleNumber : ''}`)).toEqual(['remove-ports 1', 'remove-ports 2']);
    expect(reached).toBe('TCP 80,8443');
  });

  it('a rule whose peers admit another source too: the pair is taken out and allowed back, so the other source keeps its ports', () => {
    const model = lab(
      backendIngress([
        { from: [FROM_FRONTEND], ports: [{ port: 80 }, { port: 443 }] },
        { from: [FROM_FRONTEND, { podSelector: { matchLabels: { tier: 'database' } } }], ports: [{ port: 443 }, { port: 8443 }] },
      ]),
    );
    const { proposal, after, reached } = denyPorts(model, TCP443);
    // Dropping 443 from rule 2 would also take it from database; removing frontend's peer and allowing 8443 back does not.
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(proposal.steps.map((step) => step.kind)).toEqual(['remove-rule', 'remove-peer', 'add-rule']);
    expect(proposal.changes).toHaveLength(1);
    expect(reached).toBe('TCP 80,8443');
    expect(connection(after, 'netpol-demo/database', 'netpol-demo/backend')).toBe('TCP 443,8443');
  });

  it('a shared peer that cannot tell the source apart: the other pair losing the port is listed as collateral', () => {
    const model = lab(backendIngress([{ from: [FROM_FRONTEND], ports: [{ port: 80 }, { port: 443 }] }]));
    model.workloads = [...model.workloads, workload('netpol-demo', 'frontend-canary', { tier: 'frontend' })];
    const { proposal, after, reached } = denyPorts(model, TCP443);
    expect(proposal.verified).toBe(true);
    expect(proposal.changes).toHaveLength(1);
    expect(proposal.collateral).toEqual([
      { type: 'changed', source: 'netpol-demo/frontend-canary[Deployment]', destination: 'netpol-demo/backend[Deployment]', ref1: 'TCP 80,443', ref2: 'TCP 80' },
    ]);
    expect(proposal.cautions).toEqual([{ code: 'shared-labels', workloads: ['netpol-demo/frontend-canary[Deployment]'] }]);
    expect(proposal.message).toContain('it also changes 1 other pair: netpol-demo/frontend-canary[Deployment] → netpol-demo/backend[Deployment] (TCP 80,443 → TCP 80)');
    expect(reached).toBe('TCP 80');
    expect(connection(after, 'netpol-demo/frontend-canary', 'netpol-demo/backend')).toBe('TCP 80');
  });

  it('a peer the other sources share is kept for them when the source can be told apart: deny, then allow back', () => {
    const model = lab(backendIngress([{ from: [{ podSelector: {} }], ports: [{ port: 80 }, { port: 443 }] }]));
    const before = connectivityLines(model);
    const { proposal, after, reached } = denyPorts(model, TCP443);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(reached).toBe('TCP 80');
    expect(connectivityLines(after)).toEqual(before.map((line) => (line === 'netpol-demo/frontend[Deployment] => netpol-demo/backend[Deployment]: TCP 80,443' ? line.replace('80,443', '80') : line)));
  });
});

describe('deny some ports: the sides and the endpoints', () => {
  it('an egress-isolated source loses the port from its egress rule when the destination is not isolated', () => {
    const model = lab(policy('netpol-demo', 'frontend-egress', { podSelector: { matchLabels: { tier: 'frontend' } }, policyTypes: ['Egress'], egress: [{ to: [TO_BACKEND], ports: [{ port: 80 }, { port: 443 }] }] }));
    model.policies = model.policies.filter((p) => p.name !== 'default-deny');
    expect(connection(model, 'netpol-demo/frontend', 'netpol-demo/backend')).toBe('TCP 80,443');
    const { proposal, reached } = denyPorts(model, TCP443);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(proposal.steps).toEqual([{ kind: 'remove-ports', policy: 'netpol-demo/frontend-egress', direction: 'Egress', ruleNumber: 1, ports: [{ protocol: 'TCP', port: 443 }] }]);
    expect(proposal.message).toBe(
      'Removes TCP 443 from egress rule 1 of netpol-demo/frontend-egress, so netpol-demo/frontend no longer reaches netpol-demo/backend on TCP 443 and keeps TCP 80; no other pair changes.',
    );
    expect(reached).toBe('TCP 80');
  });

  it('when the ingress rule admits every port, dropping the port on the egress side is the smaller change', () => {
    const model = lab(
      backendIngress([{ from: [FROM_FRONTEND] }]),
      policy('netpol-demo', 'frontend-egress', { podSelector: { matchLabels: { tier: 'frontend' } }, policyTypes: ['Egress'], egress: [{ to: [TO_BACKEND], ports: [{ port: 80 }, { port: 443 }] }] }),
    );
    const { proposal, reached } = denyPorts(model, TCP443);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(proposal.changes.map((change) => (change.type === 'create' ? change.policy.name : change.name))).toEqual(['frontend-egress']);
    expect(reached).toBe('TCP 80');
  });

  it('removing the last egress rule of a policy without policyTypes declares them, so the source stays egress-isolated', () => {
    const model = lab(
      policy('netpol-demo', 'frontend-egress', {
        podSelector: { matchLabels: { tier: 'frontend' } },
        egress: [{ to: [TO_BACKEND], ports: [{ port: 443 }] }],
      }),
    );
    model.policies = model.policies.filter((p) => p.name !== 'default-deny');
    const { proposal, after, reached } = denyPorts(model, TCP443);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(proposal.changes).toEqual([
      { type: 'update', namespace: 'netpol-demo', name: 'frontend-egress', spec: { podSelector: { matchLabels: { tier: 'frontend' } }, policyTypes: ['Ingress', 'Egress'], egress: [] } },
    ]);
    expect(reached).toBe('No Connections');
    expect(connection(after, 'netpol-demo/frontend', 'netpol-demo/database')).toBe('No Connections');
  });

  it('a namespace source: every workload of the namespace keeps the other ports', () => {
    const model = lab(backendIngress([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }], ports: [{ port: 80 }, { port: 443 }] }]));
    model.namespaces = [...model.namespaces, { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } }];
    model.workloads = [...model.workloads, workload('shop', 'web', { app: 'web' }), workload('shop', 'worker', { app: 'worker' })];
    const { proposal, after } = denyPorts(model, TCP443, { source: { kind: 'namespace', name: 'shop' } });
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(rulePorts(proposal)).toEqual([[{ port: 80 }]]);
    expect(proposal.message).toBe(
      'Removes TCP 443 from ingress rule 1 of netpol-demo/backend-ingress, so namespace shop no longer reaches netpol-demo/backend on TCP 443; every other port stays as it was; no other pair changes.',
    );
    expect(connection(after, 'shop/web', 'netpol-demo/backend')).toBe('TCP 80');
    expect(connection(after, 'shop/worker', 'netpol-demo/backend')).toBe('TCP 80');
  });

  it('a namespace source whose pairs keep different ports: each pair is allowed back exactly its own', () => {
    const model = lab(
      backendIngress([
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }], ports: [{ port: 80 }, { port: 443 }] },
        { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } }] },
      ]),
    );
    model.namespaces = [...model.namespaces, { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' } }];
    model.workloads = [...model.workloads, workload('shop', 'web', { app: 'web' }), workload('shop', 'worker', { app: 'worker' })];
    const { proposal, after } = denyPorts(model, TCP443, { source: { kind: 'namespace', name: 'shop' } });
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(connection(after, 'shop/web', 'netpol-demo/backend')).toBe('SCTP 1-65535,TCP 1-442,444-65535,UDP 1-65535');
    expect(connection(after, 'shop/worker', 'netpol-demo/backend')).toBe('TCP 80');
    // The allow back is per pair: its words name each pair's source.
    expect(proposal.message).toContain('admitting shop/web on all SCTP ports, TCP 1-442, TCP 444-65535, all UDP ports');
    expect(proposal.message).toContain('admitting shop/worker on TCP 80, so namespace shop no longer reaches netpol-demo/backend on TCP 443; every other port stays as it was; no other pair changes.');
  });

  it.each([
    {
      name: 'an address block destination: the source’s egress rule loses the port',
      intent: { destination: { kind: 'cidr', cidr: '10.0.0.0/8' } },
      spec: { podSelector: { matchLabels: { tier: 'frontend' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 80 }, { port: 443 }] }] },
      from: 'netpol-demo/frontend',
      to: '10.1.2.3',
      before: 'TCP 80,443',
    },
    {
      name: 'an address block source: the destination’s ingress rule loses the port',
      intent: { source: { kind: 'cidr', cidr: '192.168.0.0/16' } },
      spec: { podSelector: BACKEND_SELECTOR, ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.9.0/24'] } }], ports: [{ port: 80 }, { port: 443 }] }] },
      from: '192.168.1.1',
      to: 'netpol-demo/backend',
      before: 'TCP 80,443',
    },
  ] as { name: string; intent: Partial<DenyIntent>; spec: NetworkPolicySpec; from: string; to: string; before: string }[])('$name', ({ intent, spec, from, to, before }) => {
    const model = lab(policy('netpol-demo', 'edge', spec));
    expect(connection(model, from, to)).toBe(before);
    const { proposal, after } = denyPorts(model, TCP443, intent);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(proposal.steps).toMatchObject([{ kind: 'remove-ports', policy: 'netpol-demo/edge', ports: [{ protocol: 'TCP', port: 443 }] }]);
    expect(connection(after, from, to)).toBe('TCP 80');
  });
});

describe('deny some ports: rules without ports, and nothing to do', () => {
  it('a rule admitting every port: deny the pair, then allow back every other port; verified', () => {
    const model = lab(backendIngress([{ from: [FROM_FRONTEND] }]));
    expect(connection(model, 'netpol-demo/frontend', 'netpol-demo/backend')).toBe('All Connections');
    const { proposal, after, reached } = denyPorts(model, TCP443);
    expect(proposal).toMatchObject({ status: 'proposed', verified: true, collateral: [] });
    expect(reached).toBe('SCTP 1-65535,TCP 1-442,444-65535,UDP 1-65535');
    // One change per policy, whatever order the deny and the allow back made them in.
    const keys = proposal.changes.map((change) => (change.type === 'create' ? `${change.policy.namespace}/${change.policy.name}` : `${change.namespace}/${change.name}`));
    expect(new Set(keys).size).toBe(keys.length);
    expect(proposal.steps.map((step) => step.kind)).toContain('remove-rule');
    expect(proposal.message).toContain('admitting netpol-demo/frontend on all SCTP ports, TCP 1-442, TCP 444-65535, all UDP ports, so');
    expect(proposal.message).toContain('so netpol-demo/frontend no longer reaches netpol-demo/backend on TCP 443 and keeps SCTP 1-65535,TCP 1-442,444-65535,UDP 1-65535; no other pair changes.');
    expect(connection(after, 'netpol-demo/database', 'netpol-demo/backend')).toBe('No Connections');
  });

  it('a rule admitting every port, kept in a policy that also admits others: they keep everything', () => {
    const model = lab(backendIngress([{ from: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'database'] }] } }] }]));
    const { proposal, after, reached } = denyPorts(model, [{ protocol: 'TCP', port: 80 }, { protocol: 'UDP' }]);
    expect(proposal).toMatchObject({ verified: true, collateral: [] });
    expect(reached).toBe('SCTP 1-65535,TCP 1-79,81-65535');
    expect(connection(after, 'netpol-demo/database', 'netpol-demo/backend')).toBe('All Connections');
  });

  it.each([
    { name: 'the denied port is not allowed', ingress: [{ from: [FROM_FRONTEND], ports: [{ port: 80 }] }], deny: TCP443 },
    { name: 'the pair allows nothing', ingress: [], deny: TCP443 },
    { name: 'a denied name the destination resolves to a port not allowed', ingress: [{ from: [FROM_FRONTEND], ports: [{ port: 80 }] }], deny: [{ protocol: 'TCP', port: 'https' }] },
  ] as { name: string; ingress: NetworkPolicySpec['ingress']; deny: PortRequest[] }[])('$name: satisfied, nothing to change', ({ ingress, deny }) => {
    const model = lab(backendIngress(ingress));
    const before = connection(model, 'netpol-demo/frontend', 'netpol-demo/backend');
    const { proposal, reached } = denyPorts(model, deny);
    expect(proposal).toMatchObject({ status: 'satisfied', needed: false, changes: [], verified: true });
    expect(proposal.message).toMatch(/^netpol-demo\/frontend already cannot reach netpol-demo\/backend on TCP (443|https); nothing to change\.$/);
    expect(reached).toBe(before);
  });

  it.each([
    { deny: [{ protocol: 'TCP', port: 0 }], why: 'port 0 is not between 1 and 65535' },
    { deny: [{ protocol: 'TCP', port: 'grpc' }], why: 'netpol-demo/backend declares no TCP port named "grpc"' },
    { deny: [{ protocol: 'ICMP', port: 1 }], why: 'protocol ICMP is not one of TCP, UDP, SCTP' },
  ] as { deny: PortRequest[]; why: string }[])('an invalid port ($why) is refused', ({ deny, why }) => {
    const model = lab(backendIngress([{ from: [FROM_FRONTEND], ports: [{ port: 80 }, { port: 443 }] }]));
    expect(proposeDeny(model, { source: FRONTEND, destination: BACKEND, ports: deny })).toMatchObject({ status: 'invalid', needed: false, message: `Cannot delete these ports: ${why}.` });
  });

  it('an empty port list denies the whole edge, as without ports', () => {
    const model = lab(backendIngress([{ from: [FROM_FRONTEND], ports: [{ port: 80 }, { port: 443 }] }]));
    const { proposal, reached } = denyPorts(model, []);
    expect(proposal).toEqual(proposeDeny(model, { source: FRONTEND, destination: BACKEND }));
    expect(reached).toBe('No Connections');
  });

  it('when endPort is not enforced the ports kept cannot be written as ranges: not verified, and the message says what is off', () => {
    const options = { endPortSupported: false };
    const model = lab(backendIngress([{ from: [FROM_FRONTEND] }]));
    const { proposal, reached } = denyPorts(model, TCP443, {}, options);
    expect(proposal.verified).toBe(false);
    expect(reached).not.toContain('443');
    expect(proposal.message).toContain('The engine does not confirm that netpol-demo/frontend reaches netpol-demo/backend on exactly what it did without TCP 443 afterwards.');
    expect(proposal.message).toContain('afterwards netpol-demo/frontend → netpol-demo/backend would allow');
  });
});
