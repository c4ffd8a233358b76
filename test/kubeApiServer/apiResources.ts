// The resource types the test API server knows, and the discovery documents kubectl reads to map
// `get deployments` or a manifest's `kind: NetworkPolicy` to a URL. One table feeds the
// aggregated discovery (what kubectl 1.32 asks for first), the legacy discovery and the routing.

export interface ApiResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
}

const readWriteVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const apiResourceTypes: readonly ApiResourceType[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'], categories: [] },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'] },
  { group: '', version: 'v1', kind: 'Service', plural: 'services', singular: 'service', namespaced: true, shortNames: ['svc'], categories: ['all'] },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', singular: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'] },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', singular: 'statefulset', namespaced: true, shortNames: ['sts'], categories: ['all'] },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', singular: 'daemonset', namespaced: true, shortNames: ['ds'], categories: ['all'] },
  { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', singular: 'replicaset', namespaced: true, shortNames: ['rs'], categories: ['all'] },
  { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', singular: 'networkpolicy', namespaced: true, shortNames: ['netpol'], categories: [] },
  { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', singular: 'job', namespaced: true, shortNames: [], categories: ['all'] },
  { group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', singular: 'cronjob', namespaced: true, shortNames: ['cj'], categories: ['all'] },
];

export function apiVersionOf(type: ApiResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** The group/version prefix of a type's URLs: /api/v1 or /apis/apps/v1. */
export function groupVersionPath(type: ApiResourceType): string {
  return type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
}

export function findTypeByKind(apiVersion: string, kind: string): ApiResourceType | undefined {
  return apiResourceTypes.find((type) => apiVersionOf(type) === apiVersion && type.kind === kind);
}

export function findTypeByPath(group: string, version: string, plural: string): ApiResourceType | undefined {
  return apiResourceTypes.find((type) => type.group === group && type.version === version && type.plural === plural);
}

/** The `networkpolicies.networking.k8s.io` form the API server uses in Status messages. */
export function qualifiedResource(type: ApiResourceType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

function groupNames(): string[] {
  return [...new Set(apiResourceTypes.filter((type) => type.group !== '').map((type) => type.group))];
}

function typesInGroup(group: string): ApiResourceType[] {
  return apiResourceTypes.filter((type) => type.group === group);
}

export const aggregatedDiscoveryContentType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** The apidiscovery.k8s.io/v2 document for /api (core group only) or /apis (every named group). */
export function aggregatedDiscovery(root: 'api' | 'apis'): object {
  const groups = root === 'api' ? [''] : groupNames();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((group) => ({
      metadata: group === '' ? { creationTimestamp: null } : { name: group, creationTimestamp: null },
      versions: [
        {
          version: 'v1',
          resources: typesInGroup(group).map((type) => ({
            resource: type.plural,
            responseKind: { group: type.group, version: type.version, kind: type.kind },
            scope: type.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: type.singular,
            verbs: readWriteVerbs,
            ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
            ...(type.categories.length > 0 ? { categories: type.categories } : {}),
          })),
          freshness: 'Current',
        },
      ],
    })),
  };
}

/** Legacy discovery for clients that do not ask for the aggregated form: /api. */
export function legacyCoreVersions(): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] };
}

/** Legacy discovery: /apis. */
export function legacyGroupList(): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupNames().map((name) => ({
      name,
      versions: [{ groupVersion: `${name}/v1`, version: 'v1' }],
      preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' },
    })),
  };
}

/** Legacy discovery: /api/v1 or /apis/GROUP/v1; undefined for a group/version we do not serve. */
export function legacyResourceList(group: string, version: string): object | undefined {
  const types = typesInGroup(group).filter((type) => type.version === version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: types.map((type) => ({
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: readWriteVerbs,
      ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
      ...(type.categories.length > 0 ? { categories: type.categories } : {}),
    })),
  };
}

/** Every group/version path served, e.g. 'api/v1', 'apis/apps/v1' (the keys of the OpenAPI v3 index). */
export function servedGroupVersionKeys(): string[] {
  const keys = new Set(apiResourceTypes.map((type) => groupVersionPath(type).slice(1)));
  return [...keys];
}
