// The NetworkPolicies of a synthetic cluster: all valid for the API server, and together they use
// every feature of networking.k8s.io/v1.
import { describe, expect, it } from 'vitest';
import { policyErrors } from './apiServerValidity';
import { docsOf, FEATURE_SEEDS, isObj, policiesOf, SIZES, type Obj } from './syntheticClusterChecks';

describe('generateSyntheticManifests', () => {
  it.each([...SIZES.map((n) => [n, 11]), [1000, 12345]])('emits only valid NetworkPolicies (%i workloads, seed %i)', (n, seed) => {
    const docs = docsOf(n, seed);
    const errors = policiesOf(docs).flatMap(policyErrors);
    expect(errors).toEqual([]);
    const keys = new Set<string>();
    for (const p of policiesOf(docs)) {
      const meta = p['metadata'] as Obj;
      const key = `${String(meta['namespace'])}/${String(meta['name'])}`;
      expect(keys.has(key), `duplicate ${key}`).toBe(false);
      keys.add(key);
    }
    // Every policy lives in a namespace that exists.
    const namespaces = new Set(docs.filter((d) => d['kind'] === 'Namespace').map((d) => (d['metadata'] as Obj)['name']));
    for (const p of policiesOf(docs)) expect(namespaces.has((p['metadata'] as Obj)['namespace'])).toBe(true);
  });

  it.each(FEATURE_SEEDS)('mixes every NetworkPolicy feature (1000 workloads, seed %i)', (seed) => {
    const policies = policiesOf(docsOf(1000, seed));
    const text = JSON.stringify(policies);
    const specs = policies.map((p) => p['spec'] as Obj);
    const rules = specs.flatMap((s) => [...((s['ingress'] as Obj[] | undefined) ?? []), ...((s['egress'] as Obj[] | undefined) ?? [])]);
    const peers = rules.flatMap((r) => [...((r['from'] as Obj[] | undefined) ?? []), ...((r['to'] as Obj[] | undefined) ?? [])]);
    const ports = rules.flatMap((r) => (r['ports'] as Obj[] | undefined) ?? []);
    const empty = (v: unknown): boolean => isObj(v) && Object.keys(v).length === 0;
    const types = (s: Obj): string => JSON.stringify(s['policyTypes'] ?? null);
    const noRules = (s: Obj): boolean => s['ingress'] === undefined && s['egress'] === undefined;

    const features: Record<string, boolean> = {
      'default-deny ingress': specs.some((s) => empty(s['podSelector']) && types(s) === '["Ingress"]' && noRules(s)),
      'default-deny egress': specs.some((s) => empty(s['podSelector']) && types(s).includes('Egress') && noRules(s)),
      'podSelector-only peer': peers.some((p) => p['podSelector'] !== undefined && p['namespaceSelector'] === undefined),
      'namespaceSelector-only peer': peers.some((p) => p['namespaceSelector'] !== undefined && p['podSelector'] === undefined && !empty(p['namespaceSelector'])),
      'AND peer': peers.some((p) => p['podSelector'] !== undefined && p['namespaceSelector'] !== undefined),
      'OR peers': rules.some((r) => ((r['from'] ?? r['to']) as Obj[] | undefined)?.some((p) => p['podSelector'] !== undefined) === true
        && ((r['from'] ?? r['to']) as Obj[]).some((p) => p['namespaceSelector'] !== undefined && p['podSelector'] === undefined)),
      'namespaceSelector: {}': peers.some((p) => empty(p['namespaceSelector'])),
      'podSelector: {} peer': peers.some((p) => empty(p['podSelector']) && p['namespaceSelector'] === undefined),
      'operator In': text.includes('"operator":"In"'),
      'operator NotIn': text.includes('"operator":"NotIn"'),
      'operator Exists': text.includes('"operator":"Exists"'),
      'operator DoesNotExist': text.includes('"operator":"DoesNotExist"'),
      'IPv4 ipBlock with except': peers.some((p) => isObj(p['ipBlock']) && Array.isArray(p['ipBlock']['except']) && !String(p['ipBlock']['cidr']).includes(':')),
      'IPv6 ipBlock': peers.some((p) => isObj(p['ipBlock']) && String(p['ipBlock']['cidr']).includes(':')),
      'IPv6 ipBlock with except': peers.some((p) => isObj(p['ipBlock']) && String(p['ipBlock']['cidr']).includes(':') && Array.isArray(p['ipBlock']['except'])),
      'numeric port': ports.some((p) => typeof p['port'] === 'number' && p['endPort'] === undefined),
      'named port': ports.some((p) => typeof p['port'] === 'string'),
      'port range': ports.some((p) => typeof p['endPort'] === 'number' && p['endPort'] > (p['port'] as number)),
      'port range of one': ports.some((p) => typeof p['endPort'] === 'number' && p['endPort'] === p['port']),
      'protocol TCP': ports.some((p) => p['protocol'] === 'TCP'),
      'protocol UDP': ports.some((p) => p['protocol'] === 'UDP'),
      'protocol SCTP': ports.some((p) => p['protocol'] === 'SCTP'),
      'protocol omitted': ports.some((p) => p['protocol'] === undefined && p['port'] !== undefined),
      'protocol only': ports.some((p) => p['port'] === undefined && p['protocol'] !== undefined),
      'empty rule {}': rules.some((r) => empty(r)),
      'rule without peers': rules.some((r) => r['from'] === undefined && r['to'] === undefined && r['ports'] !== undefined),
      'DNS egress to kube-system': specs.some((s) => ((s['egress'] as Obj[] | undefined) ?? []).some((r) => JSON.stringify(r).includes('kube-system') && JSON.stringify(r).includes('53'))),
      'named DNS ports': ports.some((p) => p['port'] === 'dns-tcp'),
      'without policyTypes (ingress only)': specs.some((s) => s['policyTypes'] === undefined && s['egress'] === undefined),
      'without policyTypes (defaulted Egress)': specs.some((s) => s['policyTypes'] === undefined && Array.isArray(s['egress']) && s['egress'].length > 0),
      'egress-only': specs.some((s) => types(s) === '["Egress"]' && Array.isArray(s['egress'])),
      'Ingress and Egress': specs.some((s) => types(s) === '["Ingress","Egress"]'),
      'podSelector omitted': specs.some((s) => s['podSelector'] === undefined),
      'policy name with a dot': policies.some((p) => String((p['metadata'] as Obj)['name']).includes('.')),
    };
    const missing = Object.entries(features).filter(([, present]) => !present).map(([name]) => name);
    expect(missing).toEqual([]);
  });
});
