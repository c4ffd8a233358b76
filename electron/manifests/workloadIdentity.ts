// Which workload an object stands for, as netpol-analyzer names it (`ns/name[Kind]`), and how
// the pods of one owner and the owner's own object merge into one workload.
import type { ContainerPortModel, Diagnostic, Labels, Protocol, SourceLocation, WorkloadModel } from '../common/model';
import { comparePlain, formatLocation, objectLabel, objectMeta, readLabels } from './objectMeta';
import { isPlainObject } from './readManifestFile';
import type { ManifestObject } from './readManifestFile';

/** Controller kinds whose pod template makes the workload. */
export const CONTROLLER_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
]);

const PROTOCOLS: ReadonlySet<string> = new Set(['TCP', 'UDP', 'SCTP']);
const IGNORED_POD_PREFIX = 'virt-launcher-';

export function workloadId(namespace: string, name: string, kind: string): string {
  return `${namespace}/${name}[${kind}]`;
}

/** What one object (a controller or one pod) says about a workload. */
export interface WorkloadContribution {
  id: string;
  namespace: string;
  name: string;
  kind: string;
  /** `self`: the object is the workload (a controller, a pod of its own); `owned`: a pod of an owner. */
  origin: 'self' | 'owned';
  labels: Labels;
  ports: ContainerPortModel[];
  podIPs: string[];
  source: SourceLocation;
  object: string;
  /** A controller's own controller (a ReplicaSet's Deployment, a Job's CronJob), as `ns/name[Kind]`. */
  ownerId?: string;
}

interface Context {
  object: string;
  location: SourceLocation;
}

function field(value: unknown, key: string): unknown {
  return isPlainObject(value) ? value[key] : undefined;
}

function containerPorts(podSpec: unknown, path: string, context: Context, diagnostics: Diagnostic[]): ContainerPortModel[] {
  const result: ContainerPortModel[] = [];
  const warn = (fieldPath: string, message: string) =>
    diagnostics.push({ severity: 'warning', code: 'invalid-container-port', message: `${fieldPath}: ${message}; port ignored`, location: context.location, object: context.object, fieldPath });
  const readContainers = (listName: string, sidecarsOnly: boolean) => {
    const containers = field(podSpec, listName);
    if (!Array.isArray(containers)) return;
    containers.forEach((container, containerIndex) => {
      // Init containers with `restartPolicy: Always` are sidecars: they keep running and serve.
      if (sidecarsOnly && field(container, 'restartPolicy') !== 'Always') return;
      const ports = field(container, 'ports');
      if (!Array.isArray(ports)) return;
      ports.forEach((port, portIndex) => {
        const portPath = `${path}.${listName}[${containerIndex}].ports[${portIndex}]`;
        const number = field(port, 'containerPort');
        if (number === undefined || number === null) {
          warn(`${portPath}.containerPort`, 'Required value');
          return;
        }
        if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 65535) {
          warn(`${portPath}.containerPort`, `Invalid value: ${JSON.stringify(number)}: must be between 1 and 65535, inclusive`);
          return;
        }
        const protocol = field(port, 'protocol') ?? 'TCP';
        if (typeof protocol !== 'string' || !PROTOCOLS.has(protocol)) {
          warn(`${portPath}.protocol`, `Unsupported value: ${JSON.stringify(protocol)}: supported values: "TCP", "UDP", "SCTP"`);
          return;
        }
        const name = field(port, 'name');
        const model: ContainerPortModel = { containerPort: number, protocol: protocol as Protocol };
        if (typeof name === 'string' && name !== '') model.name = name;
        result.push(model);
      });
    });
  };
  readContainers('containers', false);
  readContainers('initContainers', true);
  return result;
}

function podIPsOf(status: unknown): string[] {
  const ips: string[] = [];
  const podIP = field(status, 'podIP');
  if (typeof podIP === 'string' && podIP !== '') ips.push(podIP);
  const podIPs = field(status, 'podIPs');
  if (Array.isArray(podIPs)) {
    for (const entry of podIPs) {
      const ip = field(entry, 'ip');
      if (typeof ip === 'string' && ip !== '' && !ips.includes(ip)) ips.push(ip);
    }
  }
  return ips;
}

/** The pod owner that makes a pod part of a bigger workload, if any. */
function controllerOwner(metadata: Record<string, unknown>): { name: string; kind: string } | undefined {
  const refs = metadata.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  for (const ref of refs) {
    if (!isPlainObject(ref) || ref.controller !== true || ref.kind === 'Node') continue;
    if (typeof ref.name !== 'string' || ref.name === '') continue;
    // An owner reference without kind names the owner as a Pod (netpol-analyzer does the same).
    const kind = typeof ref.kind === 'string' && ref.kind !== '' ? ref.kind : 'Pod';
    return { name: ref.name, kind };
  }
  return undefined;
}

/**
 * What a controller or pod object contributes, or undefined for objects that are no workload
 * (other kinds, unnamed objects, `virt-launcher-*` pods).
 */
export function workloadContribution(object: ManifestObject, diagnostics: Diagnostic[]): WorkloadContribution | undefined {
  const isPod = object.kind === 'Pod';
  if (!isPod && !CONTROLLER_KINDS.has(object.kind)) return undefined;
  const { name, namespace, metadata } = objectMeta(object);
  const label = objectLabel(object.kind, namespace, name);
  if (name === undefined) {
    diagnostics.push({ severity: 'warning', code: 'missing-name', message: `${object.kind} without metadata.name; skipped`, location: object.location, object: label, fieldPath: 'metadata.name' });
    return undefined;
  }
  const context: Context = { object: label, location: object.location };
  if (isPod) {
    if (name.startsWith(IGNORED_POD_PREFIX)) return undefined;
    const owner = controllerOwner(metadata);
    const workloadName = owner?.name ?? name;
    const kind = owner?.kind ?? 'Pod';
    return {
      id: workloadId(namespace, workloadName, kind),
      namespace,
      name: workloadName,
      kind,
      origin: owner ? 'owned' : 'self',
      labels: readLabels(metadata.labels, 'metadata.labels', context, diagnostics),
      ports: containerPorts(object.value.spec, 'spec', context, diagnostics),
      podIPs: podIPsOf(object.value.status),
      source: object.location,
      object: label,
    };
  }
  const owner = controllerOwner(metadata);
  const templatePath = object.kind === 'CronJob' ? 'spec.jobTemplate.spec.template' : 'spec.template';
  const template = object.kind === 'CronJob' ? field(field(field(object.value.spec, 'jobTemplate'), 'spec'), 'template') : field(object.value.spec, 'template');
  return {
    id: workloadId(namespace, name, object.kind),
    namespace,
    name,
    kind: object.kind,
    origin: 'self',
    labels: readLabels(field(field(template, 'metadata'), 'labels'), `${templatePath}.metadata.labels`, context, diagnostics),
    ports: containerPorts(field(template, 'spec'), `${templatePath}.spec`, context, diagnostics),
    podIPs: [],
    source: object.location,
    object: label,
    ...(owner && CONTROLLER_KINDS.has(owner.kind) ? { ownerId: workloadId(namespace, owner.name, owner.kind) } : {}),
  };
}

/** How many owners up a pod is followed (Pod → ReplicaSet → Deployment, Pod → Job → CronJob). */
const OWNER_CHAIN_LIMIT = 4;

/**
 * A live cluster lists a Deployment, its ReplicaSets and their pods (a CronJob, its Jobs and
 * theirs): one workload, not three. Where a controller's own controller is in the input too, its
 * pods belong to that top controller and the intermediate controller is not a workload of its
 * own. Without the top controller (netpol-analyzer's inputs: pods owned by a ReplicaSet), the
 * pods stay the ReplicaSet's, as netpol-analyzer names them.
 */
function foldOwnedControllers(contributions: readonly WorkloadContribution[]): WorkloadContribution[] {
  const controllers = new Map<string, WorkloadContribution>();
  for (const contribution of contributions) if (contribution.origin === 'self' && !controllers.has(contribution.id)) controllers.set(contribution.id, contribution);
  const topOf = (id: string): WorkloadContribution | undefined => {
    let top: WorkloadContribution | undefined;
    let current = controllers.get(id);
    const seen = new Set<string>([id]);
    for (let step = 0; step < OWNER_CHAIN_LIMIT && current?.ownerId !== undefined; step++) {
      const owner = controllers.get(current.ownerId);
      if (!owner) break;
      // Owners that own each other (never made by Kubernetes): nothing is folded.
      if (seen.has(owner.id)) return undefined;
      seen.add(owner.id);
      top = owner;
      current = owner;
    }
    return top;
  };
  const folded: WorkloadContribution[] = [];
  for (const contribution of contributions) {
    const top = topOf(contribution.id);
    if (!top) folded.push(contribution);
    else if (contribution.origin === 'owned') folded.push({ ...contribution, id: top.id, name: top.name, kind: top.kind });
    // else: the intermediate controller itself (its template is the top one's, at some revision).
  }
  return folded;
}

function labelSetKey(labels: Labels): string {
  const keys = Object.keys(labels).sort(comparePlain);
  return JSON.stringify(keys.map((key) => [key, labels[key]]));
}

function portKey(port: ContainerPortModel): string {
  return `${port.name ?? ''}\u0000${port.containerPort}\u0000${port.protocol}`;
}

function mergeGroup(group: readonly WorkloadContribution[], diagnostics: Diagnostic[]): WorkloadModel {
  // The workload's own object, when present, speaks first; owned pods follow in reading order.
  const controllers = group.filter((part) => part.origin === 'self');
  const pods = group.filter((part) => part.origin === 'owned');
  for (const extra of controllers.slice(1)) {
    const first = controllers[0] as WorkloadContribution;
    diagnostics.push({
      severity: 'warning',
      code: 'duplicate-workload',
      message: `${extra.object} is defined twice: at ${formatLocation(first.source)} and ${formatLocation(extra.source)}; the first one is used`,
      location: extra.source,
      object: extra.object,
    });
  }
  const parts = [...controllers.slice(0, 1), ...pods];
  const primary = parts[0] as WorkloadContribution;
  const variants = new Map<string, Labels>();
  const ports = new Map<string, ContainerPortModel>();
  const podIPs = new Set<string>();
  for (const part of parts) {
    const key = labelSetKey(part.labels);
    if (!variants.has(key)) variants.set(key, part.labels);
    for (const port of part.ports) if (!ports.has(portKey(port))) ports.set(portKey(port), port);
    for (const ip of part.podIPs) podIPs.add(ip);
  }
  const workload: WorkloadModel = {
    namespace: primary.namespace,
    name: primary.name,
    kind: primary.kind,
    labels: primary.labels,
    ports: [...ports.values()],
    podIPs: [...podIPs],
    source: primary.source,
  };
  if (variants.size > 1) workload.labelVariants = [...variants.values()];
  return workload;
}

/** One workload per identity, sorted by `ns/name[Kind]` (plain string order). */
export function mergeWorkloads(contributions: readonly WorkloadContribution[], diagnostics: Diagnostic[]): WorkloadModel[] {
  const groups = new Map<string, WorkloadContribution[]>();
  for (const contribution of foldOwnedControllers(contributions)) {
    const group = groups.get(contribution.id);
    if (group) group.push(contribution);
    else groups.set(contribution.id, [contribution]);
  }
  const ids = [...groups.keys()].sort(comparePlain);
  return ids.map((id) => mergeGroup(groups.get(id) as WorkloadContribution[], diagnostics));
}
