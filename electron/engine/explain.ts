// Builds the reason objects of an explanation (the only module that does, CONVENTIONS 5).
// electron/engine/explanationText.ts turns them into sentences.
import type { ConnectionQuery, Direction, Explanation, RuleContribution, SideExplanation } from '../common/explanation';
import type { SourceLocation } from '../common/model';
import type { AddressRange } from './cidr';
import { formatIP } from './cidr';
import type { CompiledModel, CompiledPeer, CompiledPolicy, CompiledRule } from './compile';
import { ConnectionSet } from './connectionSet';
import { atomId, workloadId } from './connectivity';
import type { Endpoint, SideResult } from './evaluate';
import { evaluateSide, isSameWorkload } from './evaluate';

export function endpointLabel(compiled: CompiledModel, endpoint: Endpoint): string {
  if (endpoint.kind === 'workload') {
    const workload = compiled.workloads[endpoint.index];
    return workload ? workloadId(workload) : `workload #${endpoint.index}`;
  }
  const { family, first, last } = endpoint.range;
  return first === last ? formatIP(family, first) : atomId(endpoint.range as AddressRange).replace('[External]', '');
}

function ruleLocation(policy: CompiledPolicy, rule: CompiledRule): SourceLocation | undefined {
  const source = policy.model.source;
  if (!source) return undefined;
  const field = `spec.${rule.direction === 'Ingress' ? 'ingress' : 'egress'}[${rule.ruleNumber - 1}]`;
  const position = policy.model.fieldPositions?.[field];
  return position ? { file: source.file, line: position.line, column: position.column } : source;
}

function describePeer(peer: CompiledPeer | 'all', direction: Direction): string {
  if (peer === 'all') return direction === 'Ingress' ? 'any source (the rule has no from)' : 'any destination (the rule has no to)';
  if (peer.kind === 'ipBlock') return `peer ${peer.peerNumber} (ipBlock ${peer.cidr})`;
  const parts = [peer.namespaceMatcher === null ? `namespace ${peer.policyNamespace}` : 'namespaceSelector', 'podSelector'];
  return `peer ${peer.peerNumber} (${parts.join(' AND ')})`;
}

function restrict(set: ConnectionSet, query: ConnectionQuery | undefined): ConnectionSet {
  return query ? set.intersect(ConnectionSet.of(query.protocol, query.port, query.port)) : set;
}

function side(
  compiled: CompiledModel,
  direction: Direction,
  subject: Endpoint,
  result: SideResult,
  query: ConnectionQuery | undefined,
): SideExplanation {
  const contributions: RuleContribution[] = [];
  for (const match of result.matches) {
    const allows = restrict(match.allows, query);
    if (allows.isEmpty()) continue;
    const location = ruleLocation(match.policy, match.rule);
    contributions.push({
      rule: { policy: match.policy.key, direction, ruleNumber: match.rule.ruleNumber, ...(location ? { location } : {}) },
      allows: allows.toData(),
      matchedPeer: describePeer(match.peer, direction),
    });
  }
  return {
    direction,
    endpoint: endpointLabel(compiled, subject),
    reason: subject.kind !== 'workload' ? 'external-endpoint' : result.isolated ? 'isolated' : 'not-isolated',
    isolatingPolicies: result.policies.map((policy) => ({ policy: policy.key, ...(policy.model.source ? { location: policy.model.source } : {}) })),
    contributions,
    allowed: restrict(result.allowed, query).toData(),
  };
}

export function explainPair(compiled: CompiledModel, source: Endpoint, destination: Endpoint, query?: ConnectionQuery): Explanation {
  const selfTraffic = isSameWorkload(source, destination);
  const egress = evaluateSide(compiled, 'Egress', source, destination);
  const ingress = evaluateSide(compiled, 'Ingress', destination, source);
  const full = selfTraffic ? ConnectionSet.ALL : egress.allowed.intersect(ingress.allowed);
  const allowed = restrict(full, query);
  const wanted = restrict(ConnectionSet.ALL, query);
  return {
    source: endpointLabel(compiled, source),
    destination: endpointLabel(compiled, destination),
    ...(query ? { query } : {}),
    allowed: allowed.toData(),
    verdict: allowed.isEmpty() ? 'denied' : allowed.equals(wanted) ? 'allowed' : 'partly-allowed',
    selfTraffic,
    egress: side(compiled, 'Egress', source, egress, query),
    ingress: side(compiled, 'Ingress', destination, ingress, query),
  };
}
