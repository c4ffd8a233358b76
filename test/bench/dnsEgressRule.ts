// The egress rule that lets pods resolve names through kube-dns in kube-system, in the variants
// real policies use (numeric or named ports, peer by namespace and/or pod, or ports only).
import type { Rng } from './seededRandom';
import type { YamlMap } from './yamlStreams';

const KUBE_DNS_PEER: YamlMap = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

/** The spec of a policy whose only egress rule allows DNS. */
export function dnsEgressSpec(rng: Rng, podSelector: YamlMap, policyTypes: string[] | undefined = ['Egress']): YamlMap {
  const spec: YamlMap = { podSelector };
  if (policyTypes) spec['policyTypes'] = policyTypes;
  spec['egress'] = [dnsRule(rng)];
  return spec;
}

export function dnsRule(rng: Rng): YamlMap {
  const ports: YamlMap[] = rng.weighted<YamlMap[]>([
    [[{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }], 6],
    [[{ protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: 'dns-tcp' }], 2],
    [[{ port: 53, protocol: 'UDP' }], 1],
  ]);
  const to = rng.weighted<YamlMap[] | undefined>([
    [[structuredClone(KUBE_DNS_PEER)], 6],
    [[{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], 2],
    [[{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], 1],
    [undefined, 1],
  ]);
  if (to) return { to, ports };
  return { ports: ports.map((p) => ({ ...p, port: typeof p['port'] === 'string' ? 53 : p['port'] })) };
}
