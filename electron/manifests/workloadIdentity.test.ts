import { describe, expect, it } from 'vitest';
import type { WorkloadModel } from '../common/model';
import { loadManifestTexts } from './index';

const load = (text: string) => loadManifestTexts([{ path: 'w.yaml', text }]);
const idOf = (w: WorkloadModel) => `${w.namespace}/${w.name}[${w.kind}]`;
const ids = (text: string) => load(text).model.workloads.map(idOf);

function controller(kind: string, name: string, template = '{metadata: {labels: {app: x}}}'): string {
  const spec = kind === 'CronJob' ? `spec: {jobTemplate: {spec: {template: ${template}}}}` : `spec: {template: ${template}}`;
  return `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: ns}\n${spec}\n`;
}

interface PodOptions {
  labels?: Record<string, string>;
  owner?: Record<string, unknown>;
  status?: Record<string, unknown>;
  spec?: Record<string, unknown>;
}

function pod(name: string, options: PodOptions = {}): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns', labels: options.labels ?? { app: name }, ...(options.owner ? { ownerReferences: [options.owner] } : {}) },
    spec: options.spec ?? {},
    status: options.status ?? {},
  });
}

const stream = (...documents: string[]) => documents.join('\n---\n');

describe('controllers', () => {
  it('names every controller kind ns/name[Kind] with its pod-template labels', () => {
    const kinds = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController'];
    const result = load(stream(...kinds.map((kind) => controller(kind, kind.toLowerCase(), `{metadata: {labels: {app: ${kind.toLowerCase()}}}}`))));
    expect(result.diagnostics).toEqual([]);
    expect(result.model.workloads.map((w) => [idOf(w), w.labels])).toEqual(
      kinds.map((kind) => [`ns/${kind.toLowerCase()}[${kind}]`, { app: kind.toLowerCase() }]).sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    );
  });

  it('reads a CronJob from spec.jobTemplate.spec.template', () => {
    const result = load(controller('CronJob', 'nightly', '{metadata: {labels: {job: nightly}}, spec: {containers: [{name: c, ports: [{containerPort: 9000}]}]}}'));
    expect(result.model.workloads).toEqual([
      { namespace: 'ns', name: 'nightly', kind: 'CronJob', labels: { job: 'nightly' }, ports: [{ containerPort: 9000, protocol: 'TCP' }], podIPs: [], source: { file: 'w.yaml', line: 1, column: 1, documentIndex: 0 } },
    ]);
  });

  it('reads container ports: protocol defaults to TCP, sidecar init containers count, duplicates go', () => {
    const template = `
      metadata: {labels: {app: web}}
      spec:
        initContainers:
          - {name: setup, ports: [{containerPort: 1111}]}
          - {name: proxy, restartPolicy: Always, ports: [{name: admin, containerPort: 15000}]}
        containers:
          - name: web
            ports:
              - {name: http, containerPort: 8080}
              - {name: dns, containerPort: 53, protocol: UDP}
              - {name: sctp, containerPort: 7000, protocol: SCTP}
          - name: copy
            ports:
              - {name: http, containerPort: 8080, protocol: TCP}`;
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:${template}\n`;
    expect(load(text).model.workloads[0]?.ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
      { name: 'sctp', containerPort: 7000, protocol: 'SCTP' },
      { name: 'admin', containerPort: 15000, protocol: 'TCP' },
    ]);
  });

  it('skips a container port it cannot read, with a warning', () => {
    const result = load(controller('Deployment', 'd', '{spec: {containers: [{name: c, ports: [{containerport: 80}, {containerPort: 70000}, {containerPort: 81, protocol: ICMP}]}]}}'));
    expect(result.model.workloads[0]?.ports).toEqual([]);
    expect(result.diagnostics.map((d) => [d.severity, d.code, d.fieldPath, d.object])).toEqual([
      ['warning', 'invalid-container-port', 'spec.template.spec.containers[0].ports[0].containerPort', 'Deployment ns/d'],
      ['warning', 'invalid-container-port', 'spec.template.spec.containers[0].ports[1].containerPort', 'Deployment ns/d'],
      ['warning', 'invalid-container-port', 'spec.template.spec.containers[0].ports[2].protocol', 'Deployment ns/d'],
    ]);
  });

  it('reads non-string pod-template labels as text, with a warning', () => {
    const result = load(controller('Deployment', 'd', '{metadata: {labels: {version: 2, app: d}}}'));
    expect(result.model.workloads[0]?.labels).toEqual({ version: '2', app: 'd' });
    expect(result.diagnostics).toMatchObject([{ severity: 'warning', code: 'V-20', fieldPath: 'spec.template.metadata.labels.version', object: 'Deployment ns/d', location: { file: 'w.yaml', line: 1 } }]);
  });

  it('keeps a workload without template (no labels, no ports)', () => {
    expect(load('apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: bare}\n').model.workloads).toMatchObject([{ name: 'bare', kind: 'DaemonSet', labels: {}, ports: [] }]);
  });
});

describe('pods', () => {
  it('belongs to its controller owner, kind taken literally', () => {
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d77fb55cc', controller: true, uid: 'u' };
    expect(ids(pod('web-7d77fb55cc-abcde', { owner }))).toEqual(['ns/web-7d77fb55cc[ReplicaSet]']);
    expect(ids(pod('x', { owner: { ...owner, kind: 'SomeOperatorThing', name: 'thing' } }))).toEqual(['ns/thing[SomeOperatorThing]']);
  });

  it('is its own workload without a controller owner, or when owned by a Node', () => {
    expect(ids(pod('solo'))).toEqual(['ns/solo[Pod]']);
    expect(ids(pod('static-kube-proxy', { owner: { kind: 'Node', name: 'node-1', controller: true } }))).toEqual(['ns/static-kube-proxy[Pod]']);
    expect(ids(pod('not-controlled', { owner: { kind: 'ReplicaSet', name: 'rs', controller: false } }))).toEqual(['ns/not-controlled[Pod]']);
    expect(ids(pod('no-flag', { owner: { kind: 'ReplicaSet', name: 'rs' } }))).toEqual(['ns/no-flag[Pod]']);
  });

  it('names an owner reference without kind as a Pod with the owner name', () => {
    expect(ids(pod('child', { owner: { name: 'parent', controller: true } }))).toEqual(['ns/parent[Pod]']);
  });

  it('ignores virt-launcher pods', () => {
    expect(ids(stream(pod('virt-launcher-vm1-xyz'), pod('app')))).toEqual(['ns/app[Pod]']);
  });

  it('collects pod IPs from status.podIP and status.podIPs', () => {
    const status = { podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }] };
    expect(load(pod('a', { status })).model.workloads[0]?.podIPs).toEqual(['10.0.0.5', 'fd00::5']);
  });
});

describe('grouping', () => {
  const owner = { kind: 'DaemonSet', name: 'agents', controller: true };

  it('makes the pods of one owner one workload: first pod labels, union of ports and IPs', () => {
    const ports = (n: number) => ({ containers: [{ name: 'c', ports: [{ name: 'p', containerPort: n }, { containerPort: 9090 }] }] });
    const result = load(
      stream(
        pod('agents-1', { owner, labels: { app: 'agents' }, spec: ports(8080), status: { podIP: '10.0.0.1' } }),
        pod('agents-2', { owner, labels: { app: 'agents' }, spec: ports(8081), status: { podIP: '10.0.0.2' } }),
      ),
    );
    expect(result.model.workloads).toEqual([
      {
        namespace: 'ns',
        name: 'agents',
        kind: 'DaemonSet',
        labels: { app: 'agents' },
        ports: [
          { name: 'p', containerPort: 8080, protocol: 'TCP' },
          { containerPort: 9090, protocol: 'TCP' },
          { name: 'p', containerPort: 8081, protocol: 'TCP' },
        ],
        podIPs: ['10.0.0.1', '10.0.0.2'],
        source: { file: 'w.yaml', line: 1, column: 1, documentIndex: 0 },
      },
    ]);
  });

  it('lists every distinct label set when the pods of one owner differ', () => {
    const result = load(
      stream(
        pod('agents-1', { owner, labels: { app: 'agents', zone: 'a' } }),
        pod('agents-2', { owner, labels: { zone: 'a', app: 'agents' } }),
        pod('agents-3', { owner, labels: { app: 'agents', zone: 'b' } }),
      ),
    );
    const [workload] = result.model.workloads;
    expect(workload?.labels).toEqual({ app: 'agents', zone: 'a' });
    expect(workload?.labelVariants).toEqual([
      { app: 'agents', zone: 'a' },
      { app: 'agents', zone: 'b' },
    ]);
  });

  it('merges a controller object with the pods it owns', () => {
    const result = load(
      stream(
        pod('agents-1', { owner, labels: { app: 'agents' }, status: { podIP: '10.0.0.1' } }),
        controller('DaemonSet', 'agents', '{metadata: {labels: {app: agents}}, spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}}'),
      ),
    );
    expect(result.model.workloads).toEqual([
      { namespace: 'ns', name: 'agents', kind: 'DaemonSet', labels: { app: 'agents' }, ports: [{ containerPort: 80, protocol: 'TCP' }], podIPs: ['10.0.0.1'], source: expect.objectContaining({ documentIndex: 1 }) },
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('warns about a second object with the same identity and keeps the first', () => {
    const result = load(stream(pod('solo', { labels: { v: '1' } }), pod('solo', { labels: { v: '2' } })));
    expect(result.model.workloads).toMatchObject([{ name: 'solo', labels: { v: '1' } }]);
    expect(result.model.workloads[0]?.labelVariants).toBeUndefined();
    expect(result.diagnostics).toMatchObject([{ severity: 'warning', code: 'duplicate-workload', object: 'Pod ns/solo', location: { documentIndex: 1 } }]);
  });

  it('sorts workloads by ns/name[Kind] in plain string order', () => {
    const text = stream(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: a}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: B, namespace: a}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: a-b}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b, namespace: a}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: z, namespace: A}',
    );
    expect(ids(text)).toEqual(['A/z[Pod]', 'a-b/a[Pod]', 'a/B[Pod]', 'a/b[Deployment]', 'a/b[Pod]']);
  });

  it('skips objects without a name, with a warning', () => {
    const result = load('apiVersion: v1\nkind: Pod\nmetadata: {namespace: x}\n');
    expect(result.model.workloads).toEqual([]);
    expect(result.diagnostics).toMatchObject([{ severity: 'warning', code: 'missing-name' }]);
  });
});

describe('controllers of controllers (a live cluster lists them all)', () => {
  const ownedBy = (kind: string, name: string) => ({ kind, name, controller: true, uid: 'u' });
  function ownedController(kind: string, name: string, owner: Record<string, unknown>): string {
    return JSON.stringify({
      apiVersion: 'apps/v1',
      kind,
      metadata: { name, namespace: 'ns', ownerReferences: [owner] },
      spec: { template: { metadata: { labels: { app: 'web', 'pod-template-hash': '7d77' } } } },
    });
  }

  it('gives the pods of a Deployment\'s ReplicaSets to the Deployment, and drops the ReplicaSets', () => {
    const result = load(
      stream(
        controller('Deployment', 'web', '{metadata: {labels: {app: web}}}'),
        ownedController('ReplicaSet', 'web-7d77', ownedBy('Deployment', 'web')),
        ownedController('ReplicaSet', 'web-old', ownedBy('Deployment', 'web')),
        pod('web-7d77-abcde', { owner: ownedBy('ReplicaSet', 'web-7d77'), labels: { app: 'web', 'pod-template-hash': '7d77' }, status: { podIP: '10.0.0.7' } }),
      ),
    );
    expect(result.model.workloads.map(idOf)).toEqual(['ns/web[Deployment]']);
    expect(result.model.workloads[0]).toMatchObject({ labels: { app: 'web' }, podIPs: ['10.0.0.7'] });
  });

  it('gives a CronJob the pods of its Jobs', () => {
    const job = JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'nightly-1', namespace: 'ns', ownerReferences: [ownedBy('CronJob', 'nightly')] }, spec: { template: { metadata: { labels: { app: 'x' } } } } });
    expect(ids(stream(controller('CronJob', 'nightly'), job, pod('nightly-1-xyz', { owner: ownedBy('Job', 'nightly-1'), labels: { app: 'x' } })))).toEqual(['ns/nightly[CronJob]']);
  });

  it('keeps pods with their ReplicaSet when its Deployment is not in the input (as netpol-analyzer names them)', () => {
    expect(ids(stream(ownedController('ReplicaSet', 'web-7d77', ownedBy('Deployment', 'web')), pod('web-7d77-a', { owner: ownedBy('ReplicaSet', 'web-7d77') })))).toEqual(['ns/web-7d77[ReplicaSet]']);
  });

  it('folds nothing when owners own each other', () => {
    const a = ownedController('ReplicaSet', 'a', ownedBy('ReplicaSet', 'b'));
    const b = ownedController('ReplicaSet', 'b', ownedBy('ReplicaSet', 'a'));
    expect(ids(stream(a, b))).toEqual(['ns/a[ReplicaSet]', 'ns/b[ReplicaSet]']);
  });
});
