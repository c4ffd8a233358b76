// The failures the app must turn into clear messages, produced by the test API server and
// reported by the real kubectl: each test pins kubectl's exit code and its own stderr wording,
// which is what the app's error handling parses.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutKubectl } from './kubectlAvailability';
import { sampleClusterObjects } from './sampleCluster';
import type { TestCluster } from './testCluster';
import { runKubectl, startTestCluster, unusedLocalPort } from './testCluster';

const invalidPolicy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: broken, namespace: netpol-demo}\nspec: {podSelector: {}}\n';

describe.skipIf(skipWithoutKubectl('kubectlFailures'))('kubectl reporting failures of the test API server', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ objects: sampleClusterObjects() });
    await runKubectl(cluster, ['get', 'namespaces', '-o', 'name']); // fills the discovery cache, so failures below hit only the resource paths
  });
  afterEach(() => {
    cluster.clearFailures();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('401: tells the user to log in', async () => {
    cluster.fail({ path: /\/networkpolicies$/, status: 401 });
    const result = await runKubectl(cluster, ['get', 'networkpolicies', '-A', '-o', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('error: You must be logged in to the server (Unauthorized)');
  });

  it('403 on one namespace: that namespace fails with RBAC wording while the others still list', async () => {
    cluster.fail({ method: 'GET', path: /^\/api\/v1\/namespaces\/kube-system\/pods$/, status: 403 });
    const forbidden = await runKubectl(cluster, ['get', 'pods', '-n', 'kube-system', '-o', 'json']);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "admin" cannot list resource "pods" in API group "" in the namespace "kube-system"');
    const allowed = await runKubectl(cluster, ['get', 'pods', '-n', 'netpol-demo', '-o', 'name']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('422 on apply: shows the validation message and stores nothing', async () => {
    cluster.fail({
      method: 'PATCH',
      path: /\/networkpolicies\/broken$/,
      status: 422,
      message: 'NetworkPolicy.networking.k8s.io "broken" is invalid: spec.podSelector.matchLabels: Invalid value: "-bad-": name part must consist of alphanumeric characters',
    });
    const result = await runKubectl(cluster, ['apply', '--server-side', '--field-manager=netpol-designer', '-f', '-'], invalidPolicy);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('The NetworkPolicy "broken" is invalid: spec.podSelector.matchLabels: Invalid value: "-bad-": name part must consist of alphanumeric characters');
    expect((cluster.objects('NetworkPolicy') as Array<{ metadata: { name: string } }>).map((policy) => policy.metadata.name)).not.toContain('broken');
  });

  it('500: reports an internal error from the server', async () => {
    cluster.fail({ path: /\/deployments$/, status: 500, times: 1 });
    const result = await runKubectl(cluster, ['get', 'deployments', '-A', '-o', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Error from server (InternalError): Internal error occurred: injected failure');
    const retried = await runKubectl(cluster, ['get', 'deployments', '-A', '-o', 'name']);
    expect(retried.code).toBe(0); // `times: 1` spent, the server answers again
  });

  it('a reply slower than --request-timeout: kubectl gives up with a timeout', async () => {
    cluster.fail({ path: /\/networkpolicies$/, delayMs: 3000 });
    const started = Date.now();
    const result = await runKubectl(cluster, ['get', 'networkpolicies', '-n', 'netpol-demo', '-o', 'json', '--request-timeout=1s']);
    expect(result.code).toBe(1);
    // Go words the same client timeout three ways, depending on which of its timers fires first
    // (seen in repeated runs); kubectl passes each on, so the app must recognise all of them.
    expect(result.stderr.trim()).toMatch(/^Unable to connect to the server: (context deadline exceeded|net\/http: request canceled)( \(Client\.Timeout exceeded while awaiting headers\))?$/);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('an unreachable server: connection refused', async () => {
    const port = await unusedLocalPort();
    const result = await runKubectl(cluster, ['--server', `https://127.0.0.1:${port}`, 'get', 'namespaces', '-o', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?`);
  });
});
