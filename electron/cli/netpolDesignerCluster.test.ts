// `netpol-designer connectivity --cluster` with the real kubectl against the test API server:
// the same output as the cluster's objects read from a file, partial access named on stderr,
// a cluster that cannot be read exits 3 with kubectl's words. Skipped, with the reason printed,
// where no kubectl can run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeModel } from '../engine/analysis';
import { formatConnectivity } from '../engine/connectivityFormats';
import { loadManifestTexts } from '../manifests';
import { skipWithoutKubectl } from '../../test/kubeApiServer/kubectlAvailability';
import { flannelClusterObjects, sampleClusterObjects } from '../../test/kubeApiServer/sampleCluster';
import type { TestCluster } from '../../test/kubeApiServer/testCluster';
import { startTestCluster } from '../../test/kubeApiServer/testCluster';
import { EXIT_CLUSTER_UNREADABLE, EXIT_INVALID, EXIT_OK, runCli } from './netpolDesigner';

const skip = skipWithoutKubectl('netpolDesignerCluster.test.ts');

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), readStdin: () => Promise.resolve(''), env });
  return { code, stdout, stderr };
}

/** What the same objects give when read from a file: the cluster read must not change a verdict. */
function expectedFromObjects(objects: unknown[]): string {
  const model = loadManifestTexts([{ path: 'cluster.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) }]).model;
  return formatConnectivity(analyzeModel(model).connectivity().rows(), 'txt');
}

describe.skipIf(skip)('connectivity --cluster', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ objects: sampleClusterObjects() });
  });
  afterAll(async () => cluster?.close());

  it('analyses the live cluster of the current context exactly as its objects read from a file', async () => {
    const result = await run(['connectivity', '--cluster'], cluster.env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toBe(expectedFromObjects(sampleClusterObjects()));
    expect(result.stdout).toContain('netpol-demo/frontend[Deployment] => netpol-demo/backend[Deployment] : TCP 80');
  });

  it('reads only the namespaces asked for, with the context named', async () => {
    const result = await run(['connectivity', '--cluster', '--context', 'test-admin', '-n', 'netpol-demo', '--format', 'json'], cluster.env());
    expect(result.code).toBe(EXIT_OK);
    const rows = JSON.parse(result.stdout) as { src: string; dst: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => !row.src.startsWith('kube-system/') && !row.dst.startsWith('kube-system/'))).toBe(true);
  });

  it('names what a viewer may not read on stderr and analyses the rest', async () => {
    const result = await run(['connectivity', '--cluster', '--context', 'test-viewer'], cluster.env());
    expect(result.code).toBe(EXIT_OK);
    expect(result.stderr).toMatch(/warning: not read: .*namespace restricted.*forbidden/);
    expect(result.stdout).toContain('netpol-demo/frontend[Deployment]');
    expect(result.stdout).not.toContain('restricted/');
  });

  it('exits 3 with kubectl\'s words when the cluster cannot be read', async () => {
    cluster.fail({ path: /\/api\/v1\/namespaces$/, status: 401 });
    try {
      const result = await run(['connectivity', '--cluster', '--context', 'test-admin'], cluster.env());
      expect(result.code).toBe(EXIT_CLUSTER_UNREADABLE);
      expect(result.stderr).toContain('could not read the cluster');
      expect(result.stderr).toContain('You must be logged in to the server');
      expect(result.stdout).toBe('');
    } finally {
      cluster.clearFailures();
    }
  });

  it('warns when the network plugin ignores NetworkPolicies', async () => {
    const flannel = await startTestCluster({ objects: flannelClusterObjects() });
    try {
      const result = await run(['connectivity', '--cluster'], flannel.env());
      expect(result.code).toBe(EXIT_OK);
      expect(result.stderr).toMatch(/^warning: .*Flannel.*store them but ignore them/m);
    } finally {
      await flannel.close();
    }
  });
});

describe('connectivity --cluster usage', () => {
  it('refuses paths together with --cluster, and cluster options without it', async () => {
    expect((await run(['connectivity', '--cluster', 'a.yaml'], process.env)).code).toBe(EXIT_INVALID);
    const lone = await run(['connectivity', 'a.yaml', '--context', 'x'], process.env);
    expect(lone.code).toBe(EXIT_INVALID);
    expect(lone.stderr).toContain('--context, --namespace and --kubectl go with --cluster');
  });
  it('exits 3 naming where it looked when the kubectl given does not exist', async () => {
    const result = await run(['connectivity', '--cluster', '--kubectl', '/nowhere/kubectl'], process.env);
    expect(result.code).toBe(EXIT_CLUSTER_UNREADABLE);
    expect(result.stderr).toContain('/nowhere/kubectl');
  });
});
