import { describe, expect, it } from 'vitest';
import { loadManifestTexts } from './index';

const load = (text: string, path = 'm.yaml') => loadManifestTexts([{ path, text }]);

const pod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${extra}`;

const policy = (name: string, namespace: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  podSelector: {}
`;

describe('namespaces', () => {
  it('adds kubernetes.io/metadata.name to declared labels when missing, and keeps it when present', () => {
    const result = load(`apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {team: payments}
---
apiVersion: v1
kind: Namespace
metadata:
  name: other
  labels: {kubernetes.io/metadata.name: other, env: prod}
`);
    expect(result.model.namespaces).toEqual([
      { name: 'other', labels: { 'kubernetes.io/metadata.name': 'other', env: 'prod' }, source: { file: 'm.yaml', line: 7, column: 1, documentIndex: 1 } },
      { name: 'shop', labels: { team: 'payments', 'kubernetes.io/metadata.name': 'shop' }, source: { file: 'm.yaml', line: 1, column: 1, documentIndex: 0 } },
    ]);
  });

  it('creates namespaces that only workloads and policies refer to, sorted by name', () => {
    const result = load(`${pod('a', '  namespace: zeta\n')}---\n${policy('p', 'Alpha')}---\n${pod('b', '  namespace: beta\n')}`);
    expect(result.model.namespaces).toEqual([
      { name: 'Alpha', labels: { 'kubernetes.io/metadata.name': 'Alpha' } },
      { name: 'beta', labels: { 'kubernetes.io/metadata.name': 'beta' } },
      { name: 'zeta', labels: { 'kubernetes.io/metadata.name': 'zeta' } },
    ]);
  });

  it('refuses two Namespace objects with one name', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
    const result = loadManifestTexts([
      { path: 'a.yaml', text: ns },
      { path: 'b.yaml', text: ns },
    ]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'duplicate-namespace',
        message: 'Namespace shop is defined twice: at a.yaml:1:1 and at b.yaml:1:1',
        location: { file: 'b.yaml', line: 1, column: 1, documentIndex: 0 },
        object: 'Namespace shop',
      },
    ]);
    expect(result.model.namespaces).toHaveLength(1);
  });

  it('reads a non-string namespace label as text, with a warning', () => {
    const result = load('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels: {tier: 1}\n');
    expect(result.model.namespaces[0]?.labels).toEqual({ tier: '1', 'kubernetes.io/metadata.name': 'n' });
    expect(result.diagnostics).toMatchObject([{ severity: 'warning', code: 'V-20', fieldPath: 'metadata.labels.tier', object: 'Namespace n' }]);
  });
});
