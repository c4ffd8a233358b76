import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../common/model';
import { loadManifestTexts } from './index';

const load = (text: string, path = 'm.yaml') => loadManifestTexts([{ path, text }]);
const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.severity}:${d.code}`);
const ids = (result: ReturnType<typeof load>) => result.model.workloads.map((w) => `${w.namespace}/${w.name}[${w.kind}]`);

const pod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${extra}`;

const policy = (name: string, namespace = 'default', spec = '  podSelector: {}') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}
`;

describe('reading the input', () => {
  it('reads every document of a multi-document stream and skips empty and comment-only ones', () => {
    const result = load(`# a header comment
---
${pod('a')}
---
# only a comment
---
---
${pod('b')}
...
`);
    expect(ids(result)).toEqual(['default/a[Pod]', 'default/b[Pod]']);
    expect(result.diagnostics).toEqual([]);
    expect(result.model.workloads[1]?.source).toEqual({ file: 'm.yaml', line: 12, column: 1, documentIndex: 3 });
  });

  it('reads JSON files, located by line and column', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j', namespace: 'x' } }, null, 2);
    const result = load(`\n\n${json}`, 'pod.json');
    expect(ids(result)).toEqual(['x/j[Pod]']);
    expect(result.model.workloads[0]?.source).toEqual({ file: 'pod.json', line: 3, column: 1, documentIndex: 0 });
  });

  it('reads JSON that is not strict JSON through the YAML reader', () => {
    const result = load(`{"apiVersion": "v1", "kind": "Pod", metadata: {name: loose,},}`, 'loose.json');
    expect(ids(result)).toEqual(['default/loose[Pod]']);
  });

  it('expands List objects; items without kind take the list kind minus List', () => {
    const result = load(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'PodList',
        items: [{ metadata: { name: 'p1', namespace: 'n' } }, { metadata: { name: 'p2', namespace: 'n' } }],
      }),
      'pods.json',
    );
    expect(ids(result)).toEqual(['n/p1[Pod]', 'n/p2[Pod]']);
    expect(result.model.namespaces.map((n) => n.name)).toEqual(['n']);
  });

  it('expands kubectl `-o json` output (kind List, items with their own kinds), locating each item', () => {
    const text = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'a' } } },
          { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'web' } } } } },
          { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: { podSelector: {} } },
        ],
        metadata: { resourceVersion: '' },
      },
      null,
      2,
    );
    const result = load(text, 'all.json');
    expect(result.diagnostics).toEqual([]);
    expect(ids(result)).toEqual(['shop/web[Deployment]']);
    expect(result.model.workloads[0]?.source?.line).toBe(text.split('\n').findIndex((line) => line.includes('"Deployment"')) - 1);
    expect(result.model.policies.map((p) => `${p.namespace}/${p.name}`)).toEqual(['shop/deny']);
    expect(result.model.namespaces).toEqual([
      { name: 'shop', labels: { team: 'a', 'kubernetes.io/metadata.name': 'shop' }, source: expect.objectContaining({ file: 'all.json' }) },
    ]);
  });

  it('expands a YAML NetworkPolicyList', () => {
    const result = load(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicyList
items:
  - metadata: {name: a}
    spec: {podSelector: {}}
  - metadata: {name: b}
    spec: {podSelector: {}}
`);
    expect(result.model.policies.map((p) => p.name)).toEqual(['a', 'b']);
    expect(result.model.policies[1]?.source).toEqual({ file: 'm.yaml', line: 6, column: 5, documentIndex: 0, objectPath: ['items', 1] });
    expect(result.model.policies[1]?.fieldPositions?.['metadata.name']).toEqual({ line: 6, column: 16 });
  });

  it('skips documents that are not Kubernetes objects, with an info note', () => {
    const result = load(`[1, 2, 3]\n---\njust a string\n---\nfoo: bar\n---\n${pod('ok')}`);
    expect(ids(result)).toEqual(['default/ok[Pod]']);
    expect(codes(result.diagnostics)).toEqual(['info:not-an-object', 'info:not-an-object', 'info:not-an-object']);
    expect(result.diagnostics[2]?.location).toEqual({ file: 'm.yaml', line: 5, column: 1, documentIndex: 2 });
  });

  it('ignores kinds that play no part', () => {
    const result = load(`apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n---\n${pod('a')}`);
    expect(ids(result)).toEqual(['default/a[Pod]']);
    expect(result.diagnostics).toEqual([]);
  });

  it('puts objects without metadata.namespace in `default`', () => {
    const result = load(`${pod('a')}---\n${policy('p').replace('  namespace: default\n', '')}`);
    expect(result.model.workloads[0]?.namespace).toBe('default');
    expect(result.model.policies[0]?.namespace).toBe('default');
  });

  it('reads JSON with a byte-order mark', () => {
    const result = load(`\ufeff${JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bom' } })}`, 'bom.json');
    expect(ids(result)).toEqual(['default/bom[Pod]']);
  });

  it('resolves YAML merge keys, as kubectl does', () => {
    const result = load(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      labels:
        <<: {team: shop, app: base}
        app: web
`);
    expect(result.model.workloads[0]?.labels).toEqual({ team: 'shop', app: 'web' });
  });

  it('refuses an alias bomb as a syntax error instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const result = load(`${lines.join('\n')}\n---\n${pod('after')}`);
    expect(ids(result)).toEqual(['default/after[Pod]']);
    expect(codes(result.diagnostics)).toEqual(['error:yaml-syntax']);
  });

  it('never throws for garbage', () => {
    const inputs = ['{', ':::', '- - -\n  - :', '"unterminated', '*alias', '!!binary x', '? [a]\n: b', 'a: &x [*x]', '\t\t', '%YAML 9.9\n---\n'];
    for (const text of inputs) {
      expect(() => load(text)).not.toThrow();
      expect(() => load(text, 'x.json')).not.toThrow();
    }
  });
});

describe('unreadable input', () => {
  it('reports a YAML syntax error with its line and column, and still loads the other documents', () => {
    const result = load(`${pod('a')}---\nkind: Pod\nmetadata: {name: b\n---\n${pod('c')}`);
    expect(ids(result)).toEqual(['default/a[Pod]', 'default/c[Pod]']);
    expect(codes(result.diagnostics)).toEqual(['error:yaml-syntax']);
    expect(result.diagnostics[0]?.location).toMatchObject({ file: 'm.yaml', documentIndex: 1 });
    expect(result.diagnostics[0]?.location?.line).toBeGreaterThanOrEqual(6);
  });

  it('reports tabs used as indentation', () => {
    const result = load(`apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n`);
    expect(result.model.workloads).toEqual([]);
    expect(result.diagnostics[0]).toMatchObject({ severity: 'error', code: 'yaml-syntax', location: { file: 'm.yaml', line: 4, column: 1 } });
    expect(result.diagnostics[0]?.message).toMatch(/[Tt]ab/);
  });

  it('reports duplicate keys', () => {
    const result = load(`${pod('a')}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  name: c\n`);
    expect(ids(result)).toEqual(['default/a[Pod]']);
    expect(result.diagnostics[0]).toMatchObject({ severity: 'error', code: 'yaml-syntax', location: { line: 10, column: 3, documentIndex: 1 } });
  });

  it('refuses binary files', () => {
    const result = load('apiVersion: v1\u0000\u0001', 'image.yaml');
    expect(result.diagnostics).toEqual([{ severity: 'error', code: 'not-text', message: expect.stringContaining('image.yaml'), location: { file: 'image.yaml', line: 1, column: 1 } }]);
    expect(result.filesRead).toEqual([]);
  });

  it('refuses files over 50 MB', () => {
    const result = load('#'.repeat(50 * 1024 * 1024 + 1), 'huge.yaml');
    expect(codes(result.diagnostics)).toEqual(['error:too-large']);
  });

  it('says nothing about an empty file among others', () => {
    const result = loadManifestTexts([
      { path: 'empty.yaml', text: '' },
      { path: 'blank.yaml', text: '\n  \n' },
      { path: 'pod.yaml', text: pod('a') },
    ]);
    expect(result.diagnostics).toEqual([]);
    expect(result.filesRead).toEqual(['empty.yaml', 'blank.yaml', 'pod.yaml']);
  });

  it('refuses input from which no Kubernetes object can be read', () => {
    const result = loadManifestTexts([
      { path: 'a.yaml', text: 'foo: bar\n' },
      { path: 'b.yaml', text: '' },
    ]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      { severity: 'error', code: 'no-objects', message: expect.stringContaining('a.yaml'), location: { file: 'a.yaml', line: 1, column: 1 } },
    ]);
  });

  it('refuses input that holds only kinds that play no part, naming them', () => {
    const result = load('apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    expect(result.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'no-objects',
        message: 'no Namespace, workload, Pod or NetworkPolicy in m.yaml (only ConfigMap, Service, which play no part)',
        location: { file: 'm.yaml', line: 1, column: 1 },
      },
    ]);
  });

  it('gives an empty model and no diagnostics for no files at all', () => {
    expect(loadManifestTexts([])).toEqual({ model: { namespaces: [], workloads: [], policies: [] }, diagnostics: [], filesRead: [] });
  });
});
