// Text splices that remove or add whole entries of a collection. A block entry owns its lines,
// the comment lines directly above it (up to its previous sibling) and the comment lines
// indented below it; a flow entry owns its text and the comma before it.

import type { BlockEntry, FlowEntry, FlowLayout, TextLines } from './yamlPatchLayout';

/** Replace text[start, end) with `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Applies splices that do not overlap; an insertion and a removal at one offset insert first. */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const ordered = [...splices].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let position = 0;
  for (const splice of ordered) {
    if (splice.start < position || splice.end < splice.start) throw new Error(`overlapping edits at offset ${splice.start}`);
    result += text.slice(position, splice.start) + splice.text;
    position = splice.end;
  }
  return result + text.slice(position);
}

/** Ascending indices as runs of consecutive ones: [first, last] pairs. */
export function runsOf(indices: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const index of indices) {
    const run = runs[runs.length - 1];
    if (run && run[1] === index - 1) run[1] = index;
    else runs.push([index, index]);
  }
  return runs;
}

/** Where block entry `index` ends: after its last line and the comment lines indented below it. */
export function entryEnd(lines: TextLines, entries: readonly BlockEntry[], index: number): number {
  const entry = entries[index] as BlockEntry;
  const column = lines.column(entry.head);
  let end = lines.nextLineStart(entry.contentEnd);
  while (end < lines.text.length) {
    const comment = lines.commentColumn(end);
    if (comment === undefined || comment <= column) break;
    end = lines.nextLineStart(end);
  }
  return end;
}

/**
 * Where block entry `index` starts: its line, or the comment lines directly above it that are
 * not indented deeper than it (those belong to the entry before), never before `bound`.
 */
export function entryStart(lines: TextLines, entries: readonly BlockEntry[], index: number, bound: number): number {
  const head = (entries[index] as BlockEntry).head;
  const column = lines.column(head);
  let start = lines.lineStart(head);
  while (start > bound) {
    const previous = lines.lineStart(start - 1);
    const comment = lines.commentColumn(previous);
    if (previous < bound || comment === undefined || comment > column) break;
    start = previous;
  }
  return start;
}

/** The earliest offset entry `index` may claim: the end of its previous sibling, or `firstBound` for the first. */
export function entryBound(lines: TextLines, entries: readonly BlockEntry[], index: number, firstBound: number): number {
  return index > 0 ? entryEnd(lines, entries, index - 1) : firstBound;
}

/** Splices removing the given block entries (indices ascending); undefined when that cannot be done by lines. */
export function blockDeletions(lines: TextLines, entries: readonly BlockEntry[], removed: readonly number[], firstBound: number): Splice[] | undefined {
  const splices: Splice[] = [];
  for (const [first, last] of runsOf(removed)) {
    const head = (entries[first] as BlockEntry).head;
    const next = entries[last + 1];
    if (!lines.startsLine(head)) {
      // The first entry of `- key: value`: the next entry moves up onto the dash line.
      if (first !== 0 || !next || !lines.startsLine(next.head)) return undefined;
      splices.push({ start: head, end: next.head, text: '' });
      continue;
    }
    const bound = entryBound(lines, entries, first, firstBound);
    let start = entryStart(lines, entries, first, bound);
    const end = entryEnd(lines, entries, last);
    // Blank lines stay as separators: drop the one above when the removed lines were followed by
    // another blank line or ended their collection.
    const previous = start > 0 ? lines.lineStart(start - 1) : -1;
    if (start > bound && previous >= bound && lines.isBlank(previous) && (!next || end >= lines.text.length || lines.isBlank(end))) {
      start = previous;
    }
    splices.push({ start, end, text: '' });
  }
  return splices;
}

/** Inserts whole lines at the line start `position` (or after the last line, which may lack its line break). */
export function lineInsertion(lines: TextLines, position: number, newLines: readonly string[], newline: string): Splice {
  const { text } = lines;
  if (position >= text.length && text !== '' && !text.endsWith('\n')) {
    return { start: position, end: position, text: `${newline}${newLines.join(newline)}` };
  }
  return { start: position, end: position, text: newLines.map((line) => `${line}${newline}`).join('') };
}

/**
 * Splices removing flow entries (indices ascending) with the comma before them, or for leading
 * entries the comma after them; undefined when every entry would go.
 */
export function flowDeletions(layout: FlowLayout, removed: readonly number[]): Splice[] | undefined {
  const { entries } = layout;
  const splices: Splice[] = [];
  for (const [first, last] of runsOf(removed)) {
    const before = entries[first - 1];
    const after = entries[last + 1];
    if (before) splices.push({ start: before.end, end: (entries[last] as FlowEntry).end, text: '' });
    else if (after) splices.push({ start: (entries[first] as FlowEntry).head, end: after.head, text: '' });
    else return undefined;
  }
  return splices;
}
