// detectClusterNetworkPlugin over a pretend kubectl: all namespaces at once, and the usual
// plugin namespaces one by one for a user who may not list across namespaces.
import { describe, expect, it } from 'vitest';
import { detectClusterNetworkPlugin } from './clusterNetworkPlugin';
import type { KubectlRequest, KubectlRunner } from './kubectlProcess';
import { KubectlError } from './kubectlProcess';

const calicoNode = { kind: 'DaemonSet', metadata: { namespace: 'calico-system', name: 'calico-node' }, spec: { template: { spec: { containers: [{ name: 'n', image: 'calico/node:v3' }] } } } };
const forbidden = (stderr: string) => new KubectlError(`x: ${stderr}`, { kind: 'exit', reason: 'forbidden', action: 'x', args: [], exitCode: 1, stdout: '', stderr });

function pretend(answer: (args: readonly string[]) => unknown, requests: KubectlRequest[]): KubectlRunner {
  return async (request) => {
    requests.push(request);
    return { exitCode: 0, stdout: JSON.stringify(answer(request.args)), stderr: '' };
  };
}

describe('detectClusterNetworkPlugin', () => {
  it('reads DaemonSets and Deployments of all namespaces with the context named', async () => {
    const requests: KubectlRequest[] = [];
    const result = await detectClusterNetworkPlugin({ kubectl: pretend(() => ({ kind: 'List', items: [calicoNode] }), requests), context: 'prod' });
    expect(requests.map((request) => request.args)).toEqual([['get', 'daemonsets,deployments', '--all-namespaces', '-o', 'json', '--context=prod', '--request-timeout=30s']]);
    expect(result).toMatchObject({ detection: { enforcement: 'enforced', plugins: [{ name: 'Calico' }] }, problems: [] });
  });

  it('falls back to the usual plugin namespaces when listing across namespaces is forbidden', async () => {
    const requests: KubectlRequest[] = [];
    const kubectl = pretend((args) => {
      if (args.includes('--all-namespaces')) throw forbidden('daemonsets.apps is forbidden: User "dev" cannot list resource "daemonsets" at the cluster scope');
      if (args.includes('kube-flannel')) throw forbidden('daemonsets.apps is forbidden in kube-flannel');
      return { kind: 'List', items: args.includes('calico-system') ? [calicoNode] : [] };
    }, requests);
    const result = await detectClusterNetworkPlugin({ kubectl, context: 'prod' });
    expect(requests.map((request) => request.args.slice(2, 4).join(' '))).toEqual(['--all-namespaces -o', '-n kube-system', '-n kube-flannel', '-n calico-system', '-n tigera-operator']);
    expect(result.detection.enforcement).toBe('enforced');
    expect(result.problems).toHaveLength(2);
  });

  it('stops when the cluster cannot be reached', async () => {
    const unreachable = new KubectlError('x', { kind: 'exit', reason: 'unreachable', action: 'x', args: [], exitCode: 1, stdout: '', stderr: 'Unable to connect to the server' });
    await expect(detectClusterNetworkPlugin({ kubectl: async () => Promise.reject(unreachable), context: 'prod' })).rejects.toBe(unreachable);
  });
});
