// Robustness of the manifest layer: 1,200 seeded mutations of the shared conformance inputs
// (broken indentation, tabs, stray markers, truncation, binary bytes, duplicated keys, …).
// For every one: no exception escapes loading, validation, evaluation or a save plan; no input
// takes more than a second (the guard the issue asks for, not a benchmark); and saving the
// unedited policies writes back exactly the bytes that were read.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { NetworkPolicySpec } from '../../electron/common/model';
import { analyzeModel } from '../../electron/engine/analysis';
import { splitDocuments } from '../../electron/manifests/documentStream';
import { loadManifestTexts } from '../../electron/manifests/loadManifests';
import { planSave } from '../../electron/manifests/saveEdits';
import { mulberry32 } from '../bench/seededRandom';
import { conformanceDirectory } from './conformanceRunner';

const MUTATIONS = 1_200;
const TIME_LIMIT_MS = 1_000;

function inputFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return inputFiles(path);
      return /\.(ya?ml|json)$/.test(name) && !path.includes('/admin/') ? [path] : [];
    });
}

const FRAGMENTS = ['\t', ':', ': ', '- ', '---\n', '...\n', '{', '}', '[', ']', '"', "'", '#', '&a ', '*a', '!!binary ', '\u0000', '\r\n', '  ', 'kind: NetworkPolicy\n', 'port: "80"', 'cidr: 10.0.0.0/33', '\ufeff', 'é', '<<: *a\n'];

type Mutation = (text: string, random: () => number) => string;

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)] as T;
const position = (text: string, random: () => number) => Math.floor(random() * (text.length + 1));

const MUTATORS: [string, Mutation][] = [
  ['insert a fragment', (text, random) => {
    const at = position(text, random);
    return text.slice(0, at) + pick(FRAGMENTS, random) + text.slice(at);
  }],
  ['delete a range', (text, random) => {
    const at = position(text, random);
    return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 40));
  }],
  ['truncate', (text, random) => text.slice(0, position(text, random))],
  ['duplicate a line', (text, random) => {
    const lines = text.split('\n');
    const at = Math.floor(random() * lines.length);
    lines.splice(at, 0, lines[at] ?? '');
    return lines.join('\n');
  }],
  ['re-indent a line', (text, random) => {
    const lines = text.split('\n');
    const at = Math.floor(random() * lines.length);
    lines[at] = (random() < 0.5 ? ' ' : '\t') + (lines[at] ?? '').replace(/^ {1,2}/, '');
    return lines.join('\n');
  }],
  ['swap two lines', (text, random) => {
    const lines = text.split('\n');
    const a = Math.floor(random() * lines.length);
    const b = Math.floor(random() * lines.length);
    [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
    return lines.join('\n');
  }],
  ['change a number', (text, random) => text.replace(/\d+/g, (digits) => (random() < 0.1 ? pick(['0', '65536', '-1', '1e9', 'x', '8.5'], random) : digits))],
  ['change a word', (text, random) => text.replace(/\b(Ingress|Egress|TCP|UDP|In|NotIn|Exists|ipBlock|podSelector|from|to|ports)\b/g, (word) => (random() < 0.2 ? word.toLowerCase() : word))],
];

/** Every NetworkPolicy of the text with its spec exactly as written (no model defaults or drops). */
function writtenSpecs(text: string): { namespace: string; name: string; spec: NetworkPolicySpec }[] {
  const found: { namespace: string; name: string; spec: NetworkPolicySpec }[] = [];
  for (const slice of splitDocuments(text)) {
    let object: { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown }; spec?: unknown } | null;
    try {
      object = parseDocument(slice.text.slice(slice.bodyStart)).toJS() as typeof object;
    } catch {
      continue; // an unreadable document (e.g. an unresolved alias) has no spec to save
    }
    if (object?.kind !== 'NetworkPolicy' || typeof object.spec !== 'object' || object.spec === null) continue;
    const namespace = typeof object.metadata?.namespace === 'string' && object.metadata.namespace !== '' ? object.metadata.namespace : 'default';
    found.push({ namespace, name: String(object.metadata?.name ?? ''), spec: object.spec as NetworkPolicySpec });
  }
  return found;
}

describe('manifest robustness under seeded mutations', () => {
  it(`${MUTATIONS} mutated inputs load, evaluate and save without loss`, () => {
    const files = inputFiles(conformanceDirectory);
    expect(files.length).toBeGreaterThan(100);
    const random = mulberry32(20261126);
    let slowest = { ms: 0, what: '' };
    const problems: string[] = [];
    const kinds = new Map<string, number>();
    for (let i = 0; i < MUTATIONS; i++) {
      const file = pick(files, random);
      const [name, mutate] = pick(MUTATORS, random);
      kinds.set(name, (kinds.get(name) ?? 0) + 1);
      const text = mutate(readFileSync(file, 'utf8'), random);
      const what = `#${i} ${name} in ${file.slice(conformanceDirectory.length + 1)}`;
      const start = performance.now();
      try {
        const path = file.endsWith('.json') ? 'mutated.json' : 'mutated.yaml';
        const loaded = loadManifestTexts([{ path, text }]);
        const analysis = analyzeModel(loaded.model);
        if (!analysis.hasErrors && loaded.model.workloads.length <= 200) analysis.connectivity().rows();
        if (splitDocuments(text).map((slice) => slice.text).join('') !== text) problems.push(`${what}: document slices lose bytes`);
        // Saving every policy unedited (its spec as the document has it) must give back the very
        // same bytes.
        const edits = writtenSpecs(text).map(({ namespace, name, spec }) => ({ type: 'update' as const, policy: { namespace, name }, spec }));
        const plan = planSave([{ path, text }], edits);
        for (const saved of plan.files) if (saved.text !== text) problems.push(`${what}: an unedited save changed the file`);
      } catch (error) {
        problems.push(`${what}: ${error instanceof Error ? error.stack : String(error)}`);
      }
      const ms = performance.now() - start;
      if (ms > slowest.ms) slowest = { ms, what };
      if (ms > TIME_LIMIT_MS) problems.push(`${what}: took ${ms.toFixed(0)} ms`);
    }
    console.log(`robustness: ${MUTATIONS} mutations (${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')}); slowest ${slowest.ms.toFixed(0)} ms (${slowest.what})`);
    expect(problems.slice(0, 10)).toEqual([]);
  }, 300_000);
});
