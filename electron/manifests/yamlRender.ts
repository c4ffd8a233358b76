// Writes new plain data as YAML text in the style of the document it goes into: its quote
// style, indentation unit, sequence indentation and line ending, or JSON when the document is
// JSON. Only new parts are written here; yamlPatch keeps the text of everything else.

import { parse } from 'yaml';
import { isFilledCollection, isPlainObject } from './yamlPatchData';
import type { PlainData } from './yamlPatchData';

export interface DocumentStyle {
  newline: '\n' | '\r\n';
  /** Columns between a key and the keys of its block mapping value. */
  indentUnit: number;
  /** `key:\n  - item` (true) or `key:\n- item` (false). */
  indentSequences: boolean;
  /** The quotes for a string that cannot be plain. */
  quote: 'double' | 'single';
  /** The document is JSON: every key and string double-quoted, every collection in flow style. */
  json: boolean;
  /** How new string values are written: plain where they can be, or in the quotes of their siblings. */
  strings: ScalarStyle;
  /** How the document's flow collections separate entries (`, ` or `,`) and keys from values. */
  flowComma: string;
  flowColon: string;
}

export type ScalarStyle = 'plain' | 'single' | 'double';

/** How a flow collection separates its entries; a multi-line one puts each entry on its own line. */
export interface FlowFormat {
  multiline: boolean;
  /** Indentation of the line where the collection opens; its entries go one unit deeper. */
  indent: number;
  comma: string;
  colon: string;
}

// A plain scalar may not start with an indicator, nor contain `: ` or ` #`; in flow context it
// may not contain flow indicators. Colons in flow are refused too: `{a:b}` reads as one key.
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** Control characters, and the separators JavaScript and YAML read differently; `allowed` lists exceptions. */
function hasUnprintable(text: string, allowed = ''): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff;
    if (control && !allowed.includes(char)) return true;
  }
  return false;
}

/** True when `text` written plain reads back as exactly this string, in YAML 1.2 and 1.1. */
export function canBePlain(text: string, flow: boolean): boolean {
  if (text === '' || text.trim() !== text || hasUnprintable(text) || INDICATOR_START.test(text)) return false;
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':')) return false;
  if (flow && /[,[\]{}:]/.test(text)) return false;
  // Kubernetes reads YAML 1.1 (`yes`, `on`, `0777`, `1:20` are not strings there): plain only
  // when both versions read the same string.
  try {
    return parse(text) === text && parse(text, { version: '1.1' }) === text;
  } catch {
    return false;
  }
}

function canBeSingleQuoted(text: string): boolean {
  return !hasUnprintable(text);
}

export function doubleQuoted(text: string): string {
  // A JSON string is a YAML double-quoted scalar: every JSON escape is a YAML escape.
  return JSON.stringify(text);
}

function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function quoted(text: string, quote: 'double' | 'single'): string {
  return quote === 'single' && canBeSingleQuoted(text) ? singleQuoted(text) : doubleQuoted(text);
}

export function renderString(text: string, preferred: ScalarStyle, style: DocumentStyle, flow: boolean): string {
  if (style.json) return doubleQuoted(text);
  if (preferred === 'plain') return canBePlain(text, flow) ? text : quoted(text, style.quote);
  return quoted(text, preferred);
}

/** A scalar; numbers, booleans and null are always plain (quotes would make them strings). */
export function renderScalar(value: null | boolean | number | string, preferred: ScalarStyle, style: DocumentStyle, flow: boolean): string {
  if (typeof value === 'string') return renderString(value, preferred, style, flow);
  if (value === null) return 'null';
  return String(value);
}

export function renderKey(key: string, style: DocumentStyle, flow: boolean): string {
  return renderString(key, 'plain', style, flow);
}

/** A value that fits on its line in block context: a scalar or an empty collection. */
export function renderInline(value: PlainData, style: DocumentStyle, flow: boolean): string {
  if (isFilledCollection(value)) return renderFlow(value, style, { multiline: false, indent: 0, comma: style.flowComma, colon: style.flowColon });
  if (Array.isArray(value)) return '[]';
  if (isPlainObject(value)) return '{}';
  return renderScalar(value, style.strings, style, flow);
}

/** A value in flow style; a multi-line format puts each entry of each collection on its own line. */
export function renderFlow(value: PlainData, style: DocumentStyle, format: FlowFormat): string {
  if (!isFilledCollection(value)) return renderInline(value, style, true);
  const entries = Array.isArray(value)
    ? value.map((item) => renderFlow(item, style, { ...format, indent: format.indent + style.indentUnit }))
    : Object.entries(value).map(
        ([key, item]) => `${renderKey(key, style, true)}${format.colon}${renderFlow(item, style, { ...format, indent: format.indent + style.indentUnit })}`,
      );
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (!format.multiline) return `${open}${entries.join(format.comma)}${close}`;
  const inner = ' '.repeat(format.indent + style.indentUnit);
  const separator = `,${style.newline}${inner}`;
  return `${open}${style.newline}${inner}${entries.join(separator)}${style.newline}${' '.repeat(format.indent)}${close}`;
}

/** The lines of a filled collection in block style, each indented to `column`. */
export function renderBlockLines(value: PlainData[] | { [key: string]: PlainData }, column: number, style: DocumentStyle): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => renderBlockItemLines(item, column, style));
  return Object.entries(value).flatMap(([key, item]) => renderBlockPairLines(key, item, column, style));
}

/** `key: value` at `column`, the value on the following lines when it is a filled collection. */
export function renderBlockPairLines(key: string, value: PlainData, column: number, style: DocumentStyle): string[] {
  const head = `${' '.repeat(column)}${renderKey(key, style, false)}:`;
  if (!isFilledCollection(value)) return [`${head} ${renderInline(value, style, false)}`];
  return [head, ...renderBlockLines(value, childColumn(value, column, style), style)];
}

/** `- value` at `column`; a filled collection starts on the dash line (`- key: value`). */
export function renderBlockItemLines(value: PlainData, column: number, style: DocumentStyle): string[] {
  const dash = `${' '.repeat(column)}-`;
  if (!isFilledCollection(value)) return [`${dash} ${renderInline(value, style, false)}`];
  const lines = renderBlockLines(value, column + 2, style);
  lines[0] = `${dash} ${(lines[0] as string).slice(column + 2)}`;
  return lines;
}

/** Where the entries of a block collection that is the value of a key at `keyColumn` go. */
export function childColumn(value: PlainData, keyColumn: number, style: DocumentStyle): number {
  return Array.isArray(value) && !style.indentSequences ? keyColumn : keyColumn + style.indentUnit;
}

/**
 * A string as a literal block scalar (`|`, `|-`) with its lines at `column`; undefined when
 * that cannot hold it exactly (several trailing newlines, a first line that starts with a
 * space, characters YAML does not allow raw).
 */
export function renderLiteralBlock(text: string, column: number, newline: string): string | undefined {
  if (text === '' || text.endsWith('\n\n') || hasUnprintable(text, '\t\n')) return undefined;
  const chomp = text.endsWith('\n') ? '' : '-';
  const lines = (chomp === '' ? text.slice(0, -1) : text).split('\n');
  if (/^[ \t]/.test(lines[0] as string) || lines[0] === '') return undefined;
  const body = lines.map((line) => (line === '' ? '' : `${' '.repeat(column)}${line}`));
  return [`|${chomp}`, ...body].join(newline);
}
