// Policy-wide rules and the diagnostics themselves: policyTypes (V-12, V-13, NP-3, NP-4),
// metadata.name (V-19), codes and order, accepted surprises, locations, and wrong JSON types
// (V-20). Peers, ports and selectors have their own policyValidation.*.test.ts files.
import { describe, expect, it } from 'vitest';
import type { PolicyModel } from '../common/model';
import { validatePolicy } from './policyValidation';
import {
  CIDR_INVALID,
  errorsOf,
  ingressFrom,
  NAME_PART_INVALID,
  policy,
  selector,
  SUBDOMAIN_INVALID,
  warningsOf,
} from './policyValidationFixtures';

describe('validatePolicy: API-server rules (reference/netpol-semantics.md §8)', () => {
  it('V-12 more than two policyTypes (and nothing else is said about policyTypes)', () => {
    expect(errorsOf({ policyTypes: ['Ingress', 'Egress', 'Ingress'] })).toEqual([
      'spec.policyTypes: Invalid value: ["Ingress","Egress","Ingress"]: may not specify more than two policyTypes',
    ]);
    expect(errorsOf({ policyTypes: ['ingress', 'foo', 'bar'] })).toEqual([
      'spec.policyTypes: Invalid value: ["ingress","foo","bar"]: may not specify more than two policyTypes',
    ]);
  });

  it('V-13 policyTypes entries must be "Ingress" or "Egress"', () => {
    expect(errorsOf({ policyTypes: ['ingress'] })).toEqual([
      'spec.policyTypes[0]: Unsupported value: "ingress": supported values: "Ingress", "Egress"',
    ]);
    expect(errorsOf({ policyTypes: ['Ingress', 'foo'] })).toEqual([
      'spec.policyTypes[1]: Unsupported value: "foo": supported values: "Ingress", "Egress"',
    ]);
  });

  it('V-19 a metadata.name that is not a DNS-1123 subdomain is only a warning', () => {
    const diagnostics = validatePolicy(policy({}, { name: 'use_common_labels_same_values' }));
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'V-19',
        fieldPath: 'metadata.name',
        message: `metadata.name: Invalid value: "use_common_labels_same_values": ${SUBDOMAIN_INVALID}`,
        object: 'NetworkPolicy x/use_common_labels_same_values',
      },
    ]);
    expect(warningsOf({}, { name: '' }).map((d) => d.message)).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
    expect(validatePolicy(policy({}, { name: 'allow-dns.v2' }))).toEqual([]);
  });

  it('gives every diagnostic its V-id, object and field path, in the server order', () => {
    const diagnostics = validatePolicy(
      policy({
        podSelector: { matchLabels: { pod: 'b@d' } },
        policyTypes: ['Ingress', 'egress'],
        egress: [{ to: [{}], ports: [{ port: 0 }] }],
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }], ports: [{ protocol: 'ICMP' }] }],
      }),
    );
    expect(diagnostics.map((d) => [d.code, d.fieldPath, d.severity, d.object])).toEqual([
      ['V-18', 'spec.podSelector.matchLabels', 'error', 'NetworkPolicy x/p'],
      ['V-7', 'spec.ingress[0].ports[0].protocol', 'error', 'NetworkPolicy x/p'],
      ['V-2', 'spec.ingress[0].from[0]', 'error', 'NetworkPolicy x/p'],
      ['V-8', 'spec.egress[0].ports[0].port', 'error', 'NetworkPolicy x/p'],
      ['V-1', 'spec.egress[0].to[0]', 'error', 'NetworkPolicy x/p'],
      ['V-13', 'spec.policyTypes[1]', 'error', 'NetworkPolicy x/p'],
    ]);
  });
});

describe('validatePolicy: valid but surprising inputs are accepted (§8)', () => {
  const accepted: Array<[string, unknown]> = [
    ['policyTypes: [Ingress, Ingress]', { podSelector: {}, policyTypes: ['Ingress', 'Ingress'] }],
    ['ingress rules with policyTypes: [Egress]', { policyTypes: ['Egress'], ingress: [{ from: [{ podSelector: {} }] }] }],
    ['endPort == port', { egress: [{ ports: [{ protocol: 'TCP', port: 32768, endPort: 32768 }] }] }],
    ['ports: [{}]', { ingress: [{ ports: [{}] }] }],
    ['ports: [{protocol: UDP}]', { ingress: [{ ports: [{ protocol: 'UDP' }] }] }],
    ['empty spec', {}],
    ['podSelector: null', { podSelector: null }],
    ['host bits in a CIDR', { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/24', except: ['10.0.0.1/28'] } }] }] }],
    [
      'contradictory selectors',
      { podSelector: { matchLabels: { pod: 'a' }, matchExpressions: [{ key: 'pod', operator: 'In', values: ['b'] }] } },
    ],
    ['a named port no pod declares', { ingress: [{ ports: [{ port: 'no-such-port' }] }] }],
    ['an ipBlock covering pod CIDRs', { ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] }],
    ['empty lists', { ingress: [{ from: [], ports: [] }], egress: [], policyTypes: [] }],
    ['an empty rule', { ingress: [{}], egress: [null] }],
    ['podSelector and namespaceSelector in one peer', { ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }] }] }],
  ];
  for (const [name, spec] of accepted) {
    it(`accepts ${name}`, () => {
      expect(errorsOf(spec)).toEqual([]);
    });
  }
});

describe('validatePolicy: warnings', () => {
  it('warns when rules of a direction are ignored by an explicit policyTypes (NP-3, NP-4)', () => {
    const egressIgnored = warningsOf({ policyTypes: ['Ingress'], egress: [{ to: [{ podSelector: {} }] }] });
    expect(egressIgnored.map((w) => [w.code, w.fieldPath, w.message])).toEqual([
      [
        'rules-ignored-by-policyTypes',
        'spec.egress',
        'spec.egress: egress rules present but Egress is not in policyTypes: they are ignored',
      ],
    ]);
    expect(warningsOf({ policyTypes: ['Egress'], ingress: [{}] }).map((w) => w.message)).toEqual([
      'spec.ingress: ingress rules present but Ingress is not in policyTypes: they are ignored',
    ]);
    expect(warningsOf({ egress: [{}] })).toEqual([]); // NP-1 defaulting adds Egress
    expect(warningsOf({ policyTypes: ['Ingress'], egress: [] })).toEqual([]);
    expect(warningsOf({ policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] })).toEqual([]);
  });
});

describe('validatePolicy: locations', () => {
  const positioned = policy(ingressFrom({ ipBlock: { cidr: '192.168.5.6' } }), {
    source: { file: 'policies/p.yaml', line: 3, column: 1, documentIndex: 2 },
    fieldPositions: {
      spec: { line: 7, column: 1 },
      'spec.ingress[0].from[0]': { line: 10, column: 9 },
      'spec.ingress[0].from[0].ipBlock': { line: 11, column: 11 },
    },
  });

  it('uses the longest field-path prefix that has a position', () => {
    expect(validatePolicy(positioned)[0]?.location).toEqual({ file: 'policies/p.yaml', line: 11, column: 11, documentIndex: 2 });
    const exact = policy(positioned.spec, {
      ...positioned,
      fieldPositions: { ...positioned.fieldPositions, 'spec.ingress[0].from[0].ipBlock.cidr': { line: 11, column: 17 } },
    });
    expect(validatePolicy(exact)[0]?.location).toMatchObject({ line: 11, column: 17 });
  });

  it('does not mistake a sibling index for a prefix', () => {
    const sibling = policy(ingressFrom({ podSelector: {} }, {}), {
      source: { file: 'p.yaml', line: 1, column: 1 },
      fieldPositions: { 'spec.ingress[0].from[1]': { line: 12, column: 9 }, 'spec.ingress[0].from': { line: 9, column: 7 } },
    });
    expect(validatePolicy(sibling)[0]?.location).toEqual({ file: 'p.yaml', line: 12, column: 9 });
    const other = policy(ingressFrom({}), {
      source: { file: 'p.yaml', line: 1, column: 1 },
      fieldPositions: { 'spec.ingress[0].from[1]': { line: 12, column: 9 }, 'spec.ingress[0].from': { line: 9, column: 7 } },
    });
    expect(validatePolicy(other)[0]?.location).toEqual({ file: 'p.yaml', line: 9, column: 7 });
  });

  it('falls back to the object position, and omits the location without a source', () => {
    const noPositions = policy(ingressFrom({}), { source: { file: 'p.yaml', line: 4, column: 1 } });
    expect(validatePolicy(noPositions)[0]?.location).toEqual({ file: 'p.yaml', line: 4, column: 1 });
    const noSource = policy(ingressFrom({}), { fieldPositions: { 'spec.ingress[0].from[0]': { line: 2, column: 2 } } });
    expect(validatePolicy(noSource)[0]).not.toHaveProperty('location');
    const inherited = policy({}, { name: 'bad_name', source: { file: 'p.yaml', line: 4, column: 1 }, fieldPositions: {} });
    expect(validatePolicy(inherited)[0]?.location).toEqual({ file: 'p.yaml', line: 4, column: 1 });
  });
});

describe('validatePolicy: wrong JSON types (V-20) are skipped, never thrown on', () => {
  const shapes: unknown[] = [
    null,
    42,
    'spec',
    [],
    { podSelector: 'all' },
    { podSelector: { matchLabels: ['a'], matchExpressions: { key: 'a' } } },
    { podSelector: { matchLabels: { version: 1 }, matchExpressions: [null, 3, { key: 7, operator: 8, values: 'x' }] } },
    { ingress: { from: [] } },
    { ingress: [3, 'x', { from: { podSelector: {} }, ports: 'all' }] },
    { ingress: [{ from: [3, { ipBlock: 'x' }, { ipBlock: { cidr: 10, except: 'x' } }, { ipBlock: { cidr: '10.0.0.0/8', except: [1, null] } }] }] },
    { egress: [{ ports: [{ port: 8.5 }, { port: 2 ** 40 }, { port: true }, { port: 80, endPort: '90' }, { protocol: 6 }] }] },
    { egress: [{ to: 'everyone', ports: [{ port: 'http' }] }] },
    { policyTypes: 'Ingress' },
    { policyTypes: [1, 'Ingress'] },
    { policyTypes: [null] },
  ];
  it('validates the well-typed rest', () => {
    for (const spec of shapes) expect(() => validatePolicy(policy(spec))).not.toThrow();
    expect(() => validatePolicy(null as unknown as PolicyModel)).not.toThrow();
    expect(() => validatePolicy({ spec: null, source: 'x', fieldPositions: 3 } as unknown as PolicyModel)).not.toThrow();
    expect(errorsOf({ egress: [{ ports: [{ port: 80, endPort: '90' }, { port: 8.5, endPort: 1 }] }] })).toEqual([]);
    expect(errorsOf({ policyTypes: [null] })).toEqual([
      'spec.policyTypes[0]: Unsupported value: "": supported values: "Ingress", "Egress"',
    ]);
    // A null except decodes as "" (invalid); a null matchExpressions item as key "" and operator "".
    expect(errorsOf(ingressFrom({ ipBlock: { cidr: '10.0.0.0/8', except: [1, null] } }))).toEqual([
      `spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "": ${CIDR_INVALID}`,
    ]);
    expect(errorsOf(selector({ matchExpressions: [null] }))).toEqual([
      'spec.podSelector.matchExpressions[0].operator: Invalid value: "": not a valid selector operator',
      'spec.podSelector.matchExpressions[0].key: Invalid value: "": name part must be non-empty',
      `spec.podSelector.matchExpressions[0].key: Invalid value: "": ${NAME_PART_INVALID}`,
    ]);
  });
});
