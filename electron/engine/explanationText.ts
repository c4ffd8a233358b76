// Turns explanation data into plain sentences: the one place where reasons become words.
import type { Explanation, SideExplanation } from '../common/explanation';
import type { SourceLocation } from '../common/model';
import { ConnectionSet } from './connectionSet';

function where(location: SourceLocation | undefined): string {
  return location ? ` (${location.file}:${location.line})` : '';
}

function setText(data: Explanation['allowed']): string {
  return ConnectionSet.fromData(data).toString();
}

function sideLines(side: SideExplanation, query: boolean): string[] {
  const heading = side.direction === 'Egress' ? `Egress from ${side.endpoint}` : `Ingress to ${side.endpoint}`;
  if (side.reason === 'external-endpoint') {
    return [`${heading}: allowed; it is an address outside the cluster, and no policy applies to it.`];
  }
  if (side.reason === 'not-isolated') {
    return [`${heading}: allowed; no NetworkPolicy selects ${side.endpoint} for ${side.direction}, so it is not isolated.`];
  }
  const policies = side.isolatingPolicies.map((policy) => `${policy.policy}${where(policy.location)}`).join(', ');
  const lines = [`${heading}: isolated by ${policies}.`];
  if (side.contributions.length === 0) {
    const what = query ? 'this connection' : 'anything';
    lines.push(`  No ${side.direction.toLowerCase()} rule of these policies admits ${what} from this peer: denied.`);
    return lines;
  }
  for (const contribution of side.contributions) {
    const rule = contribution.rule;
    lines.push(
      `  ${setText(contribution.allows)} allowed by ${rule.policy} ${rule.direction.toLowerCase()} rule ${rule.ruleNumber}, ` +
        `matching ${contribution.matchedPeer}${where(rule.location)}.`,
    );
  }
  return lines;
}

function verdictLine(explanation: Explanation): string {
  const pair = `${explanation.source} => ${explanation.destination}`;
  if (explanation.query) {
    const what = `${explanation.query.protocol} ${explanation.query.port}`;
    return `${pair} on ${what}: ${explanation.verdict === 'denied' ? 'DENIED' : 'ALLOWED'}`;
  }
  if (explanation.verdict === 'denied') return `${pair}: DENIED (no connection is allowed)`;
  if (explanation.verdict === 'allowed') return `${pair}: ALLOWED (All Connections)`;
  return `${pair}: ALLOWED ONLY ${setText(explanation.allowed)} (everything else is denied)`;
}

export function explanationToText(explanation: Explanation): string {
  const lines = [verdictLine(explanation)];
  if (explanation.selfTraffic) {
    lines.push('A workload can always reach itself; policies do not apply to this traffic.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(...sideLines(explanation.egress, Boolean(explanation.query)));
  lines.push(...sideLines(explanation.ingress, Boolean(explanation.query)));
  lines.push('A connection needs both: egress allowed at the source and ingress allowed at the destination.');
  return `${lines.join('\n')}\n`;
}
