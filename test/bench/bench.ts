// `npm run bench`: engine figures on seeded synthetic clusters, plus the command line end to
// end on the largest shared conformance case. Prints figures; asserts nothing.
//
// Each cluster size runs in a fresh Node process so its peak memory is its own.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileModel } from '../../electron/engine/compile';
import { computeConnectivity, updateConnectivity } from '../../electron/engine/connectivity';
import { validateModel } from '../../electron/engine/policyValidation';
import { loadManifestTexts } from '../../electron/manifests';
import { editOnePolicy, generateSyntheticManifests } from './syntheticCluster';

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(here, '..', '..');
const SIZES = [100, 1_000, 10_000];
const SEED = 20261126;
const EDITS = 7;

function milliseconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = work();
  return { value, ms: milliseconds(start) };
}

/** Runs inside the child process: one cluster size, prints one JSON line. */
function measureSize(workloads: number): void {
  const generated = generateSyntheticManifests({ workloads, seed: SEED });
  const bytes = generated.files.reduce((sum, file) => sum + file.text.length, 0);
  const load = timed(() => loadManifestTexts(generated.files));
  const errors = load.value.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const validate = timed(() => validateModel(load.value.model));
  const compile = timed(() => compileModel(load.value.model));
  const connectivity = timed(() => computeConnectivity(compile.value));
  const matrix = connectivity.value;
  // Count allowed pairs so every pair's answer is really read (the matrix stores set ids).
  const count = timed(() => {
    let allowed = 0;
    const destinations = matrix.destinations.length;
    for (let s = 0; s < matrix.sources.length; s++) for (let d = 0; d < destinations; d++) if (matrix.connectionId(s, d) !== 0) allowed++;
    return allowed;
  });
  // Peak memory through load, compile and full connectivity (before the re-evaluation check below
  // holds two more matrices).
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const heapUsedMB = process.memoryUsage().heapUsed / 2 ** 20;
  // Re-evaluation after one edit, for several different edits. The edited model shares every
  // unedited object with the original, as an edit in the app does. The first edit is also
  // checked cell by cell against a full recomputation.
  const reevaluations: { ms: number; columns: number; rows: number }[] = [];
  let mismatches = 0;
  for (let edit = 0; edit < EDITS; edit++) {
    const edited = editOnePolicy(generated.files, SEED + 1 + edit);
    const isEdited = (policy: { namespace: string; name: string }) => policy.namespace === edited.policy.namespace && policy.name === edited.policy.name;
    const editedPolicy = loadManifestTexts(edited.files).model.policies.find(isEdited);
    const sharedModel = { ...load.value.model, policies: load.value.model.policies.map((policy) => (isEdited(policy) && editedPolicy ? editedPolicy : policy)) };
    const reevaluate = timed(() => updateConnectivity(matrix, compileModel(sharedModel, {}, compile.value)));
    reevaluations.push({ ms: reevaluate.ms, columns: reevaluate.value.stats.recomputedColumns, rows: reevaluate.value.stats.recomputedRows });
    if (edit > 0) continue;
    const full = computeConnectivity(compileModel(sharedModel));
    for (let s = 0; s < full.sources.length; s++) {
      for (let d = 0; d < full.destinations.length; d++) {
        if (!full.connection(s, d).equals(reevaluate.value.connection(s, d))) mismatches++;
      }
    }
  }
  reevaluations.sort((x, y) => x.ms - y.ms);
  const median = reevaluations[Math.floor(reevaluations.length / 2)] as { ms: number };
  const slowest = reevaluations[reevaluations.length - 1] as { ms: number; columns: number; rows: number };
  console.log(
    JSON.stringify({
      workloads: load.value.model.workloads.length,
      namespaces: load.value.model.namespaces.length,
      policies: load.value.model.policies.length,
      megabytes: bytes / 1e6,
      loadErrors: errors.length,
      loadMs: load.ms,
      validateMs: validate.ms,
      compileMs: compile.ms,
      connectivityMs: connectivity.ms,
      pairs: matrix.sources.length * matrix.destinations.length,
      allowedPairs: count.value,
      readAllPairsMs: count.ms,
      connectionSets: matrix.stats.connectionSets,
      reevaluated: `${slowest.columns} columns + ${slowest.rows} rows`,
      reevaluateMismatches: mismatches,
      reevaluateMs: median.ms,
      reevaluateMaxMs: slowest.ms,
      heapUsedMB,
      peakRssMB,
    }),
  );
}

function largestConformanceCase(): string {
  const corpus = resolve(repositoryRoot, process.env.NETPOL_CONFORMANCE_DIR ?? '../shared/conformance', 'netpol-analyzer');
  const sizes = readdirSync(corpus).map((name) => {
    const input = join(corpus, name, 'input');
    const bytes = readdirSync(input).reduce((sum, file) => sum + statSync(join(input, file)).size, 0);
    return { input, bytes, lines: readFileSync(join(corpus, name, 'expected.txt'), 'utf8').split('\n').length };
  });
  sizes.sort((a, b) => b.bytes - a.bytes || b.lines - a.lines);
  return (sizes[0] as { input: string }).input;
}

function main(): void {
  const sizeArgument = process.argv.indexOf('--size');
  if (sizeArgument >= 0) {
    measureSize(Number(process.argv[sizeArgument + 1]));
    return;
  }
  console.log(`NetPol Designer benchmark (seed ${SEED}; ${process.version}; times in ms, memory in MB)`);
  console.log('workloads  ns  policies   MB-yaml    load  validate  compile  connectivity  read-pairs  re-eval (median/max)   heap  peak-rss');
  for (const size of SIZES) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--size', String(size)], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      console.log(`${String(size).padStart(9)}  failed: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      continue;
    }
    const r = JSON.parse(line);
    const f = (value: number, width: number, digits = 1) => value.toFixed(digits).padStart(width);
    console.log(
      `${String(r.workloads).padStart(9)} ${String(r.namespaces).padStart(3)} ${String(r.policies).padStart(9)} ${f(r.megabytes, 9, 2)} ${f(r.loadMs, 7)} ${f(r.validateMs, 9)} ${f(r.compileMs, 8)} ${f(r.connectivityMs, 13)} ${f(r.readAllPairsMs, 11)} ${f(r.reevaluateMs, 8)} / ${f(r.reevaluateMaxMs, 7)}    ${f(r.heapUsedMB, 6)} ${f(r.peakRssMB, 9)}` +
        (r.loadErrors > 0 ? `  (${r.loadErrors} load errors!)` : ''),
    );
    console.log(`           ${r.pairs} ordered pairs, ${r.allowedPairs} allowed, ${r.connectionSets} distinct connection sets; the slowest of ${EDITS} re-evaluations redid ${r.reevaluated}; ${r.reevaluateMismatches} cells differ from a full recomputation`);
  }

  const input = largestConformanceCase();
  const bin = join(repositoryRoot, 'electron', 'cli', 'bin.mjs');
  const runs: number[] = [];
  let lines = 0;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [bin, 'connectivity', input], { encoding: 'utf8', maxBuffer: 1 << 26 });
    runs.push(milliseconds(start));
    lines = result.stdout.split('\n').filter(Boolean).length;
    if (result.status !== 0) console.log(`CLI failed: ${result.stderr}`);
  }
  runs.sort((a, b) => a - b);
  console.log(`CLI end to end, largest conformance case (${input.replace(`${repositoryRoot}/`, '')}, ${lines} lines): median ${runs[1]?.toFixed(0)} ms of ${runs.map((ms) => ms.toFixed(0)).join(', ')}`);
}

main();
