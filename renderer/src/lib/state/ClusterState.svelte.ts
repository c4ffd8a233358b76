// The window's cluster work (issue 6): the Import and Push dialogs, their choices (kubectl,
// context, namespaces, policies), the job that runs (followed by polling kubectl:poll: step,
// progress, kubectl's output as it comes; cancellable at every step), the push preview the user
// confirms, and the network plugin warning of what was imported. ReviewState owns the window and
// hands this class a host to open an imported review and to say things.
import type { ClusterContextsResponse, ClusterJobRequest, ClusterJobStatus, ClusterOutputLine, NetworkPluginCheck, PushPreview } from '../../../../electron/common/cluster';
import type { ReviewSnapshot } from '../../../../electron/common/review';
import { invoke } from '../api';

export interface ClusterHost {
  /** Opens an imported cluster as the review the window shows. */
  open(snapshot: ReviewSnapshot): void;
  say(message: string): void;
  snapshot(): ReviewSnapshot | undefined;
  readSetting(key: string): string | null;
  writeSetting(key: string, value: string): void;
}

export type ClusterDialog = 'import' | 'push';

const KUBECTL_PATH_KEY = 'netpol-designer.kubectlPath';
/** How often a running job is asked how it goes. */
const POLL_MS = 250;
/** Output lines kept on screen. */
const SHOWN_LINES = 2_000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `a, b c` → ['a', 'b', 'c']; empty means all namespaces. */
export function namespaceList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

export class ClusterState {
  dialog = $state<ClusterDialog | undefined>();
  /** A kubectl binary chosen by the user; empty: found on PATH and the usual places. */
  kubectlPath = $state('');
  contexts = $state.raw<ClusterContextsResponse | undefined>();
  loadingContexts = $state(false);
  context = $state('');
  /** Import: namespaces to read, separated by commas or spaces; empty: all. */
  namespaces = $state('');
  /** Push: the `ns/name` keys chosen. */
  chosenPolicies = $state<string[]>([]);
  job = $state.raw<ClusterJobStatus | undefined>();
  output = $state.raw<ClusterOutputLine[]>([]);
  preview = $state.raw<PushPreview | undefined>();
  /** The network plugin check of the review imported last (shown over the canvas while it is open). */
  importedPlugin = $state.raw<{ sessionId: string; check: NetworkPluginCheck; dismissed?: boolean } | undefined>();
  error = $state<string | undefined>();
  private polling = 0;

  constructor(private readonly host: ClusterHost) {}

  get running(): boolean {
    return this.job?.state === 'running';
  }

  /** The network plugin warning for the review on screen, when it came from a cluster that ignores policies (or may). */
  pluginWarningFor(sessionId: string | undefined): NetworkPluginCheck | undefined {
    const imported = this.importedPlugin;
    return imported && imported.sessionId === sessionId && !imported.dismissed && imported.check.enforcement !== 'enforced' ? imported.check : undefined;
  }

  /** Hides the banner over the canvas (the warning stays in Diagnostics). */
  dismissPluginWarning(): void {
    if (this.importedPlugin) this.importedPlugin = { ...this.importedPlugin, dismissed: true };
  }

  openImport(): void {
    this.openDialog('import');
  }

  openPush(): void {
    const snapshot = this.host.snapshot();
    const pushable = snapshot?.policies.filter((policy) => !policy.rejected).map((policy) => policy.key) ?? [];
    if (pushable.length === 0) {
      this.host.say('Nothing to push: what is open has no valid NetworkPolicy.');
      return;
    }
    this.chosenPolicies = pushable;
    this.openDialog('push');
  }

  private openDialog(dialog: ClusterDialog): void {
    if (this.running) return;
    this.dialog = dialog;
    this.job = undefined;
    this.output = [];
    this.preview = undefined;
    this.error = undefined;
    this.kubectlPath = this.host.readSetting(KUBECTL_PATH_KEY) ?? '';
    void this.loadContexts();
  }

  close(): void {
    if (this.running) void this.cancel();
    this.dialog = undefined;
    this.polling++;
  }

  async loadContexts(): Promise<void> {
    this.loadingContexts = true;
    this.error = undefined;
    try {
      const path = this.kubectlPath.trim();
      const contexts = await invoke('kubectl:contexts', path === '' ? {} : { kubectlPath: path });
      this.contexts = contexts;
      this.host.writeSetting(KUBECTL_PATH_KEY, path);
      const names = contexts.contexts.map((context) => context.name);
      if (!names.includes(this.context)) this.context = contexts.currentContext ?? names[0] ?? '';
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.loadingContexts = false;
    }
  }

  private kubectlChoice(): { kubectlPath?: string } {
    const path = this.kubectlPath.trim();
    return path === '' ? {} : { kubectlPath: path };
  }

  startImport(): Promise<void> {
    const namespaces = namespaceList(this.namespaces);
    return this.run({ kind: 'import', context: this.context, ...(namespaces.length > 0 ? { namespaces } : {}), ...this.kubectlChoice() });
  }

  startPreview(): Promise<void> {
    const snapshot = this.host.snapshot();
    if (!snapshot) return Promise.resolve();
    this.preview = undefined;
    return this.run({ kind: 'push-preview', context: this.context, sessionId: snapshot.sessionId, policies: [...this.chosenPolicies], ...this.kubectlChoice() });
  }

  /** The confirmed push: exactly what the preview showed. */
  startApply(): Promise<void> {
    const preview = this.preview;
    if (!preview) return Promise.resolve();
    return this.run({ kind: 'push-apply', previewId: preview.previewId });
  }

  async cancel(): Promise<void> {
    const job = this.job;
    if (!job || job.state !== 'running') return;
    try {
      this.job = { ...(await invoke('kubectl:cancel', { jobId: job.jobId })), output: [] };
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private async run(request: ClusterJobRequest): Promise<void> {
    if (this.running) return;
    this.error = undefined;
    this.output = [];
    let started: { jobId: string };
    try {
      started = await invoke('kubectl:start', request);
    } catch (error) {
      this.error = messageOf(error);
      return;
    }
    const ticket = ++this.polling;
    let from = 0;
    for (;;) {
      let status: ClusterJobStatus;
      try {
        status = await invoke('kubectl:poll', { jobId: started.jobId, outputFrom: from });
      } catch (error) {
        if (ticket === this.polling) this.error = messageOf(error);
        return;
      }
      if (ticket !== this.polling) return;
      from = status.outputNext;
      if (status.output.length > 0) this.output = [...this.output, ...status.output].slice(-SHOWN_LINES);
      this.job = status;
      if (status.state !== 'running') return this.finished(status);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private finished(status: ClusterJobStatus): void {
    const result = status.result;
    if (result?.kind === 'import' && status.state === 'succeeded') {
      this.importedPlugin = { sessionId: result.snapshot.sessionId, check: result.networkPlugin };
      this.host.open(result.snapshot);
      const skipped = result.problems.length > 0 ? `; ${result.problems.length} part${result.problems.length === 1 ? '' : 's'} could not be read (see Diagnostics)` : '';
      this.host.say(`Imported ${result.snapshot.title.replace(/^Cluster: /, 'context ')}${skipped}.`);
      this.dialog = undefined;
    } else if (result?.kind === 'push-preview') {
      this.preview = result.preview;
    } else if (result?.kind === 'push-apply') {
      const applied = result.applied.length;
      this.host.say(
        result.complete
          ? `Applied ${applied} polic${applied === 1 ? 'y' : 'ies'} to ${result.context}.`
          : `The push to ${result.context} stopped: ${applied} polic${applied === 1 ? 'y was' : 'ies were'} applied before it did (listed in the dialog).`,
      );
    } else if (status.state === 'cancelled') {
      this.host.say('Cancelled; nothing more was run.');
    }
  }
}
