// Every shared conformance case, one test each, with a score per corpus printed at the end.
import { afterAll, describe, expect, it } from 'vitest';
import { basename } from 'node:path';
import { caseFiles, caseFolders, conformanceDirectory, runCaseFile, runDiffCase, runErrorCase, runListCase } from './conformanceRunner';

const scores = new Map<string, { passed: number; total: number }>();

function record(corpus: string, passed: boolean): void {
  const score = scores.get(corpus) ?? { passed: 0, total: 0 };
  score.total += 1;
  if (passed) score.passed += 1;
  scores.set(corpus, score);
}

afterAll(() => {
  const lines = [...scores].map(([corpus, { passed, total }]) => `  ${corpus.padEnd(24)} ${passed}/${total}`);
  console.log(`Conformance scores (${conformanceDirectory}):\n${lines.join('\n')}`);
});

const corpora: [string, string[], (path: string) => Promise<string[]> | string[]][] = [
  ['netpol-analyzer', caseFolders('netpol-analyzer'), runListCase],
  ['netpol-analyzer-diff', caseFolders('netpol-analyzer-diff'), runDiffCase],
  ['netpol-analyzer-errors', caseFolders('netpol-analyzer-errors'), runErrorCase],
  ['k8s-e2e', caseFiles('k8s-e2e'), runCaseFile],
  ['seed', caseFiles('seed'), runCaseFile],
];

for (const [corpus, cases, run] of corpora) {
  describe(`conformance: ${corpus}`, () => {
    it('has cases to run', () => {
      expect(cases.length, `no cases found under ${conformanceDirectory}/${corpus}`).toBeGreaterThan(0);
    });
    for (const path of cases) {
      it(basename(path), async () => {
        const failures = await run(path);
        record(corpus, failures.length === 0);
        expect(failures.slice(0, 20)).toEqual([]);
      });
    }
  });
}
