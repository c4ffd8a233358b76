// Allowing and denying by drawing (issue 5): the allow dialog (ports, how the source is selected),
// the backend's proposal for an allow or a deny, and its preview (the policy changes as YAML
// diffs, the pairs that change, the collateral). Nothing changes before the preview's Apply,
// which the host applies as one undo step. DesignState owns it and hands it this host.
import type { DesignOperation, PolicyChange } from '../../../../electron/common/design';
import type { ReviewSnapshot } from '../../../../electron/common/review';
import type { DenyIntent } from '../../../../electron/common/synthesis';
import { invoke } from '../api';
import { type AllowForm, allowIntentFrom, designEndpointFor, initialAllowForm, parsePortRequests, type ProposalPreview, proposalPreview, stepLabel } from '../designForms';
import { type PolicyDiff, policyDiffs } from '../designEdits';
import { endpointLabel, workloadById } from '../reviewQueries';

export interface ProposalHost {
  designId(): string | undefined;
  snapshot(): ReviewSnapshot | undefined;
  say(message: string): void;
  /** Applies the operation as one undo step. */
  apply(operation: DesignOperation, done: string): Promise<boolean>;
}

export interface PendingProposal {
  preview: ProposalPreview;
  /** The YAML of each changed policy, before and after, as a line diff. */
  diffs: PolicyDiff[];
  changes: PolicyChange[];
  label: string;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ProposalState {
  /** The allow dialog, while it is open. */
  allowForm = $state<AllowForm | undefined>();
  allowError = $state<string | undefined>();
  /** A proposal being previewed (Apply / Cancel). */
  pending = $state.raw<PendingProposal | undefined>();

  constructor(private readonly host: ProposalHost) {}

  /** Forgets the dialog and the preview (the design was left or replaced). */
  reset(): void {
    this.allowForm = undefined;
    this.allowError = undefined;
    this.pending = undefined;
  }

  /** The short name of an endpoint for step labels: a workload's name, a namespace, a CIDR. */
  private endpointName(id: string): string {
    const snapshot = this.host.snapshot();
    const endpoint = designEndpointFor(snapshot, id);
    if (endpoint?.kind === 'workload') return workloadById(snapshot, id)?.name ?? id;
    if (endpoint?.kind === 'namespace') return `namespace ${endpoint.name}`;
    if (endpoint?.kind === 'cidr') return endpoint.cidr;
    return endpointLabel(snapshot, id);
  }

  openAllow(source: string, destination: string): void {
    const snapshot = this.host.snapshot();
    if (!designEndpointFor(snapshot, destination)) {
      this.host.say('Traffic can be allowed to a workload, a namespace or a CIDR block only.');
      return;
    }
    this.allowError = undefined;
    this.allowForm = initialAllowForm(snapshot, source, destination);
  }

  closeAllow(): void {
    this.allowForm = undefined;
    this.allowError = undefined;
  }

  async proposeAllow(): Promise<void> {
    const form = this.allowForm;
    const designId = this.host.designId();
    if (!form || designId === undefined) return;
    const snapshot = this.host.snapshot();
    const intent = allowIntentFrom(snapshot, form);
    if (!intent.ok) {
      this.allowError = intent.error;
      return;
    }
    try {
      const proposal = await invoke('design:proposeAllow', { designId, intent: intent.value });
      this.allowForm = undefined;
      this.pending = { preview: proposalPreview(proposal), diffs: policyDiffs(snapshot, proposal.changes), changes: proposal.changes, label: stepLabel('Allow', this.endpointName(form.source), this.endpointName(form.destination)) };
    } catch (error) {
      this.allowError = messageOf(error);
    }
  }

  /** Proposes denying the edge: all of it, or only `portsText` (`443/TCP, 53/UDP`). */
  async proposeDeny(source: string, destination: string, portsText?: string): Promise<void> {
    const designId = this.host.designId();
    const snapshot = this.host.snapshot();
    const from = designEndpointFor(snapshot, source);
    const to = designEndpointFor(snapshot, destination);
    if (designId === undefined || !from || !to) {
      this.host.say('Only a connection between workloads, namespaces or CIDR blocks can be denied.');
      return;
    }
    const ports = portsText === undefined ? ({ ok: true, value: 'all' } as const) : parsePortRequests(portsText);
    if (!ports.ok) {
      this.host.say(ports.error);
      return;
    }
    const pair: DenyIntent = { source: from, destination: to };
    if (ports.value !== 'all') pair.ports = ports.value;
    try {
      const proposal = await invoke('design:proposeDeny', { designId, pair });
      this.pending = { preview: proposalPreview(proposal), diffs: policyDiffs(snapshot, proposal.changes), changes: proposal.changes, label: stepLabel('Deny', this.endpointName(source), this.endpointName(destination)) };
    } catch (error) {
      this.host.say(`Could not propose a deny: ${messageOf(error)}`);
    }
  }

  async applyProposal(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    if (!pending.preview.needed || pending.changes.length === 0) return;
    await this.host.apply({ type: 'policy-changes', changes: pending.changes, label: pending.label }, `${pending.label}: applied.`);
  }

  cancelProposal(): void {
    if (this.pending) this.host.say(this.pending.preview.needed ? 'Nothing changed.' : this.pending.preview.message);
    this.pending = undefined;
  }
}
