import { describe, expect, it } from 'vitest';
import type { DesignOperation } from '../common/design';
import type { Design } from '../common/model';
import { deletionImpact } from './designImpact';
import { applyOperation } from './designOperations';
import { emptyDesign } from './designSessions';

function run(design: Design, ...operations: DesignOperation[]): Design {
  return operations.reduce((current, operation) => {
    const outcome = applyOperation(current, operation);
    if ('error' in outcome) throw new Error(outcome.error);
    return outcome.design;
  }, design);
}

const create = (namespace: string, name: string, spec: object): DesignOperation => ({ type: 'policy-changes', changes: [{ type: 'create', policy: { namespace, name, spec } }] });

// shop: web and db; ops: monitor. Policies in shop select db; ops/scrape reaches shop by namespace
// label; ops/anywhere names every namespace but no pod in shop (not about shop); egress-vpn sends
// to an address range inside the VPN block.
const design = run(
  emptyDesign(),
  { type: 'add-namespace', name: 'shop', labels: { team: 'shop' } },
  { type: 'add-namespace', name: 'ops', labels: {} },
  { type: 'add-workload', namespace: 'shop', name: 'web', kind: 'Deployment', labels: { app: 'web' }, ports: [] },
  { type: 'add-workload', namespace: 'shop', name: 'db', kind: 'StatefulSet', labels: { app: 'db' }, ports: [] },
  { type: 'add-workload', namespace: 'ops', name: 'monitor', kind: 'Deployment', labels: { app: 'monitor' }, ports: [] },
  { type: 'add-external', name: 'VPN', cidr: '10.8.0.0/16' },
  { type: 'set-default-deny', namespace: 'shop', ingress: true, egress: false },
  create('shop', 'db-from-web', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }),
  create('ops', 'scrape', { podSelector: { matchLabels: { app: 'monitor' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'shop' } } }] }] }),
  create('ops', 'to-db', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } }] }] }),
  create('ops', 'egress-vpn', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.8.1.0/24' } }] }] }),
  create('ops', 'anywhere', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'nothing' } } }] }] }),
  create('ops', 'egress-other', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '192.168.0.0/16' } }] }] }),
);

describe('deletionImpact', () => {
  it('a namespace: its workloads and policies go, and the policies whose peers select it are named', () => {
    expect(deletionImpact(design, { kind: 'namespace', name: 'shop' })).toEqual({
      target: { kind: 'namespace', name: 'shop' },
      deletedWorkloads: ['shop/web[Deployment]', 'shop/db[StatefulSet]'],
      deletedPolicies: ['shop/db-from-web', 'shop/default-deny-ingress'],
      subjectPolicies: [],
      peerPolicies: ['ops/scrape', 'ops/to-db'],
    });
  });

  it('a workload: the policies selecting it and those whose peers select it', () => {
    expect(deletionImpact(design, { kind: 'workload', id: 'shop/db[StatefulSet]' })).toEqual({
      target: { kind: 'workload', id: 'shop/db[StatefulSet]' },
      deletedWorkloads: ['shop/db[StatefulSet]'],
      deletedPolicies: [],
      subjectPolicies: ['shop/db-from-web', 'shop/default-deny-ingress'],
      peerPolicies: ['ops/scrape', 'ops/to-db'],
    });
    expect(deletionImpact(design, { kind: 'workload', id: 'shop/web[Deployment]' })).toMatchObject({ subjectPolicies: ['shop/default-deny-ingress'], peerPolicies: ['ops/scrape', 'shop/db-from-web'] });
  });

  it('an external block: the policies whose ipBlocks overlap it', () => {
    expect(deletionImpact(design, { kind: 'external', name: 'VPN' })).toEqual({
      target: { kind: 'external', name: 'VPN' },
      deletedWorkloads: [],
      deletedPolicies: [],
      subjectPolicies: [],
      peerPolicies: ['ops/egress-vpn'],
    });
  });

  it('agrees with the delete itself', () => {
    const impact = deletionImpact(design, { kind: 'namespace', name: 'shop' }) as { deletedPolicies: string[] };
    const after = run(design, { type: 'delete', target: { kind: 'namespace', name: 'shop' } });
    const gone = design.model.policies.filter((p) => !after.model.policies.includes(p)).map((p) => `${p.namespace}/${p.name}`);
    expect(gone.sort()).toEqual(impact.deletedPolicies);
  });

  it('names what is not there', () => {
    expect(deletionImpact(design, { kind: 'namespace', name: 'nope' })).toEqual({ error: 'namespaces "nope" not found' });
    expect(deletionImpact(design, { kind: 'workload', id: 'shop/web[Pod]' })).toEqual({ error: 'pods "web" not found' });
    expect(deletionImpact(design, { kind: 'external', name: 'Internet' })).toEqual({ error: 'external block "Internet" not found' });
  });
});
