// Design by drawing (issue 5), as plain data: what the user drew or deleted, and the change of
// policies the engine proposes for it. electron/engine/synthesis.ts computes proposals;
// electron/engine/synthesisText.ts turns their steps into the preview's sentence.
import type { Direction } from './explanation';
import type { DiffRow, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec, PolicyModel, Protocol } from './model';

/** One end of a drawn edge. */
export type DesignEndpoint =
  /** `ns/name[Kind]` (or `ns/name` when that names one workload). */
  | { kind: 'workload'; id: string }
  /** Every workload of the namespace. */
  | { kind: 'namespace'; name: string }
  /** Addresses outside the cluster: `cidr` minus every `except`. */
  | { kind: 'cidr'; cidr: string; except?: string[] };

/** How the source is selected in the destination's ingress rule. */
export type SourceSelection = 'workload-labels' | 'namespace' | { labels: Record<string, string> };

/** One port entry of the dialog: a number (optionally a range up to endPort), a port name, or every port of the protocol. */
export interface PortRequest {
  protocol: Protocol;
  port?: number | string;
  endPort?: number;
}

export interface AllowIntent {
  source: DesignEndpoint;
  /** A workload or namespace; a cidr destination means an egress rule only. */
  destination: DesignEndpoint;
  /** Omitted: the destination's declared container ports (defaultPortsFor), or every port when it declares none. */
  ports?: PortRequest[] | 'all';
  /** Default: 'workload-labels' for a workload source, 'namespace' for a namespace source. */
  sourceSelection?: SourceSelection;
}

export interface DenyIntent {
  source: DesignEndpoint;
  destination: DesignEndpoint;
  /**
   * Deny only these ports (named ports resolve on each destination, NP-34): every drawn pair
   * keeps exactly what it allowed before minus these. Omitted or empty: deny everything.
   */
  ports?: PortRequest[];
}

export type PolicyChange =
  /** A new NetworkPolicy. */
  | { type: 'create'; policy: PolicyModel }
  /** The whole new spec of an existing policy. */
  | { type: 'update'; namespace: string; name: string; spec: NetworkPolicySpec }
  | { type: 'delete'; namespace: string; name: string };

/** What a deny leaves out of a peer: pods with this label (in this namespace, when both are set), a whole namespace, or address blocks. */
export interface PeerExclusion {
  podLabel?: { key: string; value: string };
  namespace?: string;
  exceptCidrs?: string[];
}

/**
 * What one part of a proposal does, as data. `policy` is `namespace/name`; rule and peer numbers
 * count from 1 and refer to the policy as it was before the change (for an added rule: its
 * number in the new list).
 */
export type SynthesisStep =
  | {
      kind: 'create-policy';
      policy: string;
      direction: Direction;
      /** allow: admits the drawn pair; isolate: isolates `selects` and admits everything but `exclusion`; split: takes over rules of `splitFrom` for `selects`. */
      purpose: 'allow' | 'isolate' | 'split';
      /** Ids of the workloads it selects. */
      selects: string[];
      exclusion?: PeerExclusion;
      splitFrom?: { policy: string; ruleNumbers: number[] };
    }
  | { kind: 'add-rule'; policy: string; direction: Direction; ruleNumber: number; peers: NetworkPolicyPeer[] | null; ports: NetworkPolicyPort[] | null }
  | { kind: 'add-ports'; policy: string; direction: Direction; ruleNumber: number; ports: NetworkPolicyPort[] }
  | { kind: 'remove-rule'; policy: string; direction: Direction; ruleNumber: number }
  /**
   * Ports taken out of a rule's list (the rule keeps its other ports). `split`: the ranges that
   * lost only part of their ports, with the parts left in their place.
   */
  | {
      kind: 'remove-ports';
      policy: string;
      direction: Direction;
      ruleNumber: number;
      ports: NetworkPolicyPort[];
      split?: { range: NetworkPolicyPort; into: NetworkPolicyPort[] }[];
    }
  /** The policy was left without rules and `isolatedBy` still isolate every workload it selects. */
  | { kind: 'delete-policy'; policy: string; direction: Direction; isolatedBy: string[] }
  | { kind: 'remove-peer'; policy: string; direction: Direction; ruleNumber: number; peerNumber: number }
  | { kind: 'narrow-peer'; policy: string; direction: Direction; ruleNumber: number; peerNumber: number; exclusion: PeerExclusion }
  /** The rule had no peers (everyone); it now lists everyone except the excluded endpoints. */
  | { kind: 'restrict-rule'; policy: string; direction: Direction; ruleNumber: number; exclusion: PeerExclusion };

/** Something the engine's verdict cannot promise for every network plugin. */
export type SynthesisCaution =
  /**
   * An `ipBlock` 0.0.0.0/0 (or ::/0) stands for "every external address"; network plugins that let
   * ipBlocks match pod IPs (NP-40) also admit these workloads through it unless their pod IPs are
   * excepted, and their pod IPs are not known to the model.
   */
  | { code: 'ip-block-may-match-pods'; workloads: string[] }
  /** Other workloads carry the labels used to select the drawn endpoint and change too. */
  | { code: 'shared-labels'; workloads: string[] };

export type ProposalStatus =
  /** `changes` make it so (see `verified`). */
  | 'proposed'
  /** Nothing to change: already allowed / already denied. */
  | 'satisfied'
  /** The intent cannot be served (unknown endpoint, a cidr on both ends, an invalid port…); `message` says why. */
  | 'invalid';

export interface Proposal {
  status: ProposalStatus;
  /** false: nothing to change (already allowed / already denied, or an invalid intent), with `message` saying so. */
  needed: boolean;
  changes: PolicyChange[];
  steps: SynthesisStep[];
  /** The engine re-evaluated the changed model and the drawn pair now allows (at least) what was asked / nothing. */
  verified: boolean;
  /** Every ordered pair whose connectivity changes, as diff rows (connectivityDiff's shape). */
  affectedPairs: DiffRow[];
  /** Pairs other than the drawn/deleted one that change (collateral), for the confirmation. */
  collateral: DiffRow[];
  cautions: SynthesisCaution[];
  /** One sentence for the preview. */
  message: string;
}
