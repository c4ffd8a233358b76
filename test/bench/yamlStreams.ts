// The YAML text of the generated manifest files: a small emitter (block style, the `yaml`
// package's default layout) and the splitter that finds documents in a stream again. The emitter
// is hand-written because it is several times faster than a generic stringify on 10–20 MB, and
// its output is stable.

export interface ManifestFile {
  path: string;
  text: string;
}

type YamlScalar = string | number | boolean | null;
export type YamlValue = YamlScalar | YamlValue[] | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue | undefined;
}

const YAML_RESERVED_WORDS = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const YAML_PLAIN_SAFE = /^[A-Za-z][A-Za-z0-9._/-]*$/;

function yamlString(text: string): string {
  if (YAML_PLAIN_SAFE.test(text) && !YAML_RESERVED_WORDS.test(text)) return text;
  // A JSON string is a valid YAML double-quoted scalar.
  return JSON.stringify(text);
}

function yamlScalar(value: YamlScalar): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return yamlString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot emit ${value}`);
    return String(value);
  }
  return value ? 'true' : 'false';
}

function isInline(value: YamlValue): value is YamlScalar | [] {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.length === 0;
  for (const key in value) if (value[key] !== undefined) return false;
  return true;
}

function inlineText(value: YamlScalar | YamlValue[] | YamlMap): string {
  if (value === null || typeof value !== 'object') return yamlScalar(value);
  return Array.isArray(value) ? '[]' : '{}';
}

const SPACES = ' '.repeat(64);
function indentOf(level: number): string {
  return level <= SPACES.length ? SPACES.slice(0, level) : ' '.repeat(level);
}

function emitMap(map: YamlMap, indent: number, out: string[], firstPrefix?: string): void {
  let first = true;
  const pad = indentOf(indent);
  for (const key in map) {
    const value = map[key];
    if (value === undefined) continue;
    const lead = first && firstPrefix !== undefined ? firstPrefix : pad;
    first = false;
    const keyText = yamlString(key);
    if (isInline(value)) {
      out.push(`${lead}${keyText}: ${inlineText(value)}\n`);
    } else if (Array.isArray(value)) {
      out.push(`${lead}${keyText}:\n`);
      emitSeq(value, indent + 2, out);
    } else {
      out.push(`${lead}${keyText}:\n`);
      emitMap(value as YamlMap, indent + 2, out);
    }
  }
}

function emitSeq(items: YamlValue[], indent: number, out: string[]): void {
  const pad = indentOf(indent);
  for (const item of items) {
    if (isInline(item)) {
      out.push(`${pad}- ${inlineText(item)}\n`);
    } else if (Array.isArray(item)) {
      out.push(`${pad}-\n`);
      emitSeq(item, indent + 2, out);
    } else {
      emitMap(item as YamlMap, indent + 2, out, `${pad}- `);
    }
  }
}

/** Serialises one document body (no `---`), block style, keys in insertion order. */
export function toYaml(document: YamlMap): string {
  const out: string[] = [];
  emitMap(document, 0, out);
  return out.join('');
}

/** A multi-document stream: optional header comment, then `---` before every document. */
export function toYamlStream(header: string, documents: YamlMap[]): string {
  const out: string[] = [];
  for (const line of header.split('\n')) out.push(`# ${line}\n`);
  for (const document of documents) {
    out.push('---\n');
    emitMap(document, 0, out);
  }
  return out.join('');
}

export interface DocumentSpan {
  /** Offset of the first character of the document body (after its `---` line). */
  start: number;
  /** Offset just past the body. */
  end: number;
}

const DOCUMENT_MARKER = /^---[ \t]*(?:#.*)?$/;

/** Splits a YAML stream into document bodies by `---` lines (enough for the files generated here). */
export function splitDocuments(text: string): DocumentSpan[] {
  const spans: DocumentSpan[] = [];
  let start = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    if (line.startsWith('---') && DOCUMENT_MARKER.test(line)) {
      if (lineStart > start) spans.push({ start, end: lineStart });
      start = newline === -1 ? text.length : newline + 1;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  if (text.length > start) spans.push({ start, end: text.length });
  return spans;
}
