import { describe, expect, it } from 'vitest';
import type { ClusterJobStatus } from '../common/cluster';
import { ClusterJobs, type JobContext } from './clusterJobs';

const importResult = { kind: 'push-apply' as const, context: 'c', applied: [], complete: true };

async function settled(jobs: ClusterJobs, jobId: string): Promise<ClusterJobStatus> {
  for (;;) {
    const status = jobs.poll({ jobId });
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('ClusterJobs', () => {
  it('splits output chunks into lines, keeps a partial line until its end, and pages by outputFrom', async () => {
    const jobs = new ClusterJobs();
    let release: () => void = () => undefined;
    const { jobId } = jobs.start('push-apply', async (job: JobContext) => {
      job.info('$ kubectl apply');
      job.output('stdout', 'one\ntw');
      job.output('stdout', 'o\r\nthree');
      job.progress('Applying', 1, 3);
      await new Promise<void>((resolve) => (release = resolve));
      return { result: importResult };
    });
    const running = jobs.poll({ jobId });
    expect(running).toMatchObject({ state: 'running', step: 'Applying', done: 1, total: 3, outputNext: 3 });
    expect(running.output.map((line) => line.text)).toEqual(['$ kubectl apply', 'one', 'two']);
    release();
    const done = await settled(jobs, jobId);
    expect(done).toMatchObject({ state: 'succeeded', step: 'Done', done: 3, result: importResult });
    expect(jobs.poll({ jobId, outputFrom: 3 }).output).toEqual([{ stream: 'stdout', text: 'three' }]);
  });

  it('reports a failure with its message, and a cancel as cancelled', async () => {
    const jobs = new ClusterJobs();
    const failed = jobs.start('import', () => Promise.reject(new Error('kubectl said no')));
    expect(await settled(jobs, failed.jobId)).toMatchObject({ state: 'failed', error: 'kubectl said no' });
    const long = jobs.start('import', (job) => new Promise((_, reject) => job.signal.addEventListener('abort', () => reject(new Error('listing namespaces: cancelled')))));
    expect(jobs.cancel({ jobId: long.jobId }).step).toBe('Cancelling');
    expect(await settled(jobs, long.jobId)).toMatchObject({ state: 'cancelled', error: 'listing namespaces: cancelled' });
  });

  it('keeps the newest lines of a very long output, counting the dropped ones', async () => {
    const jobs = new ClusterJobs();
    const { jobId } = jobs.start('push-apply', async (job) => {
      job.output('stdout', `${Array.from({ length: 6_000 }, (_, index) => `line ${index}`).join('\n')}\n`);
      return { result: importResult };
    });
    const status = await settled(jobs, jobId);
    expect(status.outputNext).toBe(6_000);
    expect(status.output).toHaveLength(5_000);
    expect(status.output[0]?.text).toBe('line 1000');
  });

  it('says so for a job it does not know', () => {
    expect(() => new ClusterJobs().poll({ jobId: 'nope' })).toThrow(/not known/);
  });
});
