// Label selectors in spec.podSelector and in peers: matchExpressions operators and values
// (V-15 to V-17) and label keys and values (V-18).
import { describe, expect, it } from 'vitest';
import { errorsOf, ingressFrom, LABEL_VALUE_INVALID, NAME_PART_INVALID, selector, SUBDOMAIN_INVALID } from './policyValidationFixtures';

describe('validatePolicy: API-server rules (reference/netpol-semantics.md §8)', () => {
  it('V-15 In and NotIn need values (spec.podSelector and peer selectors)', () => {
    expect(errorsOf(selector({ matchExpressions: [{ key: 'pod', operator: 'In', values: [] }] }))).toEqual([
      "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
    expect(errorsOf(ingressFrom({ namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn' }] } }))).toEqual([
      "spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
    expect(
      errorsOf({ egress: [{ to: [{ podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }, { key: 'c', operator: 'In' }] } }] }] }),
    ).toEqual([
      "spec.egress[0].to[0].podSelector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]);
  });

  it('V-16 Exists and DoesNotExist take no values', () => {
    expect(errorsOf(selector({ matchExpressions: [{ key: 'pod', operator: 'Exists', values: ['a'] }] }))).toEqual([
      "spec.podSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ]);
    expect(errorsOf(selector({ matchExpressions: [{ key: 'pod', operator: 'DoesNotExist', values: [] }] }))).toEqual([]);
  });

  it('V-17 operators are exactly In, NotIn, Exists, DoesNotExist', () => {
    expect(errorsOf(selector({ matchExpressions: [{ key: 'pod', operator: 'in', values: ['a'] }] }))).toEqual([
      'spec.podSelector.matchExpressions[0].operator: Invalid value: "in": not a valid selector operator',
    ]);
    expect(errorsOf(ingressFrom({ podSelector: { matchExpressions: [{ key: 'n', operator: 'Gt', values: ['1'] }] } }))).toEqual([
      'spec.ingress[0].from[0].podSelector.matchExpressions[0].operator: Invalid value: "Gt": not a valid selector operator',
    ]);
    expect(errorsOf(selector({ matchExpressions: [{ key: 'pod' }] }))).toEqual([
      'spec.podSelector.matchExpressions[0].operator: Invalid value: "": not a valid selector operator',
    ]);
  });

  it('V-18 label values in matchLabels and matchExpressions values', () => {
    expect(errorsOf(selector({ matchLabels: { pod: 'b@d' } }))).toEqual([
      `spec.podSelector.matchLabels: Invalid value: "b@d": ${LABEL_VALUE_INVALID}`,
    ]);
    expect(errorsOf(selector({ matchExpressions: [{ key: 'pod', operator: 'In', values: ['ok', '-bad'] }] }))).toEqual([
      `spec.podSelector.matchExpressions[0].values[1]: Invalid value: "-bad": ${LABEL_VALUE_INVALID}`,
    ]);
    const long = 'a'.repeat(64);
    expect(errorsOf(ingressFrom({ podSelector: { matchLabels: { pod: long } } }))).toEqual([
      `spec.ingress[0].from[0].podSelector.matchLabels: Invalid value: "${long}": must be no more than 63 characters`,
    ]);
    expect(errorsOf(selector({ matchLabels: { pod: '', tier: 'a.b_c-D9' } }))).toEqual([]);
    // Go-quoted values.
    expect(errorsOf(selector({ matchLabels: { pod: 'say "hi"\n' } }))).toEqual([
      `spec.podSelector.matchLabels: Invalid value: "say \\"hi\\"\\n": ${LABEL_VALUE_INVALID}`,
    ]);
  });

  it('V-18 label keys are qualified names', () => {
    const keyErrors = (key: string): string[] => errorsOf(selector({ matchLabels: { [key]: 'v' } }));
    expect(keyErrors('bad key')).toEqual([`spec.podSelector.matchLabels: Invalid value: "bad key": ${NAME_PART_INVALID}`]);
    expect(keyErrors('n'.repeat(64))).toEqual([
      `spec.podSelector.matchLabels: Invalid value: "${'n'.repeat(64)}": name part must be no more than 63 characters`,
    ]);
    expect(keyErrors('/pod')).toEqual(['spec.podSelector.matchLabels: Invalid value: "/pod": prefix part must be non-empty']);
    expect(keyErrors('Example.com/pod')).toEqual([
      `spec.podSelector.matchLabels: Invalid value: "Example.com/pod": prefix part ${SUBDOMAIN_INVALID}`,
    ]);
    const longPrefix = `${'a'.repeat(250)}.com`;
    expect(keyErrors(`${longPrefix}/pod`)).toEqual([
      `spec.podSelector.matchLabels: Invalid value: "${longPrefix}/pod": prefix part must be no more than 253 characters`,
    ]);
    expect(keyErrors('example.com/')).toEqual([
      'spec.podSelector.matchLabels: Invalid value: "example.com/": name part must be non-empty',
      `spec.podSelector.matchLabels: Invalid value: "example.com/": ${NAME_PART_INVALID}`,
    ]);
    expect(keyErrors('a/b/c')).toEqual([
      'spec.podSelector.matchLabels: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, ' +
        "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or " +
        "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS " +
        "subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
    expect(errorsOf(selector({ matchExpressions: [{ key: '-pod', operator: 'Exists' }] }))).toEqual([
      `spec.podSelector.matchExpressions[0].key: Invalid value: "-pod": ${NAME_PART_INVALID}`,
    ]);
    expect(keyErrors('kubernetes.io/metadata.name')).toEqual([]);
    expect(keyErrors('app.kubernetes.io/Name_1')).toEqual([]);
  });
});
