// Warnings about a design that is valid but most likely not what its author meant. DNS first
// (DESIGN.md: "DNS is never forgotten"): a workload that cannot reach kube-dns on both UDP 53
// and TCP 53 cannot resolve names. Reachability comes from the engine's connectivity, so egress
// isolation of the workload and ingress isolation of kube-dns both count.
import type { DesignWarning } from '../common/design';
import type { Protocol } from '../common/model';
import type { Analysis } from '../engine/analysis';
import { workloadId } from '../engine/connectivity';
import { KUBE_DNS_LABEL, KUBE_DNS_NAMESPACE } from './designTemplates';

const DNS_PORT = 53;
const DNS_PROTOCOLS: readonly Protocol[] = ['UDP', 'TCP'];
const KUBE_DNS = `${KUBE_DNS_LABEL.key}=${KUBE_DNS_LABEL.value}`;

export function dnsWarnings(analysis: Analysis): DesignWarning[] {
  const compiled = analysis.compiled;
  const matrix = analysis.connectivity();
  const workloads = compiled.workloads;
  const isDns = workloads.map((workload) => workload.namespace === KUBE_DNS_NAMESPACE && workload.labels[KUBE_DNS_LABEL.key] === KUBE_DNS_LABEL.value);
  const dnsIndexes = workloads.map((_, index) => index).filter((index) => isDns[index]);
  const egressIsolated = workloads.map(() => false);
  for (const policy of compiled.policies) {
    if (!policy.affectsEgress) continue;
    for (const index of matrix.state.matches.policySubjects[policy.index] ?? []) egressIsolated[index] = true;
  }
  if (dnsIndexes.length === 0) {
    const clients = workloads.map((_, index) => index).filter((index) => egressIsolated[index] && !isDns[index]);
    if (clients.length === 0) return [];
    return [
      {
        code: 'no-kube-dns',
        message: `The design has no kube-dns workload (labelled ${KUBE_DNS} in namespace ${KUBE_DNS_NAMESPACE}), so whether the ${clients.length} egress-isolated workload${clients.length === 1 ? '' : 's'} can resolve names is not checked. Add kube-dns to check it.`,
        workloads: clients.map((index) => workloadId(workloads[index] as { namespace: string; name: string; kind: string })),
      },
    ];
  }
  const warnings: DesignWarning[] = [];
  // The matrix lists workloads first, in model order: a workload's index is its row and column.
  workloads.forEach((workload, source) => {
    if (isDns[source]) return;
    for (const destination of dnsIndexes) {
      const allowed = matrix.connection(source, destination);
      const missing = DNS_PROTOCOLS.filter((protocol) => !allowed.contains(protocol, DNS_PORT));
      if (missing.length === 0) continue;
      const id = workloadId(workload);
      const dns = workloadId(workloads[destination] as { namespace: string; name: string; kind: string });
      const ports = missing.map((protocol) => `${protocol} ${DNS_PORT}`).join(' and ');
      const isolated = egressIsolated[source] ? 'is egress-isolated and ' : '';
      warnings.push({
        code: 'dns-unreachable',
        message: `${id} ${isolated}cannot reach kube-dns (${dns}) on ${ports}: name lookups will fail. Apply the allow-dns template to its namespace, or allow the connection.`,
        workloads: [id],
      });
    }
  });
  return warnings;
}
