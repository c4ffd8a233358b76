// The kubectl layer with the real kubectl binary against the test API server of
// test/kubeApiServer (DESIGN.md "kubectl": tests run the real kubectl): contexts, import with
// full and partial access, CNI detection, the three push steps, and failures surfacing as the
// right KubectlError reason in kubectl's own words. Skipped, with the reason printed, where no
// kubectl is installed.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadManifestTexts } from '../manifests/loadManifests';
import { flannelClusterObjects, sampleClusterObjects } from '../../test/kubeApiServer/sampleCluster';
import type { TestCluster } from '../../test/kubeApiServer/testCluster';
import { startTestCluster } from '../../test/kubeApiServer/testCluster';
import { importCluster } from './clusterImport';
import { detectClusterNetworkPlugin } from './clusterNetworkPlugin';
import { applyPolicies, serverDiff, serverDryRun } from './clusterPush';
import { detectCni } from './cniDetection';
import { listKubeContexts } from './kubeContexts';
import { findInstalledKubectl } from './kubectlLocation';
import type { KubectlRunner } from './kubectlProcess';
import { bindKubectl, KubectlError } from './kubectlProcess';

const installed = await findInstalledKubectl();
if (installed.status === 'missing') console.warn(`kubectl.integration.test.ts: skipped, no kubectl to run: ${installed.message}`);
const kubectlPath = installed.status === 'found' ? installed.path : '';

const newPolicy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-frontend-ingress
  namespace: netpol-demo
spec:
  podSelector:
    matchLabels:
      app: frontend
  policyTypes: [Ingress]
  ingress:
    - ports:
        - protocol: TCP
          port: 80
`;

/** A port nobody listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function failureOf(promise: Promise<unknown>): Promise<KubectlError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KubectlError) return error;
    throw error;
  }
  throw new Error('expected a KubectlError');
}

function names(objects: unknown[]): string[] {
  return objects.map((object) => (object as { metadata: { namespace?: string; name: string } }).metadata).map((meta) => `${meta.namespace ?? ''}/${meta.name}`).sort();
}

describe.runIf(installed.status === 'found')('the kubectl layer with the real kubectl', () => {
  let cluster: TestCluster;
  let kubectl: KubectlRunner;

  beforeAll(async () => {
    cluster = await startTestCluster({ objects: sampleClusterObjects() });
    kubectl = bindKubectl({ kubectlPath, env: cluster.env() });
  });
  afterEach(() => {
    cluster.clearFailures();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('lists the kubeconfig’s contexts', async () => {
    expect(await listKubeContexts(kubectl)).toEqual({
      contexts: [
        { name: 'test-admin', cluster: 'netpol-test-cluster', user: 'test-admin' },
        { name: 'test-viewer', cluster: 'netpol-test-cluster', user: 'test-viewer' },
      ],
      currentContext: 'test-admin',
    });
  });

  it('imports every namespace into files the manifest loader reads', async () => {
    const progress: string[] = [];
    const result = await importCluster({ kubectl, context: 'test-admin', onProgress: (step, done, total) => progress.push(`${done}/${total} ${step}`) });
    expect(result.problems).toEqual([]);
    expect(result.files.map((file) => file.path)).toEqual([
      'cluster/test-admin/default.json',
      'cluster/test-admin/kube-system.json',
      'cluster/test-admin/netpol-demo.json',
      'cluster/test-admin/restricted.json',
    ]);
    // The namespaces, then every namespace's objects in one call.
    expect(progress.at(-1)).toBe('2/2 done');
    const { model, diagnostics } = loadManifestTexts(result.files);
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(model.namespaces.map((ns) => ns.name)).toEqual(['default', 'kube-system', 'netpol-demo', 'restricted']);
    expect(model.policies.map((policy) => policy.name).sort()).toEqual(['allow-backend-to-database', 'allow-frontend-to-backend', 'default-deny-ingress']);
    const workloads = model.workloads.map((workload) => `${workload.namespace}/${workload.name}[${workload.kind}]`);
    expect(workloads).toEqual(expect.arrayContaining(['netpol-demo/frontend[Deployment]', 'netpol-demo/backend[Deployment]', 'netpol-demo/database[Deployment]', 'kube-system/calico-node[DaemonSet]', 'restricted/vault[Deployment]']));
  });

  it('imports chosen namespaces only', async () => {
    const result = await importCluster({ kubectl, context: 'test-admin', namespaces: ['netpol-demo', 'missing'] });
    expect(result.files.map((file) => file.path)).toEqual(['cluster/test-admin/netpol-demo.json']);
    expect(result.problems).toEqual([{ namespace: 'missing', resource: 'namespaces', reason: 'not-found', message: 'reading namespace missing: Error from server (NotFound): namespaces "missing" not found' }]);
  });

  it('as a viewer: reports the forbidden namespace and loads the rest', async () => {
    const result = await importCluster({ kubectl, context: 'test-viewer' });
    expect(result.problems.map((problem) => [problem.namespace, problem.reason])).toEqual([['restricted', 'forbidden']]);
    expect(result.problems[0]?.message).toMatch(/^reading workloads and policies in namespace restricted: Error from server \(Forbidden\): .* is forbidden: User "viewer" cannot list resource/);
    const { model } = loadManifestTexts(result.files);
    expect(model.policies).toHaveLength(3);
    expect(model.workloads.some((workload) => workload.namespace === 'restricted')).toBe(false);
    expect(model.namespaces.map((ns) => ns.name)).toContain('restricted');
  });

  it('loses only the kind that fails in a namespace', async () => {
    cluster.fail({ method: 'GET', path: /^\/apis\/batch\/v1\/namespaces\/netpol-demo\/cronjobs$/, status: 403 });
    const result = await importCluster({ kubectl, context: 'test-admin', namespaces: ['netpol-demo'] });
    expect(result.problems.map((problem) => [problem.namespace, problem.resource, problem.reason])).toEqual([['netpol-demo', 'cronjobs', 'forbidden']]);
    expect(loadManifestTexts(result.files).model.policies).toHaveLength(3);
  });

  it('detects Calico, which enforces policies', async () => {
    const { detection, problems } = await detectClusterNetworkPlugin({ kubectl, context: 'test-admin' });
    expect(problems).toEqual([]);
    expect(detection.enforcement).toBe('enforced');
    expect(detection.plugins.map((plugin) => plugin.name)).toEqual(['Calico']);
    const imported = await importCluster({ kubectl, context: 'test-admin', namespaces: ['kube-system'] });
    expect(detectCni(imported.files.map((file) => JSON.parse(file.text) as unknown)).enforcement).toBe('enforced');
  });

  it('previews, checks and applies a policy: diff, server dry run, apply', async () => {
    const outputs: string[] = [];
    const step = { kubectl, context: 'test-admin', manifestYaml: newPolicy, onOutput: (chunk: { text: string }) => outputs.push(chunk.text) };

    const diff = await serverDiff(step);
    expect(diff.hasDifferences).toBe(true);
    expect(diff.diff).toContain('allow-frontend-ingress');

    const dryRun = await serverDryRun(step);
    expect(dryRun.objects).toEqual([{ resource: 'networkpolicy.networking.k8s.io', name: 'allow-frontend-ingress', operation: 'serverside-applied', dryRun: true }]);
    expect(names(cluster.objects('NetworkPolicy'))).not.toContain('netpol-demo/allow-frontend-ingress');

    const applied = await applyPolicies(step);
    expect(applied.failure).toBeUndefined();
    expect(applied.applied).toEqual([{ resource: 'networkpolicy.networking.k8s.io', name: 'allow-frontend-ingress', operation: 'serverside-applied', dryRun: false }]);
    expect(names(cluster.objects('NetworkPolicy'))).toContain('netpol-demo/allow-frontend-ingress');
    expect(outputs.join('')).toContain('networkpolicy.networking.k8s.io/allow-frontend-ingress serverside-applied');

    const patches = cluster.requests.filter((request) => request.method === 'PATCH');
    expect(patches.every((request) => request.query.includes('fieldManager=netpol-designer'))).toBe(true);
  });

  it('as a viewer: the preview and the apply are forbidden, and nothing is reported applied', async () => {
    const attempt = { kubectl, context: 'test-viewer', manifestYaml: newPolicy.replace('allow-frontend-ingress', 'viewer-attempt') };
    expect(await failureOf(serverDiff(attempt))).toMatchObject({ kind: 'exit', reason: 'forbidden' });
    expect(await failureOf(serverDryRun(attempt))).toMatchObject({ kind: 'exit', reason: 'forbidden', exitCode: 1 });
    const result = await applyPolicies(attempt);
    expect(result.applied).toEqual([]);
    expect(result.failure?.reason).toBe('forbidden');
    expect(names(cluster.objects('NetworkPolicy'))).not.toContain('netpol-demo/viewer-attempt');
  });

  it('401 stops an import with kubectl’s words', async () => {
    cluster.fail({ path: /\/pods$/, status: 401 });
    const error = await failureOf(importCluster({ kubectl, context: 'test-admin' }));
    expect(error).toMatchObject({ kind: 'exit', reason: 'unauthorized', exitCode: 1 });
    expect(error.message).toBe('reading workloads and policies in all namespaces: error: You must be logged in to the server (Unauthorized)');
  });

  it('422 on apply is invalid, with the API server’s message', async () => {
    cluster.fail({
      method: 'PATCH',
      path: /\/networkpolicies\/broken$/,
      status: 422,
      message: 'NetworkPolicy.networking.k8s.io "broken" is invalid: spec.podSelector.matchLabels: Invalid value: "-bad-": name part must consist of alphanumeric characters',
    });
    const result = await applyPolicies({ kubectl, context: 'test-admin', manifestYaml: newPolicy.replace('allow-frontend-ingress', 'broken') });
    expect(result.applied).toEqual([]);
    expect(result.failure).toMatchObject({ kind: 'exit', reason: 'invalid' });
    expect(result.failure?.message).toBe(
      'applying the policies with context test-admin: The NetworkPolicy "broken" is invalid: spec.podSelector.matchLabels: Invalid value: "-bad-": name part must consist of alphanumeric characters',
    );
  });

  it('500 in one namespace is a problem of that namespace (when reading across namespaces is refused)', async () => {
    cluster.fail({ path: /^\/api\/v1\/pods$/, status: 403 });
    cluster.fail({ path: /^\/api\/v1\/namespaces\/default\/pods$/, status: 500 });
    const result = await importCluster({ kubectl, context: 'test-admin' });
    expect(result.problems).toEqual([
      { namespace: 'default', resource: 'pods', reason: 'server-error', message: 'reading pods in namespace default: Error from server (InternalError): Internal error occurred: injected failure' },
    ]);
    expect(result.files).toHaveLength(4);
  });

  it('a server slower than the request timeout is a timeout in kubectl’s words', async () => {
    cluster.fail({ path: /\/networkpolicies$/, delayMs: 4_000 });
    const began = Date.now();
    const error = await failureOf(importCluster({ kubectl, context: 'test-admin', namespaces: ['netpol-demo'], requestTimeoutMs: 1_000 }));
    expect(Date.now() - began).toBeLessThan(3_900);
    expect(error).toMatchObject({ kind: 'exit', reason: 'timeout' });
    // Go words the client timeout in more than one way, depending on which of its timers fires first.
    expect(error.message).toMatch(/^reading workloads and policies in namespace netpol-demo: Unable to connect to the server: (context deadline exceeded|net\/http: request canceled)/);
  });

  it('cancelling stops kubectl at once', async () => {
    cluster.fail({ path: /\/networkpolicies$/, delayMs: 4_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const began = Date.now();
    const error = await failureOf(importCluster({ kubectl, context: 'test-admin', namespaces: ['netpol-demo'], signal: controller.signal }));
    expect(error.kind).toBe('cancelled');
    expect(Date.now() - began).toBeLessThan(3_000);
  });

  it('an unreachable server is unreachable, in kubectl’s words', async () => {
    const port = await closedPort();
    const kubeconfig = join(cluster.homeDir, 'unreachable-kubeconfig.yaml');
    await writeFile(kubeconfig, (await readFile(cluster.kubeconfigPath, 'utf8')).replace(cluster.url, `https://127.0.0.1:${port}`));
    const unreachable = bindKubectl({ kubectlPath, env: { ...cluster.env(), KUBECONFIG: kubeconfig } });
    const error = await failureOf(importCluster({ kubectl: unreachable, context: 'test-admin' }));
    expect(error).toMatchObject({ kind: 'exit', reason: 'unreachable' });
    expect(error.message).toBe(`listing namespaces: The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?`);
  });
});

describe.runIf(installed.status === 'found')('the network plugin of a Flannel cluster, with the real kubectl', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ objects: flannelClusterObjects() });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('says policies would be stored but ignored', async () => {
    const kubectl = bindKubectl({ kubectlPath, env: cluster.env() });
    const { detection } = await detectClusterNetworkPlugin({ kubectl, context: 'test-viewer' });
    expect(detection.enforcement).toBe('not-enforced');
    expect(detection.plugins.map((plugin) => plugin.name)).toEqual(['Flannel']);
    expect(detection.message).toContain('would store them but ignore them');
  });
});
