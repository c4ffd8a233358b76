import { describe, expect, it } from 'vitest';
import type { DeletionImpact } from '../../../electron/common/design';
import type { ReviewSnapshot } from '../../../electron/common/review';
import { currentPolicyYaml, deleteTargetFor, diffMarker, impactSections, impactSummary, labelsText, lineDiff, policyDiffs, policyYaml, portsText } from './designEdits';

const SPEC = { podSelector: { matchLabels: { tier: 'backend' } }, policyTypes: ['Ingress'] };

function snapshotWith(policyText: string): ReviewSnapshot {
  const other = policyYaml('demo', 'a-first', { podSelector: {} });
  const text = `${other}---\n${policyText}`;
  const first = other.split('\n').length + 1;
  return {
    sessionId: 's',
    title: 't',
    namespaces: [],
    workloads: [],
    externals: [{ id: '10.0.0.0-10.0.0.255[External]', firstIP: '10.0.0.0', lastIP: '10.0.0.255', roles: ['destination'] }],
    connections: [],
    policies: [
      { key: 'demo/a-first', namespace: 'demo', name: 'a-first', file: 'policies.yaml', lines: { first: 1, last: first - 2 }, rejected: false },
      { key: 'demo/backend', namespace: 'demo', name: 'backend', file: 'policies.yaml', lines: { first, last: first + policyText.split('\n').length - 2 }, rejected: false },
    ],
    files: [{ path: 'policies.yaml', text }],
    diagnostics: [],
  };
}

describe('lineDiff', () => {
  it('keeps common lines and marks the removed and added ones', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nx\nc\n')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
    ]);
  });

  it('diffs from and to nothing', () => {
    expect(lineDiff('', 'a\n')).toEqual([{ kind: 'added', text: 'a' }]);
    expect(lineDiff('a\nb', '')).toEqual([
      { kind: 'removed', text: 'a' },
      { kind: 'removed', text: 'b' },
    ]);
    expect(lineDiff('', '')).toEqual([]);
  });

  it('marks lines with signs, not only colours', () => {
    expect([diffMarker('added'), diffMarker('removed'), diffMarker('same')]).toEqual(['+', '-', ' ']);
  });
});

describe('policy YAML before and after', () => {
  const policy = policyYaml('demo', 'backend', SPEC);

  it('writes the manifest the way the export does', () => {
    expect(policy).toBe(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: backend\n  namespace: demo\nspec:\n  podSelector:\n    matchLabels:\n      tier: backend\n  policyTypes:\n    - Ingress\n',
    );
  });

  it('finds the current document by its lines in the policies stream', () => {
    expect(currentPolicyYaml(snapshotWith(policy), 'demo/backend')).toBe(policy);
    expect(currentPolicyYaml(snapshotWith(policy), 'demo/missing')).toBe('');
  });

  it('diffs an update line by line, a create as all added, a delete as all removed', () => {
    const snapshot = snapshotWith(policy);
    const updated = { ...SPEC, ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'frontend' } } }] }] };
    const [update, create, remove] = policyDiffs(snapshot, [
      { type: 'update', namespace: 'demo', name: 'backend', spec: updated },
      { type: 'create', policy: { namespace: 'demo', name: 'new', spec: SPEC } },
      { type: 'delete', namespace: 'demo', name: 'backend' },
    ]);
    expect(update?.lines.filter((line) => line.kind !== 'same')).toEqual([
      { kind: 'added', text: '  ingress:' },
      { kind: 'added', text: '    - from:' },
      { kind: 'added', text: '        - podSelector:' },
      { kind: 'added', text: '            matchLabels:' },
      { kind: 'added', text: '              tier: frontend' },
    ]);
    expect(create?.lines.every((line) => line.kind === 'added')).toBe(true);
    expect(create?.key).toBe('demo/new');
    expect(remove?.lines.every((line) => line.kind === 'removed')).toBe(true);
    expect(remove?.lines.length).toBe(policy.split('\n').length - 1);
  });
});

describe('the deletion confirmation', () => {
  const impact: DeletionImpact = {
    target: { kind: 'workload', id: 'demo/database[Deployment]' },
    deletedWorkloads: ['demo/database[Deployment]'],
    deletedPolicies: [],
    subjectPolicies: ['demo/database'],
    peerPolicies: ['demo/backend', 'demo/database'],
  };

  it('lists what goes with the target, leaving out the target itself and empty lists', () => {
    expect(impactSections(impact).map((section) => [section.title.split(' ')[0], section.items])).toEqual([
      ['Policies', ['demo/database']],
      ['Policies', ['demo/backend', 'demo/database']],
    ]);
  });

  it('sums it up in one sentence, counting each policy once', () => {
    expect(impactSummary(impact)).toBe('Delete workload demo/database[Deployment]; 2 other policies refer to it.');
    const namespace: DeletionImpact = { target: { kind: 'namespace', name: 'demo' }, deletedWorkloads: ['demo/a[Pod]'], deletedPolicies: ['demo/p', 'demo/q'], subjectPolicies: [], peerPolicies: [] };
    expect(impactSummary(namespace)).toBe('Delete namespace demo with 1 workload and 2 policies.');
  });

  it('targets the selection, an external range by the design block of its CIDR', () => {
    const snapshot = snapshotWith('');
    const blocks = [{ name: 'vpn', cidr: '10.0.0.0/24' }];
    expect(deleteTargetFor(snapshot, blocks, { kind: 'workload', id: 'demo/a[Pod]' })).toEqual({ kind: 'workload', id: 'demo/a[Pod]' });
    expect(deleteTargetFor(snapshot, blocks, { kind: 'namespace', name: 'demo' })).toEqual({ kind: 'namespace', name: 'demo' });
    expect(deleteTargetFor(snapshot, blocks, { kind: 'external', id: '10.0.0.0-10.0.0.255[External]' })).toEqual({ kind: 'external', name: 'vpn' });
    expect(deleteTargetFor(snapshot, [], { kind: 'external', id: '10.0.0.0-10.0.0.255[External]' })).toBeUndefined();
    expect(deleteTargetFor(snapshot, blocks, { kind: 'none' })).toBeUndefined();
  });
});

describe('the edit forms', () => {
  it('start from the current labels and ports', () => {
    expect(labelsText({ 'kubernetes.io/metadata.name': 'demo', team: 'a' }, ['kubernetes.io/metadata.name'])).toBe('team=a');
    expect(portsText([{ name: 'http', containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }])).toBe('http:80/TCP, 53/UDP');
  });
});
