// The in-memory model of a synthetic cluster (namespaces, workloads and their ports, before they
// are serialised) and the vocabulary its names, labels and shapes are drawn from.

export type Tier = 'frontend' | 'backend' | 'db' | 'cache' | 'worker';
export type Env = 'prod' | 'staging' | 'dev';
export type Proto = 'TCP' | 'UDP' | 'SCTP';

export const TEAMS = [
  'payments', 'checkout', 'catalog', 'search', 'identity', 'orders', 'shipping', 'inventory',
  'billing', 'analytics', 'messaging', 'platform', 'media', 'reviews', 'ads', 'fraud', 'support',
  'notifications', 'loyalty', 'pricing', 'partners', 'telecom', 'data', 'risk',
] as const;

export const ENVS: readonly (readonly [Env, number])[] = [['prod', 5], ['staging', 3], ['dev', 2]];
export const REGIONS = ['eu', 'us', 'apac', 'west', 'east', 'blue', 'green'] as const;

export const COMPONENTS: Readonly<Record<Tier, readonly string[]>> = {
  frontend: ['web', 'ui', 'portal', 'storefront', 'admin-ui', 'gateway', 'bff', 'edge', 'console'],
  backend: [
    'api', 'service', 'graphql', 'auth', 'ledger', 'quotes', 'router', 'scheduler', 'indexer',
    'profile', 'session', 'cart', 'rates', 'tokens', 'events', 'rules', 'matcher', 'sync', 'hub',
  ],
  db: ['postgres', 'mysql', 'mongo', 'cassandra', 'db', 'timescale'],
  cache: ['redis', 'memcached', 'cache', 'session-cache'],
  worker: ['worker', 'consumer', 'batch', 'cron', 'exporter', 'reconciler', 'mailer', 'etl'],
};

export const TIER_WEIGHTS: readonly (readonly [Tier, number])[] = [
  ['frontend', 12], ['backend', 45], ['db', 10], ['cache', 8], ['worker', 25],
];

export type Shape = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'Pod' | 'ReplicaSetPods';

export const SHAPES_BY_TIER: Readonly<Record<Tier, readonly (readonly [Shape, number])[]>> = {
  frontend: [['Deployment', 80], ['Pod', 8], ['ReplicaSetPods', 12]],
  backend: [['Deployment', 72], ['StatefulSet', 4], ['Pod', 10], ['ReplicaSetPods', 12], ['DaemonSet', 2]],
  db: [['StatefulSet', 85], ['Deployment', 10], ['Pod', 5]],
  cache: [['StatefulSet', 45], ['Deployment', 45], ['ReplicaSetPods', 10]],
  worker: [['Deployment', 40], ['Job', 16], ['CronJob', 20], ['DaemonSet', 10], ['Pod', 8], ['ReplicaSetPods', 6]],
};

export interface PortSpec {
  name?: string;
  port: number;
  protocol: Proto;
}

export interface NamespaceInfo {
  name: string;
  team: string;
  env: Env;
  labels: Record<string, string>;
  infra: boolean;
  workloads: WorkloadInfo[];
  /** `app` values per tier, for realistic selectors. */
  appsByTier: Map<Tier, string[]>;
}

export interface WorkloadInfo {
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
