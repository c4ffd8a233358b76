// detectCni over the objects real installations create (names, labels and images as their
// manifests and Helm charts ship them), one named case per installation.
import { describe, expect, it } from 'vitest';
import type { PolicyEnforcement } from './cniDetection';
import { detectCni } from './cniDetection';

type Containers = Array<string | { name: string; image: string }>;

function containers(list: Containers) {
  return list.map((entry, index) => (typeof entry === 'string' ? { name: `c${index}`, image: entry } : entry));
}
function controller(kind: string, namespace: string, name: string, images: Containers, labels: Record<string, string> = {}) {
  return { apiVersion: 'apps/v1', kind, metadata: { namespace, name, labels }, spec: { template: { metadata: { labels }, spec: { containers: containers(images) } } } };
}
const daemonSet = (namespace: string, name: string, images: Containers, labels?: Record<string, string>) => controller('DaemonSet', namespace, name, images, labels);
const deployment = (namespace: string, name: string, images: Containers, labels?: Record<string, string>) => controller('Deployment', namespace, name, images, labels);
function pod(namespace: string, name: string, images: Containers, labels: Record<string, string> = {}) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name, labels }, spec: { containers: containers(images) } };
}
const coredns = deployment('kube-system', 'coredns', ['registry.k8s.io/coredns/coredns:v1.11.1'], { 'k8s-app': 'kube-dns' });
const kubeProxy = daemonSet('kube-system', 'kube-proxy', ['registry.k8s.io/kube-proxy:v1.30.0'], { 'k8s-app': 'kube-proxy' });

interface Case {
  name: string;
  objects: unknown[];
  plugins: string[];
  enforcement: PolicyEnforcement;
}

const cases: Case[] = [
  {
    name: 'Calico from its manifest',
    objects: [coredns, kubeProxy, daemonSet('kube-system', 'calico-node', ['docker.io/calico/cni:v3.27.0', 'docker.io/calico/node:v3.27.0']), deployment('kube-system', 'calico-kube-controllers', ['docker.io/calico/kube-controllers:v3.27.0'])],
    plugins: ['Calico'],
    enforcement: 'enforced',
  },
  {
    name: 'Calico by the Tigera operator (calico-system namespace)',
    objects: [deployment('tigera-operator', 'tigera-operator', ['quay.io/tigera/operator:v1.32.3']), daemonSet('calico-system', 'calico-node', ['docker.io/calico/node:v3.27.0'])],
    plugins: ['Calico'],
    enforcement: 'enforced',
  },
  {
    name: 'Calico seen only through its pods',
    objects: [pod('kube-system', 'calico-node-x7k2p', ['calico/node:v3.26.1'], { 'k8s-app': 'calico-node' }), pod('kube-system', 'calico-kube-controllers-7d9f8b7c5-abcde', ['calico/kube-controllers:v3.26.1'])],
    plugins: ['Calico'],
    enforcement: 'enforced',
  },
  {
    name: 'Cilium',
    objects: [daemonSet('kube-system', 'cilium', ['quay.io/cilium/cilium:v1.15.1@sha256:0123abcd']), deployment('kube-system', 'cilium-operator', ['quay.io/cilium/operator-generic:v1.15.1'])],
    plugins: ['Cilium'],
    enforcement: 'enforced',
  },
  {
    name: 'GKE Dataplane V2 (anetd)',
    objects: [daemonSet('kube-system', 'anetd', ['gke.gcr.io/cilium/cilium:v1.14.4-gke.1']), daemonSet('kube-system', 'netd', ['gke.gcr.io/netd-amd64:v0.7.5-gke.6'])],
    plugins: ['Cilium'],
    enforcement: 'enforced',
  },
  {
    name: 'Weave Net',
    objects: [daemonSet('kube-system', 'weave-net', ['weaveworks/weave-kube:2.8.1', 'weaveworks/weave-npc:2.8.1'], { name: 'weave-net' })],
    plugins: ['Weave Net'],
    enforcement: 'enforced',
  },
  {
    name: 'Antrea',
    objects: [daemonSet('kube-system', 'antrea-agent', ['antrea/antrea-agent-ubuntu:v2.0.0']), deployment('kube-system', 'antrea-controller', ['antrea/antrea-controller-ubuntu:v2.0.0'])],
    plugins: ['Antrea'],
    enforcement: 'enforced',
  },
  {
    name: 'kube-router',
    objects: [daemonSet('kube-system', 'kube-router', ['docker.io/cloudnativelabs/kube-router:v2.1.0'], { 'k8s-app': 'kube-router' })],
    plugins: ['kube-router'],
    enforcement: 'enforced',
  },
  {
    name: 'Canal (Flannel networking with Calico policy) is Canal only',
    objects: [daemonSet('kube-system', 'canal', ['docker.io/calico/cni:v3.27.0', 'docker.io/calico/node:v3.27.0', 'docker.io/flannel/flannel:v0.24.0'], { 'k8s-app': 'canal' })],
    plugins: ['Canal'],
    enforcement: 'enforced',
  },
  {
    name: 'Flannel alone (kube-flannel namespace)',
    objects: [coredns, kubeProxy, daemonSet('kube-flannel', 'kube-flannel-ds', ['docker.io/flannel/flannel-cni-plugin:v1.4.0-flannel1', 'docker.io/flannel/flannel:v0.24.2'], { app: 'flannel' })],
    plugins: ['Flannel'],
    enforcement: 'not-enforced',
  },
  {
    name: 'Flannel alone, old manifest in kube-system',
    objects: [daemonSet('kube-system', 'kube-flannel-ds-amd64', ['quay.io/coreos/flannel:v0.11.0-amd64'])],
    plugins: ['Flannel'],
    enforcement: 'not-enforced',
  },
  {
    name: 'Flannel with Calico installed for policy',
    objects: [daemonSet('kube-flannel', 'kube-flannel-ds', ['docker.io/flannel/flannel:v0.24.2']), daemonSet('kube-system', 'calico-node', ['calico/node:v3.27.0'])],
    plugins: ['Calico', 'Flannel'],
    enforcement: 'enforced',
  },
  {
    name: 'a Flannel DaemonSet renamed, recognised by its image',
    objects: [daemonSet('networking', 'overlay', ['ghcr.io/flannel-io/flannel:v0.25.1'])],
    plugins: ['Flannel'],
    enforcement: 'not-enforced',
  },
  {
    name: 'EKS: the VPC CNI alone',
    objects: [daemonSet('kube-system', 'aws-node', [{ name: 'aws-node', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.0-eksbuild.1' }])],
    plugins: ['AWS VPC CNI'],
    enforcement: 'not-enforced',
  },
  {
    name: 'EKS: the VPC CNI with its network policy agent',
    objects: [
      daemonSet('kube-system', 'aws-node', [
        { name: 'aws-node', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.0-eksbuild.1' },
        { name: 'aws-eks-nodeagent', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon/aws-network-policy-agent:v1.1.0-eksbuild.1' },
      ]),
    ],
    plugins: ['AWS VPC CNI'],
    enforcement: 'enforced',
  },
  {
    name: 'EKS: the VPC CNI with Calico for policy',
    objects: [daemonSet('kube-system', 'aws-node', ['amazon-k8s-cni:v1.18.0']), daemonSet('calico-system', 'calico-node', ['quay.io/calico/node:v3.27.0'])],
    plugins: ['Calico', 'AWS VPC CNI'],
    enforcement: 'enforced',
  },
  {
    name: 'AKS with Azure Network Policy Manager',
    objects: [daemonSet('kube-system', 'azure-npm', ['mcr.microsoft.com/containernetworking/azure-npm:v1.5.5']), daemonSet('kube-system', 'azure-cns', ['mcr.microsoft.com/containernetworking/azure-cns:v1.5.0'])],
    plugins: ['Azure Network Policy Manager'],
    enforcement: 'enforced',
  },
  {
    name: 'OpenShift OVN-Kubernetes',
    objects: [daemonSet('openshift-ovn-kubernetes', 'ovnkube-node', ['quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:abc'])],
    plugins: ['OVN-Kubernetes'],
    enforcement: 'enforced',
  },
  {
    name: 'nothing known (k3s runs its plugin inside the k3s binary)',
    objects: [coredns, deployment('kube-system', 'local-path-provisioner', ['rancher/local-path-provisioner:v0.0.26']), deployment('kube-system', 'metrics-server', ['rancher/mirrored-metrics-server:v0.7.0'])],
    plugins: [],
    enforcement: 'unknown',
  },
  { name: 'no objects at all', objects: [], plugins: [], enforcement: 'unknown' },
  {
    name: 'objects inside kubectl List documents',
    objects: [{ apiVersion: 'v1', kind: 'List', items: [{ kind: 'List', items: [daemonSet('kube-system', 'cilium', ['quay.io/cilium/cilium:v1.15.1'])] }] }],
    plugins: ['Cilium'],
    enforcement: 'enforced',
  },
  {
    name: 'look-alike names are not plugins',
    objects: [
      deployment('shop', 'calico-node-exporter-dashboard', ['grafana/grafana:10']),
      pod('shop', 'cilium-demo-client', ['busybox:1.36']),
      { kind: 'ConfigMap', metadata: { namespace: 'kube-system', name: 'calico-node' } },
      'not an object',
      null,
    ],
    plugins: [],
    enforcement: 'unknown',
  },
];

describe('detectCni', () => {
  it.each(cases)('$name', ({ objects, plugins, enforcement }) => {
    const result = detectCni(objects);
    expect(result.plugins.map((plugin) => plugin.name)).toEqual(plugins);
    expect(result.enforcement).toBe(enforcement);
  });

  it('says plainly that Flannel alone stores policies but ignores them', () => {
    const result = detectCni([daemonSet('kube-flannel', 'kube-flannel-ds', ['docker.io/flannel/flannel:v0.24.2'])]);
    expect(result.message).toBe('The cluster’s network plugin is Flannel, which does not enforce NetworkPolicies: the cluster would store them but ignore them, and all traffic would stay allowed.');
    expect(result.plugins).toEqual([{ name: 'Flannel', enforcesNetworkPolicy: false, evidence: 'DaemonSet kube-flannel/kube-flannel-ds (image docker.io/flannel/flannel:v0.24.2)' }]);
  });

  it('names the enforcing plugins and how it knows', () => {
    const result = detectCni([
      daemonSet('kube-system', 'calico-node', ['calico/node:v3.27.0']),
      pod('kube-system', 'calico-node-x7k2p', ['calico/node:v3.27.0']),
      pod('kube-system', 'sidecar', ['calico/kube-controllers:v3.27.0']),
      daemonSet('kube-system', 'metrics', ['x:1'], { 'k8s-app': 'calico-typha' }),
      deployment('kube-system', 'calico-kube-controllers', ['calico/kube-controllers:v3.27.0']),
    ]);
    expect(result.message).toBe('NetworkPolicies are enforced by Calico.');
    expect(result.plugins[0]?.evidence).toBe(
      'DaemonSet kube-system/calico-node (image calico/node:v3.27.0); Pod kube-system/calico-node-x7k2p (image calico/node:v3.27.0); Pod kube-system/sidecar (image calico/kube-controllers:v3.27.0); and 2 more',
    );
  });

  it('tells EKS users how to get enforcement', () => {
    expect(detectCni([daemonSet('kube-system', 'aws-node', ['amazon-k8s-cni:v1.18.0'])]).message).toContain('enable the VPC CNI’s network policy agent');
  });

  it('says when it cannot tell', () => {
    expect(detectCni([coredns]).message).toMatch(/^No known network plugin was found among the objects read, so it is unknown whether NetworkPolicies are enforced\./);
  });

  it('does not depend on the order of the objects', () => {
    const objects = [daemonSet('kube-flannel', 'kube-flannel-ds', ['flannel/flannel:v0.24.2']), daemonSet('kube-system', 'calico-node', ['calico/node:v3.27.0']), daemonSet('kube-system', 'aws-node', ['amazon-k8s-cni:v1'])];
    expect(detectCni([...objects].reverse())).toEqual(detectCni(objects));
  });
});
