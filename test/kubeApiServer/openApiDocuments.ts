// The OpenAPI v3 documents kubectl reads before `apply`/`diff`. kubectl 1.32 validates by default
// (--validate=strict): with no OpenAPI at all it stops with "failed to download openapi". Given an
// OpenAPI v3 index and, per group/version, PATCH operations that declare the `fieldValidation`
// query parameter (and carry x-kubernetes-group-version-kind), kubectl leaves validation to the
// server and sends fieldValidation=Strict instead of needing full schemas. The documents therefore
// carry paths and parameters only, no component schemas (so `kubectl explain` is not supported).
import type { ApiResourceType } from './apiResources';
import { apiResourceTypes, groupVersionPath, servedGroupVersionKeys } from './apiResources';
import { serverVersionText } from './serverVersion';

/** Stands in for the content hash the real server puts in serverRelativeURL; kubectl caches by URL. */
const documentHash = 'netpol-designer-test-0001';

function queryParameter(name: string): object {
  return { name, in: 'query', schema: { type: 'string', uniqueItems: true } };
}

function operation(type: ApiResourceType, action: string, parameters: object[]): object {
  return {
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: type.group, version: type.version, kind: type.kind },
    parameters,
    responses: { '200': { description: 'OK' } },
  };
}

function pathsFor(type: ApiResourceType): Record<string, object> {
  const collection = type.namespaced ? `${groupVersionPath(type)}/namespaces/{namespace}/${type.plural}` : `${groupVersionPath(type)}/${type.plural}`;
  const patchParameters = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map(queryParameter);
  return {
    [collection]: { get: operation(type, 'list', [queryParameter('labelSelector'), queryParameter('limit')]) },
    [`${collection}/{name}`]: {
      get: operation(type, 'get', [queryParameter('pretty')]),
      patch: operation(type, 'patch', patchParameters),
    },
  };
}

export function openApiDocument(path: string): { body: unknown; contentType: string } | undefined {
  if (path === '/openapi/v3') {
    const paths = Object.fromEntries(servedGroupVersionKeys().map((key) => [key, { serverRelativeURL: `/openapi/v3/${key}?hash=${documentHash}` }]));
    return { body: { paths }, contentType: 'application/json' };
  }
  const key = path.replace(/^\/openapi\/v3\//, '');
  if (key === path || !servedGroupVersionKeys().includes(key)) return undefined;
  const types = apiResourceTypes.filter((type) => groupVersionPath(type).slice(1) === key);
  return {
    body: {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: serverVersionText },
      paths: Object.assign({}, ...types.map(pathsFor)),
      components: { schemas: {} },
    },
    contentType: 'application/json',
  };
}
