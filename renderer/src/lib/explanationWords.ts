// The Explain panel's words for the reasons of an explanation (CONVENTIONS 5: reasons are data,
// words are formatting). The backend's ExplainResponse.text says the same in one block of text;
// the panel needs the pieces separately to put links between them.
import type { RuleContribution, SideExplanation } from '../../../electron/common/explanation';
import { connectionSetText } from './connectionText';

/** `Egress from frontend (netpol-demo)`, `Ingress to backend (netpol-demo)`. */
export function sideHeading(side: SideExplanation, endpointLabel: string): string {
  return side.direction === 'Egress' ? `Egress from ${endpointLabel}` : `Ingress to ${endpointLabel}`;
}

/** Why this side allows what it allows, before the policies and rules are listed. */
export function sideReason(side: SideExplanation): string {
  const direction = side.direction.toLowerCase();
  switch (side.reason) {
    case 'external-endpoint':
      return 'Allowed: this end is an address outside the cluster, so no policy applies on this side.';
    case 'not-isolated':
      return `Allowed: not isolated; no NetworkPolicy selects it for ${direction}.`;
    case 'isolated':
      return side.contributions.length === 0
        ? `Isolated, and no ${direction} rule admits it: denied.`
        : `Isolated; only what these ${direction} rules admit is allowed.`;
  }
}

/** `egress rule 1` for a rule link. */
export function ruleName(contribution: RuleContribution): string {
  return `${contribution.rule.direction.toLowerCase()} rule ${contribution.rule.ruleNumber}`;
}

/** `matches peer 1 (podSelector …); allows TCP 8080` for the text after a rule link. */
export function contributionDetail(contribution: RuleContribution): string {
  return `matches ${contribution.matchedPeer}; allows ${connectionSetText(contribution.allows)}`;
}

/** What the side allows toward the other end. */
export function sideAllows(side: SideExplanation): string {
  return connectionSetText(side.allowed);
}
