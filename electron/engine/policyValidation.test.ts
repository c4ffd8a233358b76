import { describe, expect, it } from 'vitest';
import type { ClusterModel, Diagnostic, NamespaceModel, NetworkPolicySpec, PolicyModel, WorkloadModel } from '../common/model';
import { validateModel, validatePolicy } from './policyValidation';

function policy(spec: unknown, extra: Partial<PolicyModel> = {}): PolicyModel {
  return { namespace: 'x', name: 'p', spec: spec as NetworkPolicySpec, ...extra };
}

function errorsOf(spec: unknown): string[] {
  return validatePolicy(policy(spec))
    .filter((diagnostic) => diagnostic.severity === 'error')
    .map((diagnostic) => diagnostic.message);
}

function warningsOf(spec: unknown, extra: Partial<PolicyModel> = {}): Diagnostic[] {
  return validatePolicy(policy(spec, extra)).filter((diagnostic) => diagnostic.severity === 'warning');
}

const ingressFrom = (...peers: unknown[]): unknown => ({ ingress: [{ from: peers }] });
const ingressPorts = (...ports: unknown[]): unknown => ({ ingress: [{ ports }] });
const egressPorts = (...ports: unknown[]): unknown => ({ egress: [{ to: [{ podSelector: {} }], ports }], policyTypes: ['Egress'] });
const selector = (podSelector: unknown): unknown => ({ podSelector });

const CIDR_INVALID = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const LABEL_VALUE_INVALID =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end " +
  "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_INVALID =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
  "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const SUBDOMAIN_INVALID =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and " +
  "end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('validatePolicy: API-server rules (reference/netpol-semantics.md §8)', () => {
  it('V-1 a peer needs a podSelector, namespaceSelector or ipBlock', () => {
    expect(errorsOf(ingressFrom({}))).toEqual(['spec.ingress[0].from[0]: Required value: must specify a peer']);
    expect(errorsOf({ egress: [{ to: [{ podSelector: null }] }] })).toEqual([
      'spec.egress[0].to[0]: Required value: must specify a peer',
    ]);
    expect(errorsOf(ingressFrom(null))).toEqual(['spec.ingress[0].from[0]: Required value: must specify a peer']);
  });

  it('V-2 ipBlock may not be combined with a selector', () => {
    expect(errorsOf(ingressFrom({ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }))).toEqual([
      'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
    ]);
    expect(errorsOf(ingressFrom({ ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {}, podSelector: {} }))).toEqual([
      'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
    ]);
    expect(errorsOf(ingressFrom({ namespaceSelector: {}, podSelector: {} }))).toEqual([]);
  });

  it('V-3 ipBlock.cidr is required', () => {
    for (const ipBlock of [{ cidr: '' }, {}, { cidr: null, except: ['10.0.0.0/8'] }]) {
      expect(errorsOf(ingressFrom({ ipBlock }))).toEqual(['spec.ingress[0].from[0].ipBlock.cidr: Required value']);
    }
  });

  it('V-4 cidr and except must parse as CIDRs (current server wording)', () => {
    for (const cidr of ['192.168.5.6', '300.0.0.0/8', '10.0.0.0/33', 'fd00:192:168::']) {
      expect(errorsOf(ingressFrom({ ipBlock: { cidr } }))).toEqual([
        `spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "${cidr}": ${CIDR_INVALID}`,
      ]);
    }
    expect(errorsOf(ingressFrom({ ipBlock: { cidr: '192.168.5.6' } }))).toEqual([
      'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "192.168.5.6": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
    // An unparseable except gets the V-4 text and no subset error; later excepts are still checked.
    expect(errorsOf(ingressFrom({ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.2.3', '11.0.0.0/16'] } }))).toEqual([
      `spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.2.3": ${CIDR_INVALID}`,
      'spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "11.0.0.0/16": must be a strict subset of `cidr`',
    ]);
    // With an invalid cidr the excepts are not looked at.
    expect(errorsOf(ingressFrom({ ipBlock: { cidr: 'nope', except: ['also-nope'] } }))).toEqual([
      `spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "nope": ${CIDR_INVALID}`,
    ]);
  });

  it('V-5 except must be a strict subset of cidr', () => {
    const excepts = (cidr: string, ...except: string[]): string[] => errorsOf(ingressFrom({ ipBlock: { cidr, except } }));
    expect(excepts('192.168.0.0/24', '192.168.0.0/24')).toEqual([
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`',
    ]);
    expect(excepts('192.168.0.0/24', '192.168.9.1/32')).toEqual([
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.9.1/32": must be a strict subset of `cidr`',
    ]);
    expect(excepts('192.168.0.0/24', '2001:db8::/64')).toEqual([
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "2001:db8::/64": must be a strict subset of `cidr`',
    ]);
    expect(excepts('10.0.0.1/32', '10.0.0.1/32')).toHaveLength(1);
    expect(excepts('2001:db8::/32', '2001:db9::/48')).toHaveLength(1);
    expect(excepts('192.168.0.0/24', '192.168.0.128/25', '192.168.0.7/32')).toEqual([]);
    expect(excepts('2001:db8::/32', '2001:db8:1::/48')).toEqual([]);
    // The except's network address is what must lie inside: 192.168.1.5/16 is 192.168.0.0/16.
    expect(excepts('192.168.1.0/24', '192.168.1.5/16')).toHaveLength(1);
  });

  it('V-7 protocol must be TCP, UDP or SCTP (case-sensitive, "" rejected)', () => {
    expect(errorsOf(ingressPorts({ protocol: 'ICMP' }))).toEqual([
      'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
    ]);
    expect(errorsOf(ingressPorts({ protocol: 'tcp', port: 80 }))).toEqual([
      'spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"',
    ]);
    expect(errorsOf(ingressPorts({ protocol: '' }))).toEqual([
      'spec.ingress[0].ports[0].protocol: Unsupported value: "": supported values: "TCP", "UDP", "SCTP"',
    ]);
    expect(errorsOf(ingressPorts({ protocol: null }, {}, { protocol: 'SCTP' }, { protocol: 'UDP', port: 53 }))).toEqual([]);
  });

  it('V-8 a numeric port must be within 1..65535', () => {
    for (const port of [0, 65536, 123456789, -1]) {
      expect(errorsOf(ingressPorts({ port }))).toEqual([
        `spec.ingress[0].ports[0].port: Invalid value: ${port}: must be between 1 and 65535, inclusive`,
      ]);
    }
    expect(errorsOf(ingressPorts({ port: 1 }, { port: 65535 }))).toEqual([]);
  });

  it('V-9 endPort may not go with a named port', () => {
    expect(errorsOf(egressPorts({ port: 'http', endPort: 32768 }))).toEqual([
      'spec.egress[0].ports[0].endPort: Invalid value: 32768: may not be specified when `port` is non-numeric',
    ]);
  });

  it('V-10 endPort needs a port', () => {
    expect(errorsOf(egressPorts({ endPort: 32768 }))).toEqual([
      'spec.egress[0].ports[0].endPort: Invalid value: 32768: may not be specified when `port` is not specified',
    ]);
    expect(errorsOf(egressPorts({ port: null, endPort: 32768, protocol: 'UDP' }))).toHaveLength(1);
  });

  it('V-11 endPort must be >= port and <= 65535 (the >= error reports the port value)', () => {
    expect(errorsOf(egressPorts({ port: 80, endPort: 79 }))).toEqual([
      'spec.egress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`',
    ]);
    expect(errorsOf(egressPorts({ port: 80, endPort: 65537 }))).toEqual([
      'spec.egress[0].ports[0].endPort: Invalid value: 65537: must be between 1 and 65535, inclusive',
    ]);
    expect(errorsOf(egressPorts({ port: 80, endPort: 0 }))).toEqual([
      'spec.egress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`',
      'spec.egress[0].ports[0].endPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });

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

  it('V-14 named ports follow IANA_SVC_NAME syntax', () => {
    const portErrors = (port: string): string[] => errorsOf(ingressPorts({ port }));
    expect(portErrors('80')).toEqual(['spec.ingress[0].ports[0].port: Invalid value: "80": must contain at least one letter (a-z)']);
    expect(portErrors('HTTP')).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ingress[0].ports[0].port: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ]);
    expect(portErrors('my--port')).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: "my--port": must not contain consecutive hyphens',
    ]);
    expect(portErrors('-web')).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: "-web": must not begin or end with a hyphen',
    ]);
    expect(portErrors('abcdefghijklmnop')).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: "abcdefghijklmnop": must be no more than 15 characters',
    ]);
    expect(portErrors('serve-80-tcp')).toEqual([]);
    expect(portErrors('abcdefghijklmno')).toEqual([]);
  });

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
  it('warns that a CIDR with host bits is ambiguous (NP-43)', () => {
    const warnings = warningsOf({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/24', except: ['10.0.0.1/28'] } }] }] });
    expect(warnings.map((w) => [w.code, w.fieldPath, w.message])).toEqual([
      [
        'cidr-ambiguous',
        'spec.egress[0].to[0].ipBlock.cidr',
        'spec.egress[0].to[0].ipBlock.cidr: CIDR value "10.0.0.1/24" is ambiguous in this context (should be "10.0.0.0/24" or "10.0.0.1/32"?)',
      ],
      [
        'cidr-ambiguous',
        'spec.egress[0].to[0].ipBlock.except[0]',
        'spec.egress[0].to[0].ipBlock.except[0]: CIDR value "10.0.0.1/28" is ambiguous in this context (should be "10.0.0.0/28" or "10.0.0.1/32"?)',
      ],
    ]);
  });

  it('warns about legacy leading zeros and non-canonical IPv6 CIDRs, as newer servers do', () => {
    const messages = (cidr: string): string[] => warningsOf(ingressFrom({ ipBlock: { cidr } })).map((w) => w.message);
    expect(messages('010.0.0.0/8')).toEqual([
      'spec.ingress[0].from[0].ipBlock.cidr: non-standard CIDR value "010.0.0.0/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
    ]);
    expect(messages('010.0.0.1/8')).toHaveLength(2);
    expect(messages('2001:DB8::/32')).toEqual([
      'spec.ingress[0].from[0].ipBlock.cidr: IPv6 CIDR value "2001:DB8::/32" should be in RFC 5952 canonical format ("2001:db8::/32")',
    ]);
    expect(messages('2001:db8::1/64')).toEqual([
      'spec.ingress[0].from[0].ipBlock.cidr: CIDR value "2001:db8::1/64" is ambiguous in this context (should be "2001:db8::/64" or "2001:db8::1/128"?)',
    ]);
    expect(messages('2001:db8::/32')).toEqual([]);
    expect(messages('10.0.0.0/8')).toEqual([]);
  });

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

  it('warns that a named port in an egress rule never matches IP addresses (NP-35)', () => {
    const text = 'a named port never matches an IP address; this rule admits only pods that declare it';
    expect(warningsOf({ policyTypes: ['Egress'], egress: [{ ports: [{ port: 'https' }, { port: 443 }] }] })).toMatchObject([
      { code: 'named-port-with-ip-peers', fieldPath: 'spec.egress[0].ports[0].port', message: `spec.egress[0].ports[0].port: ${text}` },
    ]);
    expect(
      warningsOf({
        policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: {} }, { ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 'dns', protocol: 'UDP' }] }],
      }).map((w) => w.fieldPath),
    ).toEqual(['spec.egress[0].ports[0].port']);
    expect(warningsOf({ policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }], ports: [{ port: 'https' }] }] })).toEqual([]);
    expect(warningsOf({ ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 'https' }] }] })).toEqual([]);
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
