// Seeded generator of synthetic Kubernetes clusters for benchmarking NetPol Designer.
//
// The output looks like what a real cluster dump or a GitOps repository holds: a file of
// Namespaces, files of workloads (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, bare
// Pods and Pods owned by ReplicaSets) and a file of NetworkPolicies that mixes every feature of
// networking.k8s.io/v1 (reference/netpol-semantics.md §1–6). Every generated policy is one the
// API server accepts (create-time validation, §8).
//
// Determinism: everything is drawn from one mulberry32 stream seeded from `options`, objects are
// built in a fixed order and serialised by the small emitter below, so the same options give
// byte-identical files. No Math.random, no clock.
import { parse } from 'yaml';

export interface SyntheticClusterOptions {
  workloads: number;
  seed: number;
  /** NetworkPolicies per workload (default 0.5); the file holds round(workloads × this) policies. */
  policiesPerWorkload?: number;
}

export interface ManifestFile {
  path: string;
  text: string;
}

export interface SyntheticClusterStats {
  namespaces: number;
  workloads: number;
  policies: number;
}

export interface SyntheticCluster {
  files: ManifestFile[];
  stats: SyntheticClusterStats;
}

export interface PolicyEdit {
  /** The same files; only the file holding the edited policy has new text. */
  files: ManifestFile[];
  policy: { namespace: string; name: string };
  /** What was changed, for logs (e.g. `port 8080 -> 8081 in spec.ingress[0].ports[0]`). */
  change: string;
}

/** Workloads per workload file (`workloads-NNN.yaml`). */
export const WORKLOADS_PER_FILE = 500;

export const NAMESPACES_FILE = 'namespaces.yaml';
export const POLICIES_FILE = 'network-policies.yaml';

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a tiny 32-bit PRNG, good enough for test data and fully deterministic. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a user seed and a stream tag into a 32-bit seed (so seeds 1 and 2 give unrelated streams). */
function mixSeed(seed: number, tag: number): number {
  let h = (Math.trunc(seed) ^ Math.imul(tag, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  // High bits of non-32-bit seeds still count.
  h ^= Math.trunc(seed / 4294967296) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of table) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of table) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = table[table.length - 1];
    if (!last) throw new Error('weighted pick from an empty table');
    return last[0];
  }

  /** `count` distinct items (in random order), or all of them when there are fewer. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    this.shuffle(copy);
    return copy.slice(0, Math.max(0, count));
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
    return items;
  }

  /** Lower-case hex string of `length` characters. */
  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += HEX[Math.floor(this.next() * 16)];
    return out;
  }

  /** A string in the alphabet Kubernetes uses for generated name suffixes. */
  suffix(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += NAME_SUFFIX_ALPHABET[Math.floor(this.next() * NAME_SUFFIX_ALPHABET.length)];
    return out;
  }

  uid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(['8', '9', 'a', 'b'])}${this.hex(3)}-${this.hex(12)}`;
  }
}

const HEX = '0123456789abcdef';
const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

// ---------------------------------------------------------------------------------------------
// A small YAML emitter (block style, the `yaml` package's default layout). Hand-written because
// it is several times faster than a generic stringify on 10–20 MB, and its output is stable.

type YamlScalar = string | number | boolean | null;
export type YamlValue = YamlScalar | YamlValue[] | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue | undefined;
}

const YAML_RESERVED_WORDS = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const YAML_PLAIN_SAFE = /^[A-Za-z][A-Za-z0-9._/-]*$/;

function yamlString(text: string): string {
  if (YAML_PLAIN_SAFE.test(text) && !YAML_RESERVED_WORDS.test(text)) return text;
  // A JSON string is a valid YAML double-quoted scalar.
  return JSON.stringify(text);
}

function yamlScalar(value: YamlScalar): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return yamlString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot emit ${value}`);
    return String(value);
  }
  return value ? 'true' : 'false';
}

function isInline(value: YamlValue): value is YamlScalar | [] {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.length === 0;
  for (const key in value) if (value[key] !== undefined) return false;
  return true;
}

function inlineText(value: YamlScalar | YamlValue[] | YamlMap): string {
  if (value === null || typeof value !== 'object') return yamlScalar(value);
  return Array.isArray(value) ? '[]' : '{}';
}

const SPACES = ' '.repeat(64);
function indentOf(level: number): string {
  return level <= SPACES.length ? SPACES.slice(0, level) : ' '.repeat(level);
}

function emitMap(map: YamlMap, indent: number, out: string[], firstPrefix?: string): void {
  let first = true;
  const pad = indentOf(indent);
  for (const key in map) {
    const value = map[key];
    if (value === undefined) continue;
    const lead = first && firstPrefix !== undefined ? firstPrefix : pad;
    first = false;
    const keyText = yamlString(key);
    if (isInline(value)) {
      out.push(`${lead}${keyText}: ${inlineText(value)}\n`);
    } else if (Array.isArray(value)) {
      out.push(`${lead}${keyText}:\n`);
      emitSeq(value, indent + 2, out);
    } else {
      out.push(`${lead}${keyText}:\n`);
      emitMap(value as YamlMap, indent + 2, out);
    }
  }
}

function emitSeq(items: YamlValue[], indent: number, out: string[]): void {
  const pad = indentOf(indent);
  for (const item of items) {
    if (isInline(item)) {
      out.push(`${pad}- ${inlineText(item)}\n`);
    } else if (Array.isArray(item)) {
      out.push(`${pad}-\n`);
      emitSeq(item, indent + 2, out);
    } else {
      emitMap(item as YamlMap, indent + 2, out, `${pad}- `);
    }
  }
}

/** Serialises one document body (no `---`), block style, keys in insertion order. */
export function toYaml(document: YamlMap): string {
  const out: string[] = [];
  emitMap(document, 0, out);
  return out.join('');
}

/** A multi-document stream: optional header comment, then `---` before every document. */
function toYamlStream(header: string, documents: YamlMap[]): string {
  const out: string[] = [];
  for (const line of header.split('\n')) out.push(`# ${line}\n`);
  for (const document of documents) {
    out.push('---\n');
    emitMap(document, 0, out);
  }
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

type Tier = 'frontend' | 'backend' | 'db' | 'cache' | 'worker';
type Env = 'prod' | 'staging' | 'dev';
type Proto = 'TCP' | 'UDP' | 'SCTP';

const TEAMS = [
  'payments', 'checkout', 'catalog', 'search', 'identity', 'orders', 'shipping', 'inventory',
  'billing', 'analytics', 'messaging', 'platform', 'media', 'reviews', 'ads', 'fraud', 'support',
  'notifications', 'loyalty', 'pricing', 'partners', 'telecom', 'data', 'risk',
] as const;

const ENVS: readonly (readonly [Env, number])[] = [['prod', 5], ['staging', 3], ['dev', 2]];
const REGIONS = ['eu', 'us', 'apac', 'west', 'east', 'blue', 'green'] as const;

const COMPONENTS: Readonly<Record<Tier, readonly string[]>> = {
  frontend: ['web', 'ui', 'portal', 'storefront', 'admin-ui', 'gateway', 'bff', 'edge', 'console'],
  backend: [
    'api', 'service', 'graphql', 'auth', 'ledger', 'quotes', 'router', 'scheduler', 'indexer',
    'profile', 'session', 'cart', 'rates', 'tokens', 'events', 'rules', 'matcher', 'sync', 'hub',
  ],
  db: ['postgres', 'mysql', 'mongo', 'cassandra', 'db', 'timescale'],
  cache: ['redis', 'memcached', 'cache', 'session-cache'],
  worker: ['worker', 'consumer', 'batch', 'cron', 'exporter', 'reconciler', 'mailer', 'etl'],
};

const TIER_WEIGHTS: readonly (readonly [Tier, number])[] = [
  ['frontend', 12], ['backend', 45], ['db', 10], ['cache', 8], ['worker', 25],
];

type Shape = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'Pod' | 'ReplicaSetPods';

const SHAPES_BY_TIER: Readonly<Record<Tier, readonly (readonly [Shape, number])[]>> = {
  frontend: [['Deployment', 80], ['Pod', 8], ['ReplicaSetPods', 12]],
  backend: [['Deployment', 72], ['StatefulSet', 4], ['Pod', 10], ['ReplicaSetPods', 12], ['DaemonSet', 2]],
  db: [['StatefulSet', 85], ['Deployment', 10], ['Pod', 5]],
  cache: [['StatefulSet', 45], ['Deployment', 45], ['ReplicaSetPods', 10]],
  worker: [['Deployment', 40], ['Job', 16], ['CronJob', 20], ['DaemonSet', 10], ['Pod', 8], ['ReplicaSetPods', 6]],
};

interface PortSpec {
  name?: string;
  port: number;
  protocol: Proto;
}

interface NamespaceInfo {
  name: string;
  team: string;
  env: Env;
  labels: Record<string, string>;
  infra: boolean;
  workloads: WorkloadInfo[];
  /** `app` values per tier, for realistic selectors. */
  appsByTier: Map<Tier, string[]>;
}

interface WorkloadInfo {
  namespace: NamespaceInfo;
  /** Object name (for ReplicaSet pods: the Deployment-like base name). */
  name: string;
  app: string;
  tier: Tier;
  shape: Shape;
  labels: Record<string, string>;
  ports: PortSpec[];
  /** Sidecar container ports, when the pod has a sidecar. */
  sidecarPorts: PortSpec[];
  podIPs: string[];
  /** Main container name and image, for well-known infrastructure. */
  container?: { name: string; image: string };
}

// ---------------------------------------------------------------------------------------------
// Namespaces and workloads

class ClusterBuilder {
  readonly namespaces: NamespaceInfo[] = [];
  readonly workloads: WorkloadInfo[] = [];
  private ipCounter = 0;
  private readonly usedNamespaceNames = new Set<string>();

  constructor(private readonly rng: Rng) {}

  addNamespace(name: string, team: string, env: Env, extraLabels: Record<string, string>, infra: boolean): NamespaceInfo {
    const labels: Record<string, string> = { 'kubernetes.io/metadata.name': name, ...extraLabels };
    const ns: NamespaceInfo = { name, team, env, labels, infra, workloads: [], appsByTier: new Map() };
    this.namespaces.push(ns);
    this.usedNamespaceNames.add(name);
    return ns;
  }

  addAppNamespace(): NamespaceInfo {
    const rng = this.rng;
    const team = rng.pick(TEAMS);
    const env = rng.weighted(ENVS);
    let name = `${team}-${env}`;
    for (let attempt = 0; this.usedNamespaceNames.has(name); attempt++) {
      name = attempt < REGIONS.length ? `${team}-${env}-${REGIONS[attempt]}` : `${team}-${env}-${attempt - REGIONS.length + 2}`;
    }
    const extra: Record<string, string> = { team, env };
    if (rng.chance(0.3)) extra['istio-injection'] = 'enabled';
    if (rng.chance(0.4)) extra['pod-security.kubernetes.io/enforce'] = rng.pick(['restricted', 'baseline']);
    if (rng.chance(0.25)) extra['monitoring'] = 'true';
    if (rng.chance(0.2)) extra['cost-center'] = `cc-${rng.int(1000, 9999)}`;
    return this.addNamespace(name, team, env, extra, false);
  }

  nextPodIP(): string | undefined {
    this.ipCounter += 1 + (this.rng.chance(0.2) ? this.rng.int(1, 3) : 0);
    const index = this.ipCounter;
    const third = Math.floor(index / 250);
    if (third > 255) return undefined; // 10.244.0.0/16 exhausted; the pod simply has no status
    return `10.244.${third}.${(index % 250) + 2}`;
  }

  addWorkload(ns: NamespaceInfo, w: Omit<WorkloadInfo, 'namespace' | 'podIPs'>, podIPs: string[] = []): WorkloadInfo {
    const info: WorkloadInfo = { ...w, namespace: ns, podIPs };
    ns.workloads.push(info);
    const apps = ns.appsByTier.get(w.tier) ?? [];
    apps.push(w.app);
    ns.appsByTier.set(w.tier, apps);
    this.workloads.push(info);
    return info;
  }

  /** Ports of a main container, by tier; the same name gets different numbers on different workloads. */
  portsFor(tier: Tier, component: string): PortSpec[] {
    const rng = this.rng;
    const ports: PortSpec[] = [];
    const add = (name: string | undefined, port: number, protocol: Proto): void => {
      if (ports.some((p) => p.port === port && p.protocol === protocol)) return;
      if (name !== undefined && ports.some((p) => p.name === name)) return;
      ports.push(name === undefined ? { port, protocol } : { name, port, protocol });
    };
    const metrics = (): void => add('metrics', rng.pick([9100, 9102, 9113, 8081, 9090, 9404]), 'TCP');
    switch (tier) {
      case 'frontend':
        add('http', rng.pick([8080, 8080, 3000, 80, 8000, 4200]), 'TCP');
        if (rng.chance(0.3)) add('https', rng.pick([8443, 443]), 'TCP');
        if (rng.chance(0.5)) metrics();
        break;
      case 'backend':
        add('http', rng.pick([8080, 8080, 8000, 8081, 5000, 8888]), 'TCP');
        if (rng.chance(0.55)) add('grpc', rng.pick([9090, 9090, 50051, 9091, 8443]), 'TCP');
        if (rng.chance(0.6)) metrics();
        if (rng.chance(0.06)) add('sctp-sig', rng.pick([3868, 3868, 2905, 36412]), 'SCTP');
        if (rng.chance(0.03)) {
          const dnsPort = rng.pick([53, 5353, 1053]);
          add('dns', dnsPort, 'UDP');
          add('dns-tcp', dnsPort, 'TCP');
        }
        if (rng.chance(0.03)) add('syslog', rng.pick([514, 1514]), 'UDP');
        if (rng.chance(0.04)) add(undefined, rng.pick([7070, 8086, 6060]), 'TCP'); // an unnamed port
        break;
      case 'db':
        if (component === 'mysql') add('mysql', 3306, 'TCP');
        else if (component === 'mongo') add('mongodb', rng.pick([27017, 27018]), 'TCP');
        else if (component === 'cassandra') {
          add('cql', 9042, 'TCP');
          add('intra-node', 7000, 'TCP');
        } else add('postgres', rng.pick([5432, 5432, 5433, 6432]), 'TCP');
        if (rng.chance(0.5)) add('metrics', rng.pick([9187, 9104, 9216, 9500]), 'TCP');
        break;
      case 'cache':
        if (component === 'memcached') {
          add('memcache', 11211, 'TCP');
          if (rng.chance(0.5)) add('memcache-udp', 11211, 'UDP');
        } else {
          add('redis', rng.pick([6379, 6379, 6380, 7000]), 'TCP');
          if (rng.chance(0.3)) add('sentinel', 26379, 'TCP');
        }
        if (rng.chance(0.4)) add('metrics', rng.pick([9121, 9150, 9100]), 'TCP');
        break;
      case 'worker':
        if (rng.chance(0.55)) metrics();
        if (rng.chance(0.1)) add('http', rng.pick([8080, 8000]), 'TCP');
        if (rng.chance(0.03)) add('sctp-sig', 3868, 'SCTP');
        break;
    }
    return ports;
  }
}

function containerPortsYaml(rng: Rng, ports: PortSpec[]): YamlMap[] {
  return ports.map((p) => {
    const entry: YamlMap = {};
    if (p.name !== undefined) entry['name'] = p.name;
    entry['containerPort'] = p.port;
    // kubectl output always has the protocol; hand-written manifests often leave TCP implicit.
    if (p.protocol !== 'TCP' || rng.chance(0.7)) entry['protocol'] = p.protocol;
    return entry;
  });
}

function resourcesYaml(rng: Rng, tier: Tier): YamlMap {
  const cpu = rng.pick(tier === 'db' ? ['500m', '1', '2'] : ['50m', '100m', '200m', '250m', '500m']);
  const memory = rng.pick(tier === 'db' ? ['1Gi', '2Gi', '4Gi'] : ['64Mi', '128Mi', '256Mi', '512Mi']);
  return { requests: { cpu, memory }, limits: { memory } };
}

function podSpecYaml(rng: Rng, w: WorkloadInfo, restartPolicy?: string): YamlMap {
  const image = w.container?.image ?? `registry.example.com/${w.namespace.team}/${w.app}:${rng.int(0, 3)}.${rng.int(0, 30)}.${rng.int(0, 12)}`;
  const defaultName = w.tier === 'db' || w.tier === 'cache' ? w.app.split('-').pop() ?? 'main' : 'app';
  const main: YamlMap = { name: w.container?.name ?? defaultName, image };
  if (w.ports.length > 0) main['ports'] = containerPortsYaml(rng, w.ports);
  if (rng.chance(0.3)) {
    main['env'] = [
      { name: 'LOG_LEVEL', value: rng.pick(['info', 'debug', 'warn']) },
      { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ];
  }
  main['resources'] = resourcesYaml(rng, w.tier);
  const http = w.ports.find((p) => p.name === 'http');
  if (http && rng.chance(0.6)) {
    main['readinessProbe'] = { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 };
  }
  const containers: YamlMap[] = [main];
  if (w.sidecarPorts.length > 0) {
    const sidecar: YamlMap = {
      name: 'envoy',
      image: 'docker.io/envoyproxy/envoy:v1.31.2',
      ports: containerPortsYaml(rng, w.sidecarPorts),
      resources: { requests: { cpu: '50m', memory: '64Mi' } },
    };
    containers.push(sidecar);
  }
  const spec: YamlMap = {};
  if (restartPolicy !== undefined) spec['restartPolicy'] = restartPolicy;
  if (rng.chance(0.4)) spec['serviceAccountName'] = w.app;
  spec['containers'] = containers;
  return spec;
}

function objectMeta(name: string, namespace: string, labels?: Record<string, string>): YamlMap {
  const meta: YamlMap = { name, namespace };
  if (labels && Object.keys(labels).length > 0) meta['labels'] = { ...labels };
  return meta;
}

/** Builds the documents of one workload. */
function workloadDocuments(rng: Rng, w: WorkloadInfo): YamlMap[] {
  const ns = w.namespace.name;
  // The controller's selector must match its pod template (the API server insists).
  const appLabel = w.labels['app'];
  const selector = { matchLabels: appLabel !== undefined ? { app: appLabel } : { ...w.labels } };
  const objectLabels: Record<string, string> = { ...selector.matchLabels };
  if (w.labels['app.kubernetes.io/part-of'] !== undefined) objectLabels['app.kubernetes.io/part-of'] = w.labels['app.kubernetes.io/part-of'];
  const template = (restartPolicy?: string): YamlMap => ({
    metadata: { labels: { ...w.labels } },
    spec: podSpecYaml(rng, w, restartPolicy),
  });
  switch (w.shape) {
    case 'Deployment':
      return [{
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: objectMeta(w.name, ns, objectLabels),
        spec: { replicas: rng.pick([1, 2, 2, 3, 3, 5]), selector, template: template() },
      }];
    case 'StatefulSet': {
      const spec: YamlMap = { serviceName: w.name, replicas: rng.pick([1, 3, 3, 5]), selector, template: template() };
      if (w.tier === 'db' || w.tier === 'cache') {
        spec['volumeClaimTemplates'] = [{
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: rng.pick(['10Gi', '50Gi', '100Gi']) } } },
        }];
      }
      return [{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: objectMeta(w.name, ns, objectLabels), spec }];
    }
    case 'DaemonSet':
      return [{
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: objectMeta(w.name, ns, objectLabels),
        spec: { selector, template: template() },
      }];
    case 'Job':
      return [{
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: objectMeta(w.name, ns, objectLabels),
        spec: { backoffLimit: rng.pick([0, 3, 6]), template: template('Never') },
      }];
    case 'CronJob':
      return [{
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: objectMeta(w.name, ns, objectLabels),
        spec: {
          schedule: rng.pick(['*/5 * * * *', '0 * * * *', '30 2 * * *', '0 0 * * 0', '15 */6 * * *']),
          concurrencyPolicy: 'Forbid',
          jobTemplate: { spec: { template: template('OnFailure') } },
        },
      }];
    case 'Pod': {
      const doc: YamlMap = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: objectMeta(w.name, ns, w.labels),
        spec: podSpecYaml(rng, w),
      };
      const ip = w.podIPs[0];
      if (ip !== undefined) doc['status'] = podStatus(rng, ip);
      return [doc];
    }
    case 'ReplicaSetPods': {
      // A live dump: pods owned by one ReplicaSet, same labels, each with its own IP.
      const owner = w.name;
      const ownerUid = rng.uid();
      const docs: YamlMap[] = [];
      const spec = podSpecYaml(rng, w);
      for (const ip of w.podIPs) {
        const meta: YamlMap = {
          name: `${owner}-${rng.suffix(5)}`,
          namespace: ns,
          labels: { ...w.labels },
          ownerReferences: [{
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: owner,
            uid: ownerUid,
            controller: true,
            blockOwnerDeletion: true,
          }],
        };
        docs.push({ apiVersion: 'v1', kind: 'Pod', metadata: meta, spec, status: podStatus(rng, ip) });
      }
      return docs;
    }
  }
}

function podStatus(rng: Rng, ip: string): YamlMap {
  return {
    phase: 'Running',
    hostIP: `192.168.${rng.int(10, 13)}.${rng.int(10, 250)}`,
    podIP: ip,
    podIPs: [{ ip }],
  };
}

function kubeSystemWorkloads(builder: ClusterBuilder, kubeSystem: NamespaceInfo, total: number): void {
  builder.addWorkload(kubeSystem, {
    name: 'coredns',
    app: 'kube-dns',
    tier: 'backend',
    shape: 'Deployment',
    labels: { 'k8s-app': 'kube-dns' },
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, protocol: 'TCP' },
    ],
    sidecarPorts: [],
    container: { name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3' },
  });
  if (total < 20) return;
  builder.addWorkload(kubeSystem, {
    name: 'metrics-server',
    app: 'metrics-server',
    tier: 'backend',
    shape: 'Deployment',
    labels: { 'k8s-app': 'metrics-server' },
    ports: [{ name: 'https', port: 10250, protocol: 'TCP' }],
    sidecarPorts: [],
    container: { name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2' },
  });
}

function infraWorkloads(builder: ClusterBuilder, monitoring: NamespaceInfo, ingress: NamespaceInfo): void {
  builder.addWorkload(monitoring, {
    name: 'prometheus-k8s',
    app: 'prometheus',
    tier: 'backend',
    shape: 'StatefulSet',
    labels: { app: 'prometheus', 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/part-of': 'kube-prometheus' },
    ports: [{ name: 'web', port: 9090, protocol: 'TCP' }],
    sidecarPorts: [],
    container: { name: 'prometheus', image: 'quay.io/prometheus/prometheus:v2.54.1' },
  });
  builder.addWorkload(monitoring, {
    name: 'node-exporter',
    app: 'node-exporter',
    tier: 'worker',
    shape: 'DaemonSet',
    labels: { app: 'node-exporter', 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/part-of': 'kube-prometheus' },
    ports: [{ name: 'metrics', port: 9100, protocol: 'TCP' }],
    sidecarPorts: [],
    container: { name: 'node-exporter', image: 'quay.io/prometheus/node-exporter:v1.8.2' },
  });
  builder.addWorkload(ingress, {
    name: 'ingress-nginx-controller',
    app: 'ingress-nginx',
    tier: 'frontend',
    shape: 'Deployment',
    labels: { app: 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
    ports: [
      { name: 'http', port: 80, protocol: 'TCP' },
      { name: 'https', port: 443, protocol: 'TCP' },
      { name: 'metrics', port: 10254, protocol: 'TCP' },
    ],
    sidecarPorts: [],
    container: { name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.11.2' },
  });
}

function addAppWorkload(rng: Rng, builder: ClusterBuilder, ns: NamespaceInfo, usedNames: Set<string>): void {
  const tier = rng.weighted(TIER_WEIGHTS);
  const component = rng.pick(COMPONENTS[tier]);
  const prefix = rng.weighted<string>([[ns.team, 5], ['', 3], [rng.pick(['core', 'legacy', 'public', 'internal', 'mobile', 'partner']), 2]]);
  const base = prefix === '' ? component : `${prefix}-${component}`;
  let name = base;
  for (let n = 2; usedNames.has(name); n++) name = `${base}-${n}`;
  usedNames.add(name);
  const shape = rng.weighted(SHAPES_BY_TIER[tier]);
  const labels: Record<string, string> = { app: name, tier, team: ns.team };
  if (rng.chance(0.35)) labels['version'] = rng.pick(['v1', 'v2', 'v3', 'v1.4.2', 'stable']);
  if (rng.chance(0.06)) labels['canary'] = '';
  if (rng.chance(0.3)) labels['app.kubernetes.io/name'] = name;
  if (rng.chance(0.2)) labels['app.kubernetes.io/part-of'] = `${ns.team}-platform`;
  const ports = builder.portsFor(tier, component);
  const sidecarPorts: PortSpec[] = ns.labels['istio-injection'] === 'enabled' || rng.chance(0.05)
    ? [{ name: 'envoy-admin', port: 15000, protocol: 'TCP' }, { name: 'http-envoy-prom', port: 15090, protocol: 'TCP' }]
    : [];
  let objectName = name;
  const podIPs: string[] = [];
  if (shape === 'ReplicaSetPods') {
    objectName = `${name}-${rng.suffix(rng.pick([9, 10]))}`;
    labels['pod-template-hash'] = objectName.slice(name.length + 1);
    const count = rng.int(1, 3);
    for (let i = 0; i < count; i++) {
      const ip = builder.nextPodIP();
      if (ip !== undefined) podIPs.push(ip);
    }
  } else if (shape === 'Pod' && rng.chance(0.7)) {
    const ip = builder.nextPodIP();
    if (ip !== undefined) podIPs.push(ip);
  }
  builder.addWorkload(ns, { name: objectName, app: name, tier, shape, labels, ports, sidecarPorts }, podIPs);
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicies

interface PolicyDraft {
  namespace: NamespaceInfo;
  name: string;
  spec: YamlMap;
  /** Order key inside its namespace (creation order). */
  order: number;
}

const KUBE_DNS_PEER: YamlMap = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

const IPV4_EXTERNAL: readonly { cidr: string; except?: string[] }[] = [
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
  { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] },
  { cidr: '203.0.113.0/24' },
  { cidr: '198.51.100.0/24', except: ['198.51.100.128/25'] },
  { cidr: '192.0.2.0/24', except: ['192.0.2.10/32', '192.0.2.64/26'] },
  { cidr: '10.0.0.0/8', except: ['10.244.0.0/16', '10.96.0.0/12'] },
  { cidr: '172.16.0.0/12', except: ['172.17.0.0/16'] },
];

const IPV6_BLOCKS: readonly { cidr: string; except?: string[] }[] = [
  { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] },
  { cidr: '2001:db8::/32' },
  { cidr: '::/0', except: ['fd00::/8', 'fe80::/10'] },
  { cidr: '2001:db8:abcd::/48', except: ['2001:db8:abcd:12::/64'] },
  { cidr: 'fd00:10:244::/64' },
];

function ipv4ToText(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** A random valid IPv4 block (no host bits) with 0–2 excepts strictly inside it. */
function randomIPv4Block(rng: Rng): YamlMap {
  const prefix = rng.pick([8, 12, 16, 16, 20, 22, 24, 24, 26, 28]);
  const firstOctet = rng.pick([10, 34, 35, 52, 100, 104, 151, 185, 203]);
  const raw = ((firstOctet << 24) | (rng.int(0, 255) << 16) | (rng.int(0, 255) << 8) | rng.int(0, 255)) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const base = (raw & mask) >>> 0;
  const block: YamlMap = { cidr: `${ipv4ToText(base)}/${prefix}` };
  const exceptCount = prefix >= 30 ? 0 : rng.weighted([[0, 4], [1, 4], [2, 2]]);
  const excepts: string[] = [];
  for (let i = 0; i < exceptCount; i++) {
    const exceptPrefix = rng.int(prefix + 1, Math.min(32, prefix + 8));
    const hostBits = 32 - prefix;
    const offset = hostBits >= 31 ? Math.floor(rng.float() * 2 ** hostBits) : rng.int(0, 2 ** hostBits - 1);
    const exceptMask = (0xffffffff << (32 - exceptPrefix)) >>> 0;
    const text = `${ipv4ToText(((base + offset) & exceptMask) >>> 0)}/${exceptPrefix}`;
    if (!excepts.includes(text)) excepts.push(text);
  }
  if (excepts.length > 0) block['except'] = excepts;
  return block;
}

function ipBlockPeer(block: { cidr: string; except?: string[] }): YamlMap {
  return block.except ? { ipBlock: { cidr: block.cidr, except: [...block.except] } } : { ipBlock: { cidr: block.cidr } };
}

class PolicyBuilder {
  readonly drafts: PolicyDraft[] = [];
  private readonly namesByNamespace = new Map<string, Set<string>>();
  private readonly appNamespaces: NamespaceInfo[];
  private readonly podsWithIPs: WorkloadInfo[];

  constructor(
    private readonly rng: Rng,
    private readonly cluster: ClusterBuilder,
  ) {
    this.appNamespaces = cluster.namespaces.filter((ns) => !ns.infra);
    this.podsWithIPs = cluster.workloads.filter((w) => w.podIPs.length > 0);
  }

  add(namespace: NamespaceInfo, name: string, spec: YamlMap): void {
    let names = this.namesByNamespace.get(namespace.name);
    if (!names) {
      names = new Set();
      this.namesByNamespace.set(namespace.name, names);
    }
    let unique = name;
    for (let n = 2; names.has(unique); n++) unique = `${name}-${n}`;
    names.add(unique);
    this.drafts.push({ namespace, name: unique, spec, order: this.drafts.length });
  }

  // --- namespace baselines -------------------------------------------------------------------

  /** Candidate baseline policies of a namespace, as thunks so that a capped budget draws nothing. */
  baselines(ns: NamespaceInfo): (() => void)[] {
    const rng = this.rng;
    const out: (() => void)[] = [];
    if (ns.name === 'kube-system') {
      out.push(() => this.add(ns, 'allow-dns', {
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{ namespaceSelector: {} }],
          ports: [{ protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: 'dns-tcp' }, { protocol: 'TCP', port: 9153 }],
        }],
      }));
      return out;
    }
    if (ns.infra) {
      out.push(() => this.add(ns, 'allow-all-ingress', { podSelector: {}, ingress: [{}] }));
      return out;
    }
    const denyEgress = rng.chance(ns.env === 'prod' ? 0.45 : 0.2);
    if (denyEgress) {
      const both = rng.chance(0.5);
      out.push(() => this.add(ns, both ? 'default-deny-all' : 'default-deny-egress', {
        podSelector: {},
        policyTypes: both ? ['Ingress', 'Egress'] : ['Egress'],
      }));
      out.push(() => this.add(ns, 'allow-dns', this.dnsEgressSpec({})));
      if (rng.chance(0.5)) {
        out.push(() => this.add(ns, 'allow-egress-same-namespace', {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{ to: [{ podSelector: {} }] }],
        }));
      }
    }
    if (!denyEgress || rng.chance(0.5)) {
      if (rng.chance(ns.env === 'dev' ? 0.4 : 0.75)) {
        const spec: YamlMap = rng.chance(0.2) ? { policyTypes: ['Ingress'] } : { podSelector: {}, policyTypes: ['Ingress'] };
        out.push(() => this.add(ns, 'default-deny-ingress', spec));
      }
    }
    if (rng.chance(0.3)) {
      // `podSelector` may be left out: it then selects every pod of the namespace (NP-6).
      const spec: YamlMap = rng.chance(0.25) ? {} : { podSelector: {} };
      spec['ingress'] = [{ from: [{ podSelector: {} }] }];
      out.push(() => this.add(ns, 'allow-same-namespace', spec));
    }
    if (rng.chance(0.45)) {
      out.push(() => this.add(ns, 'allow-prometheus-scrape', {
        podSelector: rng.chance(0.5) ? {} : { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          }],
          ports: [{ protocol: 'TCP', port: 'metrics' }],
        }],
      }));
    }
    if ((ns.appsByTier.get('frontend')?.length ?? 0) > 0 && rng.chance(0.6)) {
      out.push(() => this.add(ns, 'allow-ingress-controller', {
        podSelector: { matchLabels: { tier: 'frontend' } },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
          }],
          ports: [{ port: 'http' }, { port: 'https' }],
        }],
      }));
    }
    return out;
  }

  dnsEgressSpec(podSelector: YamlMap, policyTypes: string[] | undefined = ['Egress']): YamlMap {
    const spec: YamlMap = { podSelector };
    if (policyTypes) spec['policyTypes'] = policyTypes;
    spec['egress'] = [this.dnsRule()];
    return spec;
  }

  dnsRule(): YamlMap {
    const rng = this.rng;
    const ports: YamlMap[] = rng.weighted<YamlMap[]>([
      [[{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }], 6],
      [[{ protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: 'dns-tcp' }], 2],
      [[{ port: 53, protocol: 'UDP' }], 1],
    ]);
    const to = rng.weighted<YamlMap[] | undefined>([
      [[structuredClone(KUBE_DNS_PEER)], 6],
      [[{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], 2],
      [[{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], 1],
      [undefined, 1],
    ]);
    if (to) return { to, ports };
    return { ports: ports.map((p) => ({ ...p, port: typeof p['port'] === 'string' ? 53 : p['port'] })) };
  }

  // --- per-workload policies -----------------------------------------------------------------

  targetSelector(w: WorkloadInfo): YamlMap {
    const rng = this.rng;
    const roll = rng.float();
    if (roll < 0.78 || w.labels['app'] === undefined) {
      return w.labels['app'] !== undefined ? { matchLabels: { app: w.app } } : { matchLabels: { ...w.labels } };
    }
    if (roll < 0.86) {
      return { matchLabels: { app: w.app }, matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] };
    }
    const version = w.labels['version'];
    if (roll < 0.92 && version !== undefined) {
      return { matchLabels: { app: w.app }, matchExpressions: [{ key: 'version', operator: 'In', values: version === 'v2' ? ['v2'] : [version, 'v2'] }] };
    }
    if (roll < 0.97) return { matchLabels: { app: w.app, tier: w.tier } };
    return { matchExpressions: [{ key: 'app', operator: 'In', values: [w.app] }, { key: 'tier', operator: 'NotIn', values: ['db'] }] };
  }

  otherApp(ns: NamespaceInfo, exclude: string, tiers?: readonly Tier[]): string | undefined {
    const candidates: string[] = [];
    for (const w of ns.workloads) {
      if (w.app !== exclude && (!tiers || tiers.includes(w.tier))) candidates.push(w.app);
    }
    return candidates.length > 0 ? this.rng.pick(candidates) : undefined;
  }

  otherNamespace(exclude: NamespaceInfo): NamespaceInfo | undefined {
    const pool = this.appNamespaces.length > 1 ? this.appNamespaces : this.cluster.namespaces;
    for (let attempt = 0; attempt < 4; attempt++) {
      const ns = this.rng.pick(pool);
      if (ns !== exclude) return ns;
    }
    return undefined;
  }

  /** The workload the last `peers` call selected by `app`, if any (egress ports name its ports). */
  private peerWorkload: WorkloadInfo | undefined;

  findApp(ns: NamespaceInfo, app: string): WorkloadInfo | undefined {
    return ns.workloads.find((x) => x.app === app);
  }

  /** One `from`/`to` list drawn from the feature menu; undefined = no peers (all sources). */
  peers(w: WorkloadInfo, direction: 'ingress' | 'egress'): YamlMap[] | undefined {
    this.peerWorkload = undefined;
    const rng = this.rng;
    const ns = w.namespace;
    const clientTiers: readonly Tier[] = direction === 'ingress' ? ['frontend', 'backend', 'worker'] : ['backend', 'db', 'cache'];
    const kind = rng.weighted<string>([
      ['pod', 22], ['pod-expr', 6], ['ns', 8], ['ns-expr', 5], ['ns-and-pod', 14], ['or', 10],
      ['all-ns', 4], ['all-ns-and-pod', 4], ['same-ns', 4], ['ipv4', 7], ['ipv4-random', 4],
      ['ipv6', 3], ['pod-ip', 2], ['none', 7],
    ]);
    const app = this.otherApp(ns, w.app, clientTiers) ?? this.otherApp(ns, w.app);
    const podPeer = (): YamlMap => {
      if (app === undefined) return { podSelector: { matchLabels: { tier: rng.pick(clientTiers) } } };
      this.peerWorkload = this.findApp(ns, app);
      return { podSelector: { matchLabels: { app } } };
    };
    switch (kind) {
      case 'pod':
        return [podPeer()];
      case 'pod-expr':
        return [{
          podSelector: {
            matchExpressions: rng.chance(0.5)
              ? [{ key: 'tier', operator: 'In', values: [...clientTiers] }, { key: 'canary', operator: 'DoesNotExist' }]
              : [{ key: 'team', operator: 'Exists' }, { key: 'app', operator: 'NotIn', values: [w.app] }],
          },
        }];
      case 'ns': {
        const other = this.otherNamespace(ns);
        return [{
          namespaceSelector: rng.chance(0.6) || !other
            ? { matchLabels: { team: ns.team } }
            : { matchLabels: { 'kubernetes.io/metadata.name': other.name } },
        }];
      }
      case 'ns-expr':
        return [{
          namespaceSelector: {
            matchExpressions: rng.chance(0.5)
              ? [{ key: 'env', operator: 'NotIn', values: ['dev'] }, { key: 'team', operator: 'Exists' }]
              : [{ key: 'env', operator: 'In', values: [ns.env, 'staging'].filter((v, i, a) => a.indexOf(v) === i) }, { key: 'istio-injection', operator: 'DoesNotExist' }],
          },
        }];
      case 'ns-and-pod': {
        const other = this.otherNamespace(ns);
        const otherApp = other ? this.otherApp(other, '', clientTiers) ?? this.otherApp(other, '') : undefined;
        if (!other || otherApp === undefined) return [podPeer()];
        this.peerWorkload = this.findApp(other, otherApp);
        const peer: YamlMap = {
          namespaceSelector: rng.chance(0.7)
            ? { matchLabels: { 'kubernetes.io/metadata.name': other.name } }
            : { matchLabels: { team: other.team, env: other.env } },
          podSelector: { matchLabels: { app: otherApp } },
        };
        return [peer];
      }
      case 'or': {
        const other = this.otherNamespace(ns);
        return [
          podPeer(),
          { namespaceSelector: { matchLabels: other ? { 'kubernetes.io/metadata.name': other.name } : { team: ns.team } } },
        ];
      }
      case 'all-ns':
        return [{ namespaceSelector: {} }];
      case 'all-ns-and-pod':
        return [{ namespaceSelector: {}, podSelector: { matchLabels: { tier: rng.pick(clientTiers) } } }];
      case 'same-ns':
        return [{ podSelector: {} }];
      case 'ipv4':
        return [ipBlockPeer(rng.pick(IPV4_EXTERNAL))];
      case 'ipv4-random':
        return rng.chance(0.3)
          ? [{ ipBlock: randomIPv4Block(rng) }, { ipBlock: randomIPv4Block(rng) }]
          : [{ ipBlock: randomIPv4Block(rng) }];
      case 'ipv6':
        return rng.chance(0.5)
          ? [ipBlockPeer(rng.pick(IPV6_BLOCKS))]
          : [ipBlockPeer(rng.pick(IPV4_EXTERNAL)), ipBlockPeer(rng.pick(IPV6_BLOCKS))];
      case 'pod-ip': {
        if (this.podsWithIPs.length === 0) return [podPeer()];
        const pod = rng.pick(this.podsWithIPs);
        const ip = pod.podIPs[0] ?? '10.244.0.2';
        if (rng.chance(0.5)) return [{ ipBlock: { cidr: `${ip}/32` } }];
        const octets = ip.split('.');
        return [{ ipBlock: { cidr: `${octets[0]}.${octets[1]}.${octets[2]}.0/24`, except: [`${ip}/32`] } }];
      }
      default:
        return undefined;
    }
  }

  /** A `ports` list for traffic to `dest` (named ports resolve on the destination); undefined = all. */
  ports(dest: WorkloadInfo | undefined, toAddresses = false): YamlMap[] | undefined {
    const rng = this.rng;
    // Named ports never match an ipBlock peer (NP-35): keep that mistake rare.
    const allowNamed = (): boolean => !toAddresses || rng.chance(0.1);
    const destPorts = dest ? [...dest.ports, ...dest.sidecarPorts] : [];
    const kind = rng.weighted<string>([
      ['named', 34], ['numeric', 34], ['range', 7], ['protocol-only', 5], ['mixed', 8], ['none', 12],
    ]);
    const fromDest = (named: boolean): YamlMap[] => {
      if (destPorts.length === 0) return [{ protocol: 'TCP', port: rng.pick([80, 443, 8080, 8443]) }];
      const chosen = rng.sample(destPorts, rng.weighted([[1, 6], [2, 3], [3, 1]]));
      return chosen.map((p) => {
        const port: number | string = named && p.name !== undefined && allowNamed() ? p.name : p.port;
        if (p.protocol === 'TCP' && rng.chance(0.45)) return { port };
        return { protocol: p.protocol, port };
      });
    };
    switch (kind) {
      case 'named':
        return fromDest(true);
      case 'numeric':
        return fromDest(false);
      case 'range': {
        const start = rng.pick([8000, 9000, 30000, 32000, 5000, 1024, 6379]);
        const end = rng.chance(0.3) ? start : start + rng.pick([1, 10, 99, 768, 1000]);
        return [{ protocol: rng.weighted<Proto>([['TCP', 7], ['UDP', 2], ['SCTP', 1]]), port: start, endPort: Math.min(end, 65535) }];
      }
      case 'protocol-only':
        return [{ protocol: rng.weighted<Proto>([['UDP', 5], ['TCP', 3], ['SCTP', 2]]) }];
      case 'mixed': {
        const list = fromDest(rng.chance(0.5));
        list.push({ protocol: 'SCTP', port: allowNamed() ? rng.pick([3868, 'sctp-sig', 2905]) : rng.pick([3868, 2905]) });
        if (rng.chance(0.4)) list.push({ protocol: 'UDP', port: 9000, endPort: 9010 });
        return list;
      }
      default:
        return undefined;
    }
  }

  rule(w: WorkloadInfo, direction: 'ingress' | 'egress'): YamlMap {
    const rng = this.rng;
    if (rng.chance(0.03)) return {}; // the empty rule: allow everything
    const peers = this.peers(w, direction);
    let dest: WorkloadInfo | undefined = w;
    if (direction === 'egress') {
      // Ports of an egress rule are those of the workload the peer selects, when it names one.
      dest = this.peerWorkload;
      if (!dest) {
        const candidates = w.namespace.workloads.filter((x) => x !== w && x.ports.length > 0);
        dest = candidates.length > 0 ? rng.pick(candidates) : undefined;
      }
    }
    // Egress without peers reaches addresses too; named ports there are a mistake (NP-35).
    const toAddresses = peers === undefined ? direction === 'egress' : peers.every((peer) => peer['ipBlock'] !== undefined);
    const ports = this.ports(dest, toAddresses);
    const rule: YamlMap = {};
    const key = direction === 'ingress' ? 'from' : 'to';
    if (peers) rule[key] = peers;
    if (ports) rule['ports'] = ports;
    if (!peers && !ports) rule['ports'] = [{ protocol: 'TCP', port: 443 }];
    return rule;
  }

  ingressPolicy(w: WorkloadInfo): void {
    const rng = this.rng;
    const spec: YamlMap = { podSelector: this.targetSelector(w) };
    if (rng.chance(0.55)) spec['policyTypes'] = ['Ingress'];
    const count = rng.weighted([[1, 6], [2, 3], [3, 1]]);
    const rules: YamlMap[] = [];
    for (let i = 0; i < count; i++) rules.push(this.rule(w, 'ingress'));
    spec['ingress'] = rules;
    const name = rng.weighted<string>([
      [`${w.app}-ingress`, 5],
      [`allow-to-${w.app}`, 3],
      [`${w.app}.allow-clients`, 1],
      [`${w.app}-netpol`, 1],
    ]);
    this.add(w.namespace, name, spec);
  }

  egressPolicy(w: WorkloadInfo): void {
    const rng = this.rng;
    const spec: YamlMap = { podSelector: this.targetSelector(w) };
    const style = rng.weighted<string>([['egress-only', 6], ['both', 2], ['defaulted', 2]]);
    if (style === 'egress-only') spec['policyTypes'] = ['Egress'];
    if (style === 'both') spec['policyTypes'] = rng.chance(0.8) ? ['Ingress', 'Egress'] : ['Egress', 'Ingress'];
    if (style !== 'egress-only' && rng.chance(0.7)) spec['ingress'] = [this.rule(w, 'ingress')];
    if (style === 'egress-only' && rng.chance(0.02)) spec['ingress'] = [this.rule(w, 'ingress')]; // ignored (NP-3)
    const rules: YamlMap[] = [];
    if (rng.chance(0.7)) rules.push(this.dnsRule());
    const count = rng.weighted([[0, 1], [1, 6], [2, 3]]);
    for (let i = 0; i < count; i++) rules.push(this.rule(w, 'egress'));
    // Ingress + Egress listed with no egress rules = deny all egress; keep that sometimes.
    if (rules.length > 0 || style === 'both') spec['egress'] = rules;
    else spec['egress'] = [this.dnsRule()];
    const name = rng.weighted<string>([[`${w.app}-egress`, 6], [`${w.app}-allow-egress`, 2], [`${w.app}.egress`, 1]]);
    this.add(w.namespace, name, spec);
  }

  /** Database/cache lock-down: only named clients, on the named database port. */
  dataStorePolicy(w: WorkloadInfo): void {
    const rng = this.rng;
    const clients = w.namespace.workloads.filter((x) => x.tier === 'backend' || x.tier === 'worker');
    const from: YamlMap[] = clients.length > 0
      ? rng.sample(clients, rng.int(1, 3)).map((c) => ({ podSelector: { matchLabels: { app: c.app } } }))
      : [{ podSelector: { matchLabels: { tier: 'backend' } } }];
    const main = w.ports[0];
    const ports: YamlMap[] = main ? [{ protocol: main.protocol, port: main.name ?? main.port }] : [{ protocol: 'TCP', port: 5432 }];
    const spec: YamlMap = { podSelector: { matchLabels: { app: w.app } }, policyTypes: ['Ingress'], ingress: [{ from, ports }] };
    this.add(w.namespace, `${w.app}-allow-clients`, spec);
  }
}

// ---------------------------------------------------------------------------------------------
// The generator

function validateOptions(options: SyntheticClusterOptions): { workloads: number; seed: number; ppw: number } {
  const { workloads, seed } = options;
  const ppw = options.policiesPerWorkload ?? 0.5;
  if (!Number.isInteger(workloads) || workloads < 1) throw new RangeError(`workloads must be a positive integer, got ${workloads}`);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  if (!Number.isFinite(ppw) || ppw < 0) throw new RangeError(`policiesPerWorkload must be >= 0, got ${ppw}`);
  return { workloads, seed, ppw };
}

/** Deterministic for a given options object: same options -> byte-identical output. */
export function generateSyntheticManifests(options: SyntheticClusterOptions): SyntheticCluster {
  const { workloads: total, seed, ppw } = validateOptions(options);
  const rng = new Rng(mixSeed(seed, 1));
  const builder = new ClusterBuilder(rng);

  // Namespaces: about one per 25 workloads, at least 3; kube-system (+ monitoring, ingress-nginx).
  const namespaceTarget = Math.max(3, Math.round(total / 25));
  const kubeSystem = builder.addNamespace('kube-system', 'platform', 'prod', {}, true);
  const withInfra = total >= 20;
  const monitoring = withInfra ? builder.addNamespace('monitoring', 'platform', 'prod', { team: 'platform', env: 'prod', monitoring: 'true' }, true) : undefined;
  const ingress = withInfra ? builder.addNamespace('ingress-nginx', 'platform', 'prod', { team: 'platform', env: 'prod' }, true) : undefined;
  const appNamespaceCount = Math.max(2, namespaceTarget - builder.namespaces.length);
  const appNamespaces: NamespaceInfo[] = [];
  for (let i = 0; i < appNamespaceCount; i++) appNamespaces.push(builder.addAppNamespace());

  // Workloads: infrastructure first, the rest spread over the application namespaces.
  kubeSystemWorkloads(builder, kubeSystem, total);
  if (monitoring && ingress) infraWorkloads(builder, monitoring, ingress);
  const appTotal = Math.max(0, total - builder.workloads.length);
  const usedNames = new Map<NamespaceInfo, Set<string>>();
  for (let i = 0; i < appTotal; i++) {
    const ns = appNamespaces[Math.floor((i * appNamespaces.length) / appTotal)] as NamespaceInfo;
    let names = usedNames.get(ns);
    if (!names) {
      names = new Set();
      usedNames.set(ns, names);
    }
    addAppWorkload(rng, builder, ns, names);
  }
  const allWorkloads = builder.workloads.slice(0, total);

  // Policies: namespace baselines first (capped by the budget), then per-workload policies.
  const policyTarget = Math.round(ppw * total);
  const policies = new PolicyBuilder(rng, builder);
  const baselines = builder.namespaces.flatMap((ns) => policies.baselines(ns));
  const baselineBudget = Math.min(baselines.length, Math.ceil(policyTarget * 0.3));
  const keptBaselines = baselineBudget === baselines.length ? baselines : rng.sample(baselines, baselineBudget);
  for (const make of keptBaselines) make();
  const candidates = allWorkloads.filter((w) => !w.namespace.infra);
  const targets = candidates.length > 0 ? candidates : allWorkloads;
  const order = rng.shuffle([...targets]);
  for (let i = 0; policies.drafts.length < policyTarget; i++) {
    const w = order[i % order.length] as WorkloadInfo;
    const roll = rng.float();
    if ((w.tier === 'db' || w.tier === 'cache') && roll < 0.5) policies.dataStorePolicy(w);
    else if (roll < 0.62) policies.ingressPolicy(w);
    else policies.egressPolicy(w);
  }

  // Serialise. Policies are grouped by namespace (in namespace order), then creation order.
  const nsIndex = new Map(builder.namespaces.map((ns, i) => [ns, i] as const));
  const sortedPolicies = [...policies.drafts].sort(
    (a, b) => (nsIndex.get(a.namespace) ?? 0) - (nsIndex.get(b.namespace) ?? 0) || a.order - b.order,
  );
  const header = (what: string): string =>
    `Synthetic cluster for NetPol Designer benchmarks: ${what}.\nseed=${Math.trunc(seed)} workloads=${total} policiesPerWorkload=${ppw}`;

  const files: ManifestFile[] = [];
  const namespaceDocs: YamlMap[] = builder.namespaces.map((ns) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns.name, labels: { ...ns.labels } },
  }));
  files.push({ path: NAMESPACES_FILE, text: toYamlStream(header('namespaces'), namespaceDocs) });

  const fileCount = Math.ceil(allWorkloads.length / WORKLOADS_PER_FILE);
  const digits = Math.max(3, String(fileCount).length);
  for (let f = 0; f < fileCount; f++) {
    const chunk = allWorkloads.slice(f * WORKLOADS_PER_FILE, (f + 1) * WORKLOADS_PER_FILE);
    const docs = chunk.flatMap((w) => workloadDocuments(rng, w));
    const path = `workloads-${String(f + 1).padStart(digits, '0')}.yaml`;
    files.push({ path, text: toYamlStream(header(`workloads ${f * WORKLOADS_PER_FILE + 1}-${f * WORKLOADS_PER_FILE + chunk.length}`), docs) });
  }

  const policyDocs: YamlMap[] = sortedPolicies.map((p) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: p.name, namespace: p.namespace.name },
    spec: p.spec,
  }));
  files.push({ path: POLICIES_FILE, text: toYamlStream(header('network policies'), policyDocs) });

  return {
    files,
    stats: { namespaces: builder.namespaces.length, workloads: allWorkloads.length, policies: policyDocs.length },
  };
}

// ---------------------------------------------------------------------------------------------
// Editing one policy

export interface DocumentSpan {
  /** Offset of the first character of the document body (after its `---` line). */
  start: number;
  /** Offset just past the body. */
  end: number;
}

const DOCUMENT_MARKER = /^---[ \t]*(?:#.*)?$/;

/** Splits a YAML stream into document bodies by `---` lines (enough for the files generated here). */
export function splitDocuments(text: string): DocumentSpan[] {
  const spans: DocumentSpan[] = [];
  let start = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    if (line.startsWith('---') && DOCUMENT_MARKER.test(line)) {
      if (lineStart > start) spans.push({ start, end: lineStart });
      start = newline === -1 ? text.length : newline + 1;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  if (text.length > start) spans.push({ start, end: text.length });
  return spans;
}

const NETWORK_POLICY_KIND = /^kind:[ \t]*["']?NetworkPolicy["']?[ \t]*$/m;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

function isMap(value: Json | undefined): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function effectiveDirections(spec: JsonMap): ('ingress' | 'egress')[] {
  const types = spec['policyTypes'];
  if (Array.isArray(types) && types.length > 0) {
    const out: ('ingress' | 'egress')[] = [];
    if (types.includes('Ingress')) out.push('ingress');
    if (types.includes('Egress')) out.push('egress');
    if (out.length > 0) return out;
  }
  const egress = spec['egress'];
  return Array.isArray(egress) && egress.length > 0 ? ['ingress', 'egress'] : ['ingress'];
}

/**
 * Picks one NetworkPolicy (seeded) and returns the files with only that policy edited: a port
 * changed, a port added, a peer added or a rule added — always in a direction the policy enforces,
 * so the allowed connectivity really changes. Every other document stays byte-identical.
 */
export function editOnePolicy(files: readonly ManifestFile[], seed: number): PolicyEdit {
  const rng = new Rng(mixSeed(seed, 2));
  const found: { file: number; span: DocumentSpan }[] = [];
  files.forEach((file, index) => {
    for (const span of splitDocuments(file.text)) {
      if (NETWORK_POLICY_KIND.test(file.text.slice(span.start, span.end))) found.push({ file: index, span });
    }
  });
  if (found.length === 0) throw new Error('editOnePolicy: no NetworkPolicy document in the files');
  const target = rng.pick(found);
  const file = files[target.file] as ManifestFile;
  const body = file.text.slice(target.span.start, target.span.end);
  // Keep comment lines that precede the document content (e.g. a `# Source:` line).
  const leading = /^(?:[ \t]*(?:#.*)?\n)*/.exec(body)?.[0] ?? '';
  const parsed = parse(body) as Json;
  if (!isMap(parsed)) throw new Error('editOnePolicy: NetworkPolicy document is not a mapping');
  const metadata = isMap(parsed['metadata']) ? parsed['metadata'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : 'default';
  if (!isMap(parsed['spec'])) parsed['spec'] = {};
  const spec = parsed['spec'] as JsonMap;
  const change = applyEdit(rng, spec);
  const newBody = leading + toYaml(parsed as YamlMap);
  if (newBody === body) throw new Error('editOnePolicy: edit produced an identical document');
  const text = file.text.slice(0, target.span.start) + newBody + file.text.slice(target.span.end);
  const outFiles = files.map((f, i) => (i === target.file ? { path: f.path, text } : f));
  return { files: outFiles, policy: { namespace, name }, change };
}

function applyEdit(rng: Rng, spec: JsonMap): string {
  const directions = effectiveDirections(spec);
  const direction = rng.pick(directions);
  const peerKey = direction === 'ingress' ? 'from' : 'to';
  const rules = Array.isArray(spec[direction]) ? (spec[direction] as Json[]).filter(isMap) : [];

  type Edit = () => string;
  const edits: Edit[] = [];
  // Numeric ports that can change.
  rules.forEach((rule, r) => {
    const ports = Array.isArray(rule['ports']) ? rule['ports'] : [];
    ports.forEach((entry, p) => {
      if (!isMap(entry) || typeof entry['port'] !== 'number') return;
      edits.push(() => {
        const old = entry['port'] as number;
        const endPort = typeof entry['endPort'] === 'number' ? entry['endPort'] : undefined;
        let next = old < 65535 ? old + rng.int(1, 9) : old - rng.int(1, 9);
        if (next > 65535) next = old - 1;
        if (endPort !== undefined && next > endPort) entry['endPort'] = next + (endPort - old);
        if (typeof entry['endPort'] === 'number' && entry['endPort'] > 65535) entry['endPort'] = 65535;
        entry['port'] = next;
        return `port ${old} -> ${next} in spec.${direction}[${r}].ports[${p}]`;
      });
    });
    // Rules with peers can take one more peer.
    if (Array.isArray(rule[peerKey]) && rule[peerKey].length > 0) {
      edits.push(() => {
        const list = rule[peerKey] as Json[];
        list.push(rng.pick<() => JsonMap>([
          () => ({ podSelector: {} }),
          () => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }),
          () => ({ namespaceSelector: { matchLabels: { env: rng.pick(['prod', 'staging', 'dev']) } }, podSelector: { matchLabels: { tier: 'backend' } } }),
          () => ({ ipBlock: { cidr: `198.51.100.${rng.int(0, 31) * 8}/29` } }),
        ])());
        return `peer added to spec.${direction}[${r}].${peerKey}`;
      });
    }
    // Rules with ports can take one more port.
    if (Array.isArray(rule['ports']) && rule['ports'].length > 0) {
      edits.push(() => {
        const port = rng.pick([8443, 9443, 10443, 15021]);
        (rule['ports'] as Json[]).push({ protocol: 'TCP', port });
        return `port TCP/${port} added to spec.${direction}[${r}].ports`;
      });
    }
  });
  // Always possible: a new rule.
  edits.push(() => {
    const list = Array.isArray(spec[direction]) ? (spec[direction] as Json[]) : [];
    spec[direction] = list;
    // Peers that select real pods, so the allowed connectivity really changes.
    const peer: JsonMap = rng.chance(0.5)
      ? { podSelector: {} }
      : { namespaceSelector: { matchLabels: { env: rng.pick(['prod', 'staging', 'dev']) } }, podSelector: { matchLabels: { tier: 'frontend' } } };
    list.push({ [peerKey]: [peer], ports: [{ protocol: 'TCP', port: rng.pick([8080, 8443, 9090]) }] });
    return `rule added to spec.${direction}`;
  });
  return rng.pick(edits)();
}
