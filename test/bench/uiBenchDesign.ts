// The design `npm run bench:ui` opens: namespaces of Deployments whose allowed pairs are known
// in advance. Every namespace denies egress outside the cluster (egress only to pods), and every
// workload is isolated for ingress and admits exactly `sourcesPerWorkload` other workloads, so
// the connectivity has exactly workloads × sourcesPerWorkload connections and no external edges.

export interface UiBenchDesignOptions {
  namespaces: number;
  workloads: number;
  sourcesPerWorkload: number;
}

export const UI_BENCH_DESIGN: UiBenchDesignOptions = { namespaces: 40, workloads: 1_000, sourcesPerWorkload: 5 };

export interface UiBenchDesign {
  text: string;
  /** The connections the design allows, by construction. */
  connections: number;
}

function namespaceOf(workload: number, options: UiBenchDesignOptions): string {
  const perNamespace = Math.ceil(options.workloads / options.namespaces);
  return `team-${String(Math.floor(workload / perNamespace)).padStart(2, '0')}`;
}

function workloadName(workload: number): string {
  return `svc-${String(workload).padStart(4, '0')}`;
}

/**
 * The sources admitted by workload `index`, spread over the cluster: offsets 1, 1 + s, 1 + 2s…
 * with s = workloads / sources − 1 are distinct and below `workloads`, so no workload admits
 * itself and no source repeats.
 */
export function sourcesOf(index: number, options: UiBenchDesignOptions): number[] {
  const stride = Math.floor(options.workloads / options.sourcesPerWorkload) - 1;
  return Array.from({ length: options.sourcesPerWorkload }, (_, k) => (index + 1 + k * stride) % options.workloads);
}

function peer(source: number, options: UiBenchDesignOptions): string {
  return [
    `    - namespaceSelector:`,
    `        matchLabels:`,
    `          kubernetes.io/metadata.name: ${namespaceOf(source, options)}`,
    `      podSelector:`,
    `        matchLabels:`,
    `          app: ${workloadName(source)}`,
  ].join('\n');
}

export function generateUiBenchDesign(options: UiBenchDesignOptions = UI_BENCH_DESIGN): UiBenchDesign {
  const documents: string[] = [];
  const namespaces = [...new Set(Array.from({ length: options.workloads }, (_, index) => namespaceOf(index, options)))];
  for (const namespace of namespaces) {
    documents.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespace}\n  labels:\n    kubernetes.io/metadata.name: ${namespace}`);
    documents.push(
      [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        '  name: egress-to-pods-only',
        `  namespace: ${namespace}`,
        'spec:',
        '  podSelector: {}',
        '  policyTypes:',
        '  - Egress',
        '  egress:',
        '  - to:',
        '    - namespaceSelector: {}',
      ].join('\n'),
    );
  }
  for (let index = 0; index < options.workloads; index++) {
    const name = workloadName(index);
    const namespace = namespaceOf(index, options);
    documents.push(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: ${name}`,
        `  namespace: ${namespace}`,
        'spec:',
        '  selector:',
        '    matchLabels:',
        `      app: ${name}`,
        '  template:',
        '    metadata:',
        '      labels:',
        `        app: ${name}`,
        '    spec:',
        '      containers:',
        '      - name: main',
        '        image: registry.invalid/bench',
        '        ports:',
        '        - name: http',
        '          containerPort: 8080',
      ].join('\n'),
    );
    const sources = sourcesOf(index, options);
    const [first, second] = [sources.slice(0, 3), sources.slice(3)];
    documents.push(
      [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        `  name: ${name}-ingress`,
        `  namespace: ${namespace}`,
        'spec:',
        '  podSelector:',
        '    matchLabels:',
        `      app: ${name}`,
        '  policyTypes:',
        '  - Ingress',
        '  ingress:',
        '  - from:',
        ...first.map((source) => peer(source, options)),
        '    ports:',
        '    - port: 8080',
        ...(second.length > 0 ? ['  - from:', ...second.map((source) => peer(source, options)), '    ports:', '    - port: 9090', '    - port: 5353', '      protocol: UDP'] : []),
      ].join('\n'),
    );
  }
  return { text: `${documents.join('\n---\n')}\n`, connections: options.workloads * options.sourcesPerWorkload };
}
