// Design by drawing (issue 5): the engine's front door for turning a drawn or deleted edge into
// a proposed change of policies. A proposal is previewed (its changes, the connectivity diff and
// the collateral pairs) and applied with applyChanges only after the user confirms.
//   allowSynthesis.ts  draw to allow: one ingress rule / one egress rule where isolation needs it
//   denySynthesis.ts   delete to deny: remove, narrow or split what admits the pair, or isolate
//   synthesisContext.ts endpoints, drawn pairs and the re-evaluation every proposal goes through
//   synthesisText.ts   the preview's sentence
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
export { proposeDeny } from './denySynthesis';
export { applyChanges } from './policyWorkspace';
export type { SynthesisOptions } from './synthesisContext';
