import { describe, expect, it } from 'vitest';
import type { LabelSelector, PolicyModel } from '../common/model';
import { exportPathProblem, exportPolicies } from './exportPolicies';
import { loadManifestTexts } from './loadManifests';

const shared: LabelSelector = { matchLabels: { app: 'web' } };
const policies: PolicyModel[] = [
  { namespace: 'shop', name: 'web', spec: { ingress: [{ from: [{ podSelector: shared }, { namespaceSelector: shared }] }], podSelector: shared } },
  { namespace: 'Shop', name: 'b', spec: {} },
  { namespace: 'shop', name: 'a', spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] }, source: { file: 'x.yaml', line: 3, column: 1 } },
  { namespace: 'default', name: 'quoted', spec: { podSelector: { matchLabels: { enabled: 'yes', mode: 'on', version: '1.10', octal: '0755', long: 'x'.repeat(120) } } } },
];

describe('export', () => {
  it('one stream: complete objects with explicit namespace, sorted by namespace then name (plain <)', () => {
    const files = exportPolicies(policies, { split: false });
    expect(files.map((file) => file.path)).toEqual(['policies.yaml']);
    const text = files[0]?.text ?? '';
    expect(text.split('---\n').map((document) => /name: (\S+)\n\s+namespace: (\S+)/.exec(document)?.slice(1).join('@'))).toEqual([
      'b@Shop',
      'quoted@default',
      'a@shop',
      'web@shop',
    ]);
    expect(text).toContain('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: b\n  namespace: Shop\nspec: {}\n---\n');
  });

  it('the spec as written: no defaults, the model key order, no aliases, strings safe for YAML 1.1', () => {
    const [file] = exportPolicies(policies, { split: true }).filter((exported) => exported.path === 'shop/web.yaml');
    expect(file?.text).toBe(
      [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        '  name: web',
        '  namespace: shop',
        'spec:',
        '  ingress:',
        '    - from:',
        '        - podSelector:',
        '            matchLabels:',
        '              app: web',
        '        - namespaceSelector:',
        '            matchLabels:',
        '              app: web',
        '  podSelector:',
        '    matchLabels:',
        '      app: web',
        '',
      ].join('\n'),
    );
    const quoted = exportPolicies(policies, { split: true }).find((exported) => exported.path === 'default/quoted.yaml')?.text;
    expect(quoted).toContain(`enabled: "yes"\n      mode: "on"\n      version: "1.10"\n      octal: "0755"\n      long: ${'x'.repeat(120)}\n`);
  });

  it('split: one file per policy at <namespace>/<name>.yaml', () => {
    const files = exportPolicies(policies, { split: true });
    expect(files.map((file) => file.path)).toEqual(['Shop/b.yaml', 'default/quoted.yaml', 'shop/a.yaml', 'shop/web.yaml']);
    for (const file of files) expect(file.text).not.toContain('---');
  });

  it('reads back as the same policies', () => {
    for (const split of [false, true]) {
      const loaded = loadManifestTexts(exportPolicies(policies, { split }));
      expect(loaded.diagnostics).toEqual([]);
      const key = (policy: PolicyModel) => `${policy.namespace}/${policy.name}`;
      const expected = [...policies].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map(({ namespace, name, spec }) => ({ namespace, name, spec }));
      expect(loaded.model.policies.map(({ namespace, name, spec }) => ({ namespace, name, spec }))).toEqual(expected);
    }
  });

  it('no policies, no files', () => {
    expect(exportPolicies([], { split: false })).toEqual([]);
    expect(exportPolicies([], { split: true })).toEqual([]);
  });

  it('names that cannot be file names are found before writing', () => {
    expect(exportPathProblem({ namespace: 'shop', name: 'web.v2' })).toBeUndefined();
    expect(exportPathProblem({ namespace: 'shop', name: '../../etc/x' })).toBe('NetworkPolicy shop/../../etc/x: its name "../../etc/x" cannot be used as a file name');
    expect(exportPathProblem({ namespace: '..', name: 'x' })).toMatch(/its namespace "\.\."/);
  });
});
