import { describe, expect, it } from 'vitest';
import { loadManifestTexts } from './index';

const load = (text: string, path = 'm.yaml') => loadManifestTexts([{ path, text }]);

const policy = (name: string, namespace = 'default', spec = '  podSelector: {}') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec}
`;

describe('network policies', () => {
  it('keeps the spec as written, with its source and field positions', () => {
    const result = load(`# policies
${policy('backend', 'shop', `  podSelector:
    matchLabels:
      app: backend
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector: {}
        - ipBlock:
            cidr: 10.0.0.0/8
      ports:
        - port: 80`)}`);
    expect(result.diagnostics).toEqual([]);
    const [model] = result.model.policies;
    expect(model).toMatchObject({
      namespace: 'shop',
      name: 'backend',
      spec: {
        podSelector: { matchLabels: { app: 'backend' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }, { ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 80 }] }],
      },
      source: { file: 'm.yaml', line: 2, column: 1, documentIndex: 0 },
    });
    expect(model?.fieldPositions).toMatchObject({
      'metadata.name': { line: 5, column: 3 },
      spec: { line: 7, column: 1 },
      'spec.podSelector': { line: 8, column: 3 },
      'spec.podSelector.matchLabels': { line: 9, column: 5 },
      'spec.podSelector.matchLabels.app': { line: 10, column: 7 },
      'spec.policyTypes': { line: 11, column: 3 },
      'spec.policyTypes[0]': { line: 12, column: 7 },
      'spec.ingress[0]': { line: 14, column: 7 },
      'spec.ingress[0].from': { line: 14, column: 7 },
      'spec.ingress[0].from[0]': { line: 15, column: 11 },
      'spec.ingress[0].from[1].ipBlock': { line: 16, column: 11 },
      'spec.ingress[0].from[1].ipBlock.cidr': { line: 17, column: 13 },
      'spec.ingress[0].ports[0].port': { line: 19, column: 11 },
    });
  });

  it('locates fields the same way in JSON', () => {
    const text = JSON.stringify(
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'j' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] } },
      null,
      2,
    );
    const result = load(text, 'p.json');
    const lines = text.split('\n');
    const where = (needle: string) => {
      const index = lines.findIndex((line) => line.includes(needle));
      return { line: index + 1, column: (lines[index] as string).indexOf(needle) + 1 };
    };
    expect(result.model.policies[0]?.fieldPositions).toMatchObject({
      'metadata.name': where('"name"'),
      spec: where('"spec"'),
      'spec.ingress[0].from[0].ipBlock.cidr': where('"cidr"'),
      'spec.ingress[0]': { line: where('"from"').line - 1 },
    });
  });

  it('refuses a policy whose types are wrong, naming the field and its place (V-20)', () => {
    const result = load(policy('bad', 'default', '  ingress:\n    - from:\n        podSelector: {}'));
    expect(result.model.policies).toEqual([]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'V-20',
        message: 'spec.ingress[0].from: Invalid type: expected a list, got a mapping',
        location: { file: 'm.yaml', line: 8, column: 7, documentIndex: 0 },
        object: 'NetworkPolicy default/bad',
        fieldPath: 'spec.ingress[0].from',
      },
    ]);
  });

  it('refuses a label value that is not a string (the API server cannot decode it)', () => {
    const result = load(policy('numeric', 'default', '  podSelector:\n    matchLabels:\n      version: 1'));
    expect(result.model.policies).toEqual([]);
    expect(result.diagnostics).toMatchObject([
      { severity: 'error', code: 'V-20', fieldPath: 'spec.podSelector.matchLabels.version', location: { line: 9, column: 7 } },
    ]);
  });

  it('drops unknown fields with a warning located at them', () => {
    const result = load(policy('typo', 'default', '  podselector:\n    matchLabels: {app: a}'));
    expect(result.model.policies[0]?.spec).toEqual({});
    expect(result.diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'unknown-field',
        message: 'spec.podselector: unknown field "podselector" (the API server drops it)',
        location: { file: 'm.yaml', line: 7, column: 3, documentIndex: 0 },
        object: 'NetworkPolicy default/typo',
        fieldPath: 'spec.podselector',
      },
    ]);
  });

  it('warns about and ignores other apiVersions', () => {
    const result = load(policy('old').replace('networking.k8s.io/v1', 'extensions/v1beta1'));
    expect(result.model.policies).toEqual([]);
    expect(result.diagnostics).toMatchObject([{ severity: 'warning', code: 'unsupported-api-version', object: 'NetworkPolicy default/old' }]);
  });

  it('refuses two policies with one namespace/name, naming both places', () => {
    const result = loadManifestTexts([
      { path: 'a.yaml', text: policy('p', 'shop') },
      { path: 'b.yaml', text: `${policy('other', 'shop')}---\n${policy('p', 'shop')}` },
    ]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'duplicate-policy',
        message: 'NetworkPolicy shop/p is defined twice: at a.yaml:1:1 and at b.yaml:9:1',
        location: { file: 'b.yaml', line: 9, column: 1, documentIndex: 1 },
        object: 'NetworkPolicy shop/p',
      },
    ]);
    expect(result.model.policies.map((p) => `${p.source?.file} ${p.name}`)).toEqual(['a.yaml p', 'b.yaml other']);
  });

  it('allows one name in two namespaces', () => {
    const result = load(`${policy('p', 'a')}---\n${policy('p', 'b')}`);
    expect(result.diagnostics).toEqual([]);
    expect(result.model.policies).toHaveLength(2);
  });

  it('refuses a policy without a name', () => {
    const result = load('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {namespace: x}\nspec: {}\n');
    expect(result.model.policies).toEqual([]);
    expect(result.diagnostics).toMatchObject([{ severity: 'error', code: 'missing-name', fieldPath: 'metadata.name' }]);
  });
});
