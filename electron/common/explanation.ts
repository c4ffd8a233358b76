// Why a pair can or cannot talk, as data. Only electron/engine/explain.ts builds these objects
// and only electron/engine/explanationText.ts turns them into sentences.
import type { ConnectionSetData, Protocol, SourceLocation } from './model';

export type Direction = 'Ingress' | 'Egress';

export interface RuleReference {
  /** `namespace/name` of the NetworkPolicy. */
  policy: string;
  direction: Direction;
  /** Rule number within the direction's list, counted from 1. */
  ruleNumber: number;
  location?: SourceLocation;
}

export interface RuleContribution {
  rule: RuleReference;
  /** What this rule admits for this pair (ports already resolved on the destination). */
  allows: ConnectionSetData;
  /** Why it matches the peer: `all peers`, `peer 2 (podSelector …)`, `ipBlock 10.0.0.0/8`. */
  matchedPeer: string;
}

export type SideVerdictReason =
  /** The endpoint is an address outside the cluster: no policy applies on its side. */
  | 'external-endpoint'
  /** No NetworkPolicy selects the workload for this direction: everything is allowed. */
  | 'not-isolated'
  /** Isolated: the union of the rules below is what is allowed (possibly nothing). */
  | 'isolated';

export interface SideExplanation {
  direction: Direction;
  /** The endpoint whose policies decide this side (source for Egress, destination for Ingress). */
  endpoint: string;
  reason: SideVerdictReason;
  /** Policies that select the endpoint for this direction. */
  isolatingPolicies: { policy: string; location?: SourceLocation }[];
  /** Rules whose peers match the other end and that admit something. */
  contributions: RuleContribution[];
  /** The union this side allows toward the other end. */
  allowed: ConnectionSetData;
}

export interface ConnectionQuery {
  protocol: Protocol;
  port: number;
}

export interface Explanation {
  source: string;
  destination: string;
  query?: ConnectionQuery;
  /** Whole result (or the part matching the query): egress ∩ ingress. */
  allowed: ConnectionSetData;
  verdict: 'allowed' | 'denied' | 'partly-allowed';
  /** A workload always reaches itself (NP-47); no policy is consulted. */
  selfTraffic: boolean;
  egress: SideExplanation;
  ingress: SideExplanation;
}
