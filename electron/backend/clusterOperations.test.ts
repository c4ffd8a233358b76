// The kubectl:* channels end to end at the backend level: the real kubectl against the test API
// server (test/kubeApiServer), through the same handler table the window uses. Import, the
// network plugin check, a push previewed and applied, partial access, failures in kubectl's
// words, and cancel. Skipped, with the reason printed, where no kubectl can run.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterJobRequest, ClusterJobStatus } from '../common/cluster';
import type { BackendHandlers } from '../common/contract';
import { skipWithoutKubectl } from '../../test/kubeApiServer/kubectlAvailability';
import { flannelClusterObjects, sampleClusterObjects } from '../../test/kubeApiServer/sampleCluster';
import type { TestCluster } from '../../test/kubeApiServer/testCluster';
import { startTestCluster } from '../../test/kubeApiServer/testCluster';
import { createBackendHandlers } from './handlers';

const resourcesDir = fileURLToPath(new URL('../../resources/', import.meta.url));
const skip = skipWithoutKubectl('clusterOperations.test.ts');

async function finished(backend: BackendHandlers, request: ClusterJobRequest): Promise<{ status: ClusterJobStatus; output: string[] }> {
  const { jobId } = await backend['kubectl:start'](request);
  const output: string[] = [];
  let from = 0;
  for (;;) {
    const status = await backend['kubectl:poll']({ jobId, outputFrom: from });
    output.push(...status.output.map((line) => `${line.stream}: ${line.text}`));
    from = status.outputNext;
    if (status.state !== 'running') return { status, output };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(skip)('kubectl channels against a test API server', () => {
  let cluster: TestCluster;
  let backend: BackendHandlers;

  beforeAll(async () => {
    cluster = await startTestCluster({ objects: sampleClusterObjects() });
    backend = createBackendHandlers({ resourcesDir, cluster: { env: cluster.env(), requestTimeoutMs: 3_000 } });
  });
  afterAll(async () => cluster?.close());

  it('lists the kubeconfig contexts and the kubectl found', async () => {
    const contexts = await backend['kubectl:contexts']({});
    expect(contexts.kubectl.found).toBe(true);
    expect(contexts.contexts.map((context) => context.name).sort()).toEqual(['test-admin', 'test-viewer']);
    expect(contexts.currentContext).toBe('test-admin');
    expect(contexts.kubeconfig).toBe(cluster.kubeconfigPath);
  });

  it('says where it looked when the chosen kubectl does not exist', async () => {
    const contexts = await backend['kubectl:contexts']({ kubectlPath: '/nowhere/kubectl' });
    expect(contexts.kubectl).toMatchObject({ found: false, message: expect.stringContaining('/nowhere/kubectl') });
  });

  it('imports the cluster as a review labelled with the context, one workload per Deployment, with the network plugin', async () => {
    const { status, output } = await finished(backend, { kind: 'import', context: 'test-admin' });
    expect(status.state, status.error).toBe('succeeded');
    if (status.result?.kind !== 'import') throw new Error('an import result');
    const { snapshot, networkPlugin, problems } = status.result;
    expect(snapshot.title).toBe('Cluster: test-admin');
    expect(snapshot.workloads.map((workload) => workload.id)).toEqual(
      expect.arrayContaining(['netpol-demo/frontend[Deployment]', 'netpol-demo/backend[Deployment]', 'netpol-demo/database[Deployment]', 'kube-system/coredns[Deployment]']),
    );
    expect(snapshot.workloads.filter((workload) => workload.kind === 'ReplicaSet')).toEqual([]);
    expect(problems).toEqual([]);
    expect(networkPlugin.enforcement).toBe('enforced');
    expect(networkPlugin.plugins.map((plugin) => plugin.name)).toContain('Calico');
    // Every kubectl call is shown, with its context named.
    const calls = output.filter((line) => line.startsWith('info: $ kubectl'));
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((line) => line.includes('--context=test-admin'))).toBe(true);
    // The review explains like any other.
    const explained = await backend['review:explain']({ sessionId: snapshot.sessionId, source: 'netpol-demo/database[Deployment]', destination: 'netpol-demo/backend[Deployment]' });
    expect(['allowed', 'denied']).toContain(explained.explanation.verdict);
  });

  it('reports what a viewer may not read and loads the rest', async () => {
    const { status } = await finished(backend, { kind: 'import', context: 'test-viewer' });
    expect(status.state, status.error).toBe('succeeded');
    if (status.result?.kind !== 'import') throw new Error('an import result');
    expect(status.result.problems).toEqual(expect.arrayContaining([expect.objectContaining({ namespace: 'restricted', reason: 'forbidden' })]));
    expect(status.result.snapshot.workloads.some((workload) => workload.namespace === 'netpol-demo')).toBe(true);
    expect(status.result.snapshot.workloads.some((workload) => workload.namespace === 'restricted')).toBe(false);
    expect(status.result.snapshot.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'kubectl-forbidden', message: expect.stringContaining('restricted') })]));
  });

  it('previews a push (connectivity diff, kubectl diff, dry run), then applies exactly that', async () => {
    let design = await backend['design:new']({});
    const apply = async (operation: Parameters<BackendHandlers['design:apply']>[0]['operation']) => (design = await backend['design:apply']({ designId: design.designId, operation }));
    await apply({ type: 'add-namespace', name: 'netpol-demo', labels: {} });
    await apply({
      type: 'policy-changes',
      changes: [
        {
          type: 'create',
          policy: {
            namespace: 'netpol-demo',
            name: 'allow-frontend-to-database',
            spec: { podSelector: { matchLabels: { app: 'database' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 80 }] }] },
          },
        },
      ],
    });
    const before = cluster.objects('NetworkPolicy').length;
    const previewed = await finished(backend, { kind: 'push-preview', context: 'test-admin', sessionId: design.designId, policies: ['netpol-demo/allow-frontend-to-database'] });
    expect(previewed.status.state, previewed.status.error).toBe('succeeded');
    if (previewed.status.result?.kind !== 'push-preview') throw new Error('a preview');
    const preview = previewed.status.result.preview;
    expect(preview).toMatchObject({ context: 'test-admin', namespaces: ['netpol-demo'], policies: ['netpol-demo/allow-frontend-to-database'], hasDifferences: true });
    expect(preview.kubectlDiff).toContain('allow-frontend-to-database');
    expect(preview.dryRun.objects).toEqual(['networkpolicy.networking.k8s.io/allow-frontend-to-database']);
    expect(preview.networkPlugin.enforcement).toBe('enforced');
    // In the cluster (default deny in netpol-demo) the frontend does not reach the database; the push opens TCP 80.
    expect(preview.connectivityChanges).toEqual([
      { source: 'netpol-demo/frontend[Deployment]', destination: 'netpol-demo/database[Deployment]', ref1: 'No Connections', ref2: 'TCP 80', type: 'added' },
    ]);
    // Nothing was written by the preview.
    expect(cluster.objects('NetworkPolicy')).toHaveLength(before);

    const applied = await finished(backend, { kind: 'push-apply', previewId: preview.previewId });
    expect(applied.status.state, applied.status.error).toBe('succeeded');
    expect(applied.status.result).toEqual({
      kind: 'push-apply',
      context: 'test-admin',
      applied: [{ object: 'networkpolicy.networking.k8s.io/allow-frontend-to-database', namespace: 'netpol-demo', operation: 'serverside-applied' }],
      complete: true,
    });
    expect(applied.output).toContain('stdout: networkpolicy.networking.k8s.io/allow-frontend-to-database serverside-applied');
    const stored = cluster.objects('NetworkPolicy').find((object) => (object as { metadata: { name: string } }).metadata.name === 'allow-frontend-to-database');
    expect(JSON.stringify(stored)).toContain('netpol-designer');
  });

  it('pushes two policies of one name in two namespaces, each reported with its namespace', async () => {
    let design = await backend['design:new']({});
    for (const operation of [
      { type: 'add-namespace', name: 'netpol-demo', labels: {} },
      { type: 'add-namespace', name: 'kube-system', labels: {} },
      {
        type: 'policy-changes',
        changes: ['netpol-demo', 'kube-system'].map((namespace) => ({ type: 'create', policy: { namespace, name: 'same-name', spec: { podSelector: { matchLabels: { app: 'nothing' } }, policyTypes: ['Ingress'] } } })),
      },
    ] as Parameters<BackendHandlers['design:apply']>[0]['operation'][]) {
      design = await backend['design:apply']({ designId: design.designId, operation });
    }
    const previewed = await finished(backend, { kind: 'push-preview', context: 'test-admin', sessionId: design.designId, policies: ['kube-system/same-name', 'netpol-demo/same-name'] });
    if (previewed.status.result?.kind !== 'push-preview') throw new Error(previewed.status.error);
    expect(previewed.status.result.preview.namespaces).toEqual(['kube-system', 'netpol-demo']);
    const applied = await finished(backend, { kind: 'push-apply', previewId: previewed.status.result.preview.previewId });
    if (applied.status.result?.kind !== 'push-apply') throw new Error(applied.status.error);
    expect(applied.status.result.applied.map((object) => `${object.namespace}: ${object.object}`)).toEqual([
      'kube-system: networkpolicy.networking.k8s.io/same-name',
      'netpol-demo: networkpolicy.networking.k8s.io/same-name',
    ]);
    expect(applied.output.filter((line) => line.startsWith('info: $ kubectl apply'))).toHaveLength(2);
  });

  it('goes on without the kubectl diff where no diff program runs, and says why', async () => {
    // A kubectl that cannot run `diff` (as on Windows without Git's tools; kubectl diff then exits 2): a wrapper injected by
    // this test answers `kubectl diff` with kubectl's own error and runs the real kubectl otherwise.
    const folder = mkdtempSync(join(tmpdir(), 'netpol-nodiff-'));
    const wrapper = join(folder, 'kubectl');
    writeFileSync(wrapper, `#!/bin/sh\nif [ "$1" = diff ]; then echo 'error: failed to run "diff": executable file not found in $PATH' >&2; exit 2; fi\nexec kubectl "$@"\n`);
    chmodSync(wrapper, 0o755);
    try {
      const review = await backend['review:sample']({});
      const previewed = await finished(backend, { kind: 'push-preview', context: 'test-admin', sessionId: review.sessionId, policies: ['netpol-demo/backend-policy'], kubectlPath: wrapper });
      if (previewed.status.result?.kind !== 'push-preview') throw new Error(previewed.status.error);
      const preview = previewed.status.result.preview;
      expect(preview.kubectlDiffProblem).toContain('kubectl diff needs the `diff` program on PATH');
      expect(preview.dryRun.objects).toEqual(['networkpolicy.networking.k8s.io/backend-policy']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses to push a policy the API server would refuse, or one that is not there', async () => {
    const design = await backend['design:new']({});
    await expect(backend['kubectl:start']({ kind: 'push-preview', context: 'test-admin', sessionId: design.designId, policies: ['a/nothing'] })).rejects.toThrow('There is no policy a/nothing here.');
  });

  it('fails with kubectl\'s own words when the server refuses (403 on a write), and nothing is applied', async () => {
    const review = await backend['review:sample']({});
    const previewed = await finished(backend, { kind: 'push-preview', context: 'test-viewer', sessionId: review.sessionId, policies: ['netpol-demo/backend-policy'] });
    expect(previewed.status.state).toBe('failed');
    expect(previewed.status.error).toMatch(/forbidden/i);
  });

  it('cancels a running import: the kubectl call stops and the job says cancelled', async () => {
    cluster.fail({ path: /\/api\/v1\/namespaces$/, delayMs: 5_000 });
    try {
      const { jobId } = await backend['kubectl:start']({ kind: 'import', context: 'test-admin' });
      await new Promise((resolve) => setTimeout(resolve, 600));
      await backend['kubectl:cancel']({ jobId });
      let status = await backend['kubectl:poll']({ jobId });
      for (let wait = 0; status.state === 'running' && wait < 100; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = await backend['kubectl:poll']({ jobId });
      }
      expect(status.state).toBe('cancelled');
    } finally {
      cluster.clearFailures();
    }
  });

  it('fails an import with kubectl\'s message when the server answers 401', async () => {
    cluster.fail({ path: /\/api\/v1\/namespaces$/, status: 401 });
    try {
      const { status } = await finished(backend, { kind: 'import', context: 'test-admin' });
      expect(status.state).toBe('failed');
      expect(status.error).toContain('You must be logged in to the server');
    } finally {
      cluster.clearFailures();
    }
  });
});

describe.skipIf(skip)('a cluster whose network plugin ignores NetworkPolicies', () => {
  it('says so plainly on import', async () => {
    const cluster = await startTestCluster({ objects: flannelClusterObjects() });
    try {
      const backend = createBackendHandlers({ resourcesDir, cluster: { env: cluster.env(), requestTimeoutMs: 3_000 } });
      const { status } = await finished(backend, { kind: 'import', context: 'test-admin' });
      if (status.result?.kind !== 'import') throw new Error(status.error);
      expect(status.result.networkPlugin.enforcement).toBe('not-enforced');
      expect(status.result.networkPlugin.message).toMatch(/Flannel/);
      expect(status.result.networkPlugin.message).toMatch(/store them but ignore them/);
      expect(status.result.snapshot.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'warning', code: 'network-plugin-not-enforced' })]));
    } finally {
      await cluster.close();
    }
  });
});
