// validateModel: every policy's diagnostics, plus pods of one owner whose labels differ where a
// selector that can reach them tells them apart (the workload cannot be analysed as one unit).
import { describe, expect, it } from 'vitest';
import type { ClusterModel, Diagnostic, NamespaceModel, WorkloadModel } from '../common/model';
import { validateModel } from './policyValidation';
import { policy } from './policyValidationFixtures';

describe('validateModel', () => {
  function workload(name: string, kind: string, labelVariants: Record<string, string>[], namespace = 'demo'): WorkloadModel {
    return {
      namespace,
      name,
      kind,
      labels: labelVariants[0] ?? {},
      labelVariants,
      ports: [],
      podIPs: [],
      source: { file: 'pods.json', line: 8, column: 5 },
    };
  }

  const cogAgents = workload('cog-agents', 'DaemonSet', [
    { app: 'bank-ui-selector', 'controller-revision-hash': '1317571478', tier: 'agent' },
    { app: 'account-query-selector', 'controller-revision-hash': '1317571478', tier: 'agent' },
    { app: 'account-command-selector', 'controller-revision-hash': '1317571478', tier: 'agent' },
  ]);
  const demoNamespaces: NamespaceModel[] = [
    { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default', 'unique-label': 'defaultNameSpace' } },
    { name: 'demo', labels: { 'kubernetes.io/metadata.name': 'demo' } },
  ];

  it('rejects pods of one owner that a selector tells apart (semanticDiff-same-topologies-illegal-podlist)', () => {
    const model: ClusterModel = {
      namespaces: demoNamespaces,
      workloads: [cogAgents],
      policies: [
        policy(
          {
            podSelector: { matchLabels: { app: 'account-command-selector' } },
            policyTypes: ['Ingress'],
            ingress: [{ from: [{ podSelector: { matchLabels: { app: 'bank-ui-selector' } } }] }],
          },
          { namespace: 'demo', name: 'ui-to-command' },
        ),
        policy(
          {
            podSelector: { matchLabels: { app: 'account-query-selector' } },
            policyTypes: ['Egress'],
            egress: [{ to: [{ podSelector: { matchLabels: { app: 'bank-ui-selector' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
          },
          { namespace: 'demo', name: 'query-to-ui' },
        ),
      ],
    };
    const diagnostics = validateModel(model);
    expect(diagnostics).toHaveLength(2);
    expect(diagnostics[0]).toEqual({
      severity: 'error',
      code: 'inconsistent-workload-labels',
      message:
        'Pods of demo/cog-agents[DaemonSet] carry different values for label app ("bank-ui-selector", ' +
        '"account-query-selector", "account-command-selector"), and spec.podSelector of NetworkPolicy ' +
        'demo/ui-to-command selects only some of them: the workload cannot be analysed as one unit',
      object: 'DaemonSet demo/cog-agents',
      location: { file: 'pods.json', line: 8, column: 5 },
    });
    expect(diagnostics[1]?.message).toContain('NetworkPolicy demo/query-to-ui');
  });

  it('accepts pods of one owner when every selector answers alike (example_pods_w_same_owner_and_labels_gap_with_good_match_expression)', () => {
    const model: ClusterModel = {
      namespaces: [{ name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } }],
      workloads: [
        workload(
          'internal-security',
          'Pod',
          [
            { security: 'internal', app: 'command-selector', tier: 'agent' },
            { security: 'internal', app: 'query-selector', tier: 'analyzer' },
          ],
          'default',
        ),
        workload('pod-3', 'Pod', [{ app: 'pod3' }], 'default'),
      ],
      policies: [
        policy(
          {
            podSelector: {},
            policyTypes: ['Ingress'],
            ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } }], ports: [{ port: 90, protocol: 'TCP' }] }],
          },
          { namespace: 'default', name: 'use_common_labels_same_values' },
        ),
      ],
    };
    const diagnostics = validateModel(model);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual(['V-19']);
  });

  it('only looks at selectors that can reach the workload', () => {
    const variants = [{ app: 'a' }, { app: 'b' }];
    const inDemo = workload('w', 'Deployment', variants);
    const split = { matchLabels: { app: 'a' } };
    const run = (spec: unknown, namespace = 'other'): Diagnostic[] =>
      validateModel({ namespaces: demoNamespaces, workloads: [inDemo], policies: [policy(spec, { namespace })] }).filter(
        (diagnostic) => diagnostic.code === 'inconsistent-workload-labels',
      );
    // spec.podSelector of a policy in another namespace; a peer podSelector without namespaceSelector there.
    expect(run({ podSelector: split })).toEqual([]);
    expect(run({ ingress: [{ from: [{ podSelector: split }] }] })).toEqual([]);
    // A namespaceSelector that selects demo brings the peer in; one that does not keeps it out.
    const demoSelector = { matchLabels: { 'kubernetes.io/metadata.name': 'demo' } };
    expect(run({ ingress: [{ from: [{ namespaceSelector: demoSelector, podSelector: split }] }] })).toHaveLength(1);
    expect(run({ ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: split }] }] })).toEqual([]);
    // Rules of a direction the policy does not enforce; NotIn listing both values; a key that does not differ.
    expect(run({ policyTypes: ['Ingress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: split }] }] })).toEqual([]);
    expect(run({ podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a', 'b'] }] } }, 'demo')).toEqual([]);
    expect(run({ podSelector: { matchLabels: { tier: 'a' } } }, 'demo')).toEqual([]);
    // Egress peers count when egress is defaulted in (NP-1).
    const diagnostics = run({ egress: [{ to: [{ namespaceSelector: {}, podSelector: split }] }] });
    expect(diagnostics.map((d) => d.message)).toEqual([
      'Pods of demo/w[Deployment] carry different values for label app ("a", "b"), and spec.egress[0].to[0].podSelector ' +
        'of NetworkPolicy other/p selects only some of them: the workload cannot be analysed as one unit',
    ]);
  });

  it('names every differing key the selector reads, including absent ones', () => {
    const model: ClusterModel = {
      namespaces: demoNamespaces,
      workloads: [workload('w', 'ReplicaSet', [{ app: 'a', tier: 'web' }, { app: 'b' }])],
      policies: [policy({ podSelector: { matchLabels: { app: 'a', tier: 'web' } } }, { namespace: 'demo' })],
    };
    expect(validateModel(model)[0]?.message).toContain('labels app ("a", "b"), tier ("web", absent)');
  });

  it('never throws on malformed models', () => {
    const bad = [
      {},
      { policies: null, workloads: 'x', namespaces: 3 },
      { namespaces: [null], workloads: [null, { labelVariants: [1, null] }, { labelVariants: [{ a: 1 }, { a: 'b' }] }], policies: [null, 3] },
      {
        namespaces: [],
        workloads: [workload('w', 'Pod', [{ app: 'a' }, { app: 'b' }])],
        policies: [policy({ podSelector: { matchExpressions: [null, { key: 'app', operator: 'In', values: 'a' }] }, ingress: [{ from: [null, { podSelector: 'x' }] }] }, { namespace: 'demo' })],
      },
    ];
    for (const model of bad) expect(() => validateModel(model as unknown as ClusterModel)).not.toThrow();
  });
});
