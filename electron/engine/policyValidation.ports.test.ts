// Ports: protocols (V-7), port numbers and ranges (V-8 to V-11), named ports (V-14), and the
// warning for named ports that meet IP addresses (NP-35).
import { describe, expect, it } from 'vitest';
import { egressPorts, errorsOf, ingressPorts, warningsOf } from './policyValidationFixtures';

describe('validatePolicy: API-server rules (reference/netpol-semantics.md §8)', () => {
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
});

describe('validatePolicy: warnings', () => {
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
