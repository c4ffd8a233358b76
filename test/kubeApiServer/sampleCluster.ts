// Small realistic clusters to seed the test API server with: what an import from a live cluster
// would meet. The Calico variant has a policy-enforcing CNI in kube-system; the Flannel variant
// does not, so the app's "policies will not be enforced" warning can be tested against both.
import { createHash } from 'node:crypto';

interface WorkloadSpec {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  port: number;
  replicas?: number;
  controllerKind?: 'Deployment' | 'DaemonSet' | 'StatefulSet';
}

function namespace(name: string): object {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } };
}

/** A stable stand-in for the controller-generated name suffixes, in the alphabet Kubernetes uses for them. */
function nameSuffix(seed: string, length: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...createHash('sha256').update(seed).digest()].slice(0, length).map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Fixed uids so ownerReferences point at the seeded owners (the store keeps a uid it is given). */
function ownerUid(kind: string, namespaceName: string, name: string): string {
  return `uid-${kind.toLowerCase()}-${namespaceName}-${name}`;
}

function podTemplate(spec: WorkloadSpec): object {
  return {
    metadata: { labels: spec.labels },
    spec: { containers: [{ name: spec.name, image: `registry.example/${spec.name}:1.0`, ports: [{ containerPort: spec.port, protocol: 'TCP' }] }] },
  };
}

/**
 * The controller, the ReplicaSet a Deployment owns, and the running pods with ownerReferences and
 * pod IPs, as `kubectl get -o json` would show them.
 */
function workload(spec: WorkloadSpec, podIpBase: string): object[] {
  const kind = spec.controllerKind ?? 'Deployment';
  const replicas = spec.replicas ?? 1;
  const selector = { matchLabels: spec.labels };
  const controller = {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: spec.name, namespace: spec.namespace, uid: ownerUid(kind, spec.namespace, spec.name), labels: spec.labels },
    spec: { ...(kind === 'DaemonSet' ? {} : { replicas }), selector, template: podTemplate(spec) },
  };
  const objects: object[] = [controller];
  let podOwner: { apiVersion: string; kind: string; name: string } = { apiVersion: 'apps/v1', kind, name: spec.name };
  let podLabels: Record<string, string> = spec.labels;
  let podNamePrefix = spec.name;
  if (kind === 'Deployment') {
    const hash = nameSuffix(`${spec.namespace}/${spec.name}`, 10);
    const replicaSetName = `${spec.name}-${hash}`;
    podLabels = { ...spec.labels, 'pod-template-hash': hash };
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: replicaSetName,
        namespace: spec.namespace,
        uid: ownerUid('ReplicaSet', spec.namespace, replicaSetName),
        labels: podLabels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: spec.name, uid: ownerUid(kind, spec.namespace, spec.name), controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas, selector: { matchLabels: podLabels }, template: { ...podTemplate(spec), metadata: { labels: podLabels } } },
    });
    podOwner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: replicaSetName };
    podNamePrefix = replicaSetName;
  }
  for (let index = 0; index < replicas; index += 1) {
    const suffix = kind === 'StatefulSet' ? String(index) : nameSuffix(`${spec.namespace}/${spec.name}/${index}`, 5);
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${podNamePrefix}-${suffix}`,
        namespace: spec.namespace,
        labels: podLabels,
        ownerReferences: [{ ...podOwner, uid: ownerUid(podOwner.kind, spec.namespace, podOwner.name), controller: true, blockOwnerDeletion: true }],
      },
      spec: (podTemplate(spec) as { spec: object }).spec,
      status: { phase: 'Running', podIP: `${podIpBase}.${10 + index}`, podIPs: [{ ip: `${podIpBase}.${10 + index}` }] },
    });
  }
  return objects;
}

function service(namespaceName: string, name: string, selector: Record<string, string>, port: number): object {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: namespaceName },
    spec: { selector, ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }], type: 'ClusterIP' },
  };
}

function networkPolicy(name: string, spec: object): object {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'netpol-demo' }, spec };
}

/** Everything but kube-system's CNI: CoreDNS, the three-tier demo app, its policies and a restricted namespace. */
function applicationObjects(): object[] {
  return [
    namespace('default'),
    namespace('kube-system'),
    namespace('netpol-demo'),
    namespace('restricted'),
    ...workload({ namespace: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' }, port: 53, replicas: 2 }, '10.244.0'),
    service('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns' }, 53),
    ...workload({ namespace: 'netpol-demo', name: 'frontend', labels: { app: 'frontend', tier: 'web' }, port: 80, replicas: 2 }, '10.244.1'),
    ...workload({ namespace: 'netpol-demo', name: 'backend', labels: { app: 'backend', tier: 'api' }, port: 80 }, '10.244.2'),
    ...workload({ namespace: 'netpol-demo', name: 'database', labels: { app: 'database', tier: 'data' }, port: 80 }, '10.244.3'),
    service('netpol-demo', 'frontend', { app: 'frontend' }, 80),
    service('netpol-demo', 'backend', { app: 'backend' }, 80),
    ...workload({ namespace: 'restricted', name: 'vault', labels: { app: 'vault' }, port: 80 }, '10.244.4'),
    networkPolicy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
    networkPolicy('allow-frontend-to-backend', {
      podSelector: { matchLabels: { app: 'backend' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 80 }] }],
    }),
    networkPolicy('allow-backend-to-database', {
      podSelector: { matchLabels: { app: 'database' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'api' } } }], ports: [{ protocol: 'TCP', port: 80 }] }],
    }),
  ];
}

/** A cluster running Calico, which enforces NetworkPolicies. */
export function sampleClusterObjects(): unknown[] {
  return [
    ...applicationObjects(),
    ...workload({ namespace: 'kube-system', name: 'calico-node', labels: { 'k8s-app': 'calico-node' }, port: 9099, controllerKind: 'DaemonSet', replicas: 2 }, '10.0.0'),
    ...workload({ namespace: 'kube-system', name: 'calico-kube-controllers', labels: { 'k8s-app': 'calico-kube-controllers' }, port: 9094 }, '10.244.5'),
  ];
}

/** The same cluster on Flannel, which does not enforce NetworkPolicies. */
export function flannelClusterObjects(): unknown[] {
  return [
    ...applicationObjects(),
    ...workload({ namespace: 'kube-system', name: 'kube-flannel-ds', labels: { app: 'flannel', 'k8s-app': 'flannel' }, port: 8472, controllerKind: 'DaemonSet', replicas: 2 }, '10.0.0'),
  ];
}
