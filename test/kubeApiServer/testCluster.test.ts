// Reading a cluster with the real kubectl against the test API server: the kubeconfig it writes,
// the lists and single gets an import makes, and the viewer's partial permissions. These pin the
// server to what kubectl 1.32 accepts, so other tests can trust it as a stand-in for a cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutKubectl } from './kubectlAvailability';
import { flannelClusterObjects, sampleClusterObjects } from './sampleCluster';
import type { TestCluster } from './testCluster';
import { runKubectl, startTestCluster } from './testCluster';

interface ListedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; labels?: Record<string, string> };
  spec?: unknown;
}
interface ListDocument {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string };
  items: ListedObject[];
}

function namesOfKind(list: ListDocument, kind: string): string[] {
  return list.items.filter((item) => item.kind === kind).map((item) => item.metadata.name);
}

const workloadTypes = 'pods,deployments,statefulsets,daemonsets,replicasets,networkpolicies';

describe('sample clusters', () => {
  it('differ only in the CNI running in kube-system', async () => {
    const calico = await startTestCluster({ objects: sampleClusterObjects() });
    const flannel = await startTestCluster({ objects: flannelClusterObjects() });
    try {
      const daemonSetNames = (cluster: TestCluster): string[] => (cluster.objects('DaemonSet') as ListedObject[]).map((object) => object.metadata.name);
      expect(daemonSetNames(calico)).toEqual(['calico-node']);
      expect(daemonSetNames(flannel)).toEqual(['kube-flannel-ds']);
      expect((calico.objects('Deployment') as ListedObject[]).map((object) => `${object.metadata.namespace}/${object.metadata.name}`)).toEqual([
        'kube-system/calico-kube-controllers',
        'kube-system/coredns',
        'netpol-demo/backend',
        'netpol-demo/database',
        'netpol-demo/frontend',
        'restricted/vault',
      ]);
      expect(flannel.objects('NetworkPolicy')).toHaveLength(3);
    } finally {
      await Promise.all([calico.close(), flannel.close()]);
    }
  });
});

describe.skipIf(skipWithoutKubectl('testCluster'))('the real kubectl reading the test API server', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ objects: sampleClusterObjects() });
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('reads the contexts and the current context from the temporary kubeconfig', async () => {
    const contexts = await runKubectl(cluster, ['config', 'get-contexts', '-o', 'name']);
    expect(contexts).toMatchObject({ code: 0, stderr: '' });
    expect(contexts.stdout.trim().split('\n')).toEqual(['test-admin', 'test-viewer']);
    const current = await runKubectl(cluster, ['config', 'current-context']);
    expect(current.stdout.trim()).toBe('test-admin');
  });

  it('reports Kubernetes v1.32.4 as the server version', async () => {
    // A version-dispatching kubectl (the Google Cloud SDK's) picks its release from this answer.
    // The client minor is not pinned: these tests also pass with plain kubectl 1.30 to 1.33.
    const result = await runKubectl(cluster, ['version', '-o', 'json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const versions = JSON.parse(result.stdout) as { clientVersion: { major: string }; serverVersion: { gitVersion: string } };
    expect(versions.serverVersion.gitVersion).toBe('v1.32.4');
    expect(versions.clientVersion.major).toBe('1');
  });

  it('lists namespaces as a List of v1 Namespaces', async () => {
    const result = await runKubectl(cluster, ['--context', 'test-admin', 'get', 'namespaces', '-o', 'json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const list = JSON.parse(result.stdout) as ListDocument;
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    expect(list.items.map((item) => [item.apiVersion, item.kind, item.metadata.name])).toEqual([
      ['v1', 'Namespace', 'default'],
      ['v1', 'Namespace', 'kube-system'],
      ['v1', 'Namespace', 'netpol-demo'],
      ['v1', 'Namespace', 'restricted'],
    ]);
    expect(cluster.requests.some((request) => request.method === 'GET' && request.path === '/api/v1/namespaces')).toBe(true);
  });

  it('lists every workload type and the policies across all namespaces, each item typed', async () => {
    const result = await runKubectl(cluster, ['--context', 'test-admin', 'get', workloadTypes, '-A', '-o', 'json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const list = JSON.parse(result.stdout) as ListDocument;
    expect(list.kind).toBe('List');
    for (const item of list.items) expect(item.apiVersion).toMatch(/^(v1|apps\/v1|networking\.k8s\.io\/v1)$/);
    expect(namesOfKind(list, 'DaemonSet')).toEqual(['calico-node']);
    expect(namesOfKind(list, 'Deployment')).toContain('coredns');
    expect(namesOfKind(list, 'Deployment')).toContain('vault');
    expect(namesOfKind(list, 'NetworkPolicy').sort()).toEqual(['allow-backend-to-database', 'allow-frontend-to-backend', 'default-deny-ingress']);
    const corednsPods = list.items.filter((item) => item.kind === 'Pod' && item.metadata.labels?.['k8s-app'] === 'kube-dns');
    expect(corednsPods).toHaveLength(2);
  });

  it('lists one namespace with -n, and other types with list-only support', async () => {
    const result = await runKubectl(cluster, ['get', workloadTypes, '-n', 'netpol-demo', '-o', 'json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const list = JSON.parse(result.stdout) as ListDocument;
    expect(new Set(list.items.map((item) => item.metadata.namespace))).toEqual(new Set(['netpol-demo']));
    expect(namesOfKind(list, 'Deployment').sort()).toEqual(['backend', 'database', 'frontend']);
    expect(namesOfKind(list, 'ReplicaSet')).toHaveLength(3);
    expect(namesOfKind(list, 'Pod')).toHaveLength(4);
    expect(cluster.requests.some((request) => request.path === '/apis/networking.k8s.io/v1/namespaces/netpol-demo/networkpolicies')).toBe(true);

    const others = await runKubectl(cluster, ['get', 'services,jobs,cronjobs', '-A', '-o', 'json']);
    expect(others).toMatchObject({ code: 0, stderr: '' });
    expect(namesOfKind(JSON.parse(others.stdout) as ListDocument, 'Service').sort()).toEqual(['backend', 'frontend', 'kube-dns']);
  });

  it('gets one NetworkPolicy by name, with the server metadata an import reads', async () => {
    const result = await runKubectl(cluster, ['get', 'networkpolicy', 'allow-frontend-to-backend', '-n', 'netpol-demo', '-o', 'json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const policy = JSON.parse(result.stdout) as ListedObject;
    expect(policy).toMatchObject({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-frontend-to-backend', namespace: 'netpol-demo' },
      spec: { podSelector: { matchLabels: { app: 'backend' } }, ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }] },
    });
    expect(policy.metadata.uid).toBeTruthy();
    expect(policy.metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it('answers a missing object with a NotFound Status that kubectl prints', async () => {
    const result = await runKubectl(cluster, ['get', 'networkpolicy', 'missing', '-n', 'netpol-demo', '-o', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Error from server (NotFound): networkpolicies.networking.k8s.io "missing" not found');
  });

  it('filters lists by label selector', async () => {
    const result = await runKubectl(cluster, ['get', 'pods', '-n', 'netpol-demo', '-l', 'app in (frontend),tier!=api', '-o', 'name']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim().split('\n')).toHaveLength(2);
    expect(result.stdout).toMatch(/^pod\/frontend-/);
  });

  it('rejects a token it does not know with 401, as kubectl reports it', async () => {
    const result = await runKubectl(cluster, ['--token', 'stolen-token', 'get', 'networkpolicies', '-A', '-o', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
  });

  describe('the viewer context', () => {
    it('reads the namespaces it may read', async () => {
      const result = await runKubectl(cluster, ['--context', 'test-viewer', 'get', workloadTypes, '-n', 'netpol-demo', '-o', 'json']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(namesOfKind(JSON.parse(result.stdout) as ListDocument, 'NetworkPolicy')).toHaveLength(3);
      const namespaces = await runKubectl(cluster, ['--context', 'test-viewer', 'get', 'namespaces', '-o', 'name']);
      expect(namespaces.stdout).toContain('namespace/restricted');
    });

    it('is forbidden in the restricted namespace, with the RBAC wording', async () => {
      const result = await runKubectl(cluster, ['--context', 'test-viewer', 'get', 'pods', '-n', 'restricted', '-o', 'json']);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        'Error from server (Forbidden): pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "restricted"',
      );
    });

    it('is forbidden to list across all namespaces, since it cannot read every namespace', async () => {
      const result = await runKubectl(cluster, ['--context', 'test-viewer', 'get', 'networkpolicies', '-A', '-o', 'json']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('User "viewer" cannot list resource "networkpolicies" in API group "networking.k8s.io" at the cluster scope');
    });

    it('is forbidden to write', async () => {
      const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: viewer-write, namespace: netpol-demo}\nspec: {podSelector: {}}\n';
      const result = await runKubectl(cluster, ['--context', 'test-viewer', 'apply', '--server-side', '--field-manager=netpol-designer', '-f', '-'], policy);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('User "viewer" cannot patch resource "networkpolicies" in API group "networking.k8s.io" in the namespace "netpol-demo"');
      expect(cluster.objects('NetworkPolicy')).toHaveLength(3);
    });
  });
});
