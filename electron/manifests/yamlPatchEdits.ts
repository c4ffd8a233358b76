// Turns "this node should now hold that value" into text splices that change as little as
// possible: a changed scalar is rewritten in its own quote style, a removed key or item loses
// exactly its lines (and the comments above it), a new key or item is written after its last
// sibling in the document's style. What cannot be edited in place is rewritten whole, but
// only the smallest node around it; a collection that cannot be edited reports false so
// that its parent rewrites it.

import { isAlias, isMap, isScalar, isSeq, visit } from 'yaml';
import type { Alias, Document, Node, Pair, Range, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { alignSequences } from './yamlPatchAlignment';
import { deepEqual, isFilledCollection, isPlainObject, isScalarData } from './yamlPatchData';
import type { PlainData, PlainObject } from './yamlPatchData';
import { blockEntries, contentEnd, flowLayout, isEmptyScalar, isFlowCollection, keyText, siblingStyle } from './yamlPatchLayout';
import type { BlockEntry, FlowEntry, FlowLayout, TextLines } from './yamlPatchLayout';
import { blockDeletions, entryEnd, entryStart, flowDeletions, lineInsertion } from './yamlPatchSplices';
import type { Splice } from './yamlPatchSplices';
import { childColumn, renderBlockItemLines, renderBlockLines, renderBlockPairLines, renderFlow, renderInline, renderKey, renderLiteralBlock, renderScalar } from './yamlRender';
import type { DocumentStyle, FlowFormat, ScalarStyle } from './yamlRender';

/** How a node sits in its parent, which decides how a new value for it is written. */
export type Slot =
  | { kind: 'root' }
  /** The value of a block mapping key; `ownerColumn` is the key's column. */
  | { kind: 'pair'; indicatorEnd: number; ownerColumn: number }
  /** An item of a block sequence; `ownerColumn` is the dash's column. */
  | { kind: 'item'; indicatorEnd: number; ownerColumn: number }
  | { kind: 'flow'; parent: FlowLayout };

type Collection = YAMLMap | YAMLSeq;

export class YamlPatcher {
  readonly splices: Splice[] = [];
  /** The value each node visited by `patch` was given. */
  private readonly assigned = new Map<Node, PlainData>();
  private readonly text: string;
  private readonly newline: string;

  constructor(
    private readonly doc: Document,
    private readonly lines: TextLines,
    private readonly style: DocumentStyle,
  ) {
    this.text = lines.text;
    this.newline = style.newline;
  }

  /** Adds the splices that make `node` hold `value`; false when they could not be made here. */
  patch(node: Node | null, slot: Slot, value: PlainData): boolean {
    if (!node) return false;
    this.assigned.set(node, value);
    // Whether an alias can stay depends on what its anchored node ends up holding: settleAliases.
    if (isAlias(node)) return true;
    if (deepEqual(node.toJS(this.doc), value)) return true;
    const mark = this.splices.length;
    if (this.patchInPlace(node, slot, value)) return true;
    this.splices.length = mark;
    return this.replace(node, slot, value);
  }

  /** The slot of entry `index` of `collection`; undefined when its syntax is too unusual to edit. */
  childSlot(collection: Collection, index: number): Slot | undefined {
    if (isFlowCollection(collection)) {
      const parent = flowLayout(collection, this.lines);
      return parent && { kind: 'flow', parent };
    }
    const entry = blockEntries(collection, this.text)?.[index];
    if (!entry) return undefined;
    return { kind: isMap(collection) ? 'pair' : 'item', indicatorEnd: entry.indicatorEnd, ownerColumn: this.lines.column(entry.head) };
  }

  /**
   * An alias reads whatever its anchored node holds. After the edits, an alias outside them
   * that would now read something else than its value (because its anchored node changed or
   * went away) is written out as that value.
   */
  settleAliases(): boolean {
    let anyAlias = false;
    visit(this.doc, { Alias: () => ((anyAlias = true), visit.BREAK) });
    if (!anyAlias) return true;
    const aliases: { node: Alias; slot: Slot }[] = [];
    const walk = (node: unknown, slot: Slot): void => {
      if (isAlias(node)) aliases.push({ node, slot });
      if (!isMap(node) && !isSeq(node)) return;
      node.items.forEach((item: unknown, index: number) => {
        const childSlot = this.childSlot(node, index);
        if (childSlot) walk(isMap(node) ? (item as Pair).value : item, childSlot);
      });
    };
    walk(this.doc.contents, { kind: 'root' });
    for (const { node, slot } of aliases) {
      const source = node.resolve(this.doc);
      const sourceRange = source?.range;
      if (!source || !sourceRange || !node.range || this.covers(node.range)) continue;
      const value = this.newValue(node);
      // The anchor stays unless some splice starts before the node (where its `&name` is) and runs over it.
      const anchorStays = !this.splices.some((splice) => splice.start < sourceRange[0] && splice.end >= sourceRange[1]);
      if (anchorStays && deepEqual(this.newValue(source), value)) continue;
      if (!this.replace(node, slot, value)) return false;
    }
    return true;
  }

  /** What `node` holds after the edits: the value it was patched to, or its old value if untouched. */
  private newValue(node: Node): PlainData {
    return this.assigned.get(node) ?? (node.toJS(this.doc) as PlainData);
  }

  /** Some splice rewrites or removes all of `range`. */
  private covers(range: Range): boolean {
    return this.splices.some((splice) => splice.end > splice.start && splice.start <= range[0] && range[1] <= splice.end);
  }

  private splice(start: number, end: number, text: string): void {
    this.splices.push({ start, end, text });
  }

  private patchInPlace(node: Node, slot: Slot, value: PlainData): boolean {
    if (isMap(node) && isPlainObject(value) && node.items.length > 0 && Object.keys(value).length > 0) {
      return isFlowCollection(node) ? this.patchFlowMap(node, value) : this.patchBlockMap(node, slot, value);
    }
    if (isSeq(node) && Array.isArray(value) && node.items.length > 0 && value.length > 0) {
      return isFlowCollection(node) ? this.patchFlowSeq(node, value) : this.patchBlockSeq(node, slot, value);
    }
    if (isScalar(node) && isScalarData(value)) return this.patchScalar(node, slot, value);
    return false;
  }

  // ---- scalars ----

  private patchScalar(node: Scalar, slot: Slot, value: null | boolean | number | string): boolean {
    // An explicit tag (`!!str 80`) may contradict the new value; the parent rewrites the pair.
    if (node.tag || !node.range || isEmptyScalar(node)) return false;
    const start = node.range[0];
    const end = contentEnd(node, this.text) ?? start;
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      if (typeof value !== 'string') return false;
      const block = renderLiteralBlock(value, this.blockScalarColumn(node, slot), this.newline);
      if (block === undefined) return false;
      this.splice(start, end, block);
      return true;
    }
    const preferred: ScalarStyle = node.type === 'QUOTE_DOUBLE' ? 'double' : node.type === 'QUOTE_SINGLE' ? 'single' : 'plain';
    this.splice(start, end, renderScalar(value, preferred, this.style, slot.kind === 'flow'));
    return true;
  }

  /** The column of a block scalar's lines: as they are, else one unit below its owner. */
  private blockScalarColumn(node: Scalar, slot: Slot): number {
    const [start, end] = node.range as [number, number, number];
    for (let line = this.lines.nextLineStart(start); line < end; line = this.lines.nextLineStart(line)) {
      if (!this.lines.isBlank(line)) return this.lines.indentation(line);
    }
    return (slot.kind === 'pair' || slot.kind === 'item' ? slot.ownerColumn : 0) + this.style.indentUnit;
  }

  // ---- rewriting a whole node ----

  private replace(node: Node, slot: Slot, value: PlainData): boolean {
    // An explicit tag (`!!str`) would contradict the new value: it goes, with the anchor beside
    // it, which only a block slot can drop (the text from the indicator on is rewritten).
    const tagged = !isAlias(node) && node.tag !== undefined;
    if (!node.range || (tagged && (slot.kind === 'root' || slot.kind === 'flow'))) return false;
    const empty = isEmptyScalar(node);
    const start = node.range[0];
    const end = contentEnd(node, this.text) ?? start;
    if (slot.kind === 'flow') {
      const format: FlowFormat = {
        multiline: this.style.json && slot.parent.multiline && isFilledCollection(value),
        indent: this.lines.indentation(start),
        comma: slot.parent.comma ?? this.style.flowComma,
        colon: slot.parent.colon ?? this.style.flowColon,
      };
      const rendered = renderFlow(value, this.style, format);
      this.splice(start, end, empty && this.text[start - 1] === ':' ? ` ${rendered}` : rendered);
      return true;
    }
    // A filled flow collection that could not be edited inside its brackets keeps its style.
    const flowStyled = (isMap(node) || isSeq(node)) && isFlowCollection(node) && node.items.length > 0 && isFilledCollection(value);
    const oneLine = (): string => renderFlow(value, this.style, { multiline: false, indent: 0, comma: this.style.flowComma, colon: this.style.flowColon });
    if (slot.kind === 'root') {
      this.splice(start, end, flowStyled && !this.style.json ? oneLine() : this.renderRoot(value));
      return true;
    }
    const { indicatorEnd } = slot;
    const oldStart = empty ? indicatorEnd : start;
    const oldEnd = empty ? indicatorEnd : end;
    const startsOnIndicatorLine = this.lines.sameLine(indicatorEnd - 1, oldStart);
    const inline = startsOnIndicatorLine && this.lines.sameLine(oldStart, oldEnd);
    // A comment after `key:` whose value starts on the next line: keep it after the indicator.
    const headComment = startsOnIndicatorLine ? undefined : this.lines.trailingComment(indicatorEnd);
    const from = headComment === undefined ? indicatorEnd : this.lines.lineContentEnd(indicatorEnd);

    if (!isFilledCollection(value) || flowStyled) {
      const rendered = flowStyled ? oneLine() : renderInline(value, this.style, false);
      if (inline && !empty && !tagged) this.splice(oldStart, oldEnd, rendered);
      else this.splice(indicatorEnd, oldEnd, ` ${rendered}${headComment === undefined ? '' : ` ${headComment}`}`);
      return true;
    }
    if (slot.kind === 'item') {
      // `- key: value`: the collection starts on the dash line, at the column the old value had.
      const keepsStart = !empty && !tagged && startsOnIndicatorLine;
      const column = keepsStart ? this.lines.column(oldStart) : slot.ownerColumn + 2;
      const rendered = renderBlockLines(value, column, this.style);
      rendered[0] = (rendered[0] as string).slice(column);
      this.splice(keepsStart ? oldStart : indicatorEnd, oldEnd, `${keepsStart ? '' : ' '}${rendered.join(this.newline)}`);
      return true;
    }
    const sameKind = (isMap(node) && !Array.isArray(value)) || (isSeq(node) && Array.isArray(value));
    const column = !startsOnIndicatorLine && sameKind ? this.lines.column(oldStart) : childColumn(value, slot.ownerColumn, this.style);
    const body = `${this.newline}${renderBlockLines(value, column, this.style).join(this.newline)}`;
    if (inline) {
      // `key: {} # note` becomes `key: # note` followed by the new lines.
      const tail = this.lines.trailingComment(oldEnd);
      this.splice(indicatorEnd, this.lines.lineContentEnd(oldEnd), `${tail === undefined ? '' : ` ${tail}`}${body}`);
    } else {
      this.splice(from, oldEnd, body);
    }
    return true;
  }

  private renderRoot(value: PlainData): string {
    if (!isFilledCollection(value)) return renderInline(value, this.style, false);
    if (this.style.json) return renderFlow(value, this.style, { multiline: true, indent: 0, comma: this.style.flowComma, colon: this.style.flowColon });
    return renderBlockLines(value, 0, this.style).join(this.newline);
  }

  // ---- block collections ----

  private patchBlockMap(map: YAMLMap, slot: Slot, value: PlainObject): boolean {
    const entries = blockEntries(map, this.text);
    const pairs = map.items as Pair<Node | null, Node | null>[];
    const keys = pairs.map((pair) => keyText(pair.key));
    if (!entries || keys.some((key) => key === undefined)) return false;
    const { kept, removed, added } = compareKeys(keys as string[], value);
    if (kept.length === 0) return false;
    for (const index of kept) {
      const childSlot = this.childSlot(map, index);
      if (!childSlot || !this.patch((pairs[index] as Pair<Node | null, Node | null>).value, childSlot, value[keys[index] as string] as PlainData)) return false;
    }
    if (!this.deleteBlockEntries(entries, removed, slot)) return false;
    if (added.length > 0) {
      const column = this.lines.column((entries[0] as BlockEntry).head);
      const style = siblingStyle(this.style, pairs.map((pair) => pair.value));
      const newLines = added.flatMap((key) => renderBlockPairLines(key, value[key] as PlainData, column, style));
      this.insertLines(entryEnd(this.lines, entries, kept[kept.length - 1] as number), newLines);
    }
    return true;
  }

  private patchBlockSeq(seq: YAMLSeq, slot: Slot, value: PlainData[]): boolean {
    const entries = blockEntries(seq, this.text);
    if (!entries) return false;
    const items = seq.items as (Node | null)[];
    const { oldToNew, inserted } = alignSequences(
      items.map((item) => item?.toJS(this.doc) ?? null),
      value,
    );
    if (oldToNew.every((index) => index === undefined)) return false;
    for (const [index, newIndex] of oldToNew.entries()) {
      if (newIndex === undefined) continue;
      const childSlot = this.childSlot(seq, index);
      if (!childSlot || !this.patch(items[index] ?? null, childSlot, value[newIndex] as PlainData)) return false;
    }
    const removed = oldToNew.flatMap((newIndex, index) => (newIndex === undefined ? [index] : []));
    if (!this.deleteBlockEntries(entries, removed, slot)) return false;
    const column = this.lines.column((entries[0] as BlockEntry).head);
    const style = siblingStyle(this.style, items);
    for (const [after, group] of groupInsertions(inserted)) {
      let position: number;
      if (after >= 0) position = entryEnd(this.lines, entries, after);
      else if (this.lines.startsLine((entries[0] as BlockEntry).head)) position = entryStart(this.lines, entries, 0, this.firstBound(entries, slot));
      else return false;
      this.insertLines(
        position,
        group.flatMap((newIndex) => renderBlockItemLines(value[newIndex] as PlainData, column, style)),
      );
    }
    return true;
  }

  /** Before the first entry: the line after the parent's indicator (at the root, the first entry's line). */
  private firstBound(entries: BlockEntry[], slot: Slot): number {
    const firstLine = this.lines.lineStart((entries[0] as BlockEntry).head);
    // At the root, the comments above the first key are the document's, not the key's.
    if (slot.kind === 'pair' || slot.kind === 'item') return Math.min(this.lines.nextLineStart(slot.indicatorEnd), firstLine);
    return firstLine;
  }

  private deleteBlockEntries(entries: BlockEntry[], removed: number[], slot: Slot): boolean {
    const splices = blockDeletions(this.lines, entries, removed, this.firstBound(entries, slot));
    if (splices) this.splices.push(...splices);
    return splices !== undefined;
  }

  private insertLines(position: number, newLines: string[]): void {
    this.splices.push(lineInsertion(this.lines, position, newLines, this.newline));
  }

  // ---- flow collections ----

  private patchFlowMap(map: YAMLMap, value: PlainObject): boolean {
    const layout = flowLayout(map, this.lines);
    const pairs = map.items as Pair<Node | null, Node | null>[];
    const keys = pairs.map((pair) => keyText(pair.key));
    if (!layout || keys.some((key) => key === undefined)) return false;
    const { kept, removed, added } = compareKeys(keys as string[], value);
    if (kept.length === 0) return false;
    const slot: Slot = { kind: 'flow', parent: layout };
    for (const index of kept) {
      if (!this.patch((pairs[index] as Pair<Node | null, Node | null>).value, slot, value[keys[index] as string] as PlainData)) return false;
    }
    if (!this.deleteFlowEntries(layout, removed)) return false;
    if (added.length > 0) {
      const format = this.entryFormat(layout);
      const separator = this.flowSeparator(layout);
      const style = siblingStyle(this.style, pairs.map((pair) => pair.value));
      const text = added.map((key) => `${separator}${renderKey(key, style, true)}${format.colon}${renderFlow(value[key] as PlainData, style, format)}`);
      const end = (layout.entries[kept[kept.length - 1] as number] as FlowEntry).end;
      this.splice(end, end, text.join(''));
    }
    return true;
  }

  private patchFlowSeq(seq: YAMLSeq, value: PlainData[]): boolean {
    const layout = flowLayout(seq, this.lines);
    if (!layout) return false;
    const items = seq.items as (Node | null)[];
    const { oldToNew, inserted } = alignSequences(
      items.map((item) => item?.toJS(this.doc) ?? null),
      value,
    );
    if (oldToNew.every((index) => index === undefined)) return false;
    const slot: Slot = { kind: 'flow', parent: layout };
    for (const [index, newIndex] of oldToNew.entries()) {
      if (newIndex !== undefined && !this.patch(items[index] ?? null, slot, value[newIndex] as PlainData)) return false;
    }
    if (!this.deleteFlowEntries(layout, oldToNew.flatMap((newIndex, index) => (newIndex === undefined ? [index] : [])))) return false;
    const format = this.entryFormat(layout);
    const separator = this.flowSeparator(layout);
    const style = siblingStyle(this.style, items);
    for (const [after, group] of groupInsertions(inserted)) {
      const rendered = group.map((newIndex) => renderFlow(value[newIndex] as PlainData, style, format));
      if (after >= 0) {
        const end = (layout.entries[after] as FlowEntry).end;
        this.splice(end, end, rendered.map((text) => `${separator}${text}`).join(''));
      } else {
        const head = (layout.entries[0] as FlowEntry).head;
        this.splice(head, head, rendered.map((text) => `${text}${separator}`).join(''));
      }
    }
    return true;
  }

  private deleteFlowEntries(layout: FlowLayout, removed: number[]): boolean {
    const splices = flowDeletions(layout, removed);
    if (splices) this.splices.push(...splices);
    return splices !== undefined;
  }

  /** Between two entries: `, ` on one line, or a line break and the entries' indentation. */
  private flowSeparator(layout: FlowLayout): string {
    return layout.entryColumn === undefined ? (layout.comma ?? this.style.flowComma) : `,${this.newline}${' '.repeat(layout.entryColumn)}`;
  }

  /** How a new entry's value is written: JSON in a multi-line collection spans lines as JSON does. */
  private entryFormat(layout: FlowLayout): FlowFormat {
    return {
      multiline: this.style.json && layout.entryColumn !== undefined,
      indent: layout.entryColumn ?? this.lines.indentation(layout.open),
      comma: layout.comma ?? this.style.flowComma,
      colon: layout.colon ?? this.style.flowColon,
    };
  }
}

/** Which existing keys stay, which go, and which keys of `value` are new (in its order). */
function compareKeys(keys: string[], value: PlainObject): { kept: number[]; removed: number[]; added: string[] } {
  const kept: number[] = [];
  const removed: number[] = [];
  keys.forEach((key, index) => (Object.hasOwn(value, key) ? kept : removed).push(index));
  const existing = new Set(keys);
  return { kept, removed, added: Object.keys(value).filter((key) => !existing.has(key)) };
}

function groupInsertions(inserted: { newIndex: number; after: number }[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const { newIndex, after } of inserted) groups.set(after, [...(groups.get(after) ?? []), newIndex]);
  return groups;
}
