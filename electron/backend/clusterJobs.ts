// Long-running cluster work (import, the preview of a push, the push) as jobs the window follows
// by polling: the step in words, how far along, kubectl's output line by line as it arrives, and
// the result or the error at the end. Every job can be cancelled at any moment: its AbortSignal
// stops the kubectl call that runs (see electron/kubectl/kubectlProcess.ts) and the steps after.
// Polling keeps the contract request/response only, the same over Electron IPC and the web host.
import { randomUUID } from 'node:crypto';
import type { ClusterJobKind, ClusterJobPollRequest, ClusterJobResult, ClusterJobStarted, ClusterJobState, ClusterJobStatus, ClusterOutputLine } from '../common/cluster';

/** Lines kept per job; older ones give way (a long apply's output stays readable, memory stays bounded). */
const KEPT_LINES = 5_000;
/** Finished jobs kept for a late poll. */
const KEPT_JOBS = 32;

export interface JobContext {
  readonly signal: AbortSignal;
  progress(step: string, done: number, total: number): void;
  /** A chunk of kubectl output (split into lines here; a partial last line waits for the rest). */
  output(stream: 'stdout' | 'stderr', text: string): void;
  /** The app's own line: what it runs, what it found. */
  info(text: string): void;
}

interface Job {
  id: string;
  kind: ClusterJobKind;
  state: ClusterJobState;
  step: string;
  done: number;
  total: number;
  lines: ClusterOutputLine[];
  /** Lines dropped from the front (the index of lines[0] in the whole output). */
  dropped: number;
  partial: { stdout: string; stderr: string };
  controller: AbortController;
  error?: string;
  result?: ClusterJobResult;
}

export type JobOutcome = { result: ClusterJobResult; error?: string };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ClusterJobs {
  private readonly jobs = new Map<string, Job>();

  /** Starts `run` at once; its result (or error) is what polls report when it ends. */
  start(kind: ClusterJobKind, run: (context: JobContext) => Promise<JobOutcome>): ClusterJobStarted {
    const job: Job = { id: randomUUID(), kind, state: 'running', step: 'Starting', done: 0, total: 1, lines: [], dropped: 0, partial: { stdout: '', stderr: '' }, controller: new AbortController() };
    this.jobs.set(job.id, job);
    this.forgetOldJobs();
    const context = this.contextOf(job);
    void run(context).then(
      (outcome) => this.finish(job, outcome.error === undefined ? 'succeeded' : job.controller.signal.aborted ? 'cancelled' : 'failed', outcome.error, outcome.result),
      (error: unknown) => this.finish(job, job.controller.signal.aborted ? 'cancelled' : 'failed', messageOf(error)),
    );
    return { jobId: job.id };
  }

  poll(request: ClusterJobPollRequest): ClusterJobStatus {
    const job = this.get(request.jobId);
    const from = Math.max(0, Math.floor(Number(request.outputFrom ?? 0)) || 0);
    const output = job.lines.slice(Math.max(0, from - job.dropped));
    const status: ClusterJobStatus = {
      jobId: job.id,
      kind: job.kind,
      state: job.state,
      step: job.step,
      done: job.done,
      total: job.total,
      output,
      outputNext: job.dropped + job.lines.length,
    };
    if (job.error !== undefined) status.error = job.error;
    if (job.result !== undefined) status.result = job.result;
    return status;
  }

  /** Stops a running job (the kubectl call that runs is killed); a finished job stays as it ended. */
  cancel(request: { jobId: string }): ClusterJobStatus {
    const job = this.get(request.jobId);
    if (job.state === 'running') {
      job.step = 'Cancelling';
      job.controller.abort();
    }
    return this.poll({ jobId: job.id, outputFrom: job.dropped + job.lines.length });
  }

  private get(jobId: unknown): Job {
    const job = typeof jobId === 'string' ? this.jobs.get(jobId) : undefined;
    if (!job) throw new Error('This cluster job is not known (it may have ended long ago); start it again.');
    return job;
  }

  private contextOf(job: Job): JobContext {
    const push = (line: ClusterOutputLine) => {
      job.lines.push(line);
      if (job.lines.length > KEPT_LINES) {
        const extra = job.lines.length - KEPT_LINES;
        job.lines.splice(0, extra);
        job.dropped += extra;
      }
    };
    return {
      signal: job.controller.signal,
      progress: (step, done, total) => {
        if (job.state !== 'running') return;
        job.step = step;
        job.done = done;
        job.total = Math.max(total, done);
      },
      output: (stream, text) => {
        const pieces = (job.partial[stream] + text).split(/\r?\n/);
        job.partial[stream] = pieces.pop() ?? '';
        for (const piece of pieces) push({ stream, text: piece });
      },
      info: (text) => push({ stream: 'info', text }),
    };
  }

  private finish(job: Job, state: ClusterJobState, error: string | undefined, result?: ClusterJobResult): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (job.partial[stream] !== '') job.lines.push({ stream, text: job.partial[stream] });
      job.partial[stream] = '';
    }
    job.state = state;
    job.step = state === 'succeeded' ? 'Done' : state === 'cancelled' ? 'Cancelled' : 'Failed';
    if (state === 'succeeded') job.done = job.total;
    if (error !== undefined) job.error = error;
    if (result !== undefined) job.result = result;
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((job) => job.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT_JOBS))) this.jobs.delete(job.id);
  }
}
