// The cluster side of the backend (issue 6): the kubeconfig's contexts, importing a cluster as a
// review, and pushing policies — preview first (network plugin, connectivity diff against the
// cluster's own policies, `kubectl diff`, server-side dry run), then the apply of exactly what
// was previewed. All of it runs the user's kubectl with the context named on every call
// (electron/kubectl); the steps run as cancellable jobs (clusterJobs.ts).
import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type {
  ClusterContextsRequest,
  ClusterContextsResponse,
  ClusterJobRequest,
  ClusterJobStarted,
  AppliedPolicy,
  ClusterProblem,
  NetworkPluginCheck,
  PushPreview,
} from '../common/cluster';
import type { ClusterModel, Diagnostic, PolicyModel } from '../common/model';
import { analyzeModel } from '../engine/analysis';
import { diffConnectivity } from '../engine/connectivityDiff';
import type { ClusterImportResult, KubectlRunner } from '../kubectl';
import {
  applyPolicies,
  bindKubectl,
  KubectlError,
  detectClusterNetworkPlugin,
  findInstalledKubectl,
  importCluster,
  kubectlEnvironment,
  listKubeContexts,
  serverDiff,
  serverDryRun,
} from '../kubectl';
import { loadManifestTexts } from '../manifests';
import { exportPolicies } from '../manifests/exportPolicies';
import type { ClusterJobs, JobContext, JobOutcome } from './clusterJobs';
import type { ReviewSessions } from './reviewSessions';

/** Previews kept for their apply (the newest ones). */
const KEPT_PREVIEWS = 16;

export interface ClusterOptions {
  /** The environment kubectl runs in (KUBECONFIG, HOME); this process's by default. */
  env?: NodeJS.ProcessEnv;
  /** Per kubectl request (`--request-timeout`); 30 s by default. */
  requestTimeoutMs?: number;
}

interface KeptPreview {
  preview: PushPreview;
  kubectlPath: string;
  /** The same policies as one manifest per namespace, applied one namespace at a time. */
  byNamespace: { namespace: string; manifestYaml: string }[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${what} must be given`);
  return value;
}

function optionalStrings(value: unknown, what: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new Error(`${what} must be a list of names`);
  const names = (value as string[]).map((name) => name.trim()).filter((name) => name !== '');
  return names.length > 0 ? names : undefined;
}

function pluginCheck(detection: { enforcement: NetworkPluginCheck['enforcement']; plugins: NetworkPluginCheck['plugins']; message: string }, problems: string[]): NetworkPluginCheck {
  return { enforcement: detection.enforcement, plugins: detection.plugins.map((plugin) => ({ ...plugin })), message: detection.message, problems };
}

/** Import problems as diagnostics of the review, so the Diagnostics panel lists them too. */
function problemDiagnostics(context: string, problems: readonly ClusterProblem[]): Diagnostic[] {
  return problems.map((problem) => ({
    severity: 'warning',
    code: `kubectl-${problem.reason}`,
    message: `Not read: ${problem.resource}${problem.namespace ? ` in namespace ${problem.namespace}` : ''} (context ${context}): ${problem.message}`,
    ...(problem.namespace ? { object: `Namespace ${problem.namespace}` } : {}),
  }));
}

export class ClusterOperations {
  private readonly previews = new Map<string, KeptPreview>();
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly reviews: ReviewSessions,
    private readonly jobs: ClusterJobs,
    private readonly options: ClusterOptions = {},
  ) {
    this.env = options.env ?? process.env;
  }

  private kubeconfigPath(): string {
    return this.env['KUBECONFIG'] ?? join(this.env['HOME'] ?? homedir(), '.kube', 'config');
  }

  private async runner(kubectlPath: unknown, context?: JobContext): Promise<{ kubectl: KubectlRunner; path: string }> {
    const configured = typeof kubectlPath === 'string' && kubectlPath.trim() !== '' ? kubectlPath.trim() : undefined;
    const location = await findInstalledKubectl(configured, this.env);
    if (location.status !== 'found') throw new Error(location.message);
    const bound = bindKubectl({ kubectlPath: location.path, env: { ...kubectlEnvironment(this.env, location.path) } as NodeJS.ProcessEnv });
    if (!context) return { kubectl: bound, path: location.path };
    // Every call is shown as it runs; kubectl's stderr streams into the job's output, and so does
    // stdout except for the JSON of reads (thousands of lines that say nothing to a person).
    const kubectl: KubectlRunner = (request) => {
      context.info(`$ kubectl ${request.args.join(' ')}`);
      const showStdout = !request.args.includes('json');
      return bound({
        ...request,
        signal: request.signal ?? context.signal,
        onOutput: (chunk) => {
          request.onOutput?.(chunk);
          if (chunk.stream === 'stderr' || showStdout) context.output(chunk.stream, chunk.text);
        },
      });
    };
    return { kubectl, path: location.path };
  }

  async contexts(request: ClusterContextsRequest): Promise<ClusterContextsResponse> {
    const kubeconfig = this.kubeconfigPath();
    let found: { kubectl: KubectlRunner; path: string };
    try {
      found = await this.runner(request?.kubectlPath);
    } catch (error) {
      return { kubectl: { found: false, message: messageOf(error) }, contexts: [], kubeconfig };
    }
    try {
      const list = await listKubeContexts(found.kubectl, { timeoutMs: 15_000 });
      return { kubectl: { found: true, path: found.path }, contexts: list.contexts, ...(list.currentContext ? { currentContext: list.currentContext } : {}), kubeconfig };
    } catch (error) {
      return { kubectl: { found: true, path: found.path }, contexts: [], kubeconfig, error: messageOf(error) };
    }
  }

  start(request: ClusterJobRequest): ClusterJobStarted {
    const kind = (request as { kind?: unknown } | undefined)?.kind;
    switch (kind) {
      case 'import': {
        const context = requireString(request.kind === 'import' ? request.context : undefined, 'context');
        const namespaces = optionalStrings((request as { namespaces?: unknown }).namespaces, 'namespaces');
        const kubectlPath = (request as { kubectlPath?: unknown }).kubectlPath;
        return this.jobs.start('import', (job) => this.importJob(job, context, namespaces, kubectlPath));
      }
      case 'push-preview': {
        const context = requireString((request as { context?: unknown }).context, 'context');
        const sessionId = requireString((request as { sessionId?: unknown }).sessionId, 'sessionId');
        const keys = optionalStrings((request as { policies?: unknown }).policies, 'policies');
        if (!keys) throw new Error('Choose at least one policy to push.');
        // Chosen now, not when the job runs: an edit made meanwhile is not pushed unseen.
        const policies = this.reviews.validPolicies(sessionId, keys);
        const kubectlPath = (request as { kubectlPath?: unknown }).kubectlPath;
        return this.jobs.start('push-preview', (job) => this.previewJob(job, context, policies, kubectlPath));
      }
      case 'push-apply': {
        const previewId = requireString((request as { previewId?: unknown }).previewId, 'previewId');
        const kept = this.previews.get(previewId);
        if (!kept) throw new Error('This preview is no longer known; preview the push again.');
        return this.jobs.start('push-apply', (job) => this.applyJob(job, kept));
      }
      default:
        throw new Error('kind must be import, push-preview or push-apply');
    }
  }

  /** Reads the cluster; its steps are the job's progress, or sub-steps of `within` when it is one step of a longer job. */
  private async readCluster(job: JobContext, kubectl: KubectlRunner, context: string, namespaces: string[] | undefined, within?: { step: string; done: number; total: number }): Promise<ClusterImportResult> {
    return importCluster({
      kubectl,
      context,
      ...(namespaces ? { namespaces } : {}),
      signal: job.signal,
      ...this.timeouts(),
      onProgress: (step, done, steps) => (within ? job.progress(`${within.step}: ${step}`, within.done, within.total) : job.progress(step, done, steps + 1)),
    });
  }

  private async networkPlugin(job: JobContext, kubectl: KubectlRunner, context: string): Promise<NetworkPluginCheck> {
    const found = await detectClusterNetworkPlugin({ kubectl, context, signal: job.signal, ...(this.options.requestTimeoutMs !== undefined ? { requestTimeoutMs: this.options.requestTimeoutMs } : {}) });
    job.info(found.detection.message);
    return pluginCheck(found.detection, found.problems);
  }

  private async importJob(job: JobContext, context: string, namespaces: string[] | undefined, kubectlPath: unknown): Promise<JobOutcome> {
    const { kubectl } = await this.runner(kubectlPath, job);
    job.progress('Reading the cluster', 0, 2);
    const read = await this.readCluster(job, kubectl, context, namespaces);
    job.progress('Looking for the network plugin', read.files.length + 1, read.files.length + 2);
    const networkPlugin = await this.networkPlugin(job, kubectl, context);
    const loaded = loadManifestTexts(read.files);
    const problems: ClusterProblem[] = read.problems.map((problem) => ({ ...problem }));
    const pluginDiagnostics: Diagnostic[] =
      networkPlugin.enforcement === 'enforced' ? [] : [{ severity: 'warning', code: `network-plugin-${networkPlugin.enforcement}`, message: `${networkPlugin.message} (context ${context})` }];
    const diagnostics = [...pluginDiagnostics, ...problemDiagnostics(context, problems), ...loaded.diagnostics];
    const snapshot = this.reviews.open({ ...loaded, diagnostics }, read.files, `Cluster: ${context}`);
    return { result: { kind: 'import', snapshot, networkPlugin, problems } };
  }

  private async previewJob(job: JobContext, context: string, policies: PolicyModel[], kubectlPath: unknown): Promise<JobOutcome> {
    const { kubectl, path } = await this.runner(kubectlPath, job);
    const manifestYaml = exportPolicies(policies, { split: false })[0]?.text ?? '';
    const namespaces = [...new Set(policies.map((policy) => policy.namespace))].sort();
    const steps = 5;
    job.progress('Looking for the network plugin', 0, steps);
    const networkPlugin = await this.networkPlugin(job, kubectl, context);
    // The whole cluster: namespaceSelectors reach every namespace, so the diff must see them all.
    const reading = { step: "Reading the cluster's workloads and policies", done: 1, total: steps };
    job.progress(reading.step, reading.done, reading.total);
    const read = await this.readCluster(job, kubectl, context, undefined, reading);
    job.progress('Comparing connectivity', 2, steps);
    const clusterModel = loadManifestTexts(read.files).model;
    const connectivityChanges = diffConnectivity(analyzeModel(clusterModel).connectivity(), analyzeModel(withPolicies(clusterModel, policies)).connectivity());
    job.info(`${connectivityChanges.length} pair${connectivityChanges.length === 1 ? '' : 's'} of the cluster's workloads change connectivity.`);
    job.progress('kubectl diff', 3, steps);
    const diff = await serverDiff({ kubectl, context, manifestYaml, signal: job.signal, ...this.timeouts() }).catch((error: unknown) => {
      // Without a `diff` program (Windows without Git's tools) kubectl cannot show the diff; the
      // connectivity changes and the dry run still say what the push does, so the preview goes on.
      if (error instanceof KubectlError && /needs the `diff` program/.test(error.message)) return { hasDifferences: true, diff: '', problem: error.message };
      throw error;
    });
    job.progress('Server-side dry run', 4, steps);
    const dryRun = await serverDryRun({ kubectl, context, manifestYaml, signal: job.signal, ...this.timeouts() });
    const preview: PushPreview = {
      previewId: randomUUID(),
      context,
      namespaces,
      policies: policies.map((policy) => `${policy.namespace}/${policy.name}`),
      manifestYaml,
      networkPlugin,
      connectivityChanges,
      clusterProblems: read.problems.map((problem) => ({ ...problem })),
      kubectlDiff: diff.diff,
      hasDifferences: diff.hasDifferences,
      ...('problem' in diff ? { kubectlDiffProblem: diff.problem } : {}),
      dryRun: { output: dryRun.output, objects: dryRun.objects.map((object) => `${object.resource}/${object.name}`) },
    };
    const byNamespace = namespaces.map((namespace) => ({ namespace, manifestYaml: exportPolicies(policies.filter((policy) => policy.namespace === namespace), { split: false })[0]?.text ?? '' }));
    this.previews.set(preview.previewId, { preview, kubectlPath: path, byNamespace });
    while (this.previews.size > KEPT_PREVIEWS) this.previews.delete(this.previews.keys().next().value as string);
    return { result: { kind: 'push-preview', preview } };
  }

  /**
   * One `kubectl apply` per namespace: kubectl's lines name no namespace, so this is how each
   * applied object is known for sure (two policies of one name in two namespaces included). The
   * first failure stops the push; what was applied before it is reported as applied.
   */
  private async applyJob(job: JobContext, kept: KeptPreview): Promise<JobOutcome> {
    const { kubectl } = await this.runner(kept.kubectlPath, job);
    const { preview } = kept;
    const applied: AppliedPolicy[] = [];
    for (const [index, { namespace, manifestYaml }] of kept.byNamespace.entries()) {
      job.progress(`Applying to ${preview.context}, namespace ${namespace}`, index, kept.byNamespace.length);
      const outcome = await applyPolicies({ kubectl, context: preview.context, manifestYaml, signal: job.signal, ...this.timeouts() });
      applied.push(...outcome.applied.map((object) => ({ object: `${object.resource}/${object.name}`, namespace, operation: object.operation })));
      if (outcome.failure) {
        const failure = outcome.failure.message;
        return { result: { kind: 'push-apply', context: preview.context, applied, complete: false, failure }, error: failure };
      }
    }
    return { result: { kind: 'push-apply', context: preview.context, applied, complete: true } };
  }

  private timeouts(): { requestTimeoutMs?: number } {
    return this.options.requestTimeoutMs !== undefined ? { requestTimeoutMs: this.options.requestTimeoutMs } : {};
  }
}

/** The cluster's model with the pushed policies in place (same namespace and name: replaced). */
function withPolicies(model: ClusterModel, pushed: readonly PolicyModel[]): ClusterModel {
  const keys = new Set(pushed.map((policy) => `${policy.namespace}/${policy.name}`));
  return { ...model, policies: [...model.policies.filter((policy) => !keys.has(`${policy.namespace}/${policy.name}`)), ...pushed] };
}
