// One named test per rule of reference/netpol-semantics.md, on its fixture F. Every verdict is
// read twice, rule by rule (evaluate.ts) and from the class-based matrix (connectivity.ts),
// and both must agree.
import { describe, expect, it } from 'vitest';
import type { ClusterModel, ContainerPortModel, EngineOptions, NetworkPolicySpec, Protocol, WorkloadModel } from '../common/model';
import { findEndpoint } from './analysis';
import { compileModel } from './compile';
import { computeConnectivity } from './connectivity';
import { evaluatePair } from './evaluate';

const E2E_PORTS: ContainerPortModel[] = [80, 81].flatMap((port) =>
  (['TCP', 'UDP', 'SCTP'] as const).map((protocol) => ({ name: `serve-${port}-${protocol.toLowerCase()}`, containerPort: port, protocol })),
);

const PODS: [string, string, string][] = [
  ['x', 'a', '10.0.1.1'],
  ['x', 'b', '10.0.1.2'],
  ['x', 'c', '10.0.1.3'],
  ['y', 'a', '10.0.2.1'],
  ['y', 'b', '10.0.2.2'],
  ['z', 'a', '10.0.3.1'],
];

interface FixtureOptions {
  policies: { namespace?: string; name?: string; spec: NetworkPolicySpec }[];
  namespaceLabels?: Record<string, Record<string, string>>;
  extraWorkloads?: WorkloadModel[];
  options?: Partial<EngineOptions>;
}

function fixture({ policies, namespaceLabels = {}, extraWorkloads = [], options = {} }: FixtureOptions) {
  const model: ClusterModel = {
    namespaces: ['x', 'y', 'z'].map((name) => ({ name, labels: { ...(namespaceLabels[name] ?? {}) } })),
    workloads: [
      ...PODS.map(([namespace, name, ip]) => ({ namespace, name, kind: 'Pod', labels: { pod: name }, ports: E2E_PORTS, podIPs: [ip] })),
      ...extraWorkloads,
    ],
    policies: policies.map((policy, i) => ({ namespace: policy.namespace ?? 'x', name: policy.name ?? `p${i}`, spec: policy.spec })),
  };
  const compiled = compileModel(model, options);
  const matrix = computeConnectivity(compiled);
  const allowed = (from: string, to: string, protocol: Protocol = 'TCP', port = 80): boolean => {
    const source = findEndpoint(compiled, from);
    const destination = findEndpoint(compiled, to);
    if ('error' in source || 'error' in destination) throw new Error(`unknown endpoint ${from} or ${to}`);
    const direct = evaluatePair(compiled, source.endpoint, destination.endpoint).contains(protocol, port);
    if (source.endpoint.kind === 'workload' && destination.endpoint.kind === 'workload') {
      expect(matrix.connection(source.endpoint.index, destination.endpoint.index).contains(protocol, port), `matrix vs direct for ${from} -> ${to}`).toBe(direct);
    }
    return direct;
  };
  return { compiled, matrix, allowed };
}

const EXT = '203.0.113.10';
const EXT6 = '2001:db8::10';
const podA = { matchLabels: { pod: 'a' } };
const podB = { matchLabels: { pod: 'b' } };

describe('1. defaulting', () => {
  it('NP-1 policyTypes defaults to Ingress plus Egress when egress rules exist', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: podA, egress: [{}] } }] });
    expect(allowed('y/a', 'x/a')).toBe(false);
    expect(allowed('x/a', 'y/a')).toBe(true);
  });
  it('NP-2 an empty egress list does not isolate for egress', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: {}, egress: [] } }] });
    expect(allowed('x/a', 'y/a')).toBe(true);
    expect(allowed('y/a', 'x/a')).toBe(false);
  });
  it('NP-3 rules of a direction missing from policyTypes are ignored', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: {}, policyTypes: ['Egress'], ingress: [{ from: [{ podSelector: podB }] }] } }] });
    expect(allowed('y/a', 'x/a')).toBe(true);
    expect(allowed('x/a', 'y/a')).toBe(false);
  });
  it('NP-5 protocol defaults to TCP per port entry', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53 }] }] } }] });
    expect(allowed('x/a', 'y/a', 'TCP', 53)).toBe(true);
    expect(allowed('x/a', 'y/a', 'UDP', 53)).toBe(false);
  });
  it('NP-6 an absent podSelector selects every pod of the namespace', () => {
    const { allowed } = fixture({ policies: [{ spec: {} }] });
    expect(allowed('y/a', 'x/b')).toBe(false);
    expect(allowed('x/b', 'y/a')).toBe(true);
  });
  it('NP-7 a policy only selects pods of its own namespace', () => {
    const { allowed } = fixture({ policies: [{ spec: {} }] });
    expect(allowed('x/a', 'y/a')).toBe(true);
    expect(allowed('z/a', 'y/a')).toBe(true);
  });
  it('NP-8 duplicate policyTypes are a set', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: {}, policyTypes: ['Ingress', 'Ingress'] } }] });
    expect(allowed('y/a', 'x/a')).toBe(false);
    expect(allowed('x/a', 'y/a')).toBe(true);
  });
});

describe('2. isolation and combination', () => {
  it('NP-10 isolation is per pod and per direction', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: podA, policyTypes: ['Ingress'] } }] });
    expect(allowed('y/a', 'x/a')).toBe(false);
    expect(allowed('y/a', 'x/b')).toBe(true);
    expect(allowed('x/a', 'y/a')).toBe(true);
  });
  it('NP-11 policies are additive', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] } }, { spec: { podSelector: {}, ingress: [{}] } }] });
    expect(allowed('y/a', 'x/a', 'TCP', 81)).toBe(true);
  });
  it('NP-12 both egress at the source and ingress at the destination must allow', () => {
    const { allowed } = fixture({
      policies: [
        { spec: { podSelector: podA, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'y' } }, podSelector: podA }] }] } },
        { namespace: 'y', spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'x' } }, podSelector: podA }] }] } },
      ],
    });
    expect(allowed('x/a', 'y/a')).toBe(true);
    expect(allowed('x/a', 'y/b')).toBe(false);
    expect(allowed('x/b', 'y/a')).toBe(false);
  });
  it('NP-13 a direction with no rules denies everything', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }] });
    expect(allowed('x/a', 'x/b')).toBe(false);
    expect(allowed('y/a', 'x/a')).toBe(false);
    expect(allowed('x/a', EXT, 'TCP', 443)).toBe(false);
  });
  it('NP-14 the empty rule allows everything, external peers included', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: {}, ingress: [{}] } }] });
    expect(allowed(EXT, 'x/a', 'TCP', 8443)).toBe(true);
    expect(allowed('y/a', 'x/a', 'SCTP', 81)).toBe(true);
  });
  it('NP-15 a rule needs its ports AND its peers', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: {}, ingress: [{ from: [{ podSelector: podB }], ports: [{ port: 80 }] }] } }] });
    expect(allowed('x/b', 'x/a', 'TCP', 80)).toBe(true);
    expect(allowed('x/b', 'x/a', 'TCP', 81)).toBe(false);
    expect(allowed('x/c', 'x/a', 'TCP', 80)).toBe(false);
  });
});

describe('3. peers', () => {
  const alice = { namespaceLabels: { y: { user: 'alice' } } };
  it('NP-16 one peer with both selectors is AND', () => {
    const { allowed } = fixture({ ...alice, policies: [{ spec: { podSelector: podA, ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'alice' } }, podSelector: podB }] }] } }] });
    expect(allowed('y/b', 'x/a')).toBe(true);
    expect(allowed('y/a', 'x/a')).toBe(false);
    expect(allowed('x/b', 'x/a')).toBe(false);
  });
  it('NP-16 two peers are OR', () => {
    const { allowed } = fixture({ ...alice, policies: [{ spec: { podSelector: podA, ingress: [{ from: [{ namespaceSelector: { matchLabels: { user: 'alice' } } }, { podSelector: podB }] }] } }] });
    expect(allowed('y/a', 'x/a')).toBe(true);
    expect(allowed('x/b', 'x/a')).toBe(true);
    expect(allowed('z/a', 'x/a')).toBe(false);
  });
  it('NP-17 a podSelector alone means the policy namespace only', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: podA, ingress: [{ from: [{ podSelector: podB }] }] } }] });
    expect(allowed('x/b', 'x/a')).toBe(true);
    expect(allowed('y/b', 'x/a')).toBe(false);
  });
  it('NP-18 a namespaceSelector alone means all pods of matching namespaces', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: podA, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'y' } } }] }] } }] });
    expect(allowed('y/b', 'x/a')).toBe(true);
    expect(allowed('x/b', 'x/a')).toBe(false);
  });
  it('NP-19 namespaceSelector {} matches every pod but no external address', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: podA, ingress: [{ from: [{ namespaceSelector: {} }] }] } }] });
    expect(allowed('z/a', 'x/a')).toBe(true);
    expect(allowed(EXT, 'x/a')).toBe(false);
  });
  it('NP-20 podSelector {} in a peer means all pods of the policy namespace', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] } }] });
    expect(allowed('x/b', 'x/a')).toBe(true);
    expect(allowed('y/a', 'x/a')).toBe(false);
  });
  it('NP-22 every namespace carries kubernetes.io/metadata.name', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: podA, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'y' } } }] }] } }] });
    expect(allowed('y/a', 'x/a')).toBe(true);
  });
});

describe('4. label selectors', () => {
  it('NP-24 requirements are ANDed', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: { matchLabels: { pod: 'a' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] } } }] });
    expect(allowed('y/a', 'x/a')).toBe(true); // selects nothing: x/a stays open
  });
  it('NP-25 NotIn and DoesNotExist match a missing key; In and Exists do not', () => {
    const ingressFrom = (operator: string, values?: string[]) => ({
      policies: [{ spec: { podSelector: podA, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'role', operator, ...(values ? { values } : {}) }] } }] }] } }],
    });
    expect(fixture(ingressFrom('NotIn', ['db'])).allowed('x/b', 'x/a')).toBe(true);
    expect(fixture(ingressFrom('DoesNotExist')).allowed('x/b', 'x/a')).toBe(true);
    expect(fixture(ingressFrom('In', ['db'])).allowed('x/b', 'x/a')).toBe(false);
    expect(fixture(ingressFrom('Exists')).allowed('x/b', 'x/a')).toBe(false);
  });
  it('NP-26 matchLabels with an empty value needs the key', () => {
    const canary: WorkloadModel = { namespace: 'x', name: 'canary', kind: 'Pod', labels: { canary: '' }, ports: [], podIPs: [] };
    const { allowed } = fixture({ extraWorkloads: [canary], policies: [{ spec: { podSelector: { matchLabels: { canary: '' } } } }] });
    expect(allowed('y/a', 'x/a')).toBe(true);
    expect(allowed('y/a', 'x/canary')).toBe(false);
  });
  it('NP-27 contradictory selectors select nothing', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: { matchLabels: { pod: 'a' }, matchExpressions: [{ key: 'pod', operator: 'In', values: ['b'] }] } } }] });
    expect(allowed('y/a', 'x/a')).toBe(true);
    expect(allowed('y/a', 'x/b')).toBe(true);
  });
});

describe('5. ports and protocols', () => {
  it('NP-29 an SCTP rule never admits TCP', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: podA, ingress: [{ ports: [{ protocol: 'SCTP', port: 80 }] }] } }] });
    expect(allowed('y/a', 'x/a', 'TCP', 80)).toBe(false);
    expect(allowed('y/a', 'x/a', 'SCTP', 80)).toBe(true);
  });
  it('NP-30 ports [{}] means all TCP ports only', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: podA, ingress: [{ ports: [{}] }] } }] });
    expect(allowed('y/a', 'x/a', 'TCP', 9999)).toBe(true);
    expect(allowed('y/a', 'x/a', 'UDP', 53)).toBe(false);
  });
  it('NP-33 endPort is an inclusive range; without plugin support only port counts', () => {
    const spec: NetworkPolicySpec = { podSelector: podA, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }] };
    const supported = fixture({ policies: [{ spec }] });
    expect(supported.allowed('x/a', '10.0.0.5', 'TCP', 32768)).toBe(true);
    expect(supported.allowed('x/a', '10.0.0.5', 'TCP', 32769)).toBe(false);
    const unsupported = fixture({ policies: [{ spec }], options: { endPortSupported: false } });
    expect(unsupported.allowed('x/a', '10.0.0.5', 'TCP', 32000)).toBe(true);
    expect(unsupported.allowed('x/a', '10.0.0.5', 'TCP', 32001)).toBe(false);
  });
  it('NP-34 named ports resolve on the destination pod and need the same protocol', () => {
    const egress = fixture({ policies: [{ spec: { podSelector: { matchLabels: { pod: 'c' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-80-tcp' }] }] } }] });
    expect(egress.allowed('x/c', 'y/a', 'TCP', 80)).toBe(true);
    expect(egress.allowed('x/c', 'y/a', 'TCP', 81)).toBe(false);
    const mismatch = fixture({ policies: [{ spec: { podSelector: podA, ingress: [{ ports: [{ port: 'serve-80-udp' }] }] } }] });
    expect(mismatch.allowed('y/a', 'x/a', 'UDP', 80)).toBe(false);
    expect(mismatch.allowed('y/a', 'x/a', 'TCP', 80)).toBe(false);
    const udp = fixture({ policies: [{ spec: { podSelector: podA, ingress: [{ ports: [{ protocol: 'UDP', port: 'serve-80-udp' }] }] } }] });
    expect(udp.allowed('y/a', 'x/a', 'UDP', 80)).toBe(true);
  });
  it('NP-34 a named port resolves per destination pod', () => {
    const p: WorkloadModel = { namespace: 'y', name: 'p', kind: 'Pod', labels: { app: 'p' }, ports: [{ name: 'http', containerPort: 9090, protocol: 'TCP' }], podIPs: [] };
    const q: WorkloadModel = { namespace: 'z', name: 'q', kind: 'Pod', labels: { app: 'q' }, ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], podIPs: [] };
    const { allowed } = fixture({ extraWorkloads: [p, q], policies: [{ spec: { podSelector: podA, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] } }] });
    expect(allowed('x/a', 'y/p', 'TCP', 9090)).toBe(true);
    expect(allowed('x/a', 'y/p', 'TCP', 8080)).toBe(false);
    expect(allowed('x/a', 'z/q', 'TCP', 8080)).toBe(true);
  });
  it('NP-35 named ports never match external addresses; numeric ports need no declaration', () => {
    const named = fixture({ policies: [{ spec: { podSelector: podA, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 'https' }] }] } }] });
    expect(named.allowed('x/a', EXT, 'TCP', 443)).toBe(false);
    const numeric = fixture({ policies: [{ spec: { podSelector: podA, ingress: [{ ports: [{ port: 8443 }] }] } }] });
    expect(numeric.allowed('y/a', 'x/a', 'TCP', 8443)).toBe(true);
  });
  it('NP-36 a port name used by two containers resolves to both ports', () => {
    const web: WorkloadModel = {
      namespace: 'x',
      name: 'web',
      kind: 'Pod',
      labels: { app: 'web' },
      ports: [
        { name: 'web', containerPort: 80, protocol: 'TCP' },
        { name: 'web', containerPort: 8080, protocol: 'TCP' },
      ],
      podIPs: [],
    };
    const { allowed } = fixture({ extraWorkloads: [web], policies: [{ spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 'web' }] }] } }] });
    expect(allowed('y/a', 'x/web', 'TCP', 80)).toBe(true);
    expect(allowed('y/a', 'x/web', 'TCP', 8080)).toBe(true);
    expect(allowed('y/a', 'x/web', 'TCP', 81)).toBe(false);
  });
});

describe('6. ipBlock', () => {
  it('NP-39 except subtracts only from its own peer', () => {
    const { allowed } = fixture({
      policies: [{ spec: { podSelector: podA, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { ipBlock: { cidr: '10.1.2.0/24' } }] }] } }],
    });
    expect(allowed('x/a', '10.1.2.5')).toBe(true);
    expect(allowed('x/a', '10.1.3.5')).toBe(false);
    expect(allowed('x/a', '10.9.9.9')).toBe(true);
  });
  it('NP-40 ipBlock matches pod IPs by default, and not when the option is off', () => {
    const spec: NetworkPolicySpec = { podSelector: podA, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.2.2/32' } }] }] };
    const matching = fixture({ policies: [{ spec }] });
    expect(matching.allowed('x/a', 'y/b')).toBe(true);
    expect(matching.allowed('x/a', 'y/a')).toBe(false);
    const notMatching = fixture({ policies: [{ spec }], options: { ipBlockMatchesPodIPs: false } });
    expect(notMatching.allowed('x/a', 'y/b')).toBe(false);
  });
  it('NP-42 address families never mix', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] } }] });
    expect(allowed('x/a', EXT, 'TCP', 443)).toBe(true);
    expect(allowed('x/a', EXT6, 'TCP', 443)).toBe(false);
  });
  it('NP-42 IPv6 blocks work like IPv4 ones', () => {
    const { allowed, matrix } = fixture({ policies: [{ spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }] }] } }] });
    expect(allowed('x/a', EXT6)).toBe(true);
    expect(allowed('x/a', '2001:db8:1::5')).toBe(false);
    expect(allowed('x/a', EXT)).toBe(false);
    expect(matrix.destinations.map((endpoint) => endpoint.id)).toContain('2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff[External]');
  });
  it('NP-43 host bits in a CIDR are masked', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: podA, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/24' } }] }] } }] });
    expect(allowed('x/a', '10.0.0.200')).toBe(true);
    expect(allowed('x/a', '10.0.1.200')).toBe(false);
  });
});

describe('7. connection level', () => {
  it('NP-46 replies are implied: an egress-isolated pod still accepts connections', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: podA, policyTypes: ['Ingress', 'Egress'], ingress: [{}] } }] });
    expect(allowed('y/a', 'x/a')).toBe(true);
    expect(allowed('x/a', 'y/a')).toBe(false);
  });
  it('NP-47 a workload always reaches itself', () => {
    const { allowed } = fixture({ policies: [{ spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }] });
    expect(allowed('x/a', 'x/a')).toBe(true);
  });
  it('NP-50 DNS is an ordinary flow that needs UDP and TCP 53', () => {
    const dns: WorkloadModel = { namespace: 'kube-system', name: 'coredns', kind: 'Deployment', labels: { 'k8s-app': 'kube-dns' }, ports: [], podIPs: [] };
    const { allowed } = fixture({
      extraWorkloads: [dns],
      policies: [
        {
          spec: {
            podSelector: {},
            policyTypes: ['Egress'],
            egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
          },
        },
      ],
    });
    expect(allowed('x/a', 'kube-system/coredns', 'UDP', 53)).toBe(true);
    expect(allowed('x/a', 'kube-system/coredns', 'TCP', 53)).toBe(true);
    expect(allowed('x/a', 'y/a')).toBe(false);
  });
});
