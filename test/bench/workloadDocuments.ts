// The Kubernetes documents of one workload: its controller (Deployment, StatefulSet, DaemonSet,
// Job, CronJob) or its pods (bare, or owned by a ReplicaSet as in a live dump), with containers,
// ports, resources and, for pods, a status with the pod IP.
import type { Rng } from './seededRandom';
import type { PortSpec, Tier, WorkloadInfo } from './syntheticClusterModel';
import type { YamlMap } from './yamlStreams';

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
export function workloadDocuments(rng: Rng, w: WorkloadInfo): YamlMap[] {
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
