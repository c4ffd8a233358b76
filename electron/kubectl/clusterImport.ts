// Imports a cluster for review: its namespaces, workloads, pods and NetworkPolicies, read with
// kubectl as JSON and handed to the manifest loader as one kubectl `List` file per namespace
// (`cluster/<context>/<namespace>.json`), each starting with the Namespace object so its labels
// reach namespaceSelectors.
//
// One call reads every namespace when the user may list across namespaces (a process per
// namespace would take minutes on a cluster of hundreds). Access is often partial (RBAC per
// namespace), so when that call is refused the import reads one namespace per call: a namespace
// that is forbidden then costs only itself. When the combined call for a namespace fails, each kind is
// retried alone, so that only the kinds that really fail are lost (a viewer without `pods`, a
// cluster without `cronjobs` in batch/v1). Failures that no other call would escape (not
// logged in, server unreachable, timeouts, cancellation) stop the import instead of being
// repeated for every namespace.
import { clusterArgs, processTimeoutMs, throwIfCancelled } from './kubectlArguments';
import type { ClusterCallSettings } from './kubectlArguments';
import type { KubectlFailureReason, KubectlRunner } from './kubectlProcess';
import { KubectlError } from './kubectlProcess';

/** The kinds an import reads in each namespace, as kubectl resource names. */
export const IMPORTED_RESOURCES = ['pods', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs', 'networkpolicies'] as const;

export interface ClusterImportOptions {
  kubectl: KubectlRunner;
  context: string;
  /** The namespaces to read; every namespace of the cluster when absent. */
  namespaces?: readonly string[];
  signal?: AbortSignal;
  /** Called as each step starts (`done` steps finished of `total`); `total` grows once the namespaces are known. */
  onProgress?: (step: string, done: number, total: number) => void;
  /** Per call, given to kubectl as `--request-timeout` (default 30 s). */
  requestTimeoutMs?: number;
}

export interface ClusterImportFile {
  path: string;
  text: string;
}

export interface ClusterImportProblem {
  namespace?: string;
  /** The kubectl resource that could not be read ("namespaces", "pods", …). */
  resource: string;
  message: string;
  reason: KubectlFailureReason;
}

export interface ClusterImportResult {
  files: ClusterImportFile[];
  problems: ClusterImportProblem[];
}

type KubeObject = Record<string, unknown>;

/** An RFC 1123 label, as the API server requires of namespace names. */
const NAMESPACE_NAME = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isRecord(value: unknown): value is KubeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Failures after which every further call would fail the same way. */
function stopsTheImport(error: KubectlError): boolean {
  return error.kind !== 'exit' || error.reason === 'unauthorized' || error.reason === 'unreachable' || error.reason === 'timeout';
}

/** A context name as one safe path segment (EKS contexts are ARNs with `/` and `:`). */
export function contextFolderName(context: string): string {
  const safe = context.replace(/[^A-Za-z0-9._-]/g, '_');
  return safe === '' || safe === '.' || safe === '..' ? `_${safe}` : safe;
}

export function importedFilePath(context: string, namespace: string): string {
  return `cluster/${contextFolderName(context)}/${namespace}.json`;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * An object without what a review never reads and what makes large namespaces large:
 * `managedFields` (who set which field, often half of an object's JSON), the last-applied
 * annotation (a second copy of the object), and of a pod's status all but its phase and IPs
 * (container statuses and conditions change every minute and say nothing about connectivity).
 * The loader reads manifests of up to 50 MB per file.
 */
export function withoutBookkeeping(object: KubeObject): KubeObject {
  const result: KubeObject = { ...object };
  if (isRecord(object.metadata)) {
    const { managedFields: _managedFields, ...metadata } = object.metadata;
    if (isRecord(metadata.annotations) && LAST_APPLIED in metadata.annotations) {
      const { [LAST_APPLIED]: _lastApplied, ...annotations } = metadata.annotations;
      metadata.annotations = annotations;
    }
    result.metadata = metadata;
  }
  if (object.kind === 'Pod' && isRecord(object.status)) {
    const { phase, podIP, podIPs } = object.status;
    result.status = { ...(phase === undefined ? {} : { phase }), ...(podIP === undefined ? {} : { podIP }), ...(podIPs === undefined ? {} : { podIPs }) };
  }
  return result;
}

function parseObjects(stdout: string, action: string): KubeObject[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new KubectlError(`${action}: kubectl did not print JSON`, { kind: 'exit', reason: 'other', action, args: [], exitCode: 0, stdout, stderr: '' });
  }
  if (!isRecord(parsed)) return [];
  if (Array.isArray(parsed.items)) return parsed.items.filter(isRecord);
  return [parsed];
}

function objectName(object: KubeObject): string | undefined {
  const metadata = object.metadata;
  return isRecord(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
}

function problemOf(error: KubectlError, resource: string, namespace?: string): ClusterImportProblem {
  return { ...(namespace === undefined ? {} : { namespace }), resource, message: error.message, reason: error.reason };
}

export async function importCluster(options: ClusterImportOptions): Promise<ClusterImportResult> {
  const settings: ClusterCallSettings = { context: options.context, requestTimeoutMs: options.requestTimeoutMs };
  const problems: ClusterImportProblem[] = [];
  let done = 0;
  let total = options.namespaces ? options.namespaces.length : 1;

  /** One `kubectl get … -o json`; a failure that stops the import is thrown, any other returned. */
  const get = async (action: string, args: readonly string[]): Promise<KubeObject[] | KubectlError> => {
    throwIfCancelled(options.signal, action);
    try {
      const result = await options.kubectl({
        args: clusterArgs(settings, ['get', ...args, '-o', 'json']),
        action,
        signal: options.signal,
        timeoutMs: processTimeoutMs(settings),
      });
      return parseObjects(result.stdout, action);
    } catch (error) {
      if (error instanceof KubectlError && !stopsTheImport(error)) return error;
      throw error;
    }
  };

  const step = (description: string) => options.onProgress?.(description, done, total);

  // The namespaces and their objects: listed, or read one by one when chosen.
  const namespaces: KubeObject[] = [];
  if (options.namespaces === undefined) {
    step('listing namespaces');
    const listed = await get('listing namespaces', ['namespaces']);
    done++;
    if (listed instanceof KubectlError) problems.push(problemOf(listed, 'namespaces'));
    else namespaces.push(...listed);
    if (namespaces.length > 0) {
      total = done + 1;
      step('reading workloads and policies in all namespaces');
      const everywhere = await get('reading workloads and policies in all namespaces', [IMPORTED_RESOURCES.join(','), '--all-namespaces']);
      if (!(everywhere instanceof KubectlError)) {
        done++;
        options.onProgress?.('done', done, total);
        return { files: filesByNamespace(options.context, namespaces, everywhere), problems };
      }
      // Refused across namespaces (RBAC for some of them): one namespace at a time below.
    }
    total = done + namespaces.length;
  }

  const files: ClusterImportFile[] = [];
  const chosen = options.namespaces ?? namespaces.map(objectName).filter((name): name is string => name !== undefined);
  for (const name of chosen) {
    step(`reading namespace ${name}`);
    // A chosen name goes to kubectl as an argument; one that is no DNS label ("--all-namespaces")
    // would be read as a flag or fail after a round trip.
    if (!NAMESPACE_NAME.test(name)) {
      problems.push({ namespace: name, resource: 'namespaces', reason: 'invalid', message: `reading namespace ${name}: ${JSON.stringify(name)} is not a namespace name (lower-case letters, digits and "-", at most 63)` });
      done++;
      continue;
    }
    let namespaceObject = namespaces.find((object) => objectName(object) === name);
    if (!namespaceObject) {
      const read = await get(`reading namespace ${name}`, ['namespace', name]);
      if (read instanceof KubectlError) {
        problems.push(problemOf(read, 'namespaces', name));
        // A namespace that does not exist has nothing to read; one that may not be read may
        // still hold objects the user may read.
        if (read.reason === 'not-found') {
          done++;
          continue;
        }
      } else {
        namespaceObject = read[0];
      }
    }
    const items = await readNamespaceObjects(name, get, problems);
    files.push({
      path: importedFilePath(options.context, name),
      text: `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...(namespaceObject ? [namespaceObject] : []), ...items].map(withoutBookkeeping) }, null, 2)}\n`,
    });
    done++;
  }
  options.onProgress?.('done', done, total);
  return { files, problems };
}

/** One file per namespace, the Namespace object first, in the order the namespaces were listed. */
function filesByNamespace(context: string, namespaces: readonly KubeObject[], items: readonly KubeObject[]): ClusterImportFile[] {
  const byNamespace = new Map<string, KubeObject[]>();
  for (const namespace of namespaces) {
    const name = objectName(namespace);
    if (name !== undefined) byNamespace.set(name, [namespace]);
  }
  for (const item of items) {
    const metadata = item.metadata;
    const name = isRecord(metadata) && typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
    if (name === undefined) continue;
    // A namespace created between the two calls has no Namespace object here; its objects still count.
    const list = byNamespace.get(name) ?? [];
    list.push(item);
    byNamespace.set(name, list);
  }
  return [...byNamespace].map(([name, objects]) => ({
    path: importedFilePath(context, name),
    text: `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map(withoutBookkeeping) }, null, 2)}\n`,
  }));
}

async function readNamespaceObjects(
  namespace: string,
  get: (action: string, args: readonly string[]) => Promise<KubeObject[] | KubectlError>,
  problems: ClusterImportProblem[],
): Promise<KubeObject[]> {
  const all = await get(`reading workloads and policies in namespace ${namespace}`, [IMPORTED_RESOURCES.join(','), '-n', namespace]);
  if (!(all instanceof KubectlError)) return all;
  const items: KubeObject[] = [];
  const failed: ClusterImportProblem[] = [];
  for (const resource of IMPORTED_RESOURCES) {
    const one = await get(`reading ${resource} in namespace ${namespace}`, [resource, '-n', namespace]);
    if (one instanceof KubectlError) failed.push(problemOf(one, resource, namespace));
    else items.push(...one);
  }
  // A namespace closed as a whole is one problem, in the words of the combined call.
  if (failed.length === IMPORTED_RESOURCES.length) problems.push(problemOf(all, IMPORTED_RESOURCES.join(','), namespace));
  else problems.push(...failed);
  return items;
}
