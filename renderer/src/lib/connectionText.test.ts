import { describe, expect, it } from 'vitest';
import type { Explanation, SideExplanation } from '../../../electron/common/explanation';
import { connectionSetText, isAllConnections, shortConnectionText, verdictSummary } from './connectionText';
import { contributionDetail, ruleName, sideHeading, sideReason } from './explanationWords';

const ALL = { SCTP: [{ start: 1, end: 65535 }], TCP: [{ start: 1, end: 65535 }], UDP: [{ start: 1, end: 65535 }] };

function side(direction: 'Egress' | 'Ingress', reason: SideExplanation['reason'], contributions: SideExplanation['contributions'] = []): SideExplanation {
  return { direction, endpoint: 'x', reason, isolatingPolicies: [], contributions, allowed: {} };
}

function explanation(verdict: Explanation['verdict'], allowed: Explanation['allowed'], query?: Explanation['query']): Explanation {
  return { source: 'a', destination: 'b', verdict, allowed, selfTraffic: false, egress: side('Egress', 'not-isolated'), ingress: side('Ingress', 'isolated'), ...(query ? { query } : {}) };
}

describe('connection texts', () => {
  it('prints sets as netpol-analyzer does', () => {
    expect(connectionSetText(ALL)).toBe('All Connections');
    expect(isAllConnections(ALL)).toBe(true);
    expect(connectionSetText({})).toBe('No Connections');
    expect(connectionSetText({ UDP: [{ start: 53, end: 53 }], TCP: [{ start: 80, end: 80 }, { start: 8080, end: 8081 }] })).toBe('TCP 80,8080-8081, UDP 53');
    expect(connectionSetText({ TCP: [{ start: 1, end: 65535 }] })).toBe('TCP all ports');
  });

  it('shortens the backend text for cells and edges', () => {
    expect(shortConnectionText('All Connections')).toBe('all');
    expect(shortConnectionText('TCP 80,8080,UDP 53')).toBe('TCP 80,8080, UDP 53');
  });
});

describe('verdictSummary', () => {
  it('says Allowed, Denied or Allowed only', () => {
    expect(verdictSummary(explanation('allowed', ALL)).word).toBe('Allowed');
    expect(verdictSummary(explanation('denied', {}))).toEqual({ word: 'Denied', detail: 'no connection', sentence: 'Denied: no connection is allowed.' });
    expect(verdictSummary(explanation('partly-allowed', { TCP: [{ start: 8080, end: 8080 }] }))).toEqual({
      word: 'Allowed only',
      detail: 'TCP 8080',
      sentence: 'Allowed only TCP 8080; everything else is denied.',
    });
  });

  it('names the port asked about', () => {
    const query = { protocol: 'TCP' as const, port: 443 };
    expect(verdictSummary(explanation('allowed', { TCP: [{ start: 443, end: 443 }] }, query)).detail).toBe('TCP 443');
    expect(verdictSummary(explanation('denied', {}, query)).sentence).toBe('Denied: TCP 443 is not allowed.');
  });
});

describe('explanation words', () => {
  const contribution = {
    rule: { policy: 'demo/allow', direction: 'Ingress' as const, ruleNumber: 2 },
    allows: { TCP: [{ start: 80, end: 80 }] },
    matchedPeer: 'peer 1 (podSelector tier=web)',
  };

  it('heads each side by its direction', () => {
    expect(sideHeading(side('Egress', 'not-isolated'), 'web (shop)')).toBe('Egress from web (shop)');
    expect(sideHeading(side('Ingress', 'isolated'), 'db (data)')).toBe('Ingress to db (data)');
  });

  it('gives the reason of each side', () => {
    expect(sideReason(side('Egress', 'not-isolated'))).toMatch(/not isolated; no NetworkPolicy selects it for egress/);
    expect(sideReason(side('Ingress', 'external-endpoint'))).toMatch(/outside the cluster/);
    expect(sideReason(side('Ingress', 'isolated'))).toBe('Isolated, and no ingress rule admits it: denied.');
    expect(sideReason(side('Ingress', 'isolated', [contribution]))).toMatch(/only what these ingress rules admit/);
  });

  it('names rules and what they admit', () => {
    expect(ruleName(contribution)).toBe('ingress rule 2');
    expect(contributionDetail(contribution)).toBe('matches peer 1 (podSelector tier=web); allows TCP 80');
  });
});
