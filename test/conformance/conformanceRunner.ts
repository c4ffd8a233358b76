// Runs the shared conformance corpora (../shared/conformance, or NETPOL_CONFORMANCE_DIR) through
// the same manifest loader and engine the app and the CLI use. Each runner returns a list of
// failures in words; an empty list is a pass.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse as parseYaml, stringify } from 'yaml';
import type { EngineOptions, Protocol } from '../../electron/common/model';
import { analyzeModel, findEndpoint } from '../../electron/engine/analysis';
import type { ConnectivityMatrix } from '../../electron/engine/connectivity';
import { diffConnectivity } from '../../electron/engine/connectivityDiff';
import { formatConnectivity, formatDiff } from '../../electron/engine/connectivityFormats';
import { evaluatePair } from '../../electron/engine/evaluate';
import { loadManifestPaths } from '../../electron/files/loadManifestPaths';
import { loadManifestTexts } from '../../electron/manifests';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const conformanceDirectory = resolve(repositoryRoot, process.env.NETPOL_CONFORMANCE_DIR ?? '../shared/conformance');

export function caseFolders(corpus: string): string[] {
  const folder = join(conformanceDirectory, corpus);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => statSync(join(folder, name)).isDirectory())
    .sort()
    .map((name) => join(folder, name));
}

export function caseFiles(corpus: string): string[] {
  const folder = join(conformanceDirectory, corpus);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml') && !name.startsWith('_'))
    .sort()
    .map((name) => join(folder, name));
}

/** Lines compared as conformance/README.md says: blank lines and `\r` dropped, sorted bytewise. */
export function normalizedLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function compareLines(actual: string, expected: string): string[] {
  const got = normalizedLines(actual);
  const want = normalizedLines(expected);
  const failures: string[] = [];
  const remaining = new Map<string, number>();
  for (const line of got) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  for (const line of want) {
    const count = remaining.get(line) ?? 0;
    if (count > 0) remaining.set(line, count - 1);
    else failures.push(`missing: ${line}`);
  }
  for (const [line, count] of remaining) for (let i = 0; i < count; i++) failures.push(`unexpected: ${line}`);
  return failures;
}

async function connectivityOf(folder: string): Promise<{ matrix?: ConnectivityMatrix; errors: string[] }> {
  const loaded = await loadManifestPaths([folder]);
  const analysis = analyzeModel(loaded.model);
  const errors = [...loaded.diagnostics, ...analysis.diagnostics]
    .filter((diagnostic) => diagnostic.severity === 'error')
    .map((diagnostic) => `${diagnostic.location?.file ?? ''}:${diagnostic.location?.line ?? ''} ${diagnostic.message}`);
  if (errors.length > 0) return { errors };
  return { matrix: analysis.connectivity(), errors };
}

export async function runListCase(folder: string): Promise<string[]> {
  const { matrix, errors } = await connectivityOf(join(folder, 'input'));
  if (!matrix) return errors.map((error) => `refused valid input: ${error}`);
  const output = formatConnectivity(matrix.rows(), 'txt');
  const failures = compareLines(output, readFileSync(join(folder, 'expected.txt'), 'utf8'));
  // The printed order must be upstream's (sorted by source, then destination).
  if (failures.length === 0) {
    const printed = output.split('\n').filter(Boolean);
    const expectedOrder = readFileSync(join(folder, 'expected.txt'), 'utf8').split('\n').filter(Boolean);
    if (printed.join('\n') !== expectedOrder.join('\n')) failures.push('lines are right but not in upstream order');
  }
  return failures;
}

export async function runDiffCase(folder: string): Promise<string[]> {
  const first = await connectivityOf(join(folder, 'a'));
  const second = await connectivityOf(join(folder, 'b'));
  if (!first.matrix || !second.matrix) return [...first.errors, ...second.errors].map((error) => `refused valid input: ${error}`);
  const output = formatDiff(diffConnectivity(first.matrix, second.matrix), 'txt');
  return compareLines(output, readFileSync(join(folder, 'expected.txt'), 'utf8'));
}

export async function runErrorCase(folder: string): Promise<string[]> {
  const loaded = await loadManifestPaths([join(folder, 'input')]);
  const analysis = analyzeModel(loaded.model);
  const refused = [...loaded.diagnostics, ...analysis.diagnostics].some((diagnostic) => diagnostic.severity === 'error');
  return refused ? [] : [`accepted input that must be refused: ${readFileSync(join(folder, 'expected-error.txt'), 'utf8').trim()}`];
}

interface MatrixCheck {
  protocol: Protocol;
  port: number;
  matrix: string;
}
interface FlowCheck {
  from: string;
  to: string;
  protocol: Protocol;
  port: number;
  allowed: boolean;
}
interface CaseFile {
  name: string;
  options?: Partial<EngineOptions>;
  model?: 'e2e';
  resources: string;
  checks: (MatrixCheck | FlowCheck)[];
}

type KubeObject = { kind?: string; metadata?: { name?: string; namespace?: string } };

function objectsOf(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null && typeof object === 'object');
}

/** The case's object set: the e2e model when asked for, then its resources, replacing by identity. */
export function caseManifest(file: string): { caseFile: CaseFile; text: string } {
  const caseFile = parseYaml(readFileSync(file, 'utf8')) as CaseFile;
  const identity = (object: KubeObject) => `${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
  const objects = new Map<string, KubeObject>();
  if (caseFile.model === 'e2e') {
    for (const object of objectsOf(readFileSync(join(dirname(file), '_model.yaml'), 'utf8'))) objects.set(identity(object), object);
  }
  for (const object of objectsOf(caseFile.resources ?? '')) objects.set(identity(object), object);
  const text = [...objects.values()].map((object) => stringify(object)).join('---\n');
  return { caseFile, text };
}

export function runCaseFile(file: string): string[] {
  const { caseFile, text } = caseManifest(file);
  const loaded = loadManifestTexts([{ path: `${caseFile.name}.yaml`, text }]);
  const analysis = analyzeModel(loaded.model, caseFile.options ?? {});
  const failures = [...loaded.diagnostics, ...analysis.diagnostics]
    .filter((diagnostic) => diagnostic.severity === 'error')
    .map((diagnostic) => `refused valid input: ${diagnostic.message}`);
  const compiled = analysis.compiled;
  const matrix = analysis.connectivity();
  const verdict = (from: string, to: string, protocol: Protocol, port: number): boolean | string => {
    const source = findEndpoint(compiled, from);
    const destination = findEndpoint(compiled, to);
    if ('error' in source) return source.error;
    if ('error' in destination) return destination.error;
    const direct = evaluatePair(compiled, source.endpoint, destination.endpoint).contains(protocol, port);
    // Workload pairs are also read from the matrix, which must agree with the direct reading.
    if (source.endpoint.kind === 'workload' && destination.endpoint.kind === 'workload') {
      const fromMatrix = matrix.connection(source.endpoint.index, destination.endpoint.index).contains(protocol, port);
      if (fromMatrix !== direct) return `matrix says ${fromMatrix ? 'allowed' : 'denied'} but rule-by-rule evaluation says ${direct ? 'allowed' : 'denied'}`;
    }
    return direct;
  };
  caseFile.checks.forEach((check, checkIndex) => {
    if ('matrix' in check) {
      const rows = check.matrix
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter((tokens) => tokens.length > 1 || (tokens[0] ?? '') !== '');
      const columns = (rows[0] ?? []).slice(1);
      for (const row of rows.slice(1)) {
        const [from, ...cells] = row as [string, ...string[]];
        cells.forEach((cell, i) => {
          if (cell === '#') return;
          const to = columns[i] as string;
          const got = verdict(from, to, check.protocol, check.port);
          const expected = cell === '.';
          if (got !== expected) failures.push(`check ${checkIndex + 1}: ${from} -> ${to} ${check.protocol}/${check.port}: expected ${cell}, got ${typeof got === 'string' ? got : got ? '.' : 'X'}`);
        });
      }
    } else {
      const got = verdict(check.from, check.to, check.protocol, check.port);
      if (got !== check.allowed) {
        failures.push(`check ${checkIndex + 1}: ${check.from} -> ${check.to} ${check.protocol}/${check.port}: expected ${check.allowed ? 'allowed' : 'denied'}, got ${typeof got === 'string' ? got : got ? 'allowed' : 'denied'}`);
      }
    }
  });
  return failures;
}
