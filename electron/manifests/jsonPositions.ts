// PositionNodes over JSON text that JSON.parse has already accepted. JSON files (kubectl
// `-o json` output) are read with JSON.parse, which is about a hundred times faster than a
// YAML parse of the same text; this scanner then finds where values start, only for the parts
// that are asked for (list items, and every field of a NetworkPolicy).
import { childPath } from './sourcePositions';
import type { LineColumn, OffsetToLineColumn, PositionNode } from './sourcePositions';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff;
}

export function skipWhitespace(text: string, index: number): number {
  let i = index;
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** `index` is at the opening quote; returns the offset after the closing quote. */
function skipString(text: string, index: number): number {
  let i = index + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) i += 2;
    else if (code === QUOTE) return i + 1;
    else i++;
  }
  return i;
}

/** `index` is at the first character of a value; returns the offset after it. */
function skipValue(text: string, index: number): number {
  const first = text.charCodeAt(index);
  if (first === QUOTE) return skipString(text, index);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let i = index;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) {
        i = skipString(text, i);
        continue;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  let i = index;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isWhitespace(code)) break;
    i++;
  }
  return i;
}

/** Calls `visit(key, keyOffset, valueOffset)` for each member of the object starting at `index`. */
function forEachMember(text: string, index: number, visit: (key: string, keyOffset: number, valueOffset: number) => void): void {
  if (text.charCodeAt(index) !== OPEN_BRACE) return;
  let i = skipWhitespace(text, index + 1);
  while (i < text.length && text.charCodeAt(i) === QUOTE) {
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    let j = skipWhitespace(text, keyEnd);
    if (text.charCodeAt(j) !== COLON) return;
    j = skipWhitespace(text, j + 1);
    visit(key, i, j);
    i = skipWhitespace(text, skipValue(text, j));
    if (text.charCodeAt(i) !== COMMA) return;
    i = skipWhitespace(text, i + 1);
  }
}

/** Calls `visit(itemOffset, index)` for each item of the array starting at `index`. */
function forEachItem(text: string, index: number, visit: (itemOffset: number, itemIndex: number) => void): void {
  if (text.charCodeAt(index) !== OPEN_BRACKET) return;
  let i = skipWhitespace(text, index + 1);
  let itemIndex = 0;
  while (i < text.length && text.charCodeAt(i) !== CLOSE_BRACKET) {
    visit(i, itemIndex++);
    i = skipWhitespace(text, skipValue(text, i));
    if (text.charCodeAt(i) !== COMMA) return;
    i = skipWhitespace(text, i + 1);
  }
}

class JsonPositionNode implements PositionNode {
  constructor(
    private readonly text: string,
    private readonly offset: number,
    private readonly toLineColumn: OffsetToLineColumn,
  ) {}

  get position(): LineColumn {
    return this.toLineColumn(this.offset);
  }

  child(key: string): PositionNode | undefined {
    let found: number | undefined;
    forEachMember(this.text, this.offset, (memberKey, _keyOffset, valueOffset) => {
      // Like JSON.parse, the last of duplicate keys wins.
      if (memberKey === key) found = valueOffset;
    });
    return found === undefined ? undefined : new JsonPositionNode(this.text, found, this.toLineColumn);
  }

  items(): PositionNode[] {
    const result: PositionNode[] = [];
    forEachItem(this.text, this.offset, (itemOffset) => result.push(new JsonPositionNode(this.text, itemOffset, this.toLineColumn)));
    return result;
  }

  collectFieldPositions(path: string, out: Record<string, LineColumn>): void {
    collect(this.text, this.offset, path, out, this.toLineColumn);
  }
}

function collect(text: string, offset: number, path: string, out: Record<string, LineColumn>, toLineColumn: OffsetToLineColumn): void {
  const first = text.charCodeAt(offset);
  if (first === OPEN_BRACE) {
    forEachMember(text, offset, (key, keyOffset, valueOffset) => {
      const fieldPath = childPath(path, key);
      out[fieldPath] = toLineColumn(keyOffset);
      collect(text, valueOffset, fieldPath, out, toLineColumn);
    });
  } else if (first === OPEN_BRACKET) {
    forEachItem(text, offset, (itemOffset, index) => {
      const fieldPath = childPath(path, index);
      out[fieldPath] = toLineColumn(itemOffset);
      collect(text, itemOffset, fieldPath, out, toLineColumn);
    });
  }
}

/** The node of the JSON value starting at `offset` (the first non-blank character). */
export function jsonPositionNode(text: string, offset: number, toLineColumn: OffsetToLineColumn): PositionNode {
  return new JsonPositionNode(text, offset, toLineColumn);
}

/** Line starts of `text`, for turning offsets into lines and columns by binary search. */
export function lineColumnOf(text: string): OffsetToLineColumn {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  };
}
