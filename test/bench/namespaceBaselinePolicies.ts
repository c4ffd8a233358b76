// Namespace-wide baseline policies: default deny, DNS egress, same-namespace traffic, Prometheus
// scraping and the ingress controller, plus the kube-system and infrastructure allowances.
import { dnsEgressSpec } from './dnsEgressRule';
import type { PolicyDrafts } from './policyDrafts';
import type { Rng } from './seededRandom';
import type { NamespaceInfo } from './syntheticClusterModel';
import type { YamlMap } from './yamlStreams';

/** Candidate baseline policies of a namespace, as thunks so that a capped budget draws nothing. */
export function namespaceBaselines(rng: Rng, drafts: PolicyDrafts, ns: NamespaceInfo): (() => void)[] {
  const out: (() => void)[] = [];
  if (ns.name === 'kube-system') {
    out.push(() => drafts.add(ns, 'allow-dns', {
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: {} }],
        ports: [{ protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: 'dns-tcp' }, { protocol: 'TCP', port: 9153 }],
      }],
    }));
    return out;
  }
  if (ns.infra) {
    out.push(() => drafts.add(ns, 'allow-all-ingress', { podSelector: {}, ingress: [{}] }));
    return out;
  }
  const denyEgress = rng.chance(ns.env === 'prod' ? 0.45 : 0.2);
  if (denyEgress) {
    const both = rng.chance(0.5);
    out.push(() => drafts.add(ns, both ? 'default-deny-all' : 'default-deny-egress', {
      podSelector: {},
      policyTypes: both ? ['Ingress', 'Egress'] : ['Egress'],
    }));
    out.push(() => drafts.add(ns, 'allow-dns', dnsEgressSpec(rng, {})));
    if (rng.chance(0.5)) {
      out.push(() => drafts.add(ns, 'allow-egress-same-namespace', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: {} }] }],
      }));
    }
  }
  if (!denyEgress || rng.chance(0.5)) {
    if (rng.chance(ns.env === 'dev' ? 0.4 : 0.75)) {
      const spec: YamlMap = rng.chance(0.2) ? { policyTypes: ['Ingress'] } : { podSelector: {}, policyTypes: ['Ingress'] };
      out.push(() => drafts.add(ns, 'default-deny-ingress', spec));
    }
  }
  if (rng.chance(0.3)) {
    // `podSelector` may be left out: it then selects every pod of the namespace (NP-6).
    const spec: YamlMap = rng.chance(0.25) ? {} : { podSelector: {} };
    spec['ingress'] = [{ from: [{ podSelector: {} }] }];
    out.push(() => drafts.add(ns, 'allow-same-namespace', spec));
  }
  if (rng.chance(0.45)) {
    out.push(() => drafts.add(ns, 'allow-prometheus-scrape', {
      podSelector: rng.chance(0.5) ? {} : { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        }],
        ports: [{ protocol: 'TCP', port: 'metrics' }],
      }],
    }));
  }
  if ((ns.appsByTier.get('frontend')?.length ?? 0) > 0 && rng.chance(0.6)) {
    out.push(() => drafts.add(ns, 'allow-ingress-controller', {
      podSelector: { matchLabels: { tier: 'frontend' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
        }],
        ports: [{ port: 'http' }, { port: 'https' }],
      }],
    }));
  }
  return out;
}
