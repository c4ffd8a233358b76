// Every NetworkPolicy of the netpol-analyzer conformance inputs, edited the way the designer
// edits policies: each edit must change only the lines of the edited field and leave every
// other byte of the document as it was.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, parse, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { splitDocuments } from './documentStream';
import { patchYamlDocument } from './yamlPatch';
import type { YamlPath } from './yamlPatch';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const conformance = resolve(repositoryRoot, process.env.NETPOL_CONFORMANCE_DIR ?? '../shared/conformance');

function yamlFilesBelow(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? yamlFilesBelow(path) : name.endsWith('.yaml') ? [path] : [];
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface PolicyDocument {
  where: string;
  body: string;
  /** Where the policy is in the document: [] or ['items', n] in a List. */
  path: YamlPath;
  policy: JsonObject;
}

function policyDocuments(): PolicyDocument[] {
  const folders = readdirSync(conformance).filter((name) => name.startsWith('netpol-analyzer') && statSync(join(conformance, name)).isDirectory());
  const documents: PolicyDocument[] = [];
  for (const file of folders.flatMap((folder) => yamlFilesBelow(join(conformance, folder)))) {
    splitDocuments(readFileSync(file, 'utf8')).forEach((slice, index) => {
      const body = slice.text.slice(slice.bodyStart);
      let value: Json;
      try {
        value = parse(body) as Json;
      } catch {
        return; // the error-case inputs hold documents that do not parse
      }
      const where = `${file.slice(conformance.length + 1)}#${index}`;
      if (!isObject(value)) return;
      if (value.kind === 'NetworkPolicy') documents.push({ where, body, path: [], policy: value });
      else if (Array.isArray(value.items)) {
        value.items.forEach((item, itemIndex) => {
          if (isObject(item) && item.kind === 'NetworkPolicy') documents.push({ where: `${where}.items[${itemIndex}]`, body, path: ['items', itemIndex], policy: item });
        });
      }
    });
  }
  return documents;
}

/**
 * The lines that differ: a block of `removed` old lines at line `from` replaced by `added`
 * lines. Line breaks are compared apart (`sameLineBreaks`): removing the last line of a text
 * without a final newline removes the break before it, which is not a change of that line.
 */
function lineChange(before: string, after: string): { from: number; removed: string[]; added: string[] } {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { from: prefix, removed: a.slice(prefix, a.length - suffix), added: b.slice(prefix, b.length - suffix) };
}

/** The 0-based lines of `text` from the start of the node (or map key) at `path` to its last content line. */
function lineSpan(text: string, path: YamlPath): [number, number] {
  const doc = parseDocument(text);
  const parent = path.length === 1 ? doc.contents : (doc.getIn(path.slice(0, -1), true) as Node);
  const last = path[path.length - 1];
  let start: number;
  let node: Node;
  if (isMap(parent)) {
    const pair = parent.items.find((item) => String((item.key as { value: unknown }).value) === last)!;
    start = (pair.key as Node).range![0];
    node = pair.value as Node;
  } else if (isSeq(parent)) {
    node = parent.items[last as number] as Node;
    start = node.range![0];
  } else {
    throw new Error(`no node at ${path.join('.')}`);
  }
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length - 1;
  // The node's range may run over comment lines after it; its content ends on the last line that has content.
  const lines = text.split(/\r?\n/);
  let contentEnd = node.range![1];
  while (contentEnd > start + 1 && /\s/.test(text[contentEnd - 1] as string)) contentEnd--;
  let end = lineOf(contentEnd - 1);
  while (end > lineOf(start) && /^\s*(#.*)?$/.test(lines[end] ?? '')) end--;
  return [lineOf(start), end];
}

function isCommentOrBlank(line: string): boolean {
  return /^\s*(#.*)?$/.test(line);
}

/** The same line ending everywhere (CRLF stays CRLF, LF stays LF) and the same final newline or none. */
function sameLineBreaks(before: string, after: string): boolean {
  const crlf = before.includes('\r\n');
  const breaksMatch = crlf ? !/(^|[^\r])\n/.test(after) : !after.includes('\r');
  return breaksMatch && before.endsWith('\n') === after.endsWith('\n');
}

/** Finds the first value whose key is `key`, depth first in key order, with its path. */
function findFirst(value: Json | undefined, key: string, path: YamlPath, accept: (found: Json) => boolean): YamlPath | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [childKey, child] of Object.entries(value) as [string, Json][]) {
    const childPath = [...path, Array.isArray(value) ? Number(childKey) : childKey];
    if (childKey === key && accept(child)) return childPath;
    const found = findFirst(child, key, childPath, accept);
    if (found) return found;
  }
  return undefined;
}

function getIn(value: Json, path: YamlPath): Json | undefined {
  let node: Json | undefined = value;
  for (const segment of path) node = node !== null && typeof node === 'object' ? (node as Record<string | number, Json>)[segment] : undefined;
  return node;
}

function setIn(value: Json, path: YamlPath, newValue: Json): void {
  const parent = getIn(value, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1] as string | number] = newValue;
}

interface Edit {
  name: string;
  /** The path of the edited field inside the policy, or undefined when this policy has no such field. */
  field: (policy: JsonObject) => YamlPath | undefined;
  apply: (policy: JsonObject, field: YamlPath) => void;
  /**
   * 'scalar': one line changes; 'within': changed lines lie within the field; 'append': lines
   * are only added, right after the field (past any comment lines that end it); 'removal':
   * only the field's lines go.
   */
  check: 'scalar' | 'within' | 'append' | 'removal';
}

const edits: Edit[] = [
  {
    name: 'change metadata.name',
    field: (policy) => (typeof getIn(policy, ['metadata', 'name']) === 'string' ? ['metadata', 'name'] : undefined),
    apply: (policy, field) => setIn(policy, field, `${getIn(policy, field) as string}-edited`),
    check: 'scalar',
  },
  {
    name: 'change the first numeric port',
    field: (policy) => findFirst(policy.spec, 'port', ['spec'], (port) => typeof port === 'number'),
    apply: (policy, field) => setIn(policy, field, (getIn(policy, field) as number) + 1000),
    check: 'scalar',
  },
  {
    name: 'change the first matchLabels value',
    field: (policy) => {
      const labels = findFirst(policy, 'matchLabels', [], (found) => isObject(found) && Object.keys(found).length > 0);
      return labels && [...labels, Object.keys(getIn(policy, labels) as JsonObject)[0] as string];
    },
    apply: (policy, field) => setIn(policy, field, `${getIn(policy, field) as string}-x`),
    check: 'scalar',
  },
  {
    name: 'add a label to spec.podSelector.matchLabels',
    field: (policy) => (getIn(policy, ['spec', 'podSelector']) !== undefined ? ['spec', 'podSelector'] : undefined),
    apply: (policy, field) => {
      const selector = getIn(policy, field);
      const matchLabels = isObject(selector) && isObject(selector.matchLabels) ? selector.matchLabels : {};
      // `yes` must come out quoted: Kubernetes reads YAML 1.1, where a plain yes is a boolean.
      setIn(policy, field, { ...(isObject(selector) ? selector : {}), matchLabels: { ...matchLabels, 'designer.example/added': 'yes' } });
    },
    check: 'within',
  },
  {
    name: 'append an ingress rule',
    field: (policy) => {
      const ingress = getIn(policy, ['spec', 'ingress']);
      return Array.isArray(ingress) && ingress.length > 0 ? ['spec', 'ingress'] : undefined;
    },
    apply: (policy) => (getIn(policy, ['spec', 'ingress']) as Json[]).push({ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }], ports: [{ port: 443 }] }),
    check: 'append',
  },
  {
    name: "append a peer to the first rule's from",
    field: (policy) => {
      const from = getIn(policy, ['spec', 'ingress', 0, 'from']);
      return Array.isArray(from) && from.length > 0 ? ['spec', 'ingress', 0, 'from'] : undefined;
    },
    apply: (policy, field) => (getIn(policy, field) as Json[]).push({ ipBlock: { cidr: '10.1.0.0/16' } }),
    check: 'append',
  },
  {
    name: 'remove the last ingress rule',
    field: (policy) => {
      const ingress = getIn(policy, ['spec', 'ingress']);
      return Array.isArray(ingress) && ingress.length >= 2 ? ['spec', 'ingress', ingress.length - 1] : undefined;
    },
    apply: (policy) => (getIn(policy, ['spec', 'ingress']) as Json[]).pop(),
    check: 'removal',
  },
];

describe('patchYamlDocument over the netpol-analyzer conformance policies', () => {
  it('changes only the lines of the edited field', () => {
    const documents = policyDocuments();
    const counts = new Map<string, number>();
    for (const document of documents) {
      for (const edit of edits) {
        const field = edit.field(document.policy);
        if (!field) continue;
        const edited = structuredClone(document.policy);
        edit.apply(edited, field);
        const label = `${document.where}: ${edit.name}`;
        const result = patchYamlDocument(document.body, document.path, edited);
        if ('error' in result) throw new Error(`${label}: ${result.error}`);
        expect(getIn(parse(result.text) as Json, document.path), label).toEqual(edited);

        expect(sameLineBreaks(document.body, result.text), `${label}: line breaks`).toBe(true);
        const [spanStart, spanEnd] = lineSpan(document.body, [...document.path, ...field]);
        const change = lineChange(document.body, result.text);
        const removedEnd = change.from + change.removed.length;
        if (edit.check === 'scalar') {
          expect({ removed: change.removed.length, added: change.added.length }, label).toEqual({ removed: 1, added: 1 });
          expect(change.from, label).toBe(spanEnd);
        } else if (edit.check === 'within') {
          expect(change.removed.length + change.added.length, label).toBeGreaterThan(0);
          expect(change.from >= spanStart && removedEnd <= spanEnd + 1, `${label}: lines ${change.from}..${removedEnd} outside ${spanStart}..${spanEnd}`).toBe(true);
        } else if (edit.check === 'append') {
          expect(change.removed, label).toEqual([]);
          const between = document.body.split(/\r?\n/).slice(spanEnd + 1, change.from);
          expect(change.from > spanStart && between.every(isCommentOrBlank), `${label}: added at line ${change.from}, field at ${spanStart}..${spanEnd}`).toBe(true);
        } else {
          expect(change.added, label).toEqual([]);
          // A removed block next to equal lines may sit at several positions with the same
          // result; one of them must hold exactly the rule's lines plus comment or blank lines.
          const lines = document.body.split(/\r?\n/);
          const size = change.removed.length;
          let first = change.from;
          while (first > 0 && lines[first - 1] === lines[first - 1 + size]) first--;
          let last = change.from;
          while (last + size < lines.length && lines[last] === lines[last + size]) last++;
          let matches = false;
          for (let from = first; from <= last; from++) {
            const covers = from <= spanStart && from + size > spanEnd;
            const extra = lines.slice(from, from + size).filter((line, offset) => (from + offset < spanStart || from + offset > spanEnd) && !isCommentOrBlank(line));
            matches ||= covers && extra.length === 0;
          }
          expect(matches, `${label}: removed lines ${change.from}..${removedEnd}, rule at ${spanStart}..${spanEnd}`).toBe(true);
        }
        counts.set(edit.name, (counts.get(edit.name) ?? 0) + 1);
      }
    }
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    console.info(`yamlPatch corpus: ${documents.length} NetworkPolicy documents, ${total} edits (${[...counts].map(([name, count]) => `${name}: ${count}`).join('; ')})`);
    expect(documents.length).toBeGreaterThan(50);
    expect(counts.get('remove the last ingress rule')).toBeGreaterThan(5);
  });
});
