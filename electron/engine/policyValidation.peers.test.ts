// Peers and ipBlocks: a peer must name something (V-1), ipBlock stands alone (V-2), and its cidr
// and excepts must parse and nest (V-3 to V-5); CIDRs the server accepts but warns about.
import { describe, expect, it } from 'vitest';
import { CIDR_INVALID, errorsOf, ingressFrom, warningsOf } from './policyValidationFixtures';

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
});
