import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkPolicyShape } from './policyShape';

function policy(specYaml: string): Record<string, unknown> {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: parse(specYaml) as unknown };
}

describe('checkPolicyShape: wrong types are decode errors (V-20)', () => {
  const cases: { name: string; spec: string; fieldPath: string; message: string }[] = [
    {
      name: 'from as a mapping',
      spec: 'ingress: [{from: {podSelector: {}}}]',
      fieldPath: 'spec.ingress[0].from',
      message: 'spec.ingress[0].from: Invalid type: expected a list, got a mapping',
    },
    {
      name: 'fractional port',
      spec: 'ingress: [{ports: [{port: 8.5}]}]',
      fieldPath: 'spec.ingress[0].ports[0].port',
      message: 'spec.ingress[0].ports[0].port: Invalid type: expected an integer or a string, got a number (8.5)',
    },
    {
      name: 'endPort as a string',
      spec: 'egress: [{ports: [{port: 80, endPort: "90"}]}]',
      fieldPath: 'spec.egress[0].ports[0].endPort',
      message: 'spec.egress[0].ports[0].endPort: Invalid type: expected an integer, got a string ("90")',
    },
    {
      name: 'port beyond 32 bits',
      spec: 'ingress: [{ports: [{port: 99999999999}]}]',
      fieldPath: 'spec.ingress[0].ports[0].port',
      message: 'spec.ingress[0].ports[0].port: Invalid type: expected a 32-bit integer, got a number (99999999999)',
    },
    {
      name: 'podSelector as a string',
      spec: 'podSelector: app=web',
      fieldPath: 'spec.podSelector',
      message: 'spec.podSelector: Invalid type: expected a mapping, got a string ("app=web")',
    },
    {
      name: 'numeric label value',
      spec: 'podSelector: {matchLabels: {version: 1}}',
      fieldPath: 'spec.podSelector.matchLabels.version',
      message: 'spec.podSelector.matchLabels.version: Invalid type: expected a string, got a number (1)',
    },
    {
      name: 'boolean label value',
      spec: 'podSelector: {matchLabels: {canary: true}}',
      fieldPath: 'spec.podSelector.matchLabels.canary',
      message: 'spec.podSelector.matchLabels.canary: Invalid type: expected a string, got a boolean (true)',
    },
    {
      name: 'numeric item of values',
      spec: 'podSelector: {matchExpressions: [{key: v, operator: In, values: ["1", 2]}]}',
      fieldPath: 'spec.podSelector.matchExpressions[0].values[1]',
      message: 'spec.podSelector.matchExpressions[0].values[1]: Invalid type: expected a string, got a number (2)',
    },
    {
      name: 'policyTypes as a string',
      spec: 'policyTypes: Ingress',
      fieldPath: 'spec.policyTypes',
      message: 'spec.policyTypes: Invalid type: expected a list, got a string ("Ingress")',
    },
    {
      name: 'cidr as a number',
      spec: 'egress: [{to: [{ipBlock: {cidr: 10}}]}]',
      fieldPath: 'spec.egress[0].to[0].ipBlock.cidr',
      message: 'spec.egress[0].to[0].ipBlock.cidr: Invalid type: expected a string, got a number (10)',
    },
    {
      name: 'peer as a string',
      spec: 'ingress: [{from: [somewhere]}]',
      fieldPath: 'spec.ingress[0].from[0]',
      message: 'spec.ingress[0].from[0]: Invalid type: expected a mapping, got a string ("somewhere")',
    },
    {
      name: 'spec as a list',
      spec: '[1, 2]',
      fieldPath: 'spec',
      message: 'spec: Invalid type: expected a mapping, got a list',
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const result = checkPolicyShape(policy(testCase.spec));
      expect(result.spec).toBeUndefined();
      expect(result.issues).toEqual([{ severity: 'error', code: 'V-20', fieldPath: testCase.fieldPath, message: testCase.message }]);
    });
  }

  it('reports every wrong type of a policy, not only the first', () => {
    const result = checkPolicyShape(policy('podSelector: x\ningress: [{from: {}, ports: [{port: true}]}]'));
    expect(result.issues.map((issue) => issue.fieldPath)).toEqual(['spec.podSelector', 'spec.ingress[0].from', 'spec.ingress[0].ports[0].port']);
  });
});

describe('checkPolicyShape: unknown fields are dropped with a warning', () => {
  it('drops a misspelt podSelector, so the spec is what the API server stores', () => {
    const result = checkPolicyShape(policy('podselector: {matchLabels: {app: web}}\npolicyTypes: [Ingress]'));
    expect(result.spec).toEqual({ policyTypes: ['Ingress'] });
    expect(result.issues).toEqual([
      {
        severity: 'warning',
        code: 'unknown-field',
        fieldPath: 'spec.podselector',
        message: 'spec.podselector: unknown field "podselector" (the API server drops it)',
      },
    ]);
  });

  it('looks into rules, peers, ports, ipBlocks and selectors', () => {
    const result = checkPolicyShape(
      policy(`
ingress:
  - fromm: []
    from:
      - podSelector: {matchLabel: {a: b}}
        ipblock: {cidr: 10.0.0.0/8}
    ports:
      - {port: 80, portocol: UDP}
egress:
  - to: [{ipBlock: {cidr: 10.0.0.0/8, excepts: []}}]
`),
    );
    expect(result.issues.map((issue) => issue.fieldPath)).toEqual([
      'spec.ingress[0].fromm',
      'spec.ingress[0].from[0].podSelector.matchLabel',
      'spec.ingress[0].from[0].ipblock',
      'spec.ingress[0].ports[0].portocol',
      'spec.egress[0].to[0].ipBlock.excepts',
    ]);
    expect(result.issues.every((issue) => issue.severity === 'warning' && issue.code === 'unknown-field')).toBe(true);
    expect(result.spec).toEqual({
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 80 }] }],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
    });
  });

  it('warns about unknown top-level fields (a misspelt spec leaves an empty one)', () => {
    const result = checkPolicyShape({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spce: {}, status: {} });
    expect(result.spec).toEqual({});
    expect(result.issues).toEqual([{ severity: 'warning', code: 'unknown-field', fieldPath: 'spce', message: 'spce: unknown field "spce" (the API server drops it)' }]);
  });

  it('keeps `__proto__` as a plain label key, never as a prototype', () => {
    const result = checkPolicyShape(policy('podSelector: {matchLabels: {__proto__: x}}'));
    const matchLabels = result.spec?.podSelector?.matchLabels as Record<string, string>;
    expect(Object.getPrototypeOf(matchLabels)).toBe(Object.prototype);
    expect(Object.entries(matchLabels)).toEqual([['__proto__', 'x']]);
  });
});

describe('checkPolicyShape: a valid spec is kept as written', () => {
  it('applies no defaults', () => {
    const spec = `
podSelector: {matchLabels: {app: db}, matchExpressions: [{key: tier, operator: NotIn, values: [a, b]}]}
policyTypes: [Ingress, Egress]
ingress:
  - from:
      - namespaceSelector: {}
        podSelector: {matchLabels: {role: client}}
      - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
    ports:
      - {protocol: UDP, port: 53}
      - {port: http}
      - {port: 8000, endPort: 9000}
egress: []
`;
    const result = checkPolicyShape(policy(spec));
    expect(result.issues).toEqual([]);
    expect(result.spec).toEqual(parse(spec));
  });

  it('decodes null like the API server: absent pointer fields, empty structs and strings in lists', () => {
    const result = checkPolicyShape(
      policy(`
podSelector:
ingress:
  - from: [null, {podSelector: null, namespaceSelector: {matchLabels: {team: }}}]
    ports: [~]
egress: [{to: [{ipBlock: {cidr: null, except: [null]}}]}]
policyTypes:
`),
    );
    expect(result.issues).toEqual([]);
    expect(result.spec).toEqual({
      podSelector: null,
      ingress: [{ from: [{}, { podSelector: null, namespaceSelector: { matchLabels: { team: '' } } }], ports: [{}] }],
      egress: [{ to: [{ ipBlock: { cidr: '', except: [''] } }] }],
      policyTypes: null,
    });
  });

  it('takes a missing or null spec as empty', () => {
    expect(checkPolicyShape({ kind: 'NetworkPolicy' }).spec).toEqual({});
    expect(checkPolicyShape({ kind: 'NetworkPolicy', spec: null }).spec).toEqual({});
  });
});
