// importCluster over a pretend kubectl (a runner function the test injects): the calls it
// makes, the files it writes for the manifest loader, partial access, fatal failures, progress
// and cancellation. The real kubectl against a test API server is in kubectl.integration.test.ts.
import { describe, expect, it } from 'vitest';
import { loadManifestTexts } from '../manifests/loadManifests';
import { contextFolderName, importCluster, withoutBookkeeping } from './clusterImport';
import type { KubectlFailureReason, KubectlRequest, KubectlRunner } from './kubectlProcess';
import { KubectlError } from './kubectlProcess';

const namespace = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels }, managedFields: [{ manager: 'kubectl' }] },
});
const deployment = (ns: string, name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { namespace: ns, name, managedFields: [{ manager: 'helm' }] },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `${name}:1` }] } } },
});
const policy = (ns: string, name: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { namespace: ns, name },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
});
const list = (items: unknown[]) => ({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } });

function failure(reason: KubectlFailureReason, stderr: string, kind: KubectlError['kind'] = 'exit'): KubectlError {
  return new KubectlError(`x: ${stderr}`, { kind, reason, action: 'x', args: [], exitCode: kind === 'exit' ? 1 : null, stdout: '', stderr });
}

interface PretendCluster {
  namespaces: ReturnType<typeof namespace>[];
  objects: Record<string, Record<string, unknown[]>>;
  /** `resource namespace` (or `namespaces`) → the failure kubectl reports. */
  failures?: Record<string, KubectlError>;
}

/** A runner answering `get` the way kubectl does, and recording every request. */
function pretendKubectl(cluster: PretendCluster, requests: KubectlRequest[] = []): KubectlRunner {
  return async (request) => {
    requests.push(request);
    const args = [...request.args];
    const flag = (name: string) => {
      const index = args.indexOf(name);
      return index < 0 ? undefined : args[index + 1];
    };
    expect(args[0]).toBe('get');
    expect(flag('-o')).toBe('json');
    const resources = (args[1] ?? '').split(',');
    const ns = flag('-n');
    if (resources[0] === 'namespaces' || resources[0] === 'namespace') {
      const wanted = resources[0] === 'namespace' ? args[2] : undefined;
      const failed = cluster.failures?.[wanted ? `namespace ${wanted}` : 'namespaces'];
      if (failed) throw failed;
      if (wanted === undefined) return { exitCode: 0, stdout: JSON.stringify(list(cluster.namespaces)), stderr: '' };
      const found = cluster.namespaces.find((object) => object.metadata.name === wanted);
      if (!found) throw failure('not-found', `Error from server (NotFound): namespaces "${wanted}" not found`);
      return { exitCode: 0, stdout: JSON.stringify(found), stderr: '' };
    }
    if (args.includes('--all-namespaces')) {
      // As RBAC does: a kind refused in any namespace is refused across all of them.
      const refused = Object.entries(cluster.failures ?? {}).find(([key]) => resources.some((resource) => key.startsWith(`${resource} `) || key.startsWith(`${args[1]} `)));
      if (refused) throw refused[1];
      const everywhere = Object.values(cluster.objects).flatMap((byKind) => resources.flatMap((resource) => byKind[resource] ?? []));
      return { exitCode: 0, stdout: JSON.stringify(list(everywhere)), stderr: '' };
    }
    const combined = cluster.failures?.[`${args[1]} ${ns}`];
    if (combined) throw combined;
    const items: unknown[] = [];
    for (const resource of resources) {
      const failed = cluster.failures?.[`${resource} ${ns}`];
      if (failed) throw failed;
      items.push(...(cluster.objects[ns ?? '']?.[resource] ?? []));
    }
    return { exitCode: 0, stdout: JSON.stringify(list(items)), stderr: '' };
  };
}

const demo: PretendCluster = {
  namespaces: [namespace('default'), namespace('shop', { team: 'shop' })],
  objects: {
    shop: { deployments: [deployment('shop', 'web'), deployment('shop', 'db')], networkpolicies: [policy('shop', 'deny-all')] },
  },
};

describe('importCluster', () => {
  it('lists the namespaces, then reads them all in one call, with the context named and a request timeout', async () => {
    const requests: KubectlRequest[] = [];
    const result = await importCluster({ kubectl: pretendKubectl(demo, requests), context: 'prod' });
    expect(requests.map((request) => request.args)).toEqual([
      ['get', 'namespaces', '-o', 'json', '--context=prod', '--request-timeout=30s'],
      ['get', 'pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,networkpolicies', '--all-namespaces', '-o', 'json', '--context=prod', '--request-timeout=30s'],
    ]);
    expect(requests.every((request) => request.timeoutMs === 45_000)).toBe(true);
    expect(requests.map((request) => request.action)).toEqual(['listing namespaces', 'reading workloads and policies in all namespaces']);
    expect(result.problems).toEqual([]);
    expect(result.files.map((file) => file.path)).toEqual(['cluster/prod/default.json', 'cluster/prod/shop.json']);
  });

  it('reads one namespace per call when reading across namespaces is refused', async () => {
    const forbidden = failure('forbidden', 'Error from server (Forbidden): pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope');
    const requests: KubectlRequest[] = [];
    const result = await importCluster({ kubectl: pretendKubectl({ ...demo, failures: { 'pods restricted': forbidden } }, requests), context: 'prod' });
    expect(requests.map((request) => request.args.slice(1, 4).join(' '))).toEqual([
      'namespaces -o json',
      'pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,networkpolicies --all-namespaces -o',
      'pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,networkpolicies -n default',
      'pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,networkpolicies -n shop',
    ]);
    expect(result.problems).toEqual([]);
    expect(loadManifestTexts(result.files).model.workloads).toHaveLength(2);
  });

  it('writes files the manifest loader reads: namespaces with labels, workloads, policies, no managedFields', async () => {
    const { files } = await importCluster({ kubectl: pretendKubectl(demo), context: 'prod' });
    expect(files[1]?.text).not.toContain('managedFields');
    const { model, diagnostics } = loadManifestTexts(files);
    expect(diagnostics).toEqual([]);
    expect(model.namespaces.map((ns) => [ns.name, ns.labels.team])).toEqual([['default', undefined], ['shop', 'shop']]);
    expect(model.workloads.map((w) => `${w.namespace}/${w.name}[${w.kind}]`).sort()).toEqual(['shop/db[Deployment]', 'shop/web[Deployment]']);
    expect(model.policies.map((p) => `${p.namespace}/${p.name}`)).toEqual(['shop/deny-all']);
    expect(model.policies[0]?.source?.file).toBe('cluster/prod/shop.json');
  });

  it('reads only the chosen namespaces, and reports one that does not exist', async () => {
    const requests: KubectlRequest[] = [];
    const result = await importCluster({ kubectl: pretendKubectl(demo, requests), context: 'prod', namespaces: ['shop', 'gone'] });
    expect(requests.map((request) => request.args.slice(0, 4))).toEqual([
      ['get', 'namespace', 'shop', '-o'],
      ['get', 'pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,networkpolicies', '-n', 'shop'],
      ['get', 'namespace', 'gone', '-o'],
    ]);
    expect(result.files.map((file) => file.path)).toEqual(['cluster/prod/shop.json']);
    expect(result.problems).toEqual([{ namespace: 'gone', resource: 'namespaces', reason: 'not-found', message: 'x: Error from server (NotFound): namespaces "gone" not found' }]);
  });

  it('refuses a chosen name that is no namespace name, without asking kubectl', async () => {
    const requests: KubectlRequest[] = [];
    const result = await importCluster({ kubectl: pretendKubectl(demo, requests), context: 'prod', namespaces: ['--all-namespaces', 'Shop', 'shop'] });
    expect(requests.filter((request) => !request.args.includes('shop'))).toEqual([]);
    expect(result.problems).toEqual([
      { namespace: '--all-namespaces', resource: 'namespaces', reason: 'invalid', message: 'reading namespace --all-namespaces: "--all-namespaces" is not a namespace name (lower-case letters, digits and "-", at most 63)' },
      { namespace: 'Shop', resource: 'namespaces', reason: 'invalid', message: 'reading namespace Shop: "Shop" is not a namespace name (lower-case letters, digits and "-", at most 63)' },
    ]);
    expect(result.files.map((file) => file.path)).toEqual(['cluster/prod/shop.json']);
  });

  it('still reads a chosen namespace whose Namespace object may not be read', async () => {
    const forbidden = failure('forbidden', 'Error from server (Forbidden): namespaces "shop" is forbidden');
    const result = await importCluster({ kubectl: pretendKubectl({ ...demo, failures: { 'namespace shop': forbidden } }), context: 'prod', namespaces: ['shop'] });
    expect(result.problems.map((problem) => [problem.namespace, problem.resource, problem.reason])).toEqual([['shop', 'namespaces', 'forbidden']]);
    expect(loadManifestTexts(result.files).model.policies.map((p) => p.name)).toEqual(['deny-all']);
  });

  it('loses only the kind that is forbidden, retrying kind by kind', async () => {
    const forbidden = failure('forbidden', 'Error from server (Forbidden): networkpolicies.networking.k8s.io is forbidden: User "viewer" cannot list resource "networkpolicies"');
    const requests: KubectlRequest[] = [];
    const result = await importCluster({ kubectl: pretendKubectl({ ...demo, failures: { 'networkpolicies shop': forbidden } }, requests), context: 'prod' });
    expect(requests.filter((request) => request.args.includes('shop')).map((request) => request.args[1])).toEqual([
      'pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,networkpolicies',
      'pods', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs', 'networkpolicies',
    ]);
    expect(result.problems).toEqual([{ namespace: 'shop', resource: 'networkpolicies', reason: 'forbidden', message: forbidden.message }]);
    expect(loadManifestTexts(result.files).model.workloads).toHaveLength(2);
  });

  it('reports a namespace closed as a whole once, and keeps the others', async () => {
    const forbidden = failure('forbidden', 'Error from server (Forbidden): pods is forbidden');
    const failures = Object.fromEntries(['pods', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs', 'networkpolicies', 'pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,networkpolicies'].map((resource) => [`${resource} shop`, forbidden]));
    const result = await importCluster({ kubectl: pretendKubectl({ ...demo, failures }), context: 'prod' });
    expect(result.problems).toEqual([{ namespace: 'shop', resource: 'pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,networkpolicies', reason: 'forbidden', message: forbidden.message }]);
    // The Namespace stays: its labels still decide namespaceSelectors of other namespaces' policies.
    expect(loadManifestTexts(result.files).model.namespaces.map((ns) => ns.name)).toEqual(['default', 'shop']);
  });

  it('reports namespaces that may not be listed and reads nothing else', async () => {
    const forbidden = failure('forbidden', 'Error from server (Forbidden): namespaces is forbidden');
    const result = await importCluster({ kubectl: pretendKubectl({ ...demo, failures: { namespaces: forbidden } }), context: 'prod' });
    expect(result).toEqual({ files: [], problems: [{ resource: 'namespaces', reason: 'forbidden', message: forbidden.message }] });
  });

  it.each([
    ['not logged in', failure('unauthorized', 'error: You must be logged in to the server (Unauthorized)')],
    ['unreachable', failure('unreachable', 'Unable to connect to the server: dial tcp 127.0.0.1:1: connect: connection refused')],
    ['timed out in kubectl', failure('timeout', 'Unable to connect to the server: context deadline exceeded')],
    ['timed out as a process', failure('timeout', '', 'timeout')],
    ['cancelled', failure('other', '', 'cancelled')],
    ['without kubectl', failure('other', '', 'not-found')],
  ])('stops at the first failure no other call would escape: %s', async (_name, error) => {
    const requests: KubectlRequest[] = [];
    await expect(importCluster({ kubectl: pretendKubectl({ ...demo, failures: { 'pods,deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs,networkpolicies default': error } }, requests), context: 'prod' })).rejects.toBe(error);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.args).toContain('--all-namespaces');
  });

  it('reports progress, with the total known once the namespaces are', async () => {
    const progress: string[] = [];
    await importCluster({ kubectl: pretendKubectl(demo), context: 'prod', onProgress: (step, done, total) => progress.push(`${step} ${done}/${total}`) });
    expect(progress).toEqual(['listing namespaces 0/1', 'reading workloads and policies in all namespaces 1/2', 'done 2/2']);
  });

  it('passes the signal and a chosen timeout to every call', async () => {
    const requests: KubectlRequest[] = [];
    const controller = new AbortController();
    await importCluster({ kubectl: pretendKubectl(demo, requests), context: 'prod', signal: controller.signal, requestTimeoutMs: 5_500 });
    expect(requests.every((request) => request.signal === controller.signal && request.timeoutMs === 20_500 && request.args.at(-1) === '--request-timeout=6s')).toBe(true);
  });

  it('stops between calls when cancelled', async () => {
    const controller = new AbortController();
    const requests: KubectlRequest[] = [];
    const cancelling: KubectlRunner = async (request) => {
      const answer = await pretendKubectl(demo, requests)(request);
      controller.abort();
      return answer;
    };
    const error = await importCluster({ kubectl: cancelling, context: 'prod', signal: controller.signal }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KubectlError);
    expect(error).toMatchObject({ kind: 'cancelled', message: 'reading workloads and policies in all namespaces: cancelled' });
    expect(requests).toHaveLength(1);
  });
});

describe('withoutBookkeeping', () => {
  it('drops managedFields, the last-applied copy and a pod’s changing status, keeping its IPs', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{…}', team: 'shop' }, managedFields: [{}] },
      spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 80 }] }] },
      status: { phase: 'Running', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }], conditions: [{ type: 'Ready' }], containerStatuses: [{ name: 'web' }] },
    };
    expect(withoutBookkeeping(pod)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', labels: { app: 'web' }, annotations: { team: 'shop' } },
      spec: pod.spec,
      status: { phase: 'Running', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }] },
    });
    expect(pod.metadata.managedFields).toEqual([{}]);
  });

  it('keeps a controller’s status and objects without metadata', () => {
    const deployment = { kind: 'Deployment', metadata: { name: 'web' }, status: { replicas: 2 } };
    expect(withoutBookkeeping(deployment)).toEqual(deployment);
    expect(withoutBookkeeping({ kind: 'Odd' })).toEqual({ kind: 'Odd' });
  });
});

describe('contextFolderName', () => {
  it.each([
    ['kind-dev', 'kind-dev'],
    ['arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'arn_aws_eks_eu-west-1_123456789012_cluster_prod'],
    ['gke_project_europe-west1_main', 'gke_project_europe-west1_main'],
    ['..', '_..'],
    ['', '_'],
  ])('%s → %s', (context, folder) => {
    expect(contextFolderName(context)).toBe(folder);
  });
});
