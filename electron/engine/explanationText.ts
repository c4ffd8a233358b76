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

export function explanationToText(explanation: Explanation): string {
  const query = explanation.query ? ` on ${explanation.query.protocol} ${explanation.query.port}` : '';
  const verdictWord = explanation.verdict === 'allowed' ? 'ALLOWED' : explanation.verdict === 'denied' ? 'DENIED' : 'PARTLY ALLOWED';
  const lines = [`${explanation.source} => ${explanation.destination}${query}: ${verdictWord}`];
  if (explanation.verdict !== 'denied') lines.push(`Allowed: ${setText(explanation.allowed)}`);
  if (explanation.selfTraffic) {
    lines.push('A workload can always reach itself; policies do not apply to this traffic.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(...sideLines(explanation.egress, Boolean(explanation.query)));
  lines.push(...sideLines(explanation.ingress, Boolean(explanation.query)));
  lines.push('A connection needs both: egress allowed at the source and ingress allowed at the destination.');
  return `${lines.join('\n')}\n`;
}
