// Design by drawing (issue 5): the engine's front door for turning a drawn or deleted edge into
// a proposed change of policies. A proposal is previewed (its changes, the connectivity diff and
// the collateral pairs) and applied with applyChanges only after the user confirms.
//   allowSynthesis.ts     draw to allow: one ingress rule / one egress rule where isolation needs it
//   denySynthesis.ts      delete to deny: remove, narrow or split what admits the pair, or isolate
//   portDenySynthesis.ts  delete some ports: drop them from rules, or deny and allow the rest back
//   synthesisContext.ts   endpoints, drawn pairs and the re-evaluation every proposal goes through
//   synthesisText.ts      the preview's sentence
import type { ClusterModel } from '../common/model';
import type { DenyIntent, Proposal } from '../common/synthesis';
import { proposeDeny as proposeDenyAll } from './denySynthesis';
import { proposePortDeny } from './portDenySynthesis';
import type { SynthesisOptions } from './synthesisContext';

export type {
  AllowIntent,
  DenyIntent,
  DesignEndpoint,
  PeerExclusion,
  PolicyChange,
  PortRequest,
  Proposal,
  ProposalStatus,
  SourceSelection,
  SynthesisCaution,
  SynthesisStep,
} from '../common/synthesis';
export { defaultPortsFor, proposeAllow } from './allowSynthesis';
export { applyChanges } from './policyWorkspace';
export type { SynthesisOptions } from './synthesisContext';

/** Delete an edge: all of its connectivity, or, when `intent.ports` lists some, only those ports. */
export function proposeDeny(model: ClusterModel, intent: DenyIntent, options: SynthesisOptions = {}): Proposal {
  return intent.ports && intent.ports.length > 0 ? proposePortDeny(model, intent, options) : proposeDenyAll(model, intent, options);
}
