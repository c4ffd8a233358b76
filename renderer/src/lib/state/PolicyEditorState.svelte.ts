// The policy editor (issue 5, point 5): one policy of the design as a form, checked by the backend
// after every edit (design:checkPolicy: the API server's findings per field and the pairs that
// would change), applied as one undo step (design:apply) when the user presses Apply.
import type { DesignOperation, PolicyCheck, PolicyChange } from '../../../../electron/common/design';
import type { Diagnostic } from '../../../../electron/common/model';
import type { ReviewSnapshot } from '../../../../electron/common/review';
import { invoke } from '../api';
import { currentPolicyYaml, type PolicyDiff, policyDiffs } from '../designEdits';
import { findingsByAnchor, formProblems, newPolicyForm, type PolicyEditorTarget, type PolicyForm, policyChanges, policyForm, specFromManifest } from '../policyForm';

export interface PolicyEditorHost {
  designId(): string | undefined;
  snapshot(): ReviewSnapshot | undefined;
  /** Applies the operation as one step; false (with the refusal shown) when the backend refuses. */
  apply(operation: DesignOperation, done: string): Promise<boolean>;
  say(message: string): void;
}

/** How long the form waits after a keystroke before asking the backend again. */
const CHECK_DELAY_MS = 250;

export class PolicyEditorState {
  form = $state<PolicyForm | undefined>();
  target = $state.raw<PolicyEditorTarget>({});
  /** The backend's answer for the form as it was when last asked. */
  check = $state.raw<PolicyCheck | undefined>();
  /** The form differs from what was opened (Apply stays off until it does). */
  changed = $state(false);
  checking = $state(false);
  /** A refusal of the Apply itself, or a failed check. */
  error = $state<string | undefined>();
  private initial = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;

  constructor(private readonly host: PolicyEditorHost) {}

  get open(): boolean {
    return this.form !== undefined;
  }

  /** Opens an existing policy of the design, by its `ns/name` key. */
  edit(key: string): void {
    const snapshot = this.host.snapshot();
    const policy = snapshot?.policies.find((candidate) => candidate.key === key);
    const spec = specFromManifest(currentPolicyYaml(snapshot, key));
    if (!policy || !spec) {
      this.host.say(`The policy ${key} cannot be edited: it is not part of this design's valid policies.`);
      return;
    }
    this.start(policyForm(policy.namespace, policy.name, spec), { original: { namespace: policy.namespace, name: policy.name } });
  }

  /** Opens an empty policy in a namespace. */
  create(namespace: string): void {
    this.start(newPolicyForm(namespace), {});
  }

  private start(form: PolicyForm, target: PolicyEditorTarget): void {
    this.form = form;
    this.target = target;
    this.initial = JSON.stringify(form);
    this.changed = false;
    this.check = undefined;
    this.error = undefined;
    this.requestCheck();
  }

  close(): void {
    clearTimeout(this.timer);
    this.form = undefined;
    this.check = undefined;
    this.error = undefined;
  }

  /** The edit the form stands for now. */
  get changes(): PolicyChange[] {
    return this.form ? policyChanges(this.form, this.target) : [];
  }

  /** Problems seen in the form itself plus the backend's findings, by the form element they belong to. */
  get findings(): Map<string, Diagnostic[]> {
    const local = this.form ? formProblems(this.form) : [];
    return findingsByAnchor([...local, ...(this.check?.diagnostics ?? [])]);
  }

  get blocked(): boolean {
    const local = this.form ? formProblems(this.form) : [];
    return local.length > 0 || this.check?.refused === true;
  }

  get diffs(): PolicyDiff[] {
    return this.form && this.changed ? policyDiffs(this.host.snapshot(), this.changes) : [];
  }

  /** Called by the form on every input: notes whether it changed and asks the backend again shortly. */
  edited(): void {
    if (!this.form) return;
    this.changed = JSON.stringify(this.form) !== this.initial;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.requestCheck(), CHECK_DELAY_MS);
  }

  private requestCheck(): void {
    const designId = this.host.designId();
    if (!this.form || designId === undefined) return;
    const ask = ++this.asked;
    const changes = this.changes;
    this.checking = true;
    invoke('design:checkPolicy', { designId, changes })
      .then((check) => {
        if (ask !== this.asked) return;
        this.check = check;
        this.error = undefined;
      })
      .catch((error: unknown) => {
        if (ask === this.asked) this.error = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        if (ask === this.asked) this.checking = false;
      });
  }

  async apply(): Promise<void> {
    const form = this.form;
    if (!form || !this.changed || this.blocked) return;
    const key = `${form.namespace}/${form.name.trim()}`;
    const verb = this.target.original ? 'Edit' : 'Create';
    const applied = await this.host.apply({ type: 'policy-changes', changes: this.changes, label: `${verb} policy ${key}` }, `${verb === 'Edit' ? 'Saved' : 'Created'} the policy ${key}.`);
    if (applied) this.close();
  }
}
