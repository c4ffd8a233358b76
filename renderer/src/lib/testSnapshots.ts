// Small hand-made snapshots for the renderer's unit tests (tests that need the real sample open
// it through the backend handlers themselves). Only test files import this module.
import type { ReviewConnection, ReviewSnapshot, ReviewWorkload } from '../../../electron/common/review';

export function workload(namespace: string, name: string, labels: Record<string, string> = {}, isolated = false): ReviewWorkload {
  return {
    id: `${namespace}/${name}[Deployment]`,
    namespace,
    name,
    kind: 'Deployment',
    labels,
    ports: [],
    isolation: { ingress: isolated, egress: isolated },
    policies: { ingress: isolated ? [`${namespace}/deny`] : [], egress: isolated ? [`${namespace}/deny`] : [] },
  };
}

export function connection(source: ReviewWorkload, destination: ReviewWorkload, text = 'All Connections'): ReviewConnection {
  return { source: source.id, destination: destination.id, connection: text, set: {} };
}

/** A snapshot of the given workloads and connections; namespaces are those the workloads use. */
export function snapshotOf(workloads: ReviewWorkload[], connections: ReviewConnection[] = []): ReviewSnapshot {
  const namespaces = [...new Set(workloads.map((item) => item.namespace))].sort();
  return {
    sessionId: 'test-session',
    title: 'test',
    namespaces: namespaces.map((name) => ({ name, labels: { 'kubernetes.io/metadata.name': name }, defaultDeny: { ingress: false, egress: false } })),
    workloads,
    externals: [],
    connections,
    policies: [],
    files: [],
    diagnostics: [],
  };
}

/** `count` workloads spread over `namespaces` namespaces, every one reaching the next. */
export function largeSnapshot(count: number, namespaces: number): ReviewSnapshot {
  const workloads = Array.from({ length: count }, (_, index) => workload(`ns-${String(index % namespaces).padStart(2, '0')}`, `app-${String(index).padStart(4, '0')}`));
  const connections = workloads.slice(1).map((destination, index) => connection(workloads[index] as ReviewWorkload, destination, 'TCP 80'));
  return snapshotOf(workloads, connections);
}
