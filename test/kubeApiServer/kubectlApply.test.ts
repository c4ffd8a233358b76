// Writing to the test API server with the real kubectl: server-side apply (create, update, no-op,
// dry run) and `kubectl diff --server-side`, whose exit code (0 same, 1 different, >1 error) the
// app relies on. Each test starts its own cluster so the stored state it asserts is its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { skipWithoutKubectl } from './kubectlAvailability';
import type { TestCluster } from './testCluster';
import { runKubectl, startTestCluster } from './testCluster';

interface StoredPolicy {
  metadata: {
    name: string;
    uid: string;
    resourceVersion: string;
    generation: number;
    creationTimestamp: string;
    managedFields: Array<{ manager: string; operation: string }>;
  };
  spec: { policyTypes?: string[] };
}

const namespaces = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'netpol-demo' } }];

function policyYaml(name: string, policyTypes: string[]): string {
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${name}`,
    '  namespace: netpol-demo',
    'spec:',
    '  podSelector: {}',
    `  policyTypes: [${policyTypes.join(', ')}]`,
    '',
  ].join('\n');
}

const applyArgs = ['--context', 'test-admin', 'apply', '--server-side', '--field-manager=netpol-designer', '-f', '-'];
const diffArgs = ['diff', '--server-side', '--field-manager=netpol-designer', '-f', '-'];

describe.skipIf(skipWithoutKubectl('kubectlApply'))('the real kubectl applying to the test API server', () => {
  let cluster: TestCluster;
  beforeEach(async () => {
    cluster = await startTestCluster({ objects: namespaces });
  });
  afterEach(async () => {
    await cluster.close();
  });

  function storedPolicy(name: string): StoredPolicy | undefined {
    return (cluster.objects('NetworkPolicy') as StoredPolicy[]).find((policy) => policy.metadata.name === name);
  }

  it('creates several policies from stdin with one apply PATCH each and prints what kubectl prints', async () => {
    const result = await runKubectl(cluster, applyArgs, policyYaml('default-deny', ['Ingress']) + '---\n' + policyYaml('deny-egress', ['Egress']));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('networkpolicy.networking.k8s.io/default-deny serverside-applied\nnetworkpolicy.networking.k8s.io/deny-egress serverside-applied\n');

    const patches = cluster.requests.filter((request) => request.method === 'PATCH');
    expect(patches.map((request) => request.path)).toEqual([
      '/apis/networking.k8s.io/v1/namespaces/netpol-demo/networkpolicies/default-deny',
      '/apis/networking.k8s.io/v1/namespaces/netpol-demo/networkpolicies/deny-egress',
    ]);
    expect(patches[0]?.contentType).toBe('application/apply-patch+yaml');
    expect(new URLSearchParams(patches[0]?.query).get('fieldManager')).toBe('netpol-designer');

    const created = storedPolicy('default-deny');
    expect(created?.metadata).toMatchObject({ generation: 1, managedFields: [{ manager: 'netpol-designer', operation: 'Apply' }] });
    expect(created?.metadata.uid).toBeTruthy();
    expect(created?.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('updates the spec of an existing policy, bumping generation and resourceVersion but keeping its uid', async () => {
    await runKubectl(cluster, applyArgs, policyYaml('default-deny', ['Ingress']));
    const before = storedPolicy('default-deny');
    const result = await runKubectl(cluster, applyArgs, policyYaml('default-deny', ['Ingress', 'Egress']));
    expect(result).toMatchObject({ code: 0, stdout: 'networkpolicy.networking.k8s.io/default-deny serverside-applied\n' });
    const after = storedPolicy('default-deny');
    expect(after?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(after?.metadata.uid).toBe(before?.metadata.uid);
    expect(after?.metadata.generation).toBe(2);
    expect(Number(after?.metadata.resourceVersion)).toBeGreaterThan(Number(before?.metadata.resourceVersion));
  });

  it('leaves an unchanged policy untouched, as a no-op apply does', async () => {
    await runKubectl(cluster, applyArgs, policyYaml('default-deny', ['Ingress']));
    const before = storedPolicy('default-deny');
    await runKubectl(cluster, applyArgs, policyYaml('default-deny', ['Ingress']));
    expect(storedPolicy('default-deny')?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);
  });

  it('answers a server dry run as if applied but stores nothing', async () => {
    const result = await runKubectl(cluster, [...applyArgs, '--dry-run=server'], policyYaml('default-deny', ['Ingress']));
    expect(result).toMatchObject({ code: 0, stdout: 'networkpolicy.networking.k8s.io/default-deny serverside-applied (server dry run)\n' });
    expect(cluster.requests.find((request) => request.method === 'PATCH')?.query).toContain('dryRun=All');
    expect(cluster.objects('NetworkPolicy')).toEqual([]);
  });

  it('refuses to create a policy in a namespace that does not exist', async () => {
    const result = await runKubectl(cluster, applyArgs, policyYaml('default-deny', ['Ingress']).replace('namespace: netpol-demo', 'namespace: nowhere'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('namespaces "nowhere" not found');
  });

  it('rejects a field the NetworkPolicy schema does not declare, as apply is always strict', async () => {
    const typo = policyYaml('default-deny', ['Ingress']).replace('  podSelector: {}', '  podSelector: {}\n  ingres: []');
    const result = await runKubectl(cluster, applyArgs, typo);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Error from server (BadRequest): failed to create typed patch object (netpol-demo/default-deny; networking.k8s.io/v1, Kind=NetworkPolicy): .spec.ingres: field not declared in schema',
    );
    expect(cluster.objects('NetworkPolicy')).toEqual([]);
  });

  it('deletes a policy, and reports NotFound for one already gone', async () => {
    await runKubectl(cluster, applyArgs, policyYaml('default-deny', ['Ingress']));
    const deleted = await runKubectl(cluster, ['delete', 'networkpolicy', 'default-deny', '-n', 'netpol-demo']);
    expect(deleted).toMatchObject({ code: 0, stdout: 'networkpolicy.networking.k8s.io "default-deny" deleted\n' });
    expect(cluster.objects('NetworkPolicy')).toEqual([]);
    const again = await runKubectl(cluster, ['delete', 'networkpolicy', 'default-deny', '-n', 'netpol-demo']);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('Error from server (NotFound): networkpolicies.networking.k8s.io "default-deny" not found');
  });

  describe('kubectl diff --server-side', () => {
    it('exits 0 with no output when the cluster already has the policy', async () => {
      await runKubectl(cluster, applyArgs, policyYaml('default-deny', ['Ingress']));
      const result = await runKubectl(cluster, diffArgs, policyYaml('default-deny', ['Ingress']));
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(cluster.requests.filter((request) => request.method === 'PATCH').at(-1)?.query).toContain('dryRun=All');
    });

    it('exits 1 with a unified diff for a changed policy and a new one, storing nothing', async () => {
      await runKubectl(cluster, applyArgs, policyYaml('default-deny', ['Ingress']));
      const result = await runKubectl(cluster, diffArgs, policyYaml('default-deny', ['Ingress', 'Egress']) + '---\n' + policyYaml('brand-new', ['Egress']));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^\+\s+- Egress$/m);
      expect(result.stdout).toContain('+++ ');
      expect(result.stdout).toMatch(/^\+\s+name: brand-new$/m);
      expect(cluster.objects('NetworkPolicy')).toHaveLength(1);
      expect(storedPolicy('default-deny')?.spec.policyTypes).toEqual(['Ingress']);
    });

    it('exits above 1 when the server fails', async () => {
      cluster.fail({ method: 'PATCH', path: /\/networkpolicies\/default-deny$/, status: 500 });
      const result = await runKubectl(cluster, diffArgs, policyYaml('default-deny', ['Ingress']));
      expect(result.code).toBeGreaterThan(1);
      expect(result.stderr).toContain('Internal error occurred: injected failure');
    });
  });
});
