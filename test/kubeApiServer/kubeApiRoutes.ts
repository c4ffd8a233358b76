// The HTTP endpoints of the test API server: authentication by bearer token, RBAC-like
// authorization for the viewer, discovery, OpenAPI, and get/list/server-side apply/delete of
// the resource types in apiResources.ts. Only what kubectl 1.32 was seen to request (kubectl -v=8)
// is served; anything else answers 404 or 405 with a Status like the real server would.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { parse } from 'yaml';
import type { ApiResourceType } from './apiResources';
import { aggregatedDiscovery, aggregatedDiscoveryContentType, apiVersionOf, findTypeByPath, legacyCoreVersions, legacyGroupList, legacyResourceList } from './apiResources';
import type { KubernetesStatus } from './kubernetesStatus';
import { forbidden, notFound, pathNotFound, status, StatusError, unauthorized } from './kubernetesStatus';
import type { KubeObject, ObjectStore } from './objectStore';
import { openApiDocument } from './openApiDocuments';
import { fieldsNotDeclaredInSchema } from './appliedFieldSchema';
import { labelSelectorMatches } from './labelSelector';
import { serverVersion } from './serverVersion';

export interface KubeApiRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  store: ObjectStore;
  users: Readonly<Record<string, string>>;
}

/** Which resource a URL addresses; undefined for non-resource paths (discovery, /version…). */
export interface RequestTarget {
  type: ApiResourceType;
  namespace?: string; // absent for cluster-scoped types and for lists across all namespaces
  name?: string;
}

/** The namespace in which the 'viewer' user may not read, to exercise partial-permission imports. */
export const viewerForbiddenNamespace = 'restricted';


export function sendJson(response: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  response.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  response.end(text);
}

function sendStatus(response: ServerResponse, failure: KubernetesStatus): void {
  sendJson(response, failure.code, failure);
}

/** Parses /api/v1/..., /apis/GROUP/VERSION/... into a resource, namespace and name. */
export function identifyRequestTarget(path: string): RequestTarget | undefined {
  const segments = path.split('/').filter((segment) => segment !== '').map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    rest = segments.slice(1);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1] ?? '';
    rest = segments.slice(2);
  } else return undefined;
  const [version = '', ...resourcePath] = rest;
  if (resourcePath[0] === 'namespaces' && resourcePath.length >= 3) {
    const type = findTypeByPath(group, version, resourcePath[2] ?? '');
    if (!type || !type.namespaced || resourcePath.length > 4) return undefined;
    return { type, namespace: resourcePath[1], ...(resourcePath[3] !== undefined ? { name: resourcePath[3] } : {}) };
  }
  const type = findTypeByPath(group, version, resourcePath[0] ?? '');
  if (!type || resourcePath.length > 2) return undefined;
  if (type.namespaced && resourcePath.length === 2) return undefined; // a namespaced object needs /namespaces/NS/
  return { type, ...(resourcePath[1] !== undefined ? { name: resourcePath[1] } : {}) };
}

const publicPaths = new Set(['/version', '/healthz', '/livez', '/readyz']);

export function handleKubeApiRequest(request: KubeApiRequest, response: ServerResponse): void {
  try {
    route(request, response);
  } catch (error) {
    if (error instanceof StatusError) sendStatus(response, error.status);
    else throw error;
  }
}

function route(request: KubeApiRequest, response: ServerResponse): void {
  const { method, url } = request;
  const path = url.pathname.replace(/\/$/, '') || '/';
  if (publicPaths.has(path)) {
    if (path === '/version') sendJson(response, 200, serverVersion);
    else {
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('ok');
    }
    return;
  }

  const user = authenticate(request.headers.authorization, request.users);
  if (!user) throw new StatusError(unauthorized());

  if (method === 'GET' && serveDiscovery(path, request.headers.accept ?? '', response)) return;
  if (method === 'GET' && (path === '/openapi/v2' || path.startsWith('/openapi/v3'))) {
    const document = openApiDocument(path);
    if (!document) throw new StatusError(pathNotFound());
    sendJson(response, 200, document.body, document.contentType);
    return;
  }

  const target = identifyRequestTarget(path);
  if (!target) throw new StatusError(pathNotFound());
  const verb = verbOf(method, target);
  authorize(user, verb, target);

  if (verb === 'list') {
    sendJson(response, 200, listDocument(request.store, target, url.searchParams.get('labelSelector')));
  } else if (verb === 'get') {
    const name = target.name ?? '';
    const object = request.store.get(target.type, target.namespace, name);
    if (!object) throw new StatusError(notFound(target.type, name));
    sendJson(response, 200, object);
  } else if (verb === 'patch') {
    applyPatch(request, target, response);
  } else if (verb === 'delete') {
    const name = target.name ?? '';
    const deleted = request.store.delete(target.type, target.namespace, name, isDryRun(url));
    if (!deleted) throw new StatusError(notFound(target.type, name));
    // Objects without finalizers are gone at once, and the server answers with a Success Status.
    sendJson(response, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group: target.type.group, kind: target.type.plural, uid: deleted.metadata.uid } });
  } else {
    throw new StatusError(status(405, `the server does not allow this method on the requested resource`, { group: target.type.group, kind: target.type.plural }));
  }
}

export function authenticate(authorization: string | undefined, users: Readonly<Record<string, string>>): string | undefined {
  const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
  return token === undefined ? undefined : users[token];
}

export function verbOf(method: string, target: RequestTarget): string {
  switch (method) {
    case 'GET':
      return target.name === undefined ? 'list' : 'get';
    case 'PATCH':
      return 'patch';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'DELETE':
      return target.name === undefined ? 'deletecollection' : 'delete';
    default:
      return method.toLowerCase();
  }
}

/**
 * 'admin' may do everything. 'viewer' may only read, never in the restricted namespace, and never
 * list a namespaced type across all namespaces, as real RBAC would refuse a user whose read
 * access does not cover every namespace.
 */
function authorize(user: string, verb: string, target: RequestTarget): void {
  if (user === 'admin') return;
  const reading = verb === 'get' || verb === 'list' || verb === 'watch';
  const acrossAllNamespaces = target.type.namespaced && target.namespace === undefined;
  if (reading && target.namespace !== viewerForbiddenNamespace && !acrossAllNamespaces) return;
  throw new StatusError(forbidden({ user, verb, type: target.type, ...(target.namespace !== undefined ? { namespace: target.namespace } : {}), ...(target.name !== undefined ? { name: target.name } : {}) }));
}

function serveDiscovery(path: string, accept: string, response: ServerResponse): boolean {
  const wantsAggregated = accept.includes('as=APIGroupDiscoveryList') && accept.includes('v=v2;');
  if (path === '/api' || path === '/apis') {
    const root = path === '/api' ? 'api' : 'apis';
    if (wantsAggregated) sendJson(response, 200, aggregatedDiscovery(root), aggregatedDiscoveryContentType);
    else sendJson(response, 200, root === 'api' ? legacyCoreVersions() : legacyGroupList());
    return true;
  }
  const groupVersion = /^\/api\/([^/]+)$/.exec(path) ?? /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (!groupVersion) return false;
  const [group, version] = path.startsWith('/api/') ? ['', groupVersion[1] ?? ''] : [groupVersion[1] ?? '', groupVersion[2] ?? ''];
  const resources = legacyResourceList(group, version);
  if (!resources) throw new StatusError(pathNotFound());
  sendJson(response, 200, resources);
  return true;
}

function listDocument(store: ObjectStore, target: RequestTarget, labelSelector: string | null): object {
  const items = store
    .list(target.type, target.namespace)
    .filter((object) => !labelSelector || labelSelectorMatches(labelSelector, object.metadata.labels ?? {}))
    // The real server leaves apiVersion and kind out of list items; kubectl fills them in.
    .map(({ apiVersion: _apiVersion, kind: _kind, ...item }) => item);
  return { kind: `${target.type.kind}List`, apiVersion: apiVersionOf(target.type), metadata: { resourceVersion: store.currentResourceVersion }, items };
}

function isDryRun(url: URL): boolean {
  return url.searchParams.getAll('dryRun').includes('All');
}

function applyPatch(request: KubeApiRequest, target: RequestTarget, response: ServerResponse): void {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (contentType !== 'application/apply-patch+yaml') {
    throw new StatusError(status(415, 'the body of the request was in an unknown format - accepted media types include: application/apply-patch+yaml'));
  }
  const fieldManager = request.url.searchParams.get('fieldManager');
  if (!fieldManager) {
    throw new StatusError(status(422, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }] }));
  }
  let body: unknown;
  try {
    body = parse(request.body);
  } catch (error) {
    throw new StatusError(status(400, `error decoding YAML: ${String(error)}`));
  }
  const undeclared = fieldsNotDeclaredInSchema(target.type.kind, body);
  if (undeclared.length > 0) {
    const groupVersionKind = `${target.type.group}/${target.type.version}, Kind=${target.type.kind}`;
    const objectName = target.namespace === undefined ? target.name : `${target.namespace}/${target.name}`;
    const reasons = undeclared.map((path) => `${path}: field not declared in schema`).join('\n');
    throw new StatusError(status(400, `failed to create typed patch object (${objectName}; ${groupVersionKind}): ${reasons}`));
  }
  const dryRun = isDryRun(request.url);
  const result = request.store.apply({
    type: target.type,
    namespace: target.namespace,
    name: target.name ?? '',
    body,
    fieldManager,
    dryRun,
  });
  sendJson(response, result.created ? 201 : 200, result.object satisfies KubeObject);
}
