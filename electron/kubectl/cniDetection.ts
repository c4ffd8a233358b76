// Which network plugin a cluster runs, and so whether its NetworkPolicies do anything. The API
// server stores a NetworkPolicy whatever the plugin; only the plugin enforces it, and some
// (Flannel alone, the AWS VPC CNI without its policy agent) do not, so policies there would be
// stored and silently ignored. The plugin is recognised from the objects it runs as
// (DaemonSets, Deployments, Pods, as kubectl prints them in JSON): by object name, by the usual
// app labels, and by container image. Pure: objects in, verdict out.

export interface DetectedPlugin {
  name: string;
  enforcesNetworkPolicy: boolean;
  /** The objects it was recognised by ("DaemonSet kube-system/calico-node (image …)"). */
  evidence: string;
}

export type PolicyEnforcement = 'enforced' | 'not-enforced' | 'unknown';

export interface CniDetection {
  plugins: DetectedPlugin[];
  enforcement: PolicyEnforcement;
  message: string;
}

interface PluginRule {
  name: string;
  enforces: boolean;
  /** Object names (DaemonSet/Deployment; pods by their generated-name prefix) and app label values. */
  names: readonly string[];
  /** Image repositories, matched on their last path segments (`calico/node` matches `docker.io/calico/node:v3`). */
  images: readonly string[];
  /** Containers or images that make a plugin enforce policies that otherwise does not. */
  enforcesWith?: readonly string[];
}

// Order matters twice: an object whose name is known belongs to that plugin alone (the canal
// DaemonSet runs calico/node and flannel images, and is Canal, not Calico plus Flannel), and the
// first rule whose image matches wins for objects recognised only by image.
const PLUGIN_RULES: readonly PluginRule[] = [
  { name: 'Canal', enforces: true, names: ['canal'], images: [] },
  {
    name: 'Calico',
    enforces: true,
    names: ['calico-node', 'calico-kube-controllers', 'calico-typha', 'tigera-operator', 'calico-apiserver'],
    images: ['calico/node', 'calico/kube-controllers', 'calico/typha', 'tigera/operator', 'calico/cni'],
  },
  // GKE Dataplane V2 runs Cilium as `anetd`.
  { name: 'Cilium', enforces: true, names: ['cilium', 'cilium-operator', 'cilium-agent', 'anetd'], images: ['cilium/cilium', 'cilium/operator', 'cilium/operator-generic', 'cilium/operator-aws', 'cilium/operator-azure'] },
  { name: 'Weave Net', enforces: true, names: ['weave-net'], images: ['weaveworks/weave-kube', 'weaveworks/weave-npc', 'weave-kube', 'weave-npc'] },
  { name: 'Antrea', enforces: true, names: ['antrea-agent', 'antrea-controller'], images: ['antrea/antrea-ubuntu', 'antrea/antrea-agent-ubuntu', 'antrea/antrea-controller-ubuntu', 'antrea-ubuntu'] },
  { name: 'kube-router', enforces: true, names: ['kube-router'], images: ['cloudnativelabs/kube-router'] },
  { name: 'OVN-Kubernetes', enforces: true, names: ['ovnkube-node', 'ovnkube-master', 'ovnkube-control-plane'], images: [] },
  { name: 'Azure Network Policy Manager', enforces: true, names: ['azure-npm', 'azure-npm-win'], images: ['azure-npm'] },
  // The network policy agent is a container of the aws-node DaemonSet, there when network
  // policies are enabled on EKS.
  { name: 'AWS VPC CNI', enforces: false, names: ['aws-node'], images: ['amazon-k8s-cni'], enforcesWith: ['aws-network-policy-agent', 'aws-eks-nodeagent'] },
  { name: 'Flannel', enforces: false, names: ['kube-flannel-ds', 'kube-flannel', 'flannel', 'kube-flannel-ds-amd64'], images: ['flannel/flannel', 'flannel-io/flannel', 'coreos/flannel', 'rancher/mirrored-flannelcni-flannel', 'flannelcni/flannel'] },
];

const APP_LABELS = ['k8s-app', 'app', 'name', 'app.kubernetes.io/name'];
const OBJECT_KINDS: ReadonlySet<string> = new Set(['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet', 'Pod']);

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return current;
}

/** Every object, with kubectl `List`s (and lists of lists) flattened. */
function* objectsOf(values: readonly unknown[]): Generator<Json> {
  for (const value of values) {
    if (!isRecord(value)) continue;
    if (Array.isArray(value.items)) yield* objectsOf(value.items);
    else yield value;
  }
}

interface Container {
  name: string;
  image: string;
}

function podSpecOf(object: Json): unknown {
  if (object.kind === 'Pod') return object.spec;
  return field(object, 'spec', 'template', 'spec');
}

function containersOf(object: Json): Container[] {
  const spec = podSpecOf(object);
  const result: Container[] = [];
  for (const list of ['initContainers', 'containers']) {
    const containers = field(spec, list);
    if (!Array.isArray(containers)) continue;
    for (const container of containers) {
      const name = field(container, 'name');
      const image = field(container, 'image');
      result.push({ name: typeof name === 'string' ? name : '', image: typeof image === 'string' ? image : '' });
    }
  }
  return result;
}

/** `registry:5000/calico/node:v3.27@sha256:…` → `calico/node`-style path without registry host, tag or digest. */
function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  return (lastColon > lastSlash ? withoutDigest.slice(0, lastColon) : withoutDigest).toLowerCase();
}

function imageMatches(image: string, pattern: string): boolean {
  const repository = imageRepository(image);
  return repository === pattern || repository.endsWith(`/${pattern}`);
}

// What a controller appends to a pod's name: `-x7k2p` (DaemonSet), `-7d9f8b7c5-x7k2p` (Deployment).
const GENERATED_POD_SUFFIX = /^(?:-[a-z0-9]{4,10})?-[a-z0-9]{5}$/;

/** The object is named `candidate`; for a pod, its controller is (`calico-node-x7k2p`). */
function nameMatches(object: Json, candidate: string): boolean {
  const name = field(object, 'metadata', 'name');
  if (typeof name !== 'string') return false;
  if (name === candidate) return true;
  return object.kind === 'Pod' && name.startsWith(`${candidate}-`) && GENERATED_POD_SUFFIX.test(name.slice(candidate.length));
}

function labelMatches(object: Json, candidate: string): string | undefined {
  const labels = field(object, 'metadata', 'labels');
  for (const label of APP_LABELS) {
    if (field(labels, label) === candidate) return `${label}=${candidate}`;
  }
  return undefined;
}

function describeObject(object: Json): string {
  const namespace = field(object, 'metadata', 'namespace');
  const name = field(object, 'metadata', 'name');
  return `${String(object.kind)} ${typeof namespace === 'string' ? `${namespace}/` : ''}${typeof name === 'string' ? name : '?'}`;
}

interface Sighting {
  rule: PluginRule;
  enforces: boolean;
  evidence: string;
}

function sightingOf(object: Json): Sighting | undefined {
  const containers = containersOf(object);
  const enforcesWith = (rule: PluginRule) =>
    rule.enforces || (rule.enforcesWith ?? []).some((marker) => containers.some((container) => container.name === marker || imageMatches(container.image, marker)));
  const imageNote = (rule: PluginRule) => {
    const markers = [...rule.images, ...(rule.enforcesWith ?? [])];
    const images = containers.map((container) => container.image).filter((image) => markers.some((marker) => imageMatches(image, marker)));
    return images.length > 0 ? ` (image ${images.join(', ')})` : '';
  };
  for (const rule of PLUGIN_RULES) {
    for (const candidate of rule.names) {
      if (nameMatches(object, candidate)) return { rule, enforces: enforcesWith(rule), evidence: `${describeObject(object)}${imageNote(rule)}` };
      const label = labelMatches(object, candidate);
      if (label) return { rule, enforces: enforcesWith(rule), evidence: `${describeObject(object)} (label ${label})${imageNote(rule)}` };
    }
  }
  for (const rule of PLUGIN_RULES) {
    const image = containers.find((container) => rule.images.some((pattern) => imageMatches(container.image, pattern)));
    if (image) return { rule, enforces: enforcesWith(rule), evidence: `${describeObject(object)} (image ${image.image})` };
  }
  return undefined;
}

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const MAX_EVIDENCE = 3;

/** The network plugins the objects show, and whether NetworkPolicies are enforced. */
export function detectCni(objects: readonly unknown[]): CniDetection {
  const found = new Map<string, { enforces: boolean; evidence: string[] }>();
  for (const object of objectsOf(objects)) {
    if (!OBJECT_KINDS.has(String(object.kind))) continue;
    const sighting = sightingOf(object);
    if (!sighting) continue;
    const entry = found.get(sighting.rule.name) ?? { enforces: false, evidence: [] };
    entry.enforces ||= sighting.enforces;
    if (!entry.evidence.includes(sighting.evidence)) entry.evidence.push(sighting.evidence);
    found.set(sighting.rule.name, entry);
  }
  // In the order of the rules, so the answer does not depend on the order kubectl listed objects.
  const plugins: DetectedPlugin[] = PLUGIN_RULES.filter((rule) => found.has(rule.name)).map((rule) => {
    const entry = found.get(rule.name) as { enforces: boolean; evidence: string[] };
    const shown = entry.evidence.slice(0, MAX_EVIDENCE).join('; ');
    const more = entry.evidence.length - MAX_EVIDENCE;
    return { name: rule.name, enforcesNetworkPolicy: entry.enforces, evidence: more > 0 ? `${shown}; and ${more} more` : shown };
  });

  const enforcing = plugins.filter((plugin) => plugin.enforcesNetworkPolicy).map((plugin) => plugin.name);
  if (enforcing.length > 0) {
    return { plugins, enforcement: 'enforced', message: `NetworkPolicies are enforced by ${list(enforcing)}.` };
  }
  if (plugins.length > 0) {
    const names = plugins.map((plugin) => plugin.name);
    const hint = names.includes('AWS VPC CNI') ? ' On EKS, enable the VPC CNI’s network policy agent, or install a policy engine such as Calico.' : '';
    return {
      plugins,
      enforcement: 'not-enforced',
      message: `The cluster’s network plugin is ${list(names)}, which does not enforce NetworkPolicies: the cluster would store them but ignore them, and all traffic would stay allowed.${hint}`,
    };
  }
  return {
    plugins,
    enforcement: 'unknown',
    message:
      'No known network plugin was found among the objects read, so it is unknown whether NetworkPolicies are enforced. If the plugin does not enforce them, the cluster stores them but ignores them (k3s and some managed clusters run their plugin outside any pod the cluster shows).',
  };
}
