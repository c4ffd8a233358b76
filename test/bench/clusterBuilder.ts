// Namespaces and workloads of the synthetic cluster, in memory: the builder that names them,
// hands out pod IPs and picks container ports, the well-known infrastructure workloads, and the
// random application workloads.
import type { Rng } from './seededRandom';
import {
  COMPONENTS,
  ENVS,
  REGIONS,
  SHAPES_BY_TIER,
  TEAMS,
  TIER_WEIGHTS,
  type Env,
  type NamespaceInfo,
  type PortSpec,
  type Proto,
  type Tier,
  type WorkloadInfo,
} from './syntheticClusterModel';

export class ClusterBuilder {
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

export function kubeSystemWorkloads(builder: ClusterBuilder, kubeSystem: NamespaceInfo, total: number): void {
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

export function infraWorkloads(builder: ClusterBuilder, monitoring: NamespaceInfo, ingress: NamespaceInfo): void {
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

export function addAppWorkload(rng: Rng, builder: ClusterBuilder, ns: NamespaceInfo, usedNames: Set<string>): void {
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
