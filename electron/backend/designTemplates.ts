// The standard policies a designer applies in one click, and the three-tier sample application.
// Each returns fresh objects for one namespace; designOperations decides whether they fit.
import type { DesignTemplate } from '../common/design';
import type { NetworkPolicySpec, PolicyModel, WorkloadModel } from '../common/model';

export type DenyDirection = 'ingress' | 'egress' | 'all';

/** The names of the policies the default-deny switch creates and removes. */
export const DEFAULT_DENY_NAMES: Readonly<Record<DenyDirection, string>> = {
  ingress: 'default-deny-ingress',
  egress: 'default-deny-egress',
  all: 'default-deny-all',
};

export const KUBE_DNS_NAMESPACE = 'kube-system';
export const KUBE_DNS_LABEL = { key: 'k8s-app', value: 'kube-dns' } as const;
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const DENY_TYPES: Readonly<Record<DenyDirection, ('Ingress' | 'Egress')[]>> = {
  ingress: ['Ingress'],
  egress: ['Egress'],
  all: ['Ingress', 'Egress'],
};

/** Every pod of the namespace, isolated for the direction(s), with no rule: nothing admitted. */
export function defaultDenyPolicy(namespace: string, direction: DenyDirection): PolicyModel {
  return { namespace, name: DEFAULT_DENY_NAMES[direction], spec: { podSelector: {}, policyTypes: [...DENY_TYPES[direction]] } };
}

/** Every pod of the namespace accepts everything (it is isolated, with one rule admitting all). */
export function allowAllIngressPolicy(namespace: string): PolicyModel {
  return { namespace, name: 'allow-all-ingress', spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] } };
}

/**
 * Every pod of the namespace may send DNS queries to kube-dns: one peer selecting the pods
 * labelled k8s-app=kube-dns in kube-system (namespaceSelector AND podSelector), UDP and TCP 53.
 */
export function allowDnsPolicy(namespace: string): PolicyModel {
  return {
    namespace,
    name: 'allow-dns',
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: KUBE_DNS_NAMESPACE } },
              podSelector: { matchLabels: { [KUBE_DNS_LABEL.key]: KUBE_DNS_LABEL.value } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    },
  };
}

function tier(name: string): { matchLabels: Record<string, string> } {
  return { matchLabels: { tier: name } };
}

/**
 * resources/samples/three-tier-demo.yaml in `namespace`: the frontend accepts everything and may
 * only call the backend on 8080; the backend accepts only the frontend on 8080 and may only call
 * the database on 5432; the database accepts only the backend on 5432.
 */
export function threeTierApp(namespace: string): { workloads: WorkloadModel[]; policies: PolicyModel[] } {
  const workload = (name: string, kind: string, portName: string, containerPort: number): WorkloadModel => ({
    namespace,
    name,
    kind,
    labels: { tier: name },
    ports: [{ name: portName, containerPort, protocol: 'TCP' }],
    podIPs: [],
  });
  const policy = (name: string, spec: NetworkPolicySpec): PolicyModel => ({ namespace, name, spec });
  return {
    workloads: [workload('frontend', 'Deployment', 'http', 80), workload('backend', 'Deployment', 'http', 8080), workload('database', 'StatefulSet', 'postgres', 5432)],
    policies: [
      policy('frontend-policy', {
        podSelector: tier('frontend'),
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{}],
        egress: [{ to: [{ podSelector: tier('backend') }], ports: [{ port: 8080 }] }],
      }),
      policy('backend-policy', {
        podSelector: tier('backend'),
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: tier('frontend') }], ports: [{ port: 8080 }] }],
        egress: [{ to: [{ podSelector: tier('database') }], ports: [{ port: 5432 }] }],
      }),
      policy('database-policy', {
        podSelector: tier('database'),
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: tier('backend') }], ports: [{ port: 5432 }] }],
      }),
    ],
  };
}

/** What a template adds to `namespace`. */
export function templateContents(template: DesignTemplate, namespace: string): { workloads: WorkloadModel[]; policies: PolicyModel[] } {
  switch (template) {
    case 'default-deny-ingress':
      return { workloads: [], policies: [defaultDenyPolicy(namespace, 'ingress')] };
    case 'default-deny-egress':
      return { workloads: [], policies: [defaultDenyPolicy(namespace, 'egress')] };
    case 'default-deny-all':
      return { workloads: [], policies: [defaultDenyPolicy(namespace, 'all')] };
    case 'allow-all-ingress':
      return { workloads: [], policies: [allowAllIngressPolicy(namespace)] };
    case 'allow-dns':
      return { workloads: [], policies: [allowDnsPolicy(namespace)] };
    case 'three-tier-app':
      return threeTierApp(namespace);
  }
}
