// The editing state of a design (issue 5): which design is open in the backend, its undo state,
// dirty flag, file and positions, the palette and inspector edits. Every edit is one backend
// operation; the backend answers with a DesignSnapshot that the window draws like a review.
// ReviewState owns the window and hands this class a host to show snapshots and say things.
// The allow dialog and proposal previews live in ProposalState, the policy editor in
// PolicyEditorState; forms, palette operations and positions are pure modules beside them.
import type { AppCommand } from '../../../../electron/common/appCommands';
import type { CanvasPosition, DeletionImpact, DesignOperation, DesignSnapshot, DesignTarget, DesignTemplate, DesignWarning } from '../../../../electron/common/design';
import type { ReviewSnapshot } from '../../../../electron/common/review';
import { chooseSavePath, invoke, setDirty } from '../api';
import { parseContainerPorts, parseLabels } from '../designForms';
import { impactSummary, targetLabel } from '../designEdits';
import { downloadText, exportMessage } from '../exportDownload';
import { designPositions } from '../designPositions';
import { externalFromForm, itemAddition, namespaceFromForm, type PaletteAddition, type PaletteItem, workloadFromForm } from '../paletteOperations';
import { PolicyEditorState } from './PolicyEditorState.svelte';
import { ProposalState } from './ProposalState.svelte';

export interface DesignHost {
  /** Draws a snapshot of the design (`fresh`: a new design, nothing of the previous picture kept). */
  show(snapshot: DesignSnapshot, fresh: boolean): void;
  say(message: string): void;
  snapshot(): ReviewSnapshot | undefined;
  /** Selects a canvas node (a renamed or moved workload keeps being the selection). */
  select(id: string): void;
}

/** Where a refusal of the backend is shown: next to the form that asked, or in the status bar. */
export type ErrorPlace = 'palette' | 'posture' | 'edit' | 'move' | 'policy' | 'status';


function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class DesignState {
  designId = $state<string | undefined>();
  dirty = $state(false);
  canUndo = $state(false);
  canRedo = $state(false);
  undoLabel = $state<string | undefined>();
  /** The design's file on this machine (opened from or saved to it in Electron or from a path). */
  filePath = $state<string | undefined>();
  redoLabel = $state<string | undefined>();
  warnings = $state.raw<DesignWarning[]>([]);
  /** The design's named external blocks (the canvas shows them as address ranges). */
  externalBlocks = $state.raw<{ name: string; cidr: string }[]>([]);
  /** Where nodes were placed by hand, under the design's ids (saved in the design file). */
  savedPositions = $state.raw<Readonly<Record<string, CanvasPosition>>>({});
  /** The backend's refusal of the last palette or posture edit, shown next to its form. */
  errors = $state<Partial<Record<ErrorPlace, string>>>({});
  /** A delete waiting for its confirmation, with what it takes along. */
  deletion = $state.raw<DeletionImpact | undefined>();
  busy = $state(false);
  /** The allow dialog and the preview of an allow or deny. */
  readonly proposals: ProposalState;
  /** The policy editor's form, while a policy is being edited. */
  readonly policyEditor: PolicyEditorState;

  constructor(private readonly host: DesignHost) {
    this.proposals = new ProposalState({
      designId: () => this.designId,
      snapshot: () => this.host.snapshot(),
      say: (message) => this.host.say(message),
      apply: (operation, done) => this.apply(operation, done),
    });
    this.policyEditor = new PolicyEditorState({
      designId: () => this.designId,
      snapshot: () => this.host.snapshot(),
      say: (message) => this.host.say(message),
      apply: async (operation, done) => {
        const applied = await this.apply(operation, done, 'policy');
        if (!applied) this.policyEditor.error = this.errors.policy;
        return applied;
      },
    });
  }

  get active(): boolean {
    return this.designId !== undefined;
  }

  /** The commands a design handles itself (save, undo, export); false for the others. */
  run(command: AppCommand): boolean {
    switch (command.type) {
      case 'undo':
        void this.undo();
        return true;
      case 'redo':
        void this.redo();
        return true;
      case 'save':
      case 'save-as':
        void this.save(command.type === 'save-as');
        return true;
      case 'save-to':
        void this.saveTo(command.path);
        return true;
      case 'export':
        void this.exportPolicies();
        return true;
      default:
        return false;
    }
  }

  async start(): Promise<void> {
    try {
      const snapshot = await invoke('design:new', {});
      this.update(snapshot);
      this.host.show(snapshot, true);
      this.host.say('New design: add namespaces and workloads with the palette, then allow traffic between them.');
    } catch (error) {
      this.host.say(`Could not start a design: ${messageOf(error)}`);
    }
  }

  /** A new design holding what the review shows (an imported cluster, opened manifests). */
  async startFromReview(review: ReviewSnapshot): Promise<void> {
    try {
      const snapshot = await invoke('design:fromReview', { sessionId: review.sessionId });
      this.reset();
      this.update(snapshot);
      this.host.show(snapshot, true);
      this.host.say(`A design from ${review.title}: change it by drawing or in the policy editor, then export or push it. The review's files are not changed.`);
    } catch (error) {
      this.host.say(`Could not start a design from ${review.title}: ${messageOf(error)}`);
    }
  }

  /** Enters design mode with a design the backend opened (a design file chosen with Open). */
  adopt(snapshot: DesignSnapshot): void {
    this.reset();
    this.update(snapshot);
    this.host.show(snapshot, true);
    const warnings = snapshot.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info').length;
    this.host.say(`Opened the design ${snapshot.title}${warnings > 0 ? ` (${warnings} finding${warnings === 1 ? '' : 's'}: see Diagnostics)` : ''}.`);
  }

  /** Leaves design mode (a review was opened or the window was cleared). */
  reset(): void {
    this.designId = undefined;
    this.filePath = undefined;
    this.errors = {};
    this.proposals.reset();
    this.deletion = undefined;
    this.policyEditor.close();
    this.warnings = [];
    this.externalBlocks = [];
    this.savedPositions = {};
    this.setDirtyFlag(false);
  }

  private update(snapshot: DesignSnapshot): void {
    this.designId = snapshot.designId;
    this.filePath = snapshot.filePath;
    this.canUndo = snapshot.canUndo;
    this.canRedo = snapshot.canRedo;
    this.undoLabel = snapshot.undoLabel;
    this.redoLabel = snapshot.redoLabel;
    this.warnings = snapshot.warnings;
    this.externalBlocks = snapshot.externalBlocks;
    this.savedPositions = snapshot.view.positions;
    this.setDirtyFlag(snapshot.dirty);
  }

  private setDirtyFlag(dirty: boolean): void {
    if (dirty !== this.dirty) setDirty(dirty);
    this.dirty = dirty;
  }

  private async call(what: () => Promise<DesignSnapshot>, done: string, place: ErrorPlace): Promise<boolean> {
    this.busy = true;
    try {
      const snapshot = await what();
      this.errors = {};
      this.update(snapshot);
      this.host.show(snapshot, false);
      this.host.say(done);
      return true;
    } catch (error) {
      if (place === 'status') this.host.say(messageOf(error));
      else this.errors = { [place]: messageOf(error) };
      return false;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Nodes moved on the canvas (by canvas id): saved as the design's positions. Not an undo step
   * (the backend keeps positions across undo), but the design is then unsaved.
   */
  async moveNodes(moved: Record<string, CanvasPosition>): Promise<void> {
    const designId = this.designId;
    const snapshot = this.host.snapshot();
    if (designId === undefined || !snapshot) return;
    const positions = designPositions(snapshot, this.externalBlocks, moved);
    const changed = Object.entries(positions).some(([id, point]) => this.savedPositions[id]?.x !== point.x || this.savedPositions[id]?.y !== point.y);
    if (!changed) return;
    try {
      const next = await invoke('design:apply', { designId, operation: { type: 'set-positions', positions } });
      this.update(next);
      this.host.show(next, false);
    } catch (error) {
      this.host.say(`The new positions were not kept: ${messageOf(error)}`);
    }
  }

  /** One edit as one undo step; a refusal is shown at `place` and nothing else changes. */
  apply(operation: DesignOperation, done: string, place: ErrorPlace = 'status'): Promise<boolean> {
    const designId = this.designId;
    if (designId === undefined) return Promise.resolve(false);
    return this.call(() => invoke('design:apply', { designId, operation }), done, place);
  }

  undo(): Promise<boolean> {
    const designId = this.designId;
    if (designId === undefined || !this.canUndo) {
      this.host.say('Nothing to undo.');
      return Promise.resolve(false);
    }
    return this.call(() => invoke('design:undo', { designId }), `Undid ${this.undoLabel ?? 'the last edit'}.`, 'status');
  }

  redo(): Promise<boolean> {
    const designId = this.designId;
    if (designId === undefined || !this.canRedo) {
      this.host.say('Nothing to redo.');
      return Promise.resolve(false);
    }
    return this.call(() => invoke('design:redo', { designId }), `Redid ${this.redoLabel ?? 'the edit'}.`, 'status');
  }

  // The palette ------------------------------------------------------------------------------

  private refuse(error: string): Promise<boolean> {
    return this.refuseAt('palette', error);
  }

  addNamespace(name: string, labelsText: string): Promise<boolean> {
    return this.add(namespaceFromForm(name, labelsText));
  }

  addWorkload(fields: { namespace: string; name: string; kind: string; labels: string; ports: string }): Promise<boolean> {
    return this.add(workloadFromForm(fields));
  }

  addExternal(name: string, cidr: string): Promise<boolean> {
    return this.add(externalFromForm(name, cidr));
  }

  /**
   * A palette item dropped on the canvas (or double-clicked): added with a name of its own at the
   * drop point, then selected so that the inspector's form can rename it.
   */
  addFromPalette(kind: PaletteItem, at: { position?: CanvasPosition; namespace?: string | undefined } = {}): Promise<boolean> {
    return this.add(itemAddition(kind, this.host.snapshot(), this.externalBlocks, at));
  }

  private async add(addition: PaletteAddition): Promise<boolean> {
    if (!addition.ok) return this.refuse(addition.error);
    const added = await this.apply(addition.operation, addition.done, 'palette');
    if (added && addition.select !== undefined) this.host.select(addition.select);
    return added;
  }

  // Editing in the inspector -------------------------------------------------------------------

  /** Forgets the refusals of the inspector's forms (another node was selected). */
  clearEditErrors(): void {
    if (this.errors.edit !== undefined || this.errors.move !== undefined) this.errors = {};
  }

  private refuseAt(place: ErrorPlace, error: string): Promise<boolean> {
    this.errors = { [place]: error };
    return Promise.resolve(false);
  }

  /** Name, labels and ports of a workload; a renamed workload stays selected under its new id. */
  async updateWorkload(id: string, fields: { name: string; labels: string; ports: string }): Promise<boolean> {
    const labels = parseLabels(fields.labels);
    if (!labels.ok) return this.refuseAt('edit', `Labels: ${labels.error}`);
    const ports = parseContainerPorts(fields.ports);
    if (!ports.ok) return this.refuseAt('edit', `Ports: ${ports.error}`);
    const name = fields.name.trim();
    const applied = await this.apply({ type: 'update-workload', id, name, labels: labels.value, ports: ports.value }, `Updated workload ${name}.`, 'edit');
    if (applied) this.host.select(id.replace(/\/[^/[]*\[/, `/${name}[`));
    return applied;
  }

  async moveWorkload(id: string, namespace: string): Promise<boolean> {
    const applied = await this.apply({ type: 'move-workload', id, namespace }, `Moved ${id} to ${namespace}.`, 'move');
    if (applied) this.host.select(id.replace(/^[^/]*\//, `${namespace}/`));
    return applied;
  }

  updateNamespaceLabels(name: string, labelsText: string): Promise<boolean> {
    const labels = parseLabels(labelsText);
    if (!labels.ok) return this.refuseAt('edit', `Labels: ${labels.error}`);
    return this.apply({ type: 'update-namespace', name, labels: labels.value }, `Updated the labels of namespace ${name}.`, 'edit');
  }

  updateExternal(name: string, newName: string, cidr: string): Promise<boolean> {
    return this.apply({ type: 'update-external', name, newName: newName.trim(), cidr: cidr.trim() }, `Updated the external block ${newName.trim()}.`, 'edit');
  }

  /** Asks the backend what a delete takes along and opens the confirmation. */
  async askDelete(target: DesignTarget): Promise<void> {
    const designId = this.designId;
    if (designId === undefined) return;
    try {
      this.deletion = await invoke('design:impact', { designId, target });
    } catch (error) {
      this.host.say(`Cannot delete ${targetLabel(target)}: ${messageOf(error)}`);
    }
  }

  async confirmDelete(): Promise<void> {
    const impact = this.deletion;
    if (!impact) return;
    this.deletion = undefined;
    await this.apply({ type: 'delete', target: impact.target }, `${impactSummary(impact).replace(/^Delete/, 'Deleted')}`);
  }

  cancelDelete(): void {
    if (this.deletion) this.host.say('Nothing deleted.');
    this.deletion = undefined;
  }

  // Namespace posture ----------------------------------------------------------------------------

  setDefaultDeny(namespace: string, ingress: boolean, egress: boolean): Promise<boolean> {
    return this.apply({ type: 'set-default-deny', namespace, ingress, egress }, `Default deny in ${namespace}: ingress ${ingress ? 'on' : 'off'}, egress ${egress ? 'on' : 'off'}.`, 'posture');
  }

  applyTemplate(template: DesignTemplate, namespace: string): Promise<boolean> {
    return this.apply({ type: 'apply-template', template, namespace }, `Applied the template ${template} to ${namespace}.`, 'posture');
  }

  // Files -----------------------------------------------------------------------------------------

  /**
   * Save: back to the design's own file when it has one; otherwise (and for Save As) the native
   * Save dialog in Electron, or a download in a browser.
   */
  async save(as = false): Promise<void> {
    const designId = this.designId;
    if (designId === undefined) return;
    if (!as && this.filePath !== undefined) return this.saveTo(undefined);
    try {
      if (chooseSavePath((await invoke('design:serialize', { designId })).fileName)) return;
      const response = await invoke('design:serialize', { designId, markSaved: true });
      downloadText(response.fileName, response.text);
      this.setDirtyFlag(response.dirty);
      this.host.say(`Saved the design as ${response.fileName}.`);
    } catch (error) {
      this.host.say(`Save failed: ${messageOf(error)}`);
    }
  }

  /** Writes the design file (to `path`, or back to its own file); asks before overwriting a file changed on disk. */
  async saveTo(path: string | undefined, overwrite = false): Promise<void> {
    const designId = this.designId;
    if (designId === undefined) return;
    try {
      const snapshot = await invoke('design:save', { designId, ...(path !== undefined ? { path } : {}), ...(overwrite ? { overwrite } : {}) });
      this.update(snapshot);
      this.host.show(snapshot, false);
      this.host.say(`Saved the design to ${snapshot.filePath ?? path ?? 'its file'}.`);
    } catch (error) {
      const message = messageOf(error);
      // safeWrite's words for a file someone else changed since it was opened (nothing was written).
      if (!overwrite && /since it was opened; nothing was written/.test(message) && globalThis.confirm(`${message}\n\nOverwrite it with this design?`)) {
        return this.saveTo(path, true);
      }
      this.host.say(`Save failed: ${message}`);
    }
  }

  async exportPolicies(): Promise<void> {
    const designId = this.designId;
    if (designId === undefined) return;
    try {
      const response = await invoke('design:export', { designId });
      const file = response.files[0];
      if (file) downloadText(file.path, file.text);
      this.host.say(exportMessage(response));
    } catch (error) {
      this.host.say(`Export failed: ${messageOf(error)}`);
    }
  }
}
