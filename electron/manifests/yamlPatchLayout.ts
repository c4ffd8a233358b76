// Where things are in a YAML document's text: lines, the entries of block and flow
// collections (from the yaml package's node ranges and concrete syntax tokens), where a value's
// content ends (before trailing comments), and the style the document is written in.

import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { CST, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { DocumentStyle } from './yamlRender';

/** Line arithmetic over the document text; a line ends after its `\n` (`\r\n` lines included). */
export class TextLines {
  constructor(readonly text: string) {}

  lineStart(position: number): number {
    return this.text.lastIndexOf('\n', position - 1) + 1;
  }

  /** Where the line holding `position` ends, before its `\r\n` or `\n`. */
  lineContentEnd(position: number): number {
    const newline = this.text.indexOf('\n', position);
    if (newline < 0) return this.text.length;
    return newline > position && this.text[newline - 1] === '\r' ? newline - 1 : newline;
  }

  /** The start of the line after the one holding `position` (the text length on the last line). */
  nextLineStart(position: number): number {
    const newline = this.text.indexOf('\n', position);
    return newline < 0 ? this.text.length : newline + 1;
  }

  column(position: number): number {
    return position - this.lineStart(position);
  }

  /** Spaces at the start of the line holding `position`. */
  indentation(position: number): number {
    const start = this.lineStart(position);
    let end = start;
    while (this.text[end] === ' ') end++;
    return end - start;
  }

  /** Only spaces stand between the start of the line and `position`. */
  startsLine(position: number): boolean {
    return /^[ \t]*$/.test(this.text.slice(this.lineStart(position), position));
  }

  sameLine(a: number, b: number): boolean {
    return this.lineStart(a) === this.lineStart(b);
  }

  /** The line starting at `lineStart`, without its line break. */
  line(lineStart: number): string {
    return this.text.slice(lineStart, this.lineContentEnd(lineStart));
  }

  isBlank(lineStart: number): boolean {
    return lineStart < this.text.length && this.line(lineStart).trim() === '';
  }

  /** The column of the `#` of a line that holds only a comment, else undefined. */
  commentColumn(lineStart: number): number | undefined {
    const match = /^([ \t]*)#/.exec(this.line(lineStart));
    return match ? (match[1] as string).length : undefined;
  }

  /** The comment that ends the line holding `position`, when only spaces precede it from there. */
  trailingComment(position: number): string | undefined {
    const rest = this.text.slice(position, this.lineContentEnd(position)).trim();
    return rest.startsWith('#') ? rest : undefined;
  }
}

/** An entry of a block collection: a `key: value` pair or a `- value` item. */
export interface BlockEntry {
  /** Where the entry starts: its key (or the key's anchor or tag), or its dash. */
  head: number;
  /** After the `:` or the `-`. */
  indicatorEnd: number;
  /** After the last character of its value that is not a comment or a line break. */
  contentEnd: number;
}

/** An entry of a flow collection, from its first to its last character (no comma). */
export interface FlowEntry {
  head: number;
  end: number;
}

export interface FlowLayout {
  open: number;
  close: number;
  entries: FlowEntry[];
  /** The collection spans lines and each entry starts its own line, at this column. */
  entryColumn: number | undefined;
  multiline: boolean;
  /** The separators between its entries and between keys and values, when it shows them on one line. */
  comma: string | undefined;
  colon: string | undefined;
}

export function isFlowCollection(node: YAMLMap | YAMLSeq): boolean {
  return node.srcToken?.type === 'flow-collection';
}

/** A scalar with no text, like the value of `key:`; its range is where the value would start. */
export function isEmptyScalar(node: Node): boolean {
  return isScalar(node) && Boolean(node.range) && node.range?.[0] === node.range?.[1];
}

/** After the last character of `node` that is not a comment or a line break; undefined for an empty scalar. */
export function contentEnd(node: Node, text: string): number | undefined {
  const range = node.range;
  if (!range) return undefined;
  if (isScalar(node)) {
    if (isEmptyScalar(node)) return undefined;
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      let end = range[1];
      // A `|+` scalar keeps its trailing blank lines: they are content, up to its last line break.
      if (/^[|>][1-9]?\+/.test(text.slice(range[0], range[0] + 3))) return text.endsWith('\n', end) ? end - (text.endsWith('\r\n', end) ? 2 : 1) : end;
      while (end > range[0] && /\s/.test(text[end - 1] as string)) end--;
      return end;
    }
    return range[1];
  }
  if (isAlias(node)) return range[1];
  if ((isMap(node) || isSeq(node)) && !isFlowCollection(node)) {
    const entries = blockEntries(node, text);
    const last = entries?.[entries.length - 1];
    if (last) return last.contentEnd;
    // Syntax too unusual for entries (explicit keys): the range, without the blank and
    // comment lines it may end with.
    const lines = new TextLines(text);
    let end = range[1];
    for (;;) {
      while (end > range[0] && /\s/.test(text[end - 1] as string)) end--;
      const lineStart = lines.lineStart(end);
      if (lineStart <= range[0] || lines.commentColumn(lineStart) === undefined) return end;
      end = lineStart;
    }
  }
  return range[1];
}

function offsetOf(tokens: readonly CST.SourceToken[] | undefined, type: CST.SourceToken['type']): number | undefined {
  return tokens?.find((token) => token.type === type)?.offset;
}

const entryCache = new WeakMap<YAMLMap | YAMLSeq, BlockEntry[] | undefined>();

/** The entries of a block collection; undefined where the syntax is too unusual to edit in place. */
export function blockEntries(node: YAMLMap | YAMLSeq, text: string): BlockEntry[] | undefined {
  if (entryCache.has(node)) return entryCache.get(node);
  const entries = isMap(node) ? blockMapEntries(node, text) : blockSeqEntries(node as YAMLSeq, text);
  entryCache.set(node, entries);
  return entries;
}

function blockMapEntries(map: YAMLMap, text: string): BlockEntry[] | undefined {
  const entries: BlockEntry[] = [];
  for (const pair of map.items as Pair[]) {
    const token = pair.srcToken;
    const key = pair.key as Node | null;
    if (!token || !isScalar(key) || !key.range || token.start.some((t) => t.type === 'explicit-key-ind')) return undefined;
    const colon = offsetOf(token.sep, 'map-value-ind');
    if (colon === undefined) return undefined;
    const props = token.start.find((t) => t.type === 'anchor' || t.type === 'tag');
    const head = Math.min(props?.offset ?? Infinity, key.range[0]);
    const value = pair.value as Node | null;
    const end = value ? contentEnd(value, text) : undefined;
    entries.push({ head, indicatorEnd: colon + 1, contentEnd: Math.max(colon + 1, end ?? 0) });
  }
  return entries;
}

function blockSeqEntries(seq: YAMLSeq, text: string): BlockEntry[] | undefined {
  const token = seq.srcToken;
  if (!token || token.type !== 'block-seq') return undefined;
  const dashes = token.items.map((item) => offsetOf(item.start, 'seq-item-ind')).filter((offset): offset is number => offset !== undefined);
  if (dashes.length !== seq.items.length) return undefined;
  return dashes.map((dash, index) => {
    const item = seq.items[index] as Node | null;
    const end = item ? contentEnd(item, text) : undefined;
    return { head: dash, indicatorEnd: dash + 1, contentEnd: Math.max(dash + 1, end ?? 0) };
  });
}

const layoutCache = new WeakMap<YAMLMap | YAMLSeq, FlowLayout | undefined>();

/** The entries and separators of a flow collection; undefined where they are too unusual to edit in place. */
export function flowLayout(node: YAMLMap | YAMLSeq, lines: TextLines): FlowLayout | undefined {
  if (layoutCache.has(node)) return layoutCache.get(node);
  const layout = measureFlow(node, lines);
  layoutCache.set(node, layout);
  return layout;
}

function measureFlow(node: YAMLMap | YAMLSeq, lines: TextLines): FlowLayout | undefined {
  const token = node.srcToken;
  if (!token || token.type !== 'flow-collection') return undefined;
  const open = token.start.offset;
  const close = token.end.find((t) => t.type === 'flow-map-end' || t.type === 'flow-seq-end')?.offset;
  if (close === undefined) return undefined;
  const entries: FlowEntry[] = [];
  let colon: string | undefined;
  for (const item of node.items as unknown[]) {
    if (isMap(node)) {
      if (!isPair(item)) return undefined;
      const pair = item as Pair<Node | null, Node | null>;
      const key = pair.key;
      if (!isScalar(key) || !key.range || key.anchor || key.tag) return undefined;
      const indicator = offsetOf(pair.srcToken?.sep, 'map-value-ind');
      const value = pair.value;
      if (value && (value.anchor || value.tag)) return undefined;
      const valueEnd = value ? contentEnd(value, lines.text) : undefined;
      entries.push({ head: key.range[0], end: valueEnd ?? (indicator !== undefined ? indicator + 1 : key.range[1]) });
      if (colon === undefined && value?.range && valueEnd !== undefined) colon = lines.text.slice(key.range[1], value.range[0]);
    } else {
      const entry = item as Node | null;
      if (!entry || isPair(entry) || !entry.range || entry.anchor || entry.tag) return undefined;
      const end = contentEnd(entry, lines.text);
      if (end === undefined) return undefined;
      entries.push({ head: entry.range[0], end });
    }
  }
  const multiline = !lines.sameLine(open, close);
  const last = entries[entries.length - 1];
  const entryColumn = multiline && last && lines.startsLine(last.head) ? lines.column(last.head) : undefined;
  const between = entries.length >= 2 ? lines.text.slice((entries[0] as FlowEntry).end, (entries[1] as FlowEntry).head) : undefined;
  return {
    open,
    close,
    entries,
    entryColumn,
    multiline,
    comma: between !== undefined && /^[ \t]*,[ \t]*$/.test(between) ? between : undefined,
    colon: colon !== undefined && /^[ \t]*:[ \t]*$/.test(colon) ? colon : undefined,
  };
}

/** The text of a map key as the parsed object names it. */
export function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const value = (key as Scalar).value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? undefined : String(value);
}

/** The document's style, from what its text already does; defaults follow kubectl and the yaml package. */
export function detectStyle(root: Node | null, lines: TextLines): DocumentStyle {
  const units = new Map<number, number>();
  const commas = new Map<string, number>();
  const colons = new Map<string, number>();
  let indented = 0;
  let flush = 0;
  let doubleQuotes = 0;
  let singleQuotes = 0;
  let keys = 0;
  let doubleQuotedKeys = 0;
  const count = (scalar: Scalar): void => {
    if (scalar.type === 'QUOTE_DOUBLE') doubleQuotes++;
    else if (scalar.type === 'QUOTE_SINGLE') singleQuotes++;
  };
  const visit = (node: unknown): void => {
    if (isScalar(node)) return count(node);
    if (!isMap(node) && !isSeq(node)) return;
    const flow = isFlowCollection(node);
    if (flow) {
      const layout = flowLayout(node, lines);
      if (layout?.comma !== undefined) commas.set(layout.comma, (commas.get(layout.comma) ?? 0) + 1);
      if (layout?.colon !== undefined) colons.set(layout.colon, (colons.get(layout.colon) ?? 0) + 1);
      if (layout?.entryColumn !== undefined) {
        const unit = layout.entryColumn - lines.indentation(layout.open);
        if (unit > 0) units.set(unit, (units.get(unit) ?? 0) + 1);
      }
    }
    for (const item of node.items as unknown[]) {
      if (!isPair(item)) {
        visit(item);
        continue;
      }
      const key = item.key as Node | null;
      if (isScalar(key)) {
        keys++;
        if (key.type === 'QUOTE_DOUBLE') doubleQuotedKeys++;
        count(key);
      }
      const value = item.value as Node | null;
      const keyStart = key?.range?.[0];
      if (!flow && keyStart !== undefined && value?.range && (isMap(value) || isSeq(value)) && !isFlowCollection(value) && !lines.sameLine(keyStart, value.range[0])) {
        const offset = lines.column(value.range[0]) - lines.column(keyStart);
        if (isMap(value) && offset > 0) units.set(offset, (units.get(offset) ?? 0) + 1);
        if (isSeq(value)) {
          if (offset > 0) indented++;
          else flush++;
        }
      }
      visit(value);
    }
  };
  visit(root);
  const indentUnit = mostCommon(units, 2);
  const rootIsFlow = (isMap(root) || isSeq(root)) && isFlowCollection(root);
  return {
    newline: lines.text.split('\r\n').length * 2 > lines.text.split('\n').length + 1 ? '\r\n' : '\n',
    indentUnit: Math.min(Math.max(indentUnit, 1), 8),
    indentSequences: indented >= flush,
    quote: singleQuotes > doubleQuotes ? 'single' : 'double',
    json: rootIsFlow && keys === doubleQuotedKeys,
    strings: 'plain',
    flowComma: mostCommon(commas, ', '),
    flowColon: mostCommon(colons, ': '),
  };
}

/**
 * The style for new entries among `siblings`: strings in the quotes that every sibling string
 * uses (`["Ingress", "Egress"]`), else plain where possible.
 */
export function siblingStyle(style: DocumentStyle, siblings: readonly (Node | null)[]): DocumentStyle {
  const strings = siblings.filter((node): node is Scalar => isScalar(node) && typeof node.value === 'string' && !isEmptyScalar(node));
  const quote = strings[0]?.type;
  if ((quote !== 'QUOTE_DOUBLE' && quote !== 'QUOTE_SINGLE') || strings.some((node) => node.type !== quote)) return style;
  return { ...style, strings: quote === 'QUOTE_DOUBLE' ? 'double' : 'single' };
}

/** The most frequent of the counted values (the first one seen on a tie), else `fallback`. */
function mostCommon<T>(counts: Map<T, number>, fallback: T): T {
  let best = fallback;
  let times = 0;
  for (const [value, count] of counts) {
    if (count > times) [best, times] = [value, count];
  }
  return best;
}
