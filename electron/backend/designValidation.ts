// What the API server would say about the objects a user draws: namespace and workload names,
// labels, container ports, and the CIDRs of external blocks, in the server's own words
// (reference/netpol-semantics.md §8 and k8s.io/apimachinery). Field errors are returned as the
// server prints them (`metadata.name: Invalid value: "Foo": …`); a refusal reads like the
// server's status message: `Namespace "Foo" is invalid: <error>`, or several errors in brackets.
import type { ContainerPortModel, Labels } from '../common/model';
import { WORKLOAD_KINDS } from '../common/model';
import { formatIP, parseCidr, parseIP } from '../engine/cidr';
import {
  formatFieldError,
  goJson,
  goQuote,
  invalidError,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  notSupportedError,
  requiredError,
  SUPPORTED_PROTOCOLS,
  utf8Length,
} from '../engine/labelValidation';

export const CIDR_INVALID = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_LABEL_MAX_LENGTH = 63;
const DNS1123_LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

/** `IsDNS1123Label` (namespace names). */
export function isDNS1123Label(value: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX_LENGTH) errors.push(`must be no more than ${DNS1123_LABEL_MAX_LENGTH} characters`);
  if (!DNS1123_LABEL_RE.test(value)) {
    errors.push(`${DNS1123_LABEL_ERR} (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS1123_LABEL_FMT}')`);
  }
  return errors;
}

/** The resource and group the server names in NotFound and AlreadyExists, per kind. */
const RESOURCES: Readonly<Record<string, { resource: string; qualifiedKind: string }>> = {
  Namespace: { resource: 'namespaces', qualifiedKind: 'Namespace' },
  Pod: { resource: 'pods', qualifiedKind: 'Pod' },
  ReplicationController: { resource: 'replicationcontrollers', qualifiedKind: 'ReplicationController' },
  Deployment: { resource: 'deployments.apps', qualifiedKind: 'Deployment.apps' },
  StatefulSet: { resource: 'statefulsets.apps', qualifiedKind: 'StatefulSet.apps' },
  DaemonSet: { resource: 'daemonsets.apps', qualifiedKind: 'DaemonSet.apps' },
  ReplicaSet: { resource: 'replicasets.apps', qualifiedKind: 'ReplicaSet.apps' },
  Job: { resource: 'jobs.batch', qualifiedKind: 'Job.batch' },
  CronJob: { resource: 'cronjobs.batch', qualifiedKind: 'CronJob.batch' },
  NetworkPolicy: { resource: 'networkpolicies.networking.k8s.io', qualifiedKind: 'NetworkPolicy.networking.k8s.io' },
};

function resourceOf(kind: string): { resource: string; qualifiedKind: string } {
  return RESOURCES[kind] ?? { resource: `${kind.toLowerCase()}s`, qualifiedKind: kind };
}

/** `namespaces "a" already exists`, as the server answers a create of a taken name. */
export function alreadyExists(kind: string, name: string): string {
  return `${resourceOf(kind).resource} "${name}" already exists`;
}

/** `namespaces "a" not found`. */
export function notFound(kind: string, name: string): string {
  return `${resourceOf(kind).resource} "${name}" not found`;
}

/** The server's status message for an invalid object: one field error, or several in brackets. */
export function invalidObject(kind: string, name: string, errors: readonly string[]): string {
  return `${resourceOf(kind).qualifiedKind} "${name}" is invalid: ${bracketed(errors)}`;
}

function bracketed(errors: readonly string[]): string {
  return errors.length === 1 ? (errors[0] as string) : `[${errors.join(', ')}]`;
}

function nameErrors(name: string, check: (name: string) => string[]): string[] {
  if (name === '') return [formatFieldError(requiredError('V-19', 'metadata.name', 'name or generateName is required'))];
  return check(name).map((message) => formatFieldError(invalidError('V-19', 'metadata.name', goQuote(name), message)));
}

/** A namespace name is a DNS-1123 label. */
export function namespaceNameErrors(name: string): string[] {
  return nameErrors(name, isDNS1123Label);
}

/** Workload and policy names are DNS-1123 subdomains. */
export function objectNameErrors(name: string): string[] {
  return nameErrors(name, isDNS1123Subdomain);
}

/** `ValidateLabels`: keys (V-18 `IsQualifiedName`) and values; errors sit on the labels' path. */
export function labelErrors(labels: Labels, path: string): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const message of isQualifiedName(key)) errors.push(formatFieldError(invalidError('V-18', path, goQuote(key), message)));
    for (const message of isValidLabelValue(value)) errors.push(formatFieldError(invalidError('V-18', path, goQuote(value), message)));
  }
  return errors;
}

/** Where a kind's pod template sits, so field paths match the server's. */
export function podTemplatePath(kind: string): string {
  if (kind === 'Pod') return '';
  if (kind === 'CronJob') return 'spec.jobTemplate.spec.template.';
  return 'spec.template.';
}

/** Where a kind keeps its pod labels. */
export function podLabelsPath(kind: string): string {
  return `${podTemplatePath(kind)}metadata.labels`;
}

export function workloadKindErrors(kind: string): string[] {
  if ((WORKLOAD_KINDS as readonly string[]).includes(kind)) return [];
  return [formatFieldError(notSupportedError('kind', 'kind', goQuote(kind), WORKLOAD_KINDS))];
}

/** `validateContainerPorts` of one container: names (IANA_SVC_NAME, unique), numbers, protocols. */
export function containerPortErrors(ports: readonly ContainerPortModel[], kind: string): string[] {
  const path = `${podTemplatePath(kind)}spec.containers[0].ports`;
  const errors: string[] = [];
  const names = new Set<string>();
  ports.forEach((port, index) => {
    const at = `${path}[${index}]`;
    if (port.name !== undefined && port.name !== '') {
      const problems = isValidPortName(port.name);
      for (const message of problems) errors.push(formatFieldError(invalidError('container-port', `${at}.name`, goQuote(port.name), message)));
      if (problems.length === 0 && names.has(port.name)) errors.push(`${at}.name: Duplicate value: ${goQuote(port.name)}`);
      names.add(port.name);
    }
    if (port.containerPort === 0) {
      errors.push(formatFieldError(requiredError('container-port', `${at}.containerPort`)));
    } else {
      for (const message of isValidPortNum(port.containerPort)) {
        errors.push(formatFieldError(invalidError('container-port', `${at}.containerPort`, String(port.containerPort), message)));
      }
    }
    if (!(SUPPORTED_PROTOCOLS as readonly string[]).includes(port.protocol)) {
      // The server lists the protocols of a container port sorted (they are a set there).
      errors.push(formatFieldError(notSupportedError('container-port', `${at}.protocol`, goJson(port.protocol), [...SUPPORTED_PROTOCOLS].sort())));
    }
  });
  return errors;
}

/**
 * An external block's CIDR, checked as an ipBlock's (V-3, V-4). A CIDR the server would only
 * warn about (host bits set, leading zeros) is refused with the warning's words: a block drawn
 * on the canvas should be exactly what it says.
 */
export function cidrErrors(cidr: string): string[] {
  if (cidr === '') return [formatFieldError(requiredError('V-3', 'cidr'))];
  const parsed = parseCidr(cidr);
  if (!parsed) return [formatFieldError(invalidError('V-4', 'cidr', goQuote(cidr), CIDR_INVALID))];
  const address = parseIP(cidr.slice(0, cidr.indexOf('/')));
  if (address && address.value !== parsed.first) {
    const single = `${formatIP(parsed.family, address.value)}/${parsed.family === 4 ? 32 : 128}`;
    return [`cidr: CIDR value ${goQuote(cidr)} is ambiguous in this context (should be ${goQuote(parsed.canonical)} or ${goQuote(single)}?)`];
  }
  if (parsed.ambiguous) {
    return [`cidr: non-standard CIDR value ${goQuote(cidr)} will be considered invalid in a future Kubernetes release: use ${goQuote(parsed.canonical)}`];
  }
  return [];
}

/** External blocks are named for people; the name is the block's identity on the canvas. */
export function externalNameErrors(name: string): string[] {
  if (name.trim() === '') return [formatFieldError(requiredError('external-name', 'name'))];
  if (name.trim() !== name) return [formatFieldError(invalidError('external-name', 'name', goQuote(name), 'must not begin or end with spaces'))];
  return [];
}

/** `External block "Internet" is invalid: …`, in the same form as the server's refusals. */
export function invalidExternalBlock(name: string, errors: readonly string[]): string {
  return `External block "${name}" is invalid: ${bracketed(errors)}`;
}
