// Reads what detectCni needs from a live cluster: the DaemonSets and Deployments a network
// plugin runs as. Plugins live in kube-system and in their own namespaces (kube-flannel,
// calico-system, tigera-operator, openshift-ovn-kubernetes), so all namespaces are read; a user
// who may not list across namespaces gets the usual plugin namespaces one by one instead.
import type { CniDetection } from './cniDetection';
import { detectCni } from './cniDetection';
import { clusterArgs, processTimeoutMs, throwIfCancelled } from './kubectlArguments';
import type { KubectlRunner } from './kubectlProcess';
import { KubectlError } from './kubectlProcess';

export const NETWORK_PLUGIN_NAMESPACES = ['kube-system', 'kube-flannel', 'calico-system', 'tigera-operator'] as const;

export interface NetworkPluginOptions {
  kubectl: KubectlRunner;
  context: string;
  signal?: AbortSignal;
  requestTimeoutMs?: number;
}

export interface ClusterNetworkPlugin {
  detection: CniDetection;
  /** kubectl's words for each read that failed; the detection saw only what could be read. */
  problems: string[];
}

/** Failures after which the answer is simply "could not ask", not "unknown plugin". */
function stopsTheReading(error: KubectlError): boolean {
  return error.kind !== 'exit' || error.reason === 'unauthorized' || error.reason === 'unreachable' || error.reason === 'timeout';
}

export async function detectClusterNetworkPlugin(options: NetworkPluginOptions): Promise<ClusterNetworkPlugin> {
  const problems: string[] = [];
  const read = async (scope: string[], action: string): Promise<unknown[] | undefined> => {
    throwIfCancelled(options.signal, action);
    try {
      const result = await options.kubectl({
        args: clusterArgs(options, ['get', 'daemonsets,deployments', ...scope, '-o', 'json']),
        action,
        signal: options.signal,
        timeoutMs: processTimeoutMs(options),
      });
      return [JSON.parse(result.stdout) as unknown];
    } catch (error) {
      if (!(error instanceof KubectlError) || stopsTheReading(error)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };

  const everywhere = await read(['--all-namespaces'], 'looking for the network plugin in all namespaces');
  if (everywhere) return { detection: detectCni(everywhere), problems };
  const objects: unknown[] = [];
  for (const namespace of NETWORK_PLUGIN_NAMESPACES) {
    objects.push(...((await read(['-n', namespace], `looking for the network plugin in namespace ${namespace}`)) ?? []));
  }
  return { detection: detectCni(objects), problems };
}
