// The window's state for reviewing manifests: what is open, what is selected and explained, which
// panels show, and the one `run` that carries out every AppCommand (menus, toolbar, keyboard).
// Components read it and call its methods; the answers to domain questions come from the
// snapshot the backend computed, through the pure helpers in ../reviewQueries.ts.
// About 500 lines: `run` reaches every part of the window, so the parts that need no other state
// live in their own classes (LayoutState, ExplainState, SearchState, DesignState for design mode,
// ClusterState for kubectl work) and the pure logic in ../*.ts; what stays here is what ties
// them together.
import type { AppCommand } from '../../../../electron/common/appCommands';
import type { Diagnostic, SourceLocation } from '../../../../electron/common/model';
import type { DesignSnapshot } from '../../../../electron/common/design';
import type { ReviewSnapshot } from '../../../../electron/common/review';
import { invoke } from '../api';
import { downloadText, exportMessage } from '../exportDownload';
import type { CanvasController, CanvasView } from '../canvas/canvasTypes';
import { isNotYetCommand, notYetMessage } from '../commandMessages';
import { verdictSummary } from '../connectionText';
import { defaultMatrixFilter, matrixFor } from '../connectivityMatrix';
import { formForPair } from '../explainForm';
import { manifestsOf, type PickedFile, readPicked, titleForPaths } from '../pickedFiles';
import {
  defaultExplainPair,
  endpointLabel,
  initiallyCollapsed,
  isEndpointId,
  NOTHING_SELECTED,
  plural,
  type Selection,
  selectedElementId,
  selectionExists,
  selectionForNode,
  workloadById,
  workloadsSelectedBy,
} from '../reviewQueries';
import { outcomeOfEdgeTap, outcomeOfNodeTap, type TapOutcome } from '../reviewSelection';
import { deleteTargetFor } from '../designEdits';
import { canvasPositions } from '../designPositions';
import { diagnosticTarget, type LineRange, policyTarget, ruleTarget, type YamlTarget } from '../yamlRanges';
import { AppInfoState } from './AppInfoState.svelte';
import { ClusterState } from './ClusterState.svelte';
import { DesignState } from './DesignState.svelte';
import { ExplainState } from './ExplainState.svelte';
import { LayoutState } from './LayoutState.svelte';
import { SearchState } from './SearchState.svelte';

export type DialogName = 'welcome' | 'shortcuts' | 'about';

/** Opens the page's own file or folder chooser (hidden inputs, mounted by a component). */
export interface FilePicker {
  pick(kind: 'files' | 'folder'): void;
}

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export const WELCOME_DISMISSED_KEY = 'netpol-designer.welcome-dismissed';

const ZOOM_STEP = 1.25;

export class ReviewState {
  snapshot = $state.raw<ReviewSnapshot | undefined>();
  /** What is being opened, while it is. */
  loading = $state<string | undefined>();
  /** Why the last open failed; the previous picture stays. */
  error = $state<string | undefined>();
  collapsedNamespaces = $state.raw<ReadonlySet<string>>(new Set());
  selection = $state.raw<Selection>(NOTHING_SELECTED);
  /** The source of a pair whose destination the user is picking on the canvas. */
  pickingFrom = $state<string | undefined>();
  /** What the picked pair is for: explaining it, or allowing traffic in a design. */
  pickingFor = $state<'explain' | 'allow'>('explain');
  /** A policy shown in the YAML panel; the workloads it selects are highlighted. */
  policyInFocus = $state<string | undefined>();
  /** The pair last explained; its two ends are highlighted until something else is selected. */
  pairInFocus = $state.raw<{ source: string; destination: string } | undefined>();
  dialog = $state<DialogName | undefined>();
  yamlFile = $state<string | undefined>();
  /** Lines to highlight and scroll to; `serial` changes on every request, even for the same lines. */
  yamlReveal = $state.raw<{ file: string; range: LineRange; serial: number } | undefined>();
  controller = $state.raw<CanvasController | undefined>();

  readonly layout = new LayoutState();
  readonly explain = new ExplainState();
  readonly search = new SearchState(() => this.snapshot);
  readonly appInfo = new AppInfoState();
  /** Design mode (issue 5): active while a design is open. */
  readonly design = new DesignState({
    show: (snapshot, fresh) => this.showDesign(snapshot, fresh),
    say: (message) => this.layout.say(message),
    snapshot: () => this.snapshot,
    select: (id) => {
      this.selection = selectionForNode(this.snapshot, id);
    },
  });

  readonly cluster = new ClusterState({
    open: (snapshot) => {
      this.loadTicket++;
      this.loading = undefined;
      this.error = undefined;
      this.show(snapshot);
    },
    say: (message) => this.layout.say(message),
    snapshot: () => this.snapshot,
    readSetting: (key) => this.readStorage(key),
    writeSetting: (key, value) => this.writeStorage(key, value),
  });

  /** In design mode, what dragging a node on the canvas does: draw a connection from it, or move it. */
  dragMode = $state<'draw' | 'move'>('draw');

  readonly view: CanvasView = $derived({
    collapsedNamespaces: this.collapsedNamespaces,
    selectedId: selectedElementId(this.selection),
    highlightedIds: this.highlighted(),
    ...(this.pairInFocus ? { highlightedPair: this.pairInFocus } : {}),
    ...(this.design.active && this.snapshot ? { savedPositions: canvasPositions(this.snapshot, this.design.externalBlocks, this.design.savedPositions) } : {}),
  });

  /** The Matrix panel's table; computed only while something reads it. */
  readonly matrix = $derived(this.snapshot ? matrixFor(this.snapshot, this.layout.matrixFilter) : undefined);

  private picker: FilePicker | undefined;
  private storage: KeyValueStorage | undefined;
  private loadTicket = 0;
  private revealSerial = 0;

  /** First run: the sample at once, and the welcome dialog over it unless it was dismissed before. */
  start(storage: KeyValueStorage | undefined): void {
    this.storage = storage;
    if (this.readStorage(WELCOME_DISMISSED_KEY) !== 'true') this.dialog = 'welcome';
    void this.openSample();
  }

  setFilePicker(picker: FilePicker | undefined): void {
    this.picker = picker;
  }

  /** Carries out a command of the menus, the toolbar or the keyboard. */
  run(command: AppCommand): void {
    if (this.design.active && this.design.run(command)) return;
    if (isNotYetCommand(command.type)) {
      this.layout.say(notYetMessage(command.type));
      return;
    }
    switch (command.type) {
      case 'new-design':
        return this.startNewDesign();
      case 'edit-as-design':
        if (!this.snapshot || this.design.active) return this.layout.say(this.design.active ? 'This is a design already.' : 'Open manifests or import a cluster first.');
        void this.design.startFromReview(this.snapshot);
        return;
      case 'open-file':
      case 'open-folder':
        return this.pick(command.type === 'open-file' ? 'files' : 'folder');
      case 'open-paths':
        void this.openPaths(command.paths);
        return;
      case 'open-sample':
        void this.openSample();
        return;
      case 'close':
        return this.closeReview();
      case 'export':
        void this.exportPolicies();
        return;
      case 'import-cluster':
        return this.cluster.openImport();
      case 'push-to-cluster':
        return this.cluster.openPush();
      case 'fit':
        return this.onCanvas('fit', (canvas) => canvas.fit());
      case 'zoom-in':
        return this.onCanvas('zoom', (canvas) => canvas.zoomBy(ZOOM_STEP));
      case 'zoom-out':
        return this.onCanvas('zoom', (canvas) => canvas.zoomBy(1 / ZOOM_STEP));
      case 'relayout':
        return this.onCanvas('lay out', (canvas) => canvas.relayout());
      case 'toggle-panel':
        return this.layout.togglePanel(command.panel);
      case 'find':
        return this.search.requestFocus();
      case 'show-shortcuts':
        this.dialog = 'shortcuts';
        return;
      case 'show-about':
        this.dialog = 'about';
        if (!this.appInfo.info) void this.appInfo.load();
        return;
    }
  }

  /** Downloads the review's valid NetworkPolicies as one multi-document file. */
  async exportPolicies(): Promise<void> {
    if (!this.snapshot) return this.layout.say('Nothing to export: open manifests first.');
    try {
      const response = await invoke('review:export', { sessionId: this.snapshot.sessionId });
      const file = response.files[0];
      if (file) downloadText(file.path, file.text);
      this.layout.say(exportMessage(response));
    } catch (error) {
      this.layout.say(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // Opening -----------------------------------------------------------------------------------

  openSample(): Promise<void> {
    return this.load('the sample', () => invoke('review:sample', {}));
  }

  openPaths(paths: string[]): Promise<void> {
    if (paths.length === 0) return Promise.resolve();
    return this.load(titleForPaths(paths), () => invoke('review:openPaths', { paths }));
  }

  /** Files the page read itself (file or folder chooser, drag-and-drop). */
  async openPicked(picked: Promise<PickedFile[]> | PickedFile[], fromFolder: boolean): Promise<void> {
    await this.load('the chosen files', async () => {
      const files = manifestsOf(await picked, fromFolder);
      if (files.length === 0) throw new Error(fromFolder ? 'no .yaml, .yml or .json file was found there.' : 'no file was chosen.');
      const title = titleForPaths(files.map((file) => file.path));
      this.loading = `Opening ${title}…`;
      return invoke('review:openTexts', { files: await readPicked(files), title });
    });
  }

  private async load(what: string, open: () => Promise<ReviewSnapshot | DesignSnapshot>): Promise<void> {
    const ticket = ++this.loadTicket;
    this.loading = `Opening ${what}…`;
    this.error = undefined;
    try {
      const snapshot = await open();
      if (ticket === this.loadTicket) {
        // One design file opens as a design (the backend decides by its kind).
        if ('designId' in snapshot) this.design.adopt(snapshot);
        else this.show(snapshot);
      }
    } catch (error) {
      if (ticket === this.loadTicket) {
        const message = error instanceof Error ? error.message : String(error);
        this.error = `Could not open ${what}: ${message}${/[.!?]$/.test(message) ? '' : '.'}`;
        this.layout.say(this.snapshot ? 'Opening failed; the previous review stays open.' : 'Opening failed.');
      }
    } finally {
      if (ticket === this.loadTicket) this.loading = undefined;
    }
  }

  private show(snapshot: ReviewSnapshot, design = false): void {
    if (!design) this.design.reset();
    this.snapshot = snapshot;
    this.collapsedNamespaces = initiallyCollapsed(snapshot);
    this.selection = NOTHING_SELECTED;
    this.pickingFrom = undefined;
    this.policyInFocus = undefined;
    this.pairInFocus = undefined;
    this.explain.reset(defaultExplainPair(snapshot));
    this.yamlFile = snapshot.files[0]?.path;
    this.yamlReveal = undefined;
    this.layout.matrixFilter = defaultMatrixFilter(snapshot);
    this.search.setQuery(this.search.query);
    this.layout.say(`Opened ${snapshot.title}: ${plural(snapshot.workloads.length, 'workload')}, ${plural(snapshot.connections.length, 'connection')}.`);
  }

  private startNewDesign(): void {
    this.loadTicket++;
    this.loading = undefined;
    this.error = undefined;
    void this.design.start();
  }

  /** A design's snapshot: a new design like a newly opened review, an edit keeping what still exists. */
  private showDesign(snapshot: DesignSnapshot, fresh: boolean): void {
    if (fresh) return this.show(snapshot, true);
    // A node added from the palette has no place yet: the canvas places it beside the others.
    this.snapshot = snapshot;
    if (!selectionExists(snapshot, this.selection)) this.selection = NOTHING_SELECTED;
    if (!snapshot.files.some((file) => file.path === this.yamlFile)) this.yamlFile = snapshot.files[0]?.path;
    this.search.setQuery(this.search.query);
  }

  private closeReview(): void {
    this.clear({ message: 'Closed the review.' });
  }

  /** Leaves an empty window: no review, no selection, nothing loading. */
  private clear(next: { message: string }): void {
    this.loadTicket++;
    this.design.reset();
    this.loading = undefined;
    this.snapshot = undefined;
    this.selection = NOTHING_SELECTED;
    this.pickingFrom = undefined;
    this.policyInFocus = undefined;
    this.pairInFocus = undefined;
    this.explain.reset();
    this.yamlFile = undefined;
    this.layout.say(next.message);
  }

  private pick(kind: 'files' | 'folder'): void {
    if (this.picker) this.picker.pick(kind);
    else this.layout.say('Opening files is not available in this window.');
  }

  dismissError(): void {
    this.error = undefined;
  }

  // Welcome and dialogs ---------------------------------------------------------------------

  closeDialog(): void {
    if (this.dialog === 'welcome') this.writeStorage(WELCOME_DISMISSED_KEY, 'true');
    this.dialog = undefined;
  }

  /** A button of the welcome dialog: remember the dismissal, then do what it says. */
  welcomeChoice(command: AppCommand | undefined): void {
    this.closeDialog();
    if (command) this.run(command);
  }

  // Selection --------------------------------------------------------------------------------

  /** A node tapped on the canvas (or chosen in a list). */
  selectNode(id: string): void {
    if (this.pickingFrom !== undefined && this.pickingFor === 'allow') {
      const source = this.pickingFrom;
      this.pickingFrom = undefined;
      this.selection = selectionForNode(this.snapshot, id);
      this.design.proposals.openAllow(source, id);
      return;
    }
    this.apply(outcomeOfNodeTap(this.snapshot, this.pickingFrom, id));
  }

  /** A drag drawn on the canvas in design mode: allow traffic from `source` to `destination`. */
  drawEdge(source: string, destination: string): void {
    if (!this.design.active) return;
    this.pickingFrom = undefined;
    this.selection = selectionForNode(this.snapshot, destination);
    this.design.proposals.openAllow(source, destination);
  }

  /** An edge tapped on the canvas: select it and explain the pair when both ends are endpoints. */
  selectEdge(source: string, destination: string): void {
    this.apply(outcomeOfEdgeTap(this.snapshot, source, destination));
  }

  private apply(outcome: TapOutcome): void {
    this.design.clearEditErrors();
    this.selection = outcome.selection;
    if (!outcome.keepPicking) this.pickingFrom = undefined;
    this.policyInFocus = undefined;
    this.pairInFocus = undefined;
    if (outcome.explain) void this.explainPair(outcome.explain.source, outcome.explain.destination);
  }

  /** Design mode: asks to delete the selected workload, namespace or external block (Delete key, inspector). */
  deleteSelection(): void {
    if (!this.design.active) return;
    const target = deleteTargetFor(this.snapshot, this.design.externalBlocks, this.selection);
    if (target) void this.design.askDelete(target);
    else this.layout.say('Select a workload, a namespace or an external block to delete it.');
  }

  selectNothing(): void {
    this.selection = NOTHING_SELECTED;
    this.policyInFocus = undefined;
    this.pairInFocus = undefined;
  }

  toggleNamespace(namespace: string): void {
    const next = new Set(this.collapsedNamespaces);
    if (!next.delete(namespace)) next.add(namespace);
    this.collapsedNamespaces = next;
  }

  /** Selects a workload or external range from a list and centres the canvas on it. */
  focusNode(id: string): void {
    const workload = workloadById(this.snapshot, id);
    if (workload && this.collapsedNamespaces.has(workload.namespace)) this.toggleNamespace(workload.namespace);
    this.selection = selectionForNode(this.snapshot, id);
    this.controller?.focus(id);
  }

  /** Next (1) or previous (-1) search match: select it and centre the canvas on it. */
  findNext(direction: 1 | -1): void {
    const id = this.search.step(direction);
    if (id === undefined) {
      this.layout.say(this.search.query.trim() === '' ? 'Type part of a workload name or label to find it.' : `No workload matches "${this.search.query.trim()}".`);
      return;
    }
    this.focusNode(id);
    this.layout.say(`Found ${endpointLabel(this.snapshot, id)} (${this.search.current + 1} of ${this.search.matches.length}).`);
  }

  /** Start choosing the destination of a pair on the canvas. */
  startPicking(source: string, purpose: 'explain' | 'allow' = 'explain'): void {
    this.pickingFrom = source;
    this.pickingFor = purpose;
    if (purpose === 'allow') return this.layout.say(`Click the destination on the canvas to allow traffic from ${endpointLabel(this.snapshot, source)} (Esc cancels).`);
    this.layout.say(`Click the destination on the canvas to explain traffic from ${endpointLabel(this.snapshot, source)} (Esc cancels).`);
  }

  cancelPicking(): void {
    if (this.pickingFrom === undefined) return;
    this.pickingFrom = undefined;
    this.layout.say('Picking cancelled.');
  }

  // Explanations ----------------------------------------------------------------------------

  /** Explains a pair in the Explain panel (and shows it). */
  explainPair(source: string, destination: string): Promise<void> {
    this.explain.form = formForPair(source, destination);
    return this.explainForm();
  }

  /** Explains the pair of the Explain panel's form. */
  async explainForm(): Promise<void> {
    this.layout.showTab('explain');
    if (!this.snapshot) {
      this.explain.problem = 'Open manifests first.';
      return;
    }
    const { source, destination } = this.explain.form;
    this.pairInFocus = isEndpointId(this.snapshot, source) && isEndpointId(this.snapshot, destination) ? { source, destination } : undefined;
    this.policyInFocus = undefined;
    const before = this.explain.result;
    await this.explain.run(this.snapshot.sessionId);
    const result = this.explain.result;
    if (result && result !== before) {
      this.layout.say(`${endpointLabel(this.snapshot, source)} → ${endpointLabel(this.snapshot, destination)}: ${verdictSummary(result.explanation).sentence}`);
    }
  }

  // YAML ----------------------------------------------------------------------------------------

  setYamlFile(path: string): void {
    this.yamlFile = path;
  }

  /** Opens the YAML panel on a file with lines highlighted. */
  showInYaml(target: YamlTarget): void {
    if (!this.snapshot?.files.some((candidate) => candidate.path === target.file)) {
      this.layout.say(`${target.file} is not among the opened files.`);
      return;
    }
    this.yamlFile = target.file;
    this.yamlReveal = { ...target, serial: ++this.revealSerial };
    this.layout.showTab('yaml');
  }

  /** A policy link: its document in the YAML panel, the workloads it selects highlighted. */
  showPolicy(key: string): void {
    this.policyInFocus = key;
    this.pairInFocus = undefined;
    const target = policyTarget(this.snapshot, key);
    if (target) this.showInYaml(target);
    else this.layout.say(`NetworkPolicy ${key} has no known place in the opened files.`);
  }

  /** A rule link: the rule's block in the YAML panel. */
  showRule(location: SourceLocation, policy?: string): void {
    if (policy) this.policyInFocus = policy;
    this.showInYaml(ruleTarget(this.snapshot, location));
  }

  showDiagnostic(diagnostic: Diagnostic): void {
    const target = diagnosticTarget(diagnostic);
    if (target) this.showInYaml(target);
    else this.layout.say('This diagnostic has no position in a file.');
  }

  // Helpers -------------------------------------------------------------------------------------

  private onCanvas(what: string, action: (canvas: CanvasController) => void): void {
    if (this.controller && this.snapshot) action(this.controller);
    else this.layout.say(`Nothing on the canvas to ${what}.`);
  }

  private highlighted(): ReadonlySet<string> {
    const ids = new Set<string>(this.search.matches);
    if (this.policyInFocus) for (const id of workloadsSelectedBy(this.snapshot, this.policyInFocus)) ids.add(id);
    if (this.pairInFocus) {
      ids.add(this.pairInFocus.source);
      ids.add(this.pairInFocus.destination);
    }
    return ids;
  }

  private readStorage(key: string): string | null {
    try {
      return this.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  private writeStorage(key: string, value: string): void {
    try {
      this.storage?.setItem(key, value);
    } catch {
      // Storage can be disabled (private windows); the dialog then shows again next time.
    }
  }
}
