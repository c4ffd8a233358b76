// Cuts a YAML stream into its documents as exact slices of the original text, so that a save
// can write untouched documents back byte for byte and touch only the edited ones.
//
// A line that starts with `---` or `...` at column 0 (followed by a space, a tab or the end of
// the line) is always a document marker in YAML, even inside block or quoted scalars, so a
// line-based cut is exact. Each slice runs from its `---` line (or the file start) to the next
// one. Comment lines directly above a `---` line (with no blank line between) are the next
// document's leading comment and go with it: deleting a document takes its comment along.

export interface DocumentSlice {
  /** Offset of the slice in the file text. */
  start: number;
  /** The slice, including its `---` line and leading comment; slices concatenate to the file. */
  text: string;
  /** Offset, inside `text`, where the document's own lines start (after the leading comment and `---`). */
  bodyStart: number;
}

const MARKER = /^(?:---|\.\.\.)(?:[ \t]|\r?\n|\r?$)/;
const COMMENT_LINE = /^[ \t]*#/;

interface Line {
  start: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline + 1;
    lines.push({ start, text: text.slice(start, end) });
    start = end;
  }
  return lines;
}

/** The document slices of a YAML stream; `slices.map((s) => s.text).join('')` is the input. */
export function splitDocuments(text: string): DocumentSlice[] {
  const lines = linesOf(text);
  // Each `---` line starts a document; `...` ends one (what follows belongs to the next).
  const cuts: number[] = [0];
  lines.forEach((line, index) => {
    if (!MARKER.test(line.text)) return;
    if (line.text.startsWith('...')) {
      const next = lines[index + 1];
      if (next) cuts.push(next.start);
      return;
    }
    let cut = index;
    while (cut > 0 && COMMENT_LINE.test((lines[cut - 1] as Line).text)) cut--;
    cuts.push((lines[cut] as Line).start);
  });
  const starts = [...new Set(cuts)].sort((a, b) => a - b).filter((start) => start < text.length || text.length === 0);
  const slices: DocumentSlice[] = starts.map((start, i) => {
    const end = starts[i + 1] ?? text.length;
    const sliceText = text.slice(start, end);
    return { start, text: sliceText, bodyStart: bodyOffset(sliceText) };
  });
  // A first slice holding only comments or blank lines before the first `---` is a leading
  // comment of the first real document, not a document of its own.
  if (slices.length > 1 && onlyCommentsOrBlank((slices[0] as DocumentSlice).text)) {
    const [first, second] = slices as [DocumentSlice, DocumentSlice, ...DocumentSlice[]];
    const merged = first.text + second.text;
    slices.splice(0, 2, { start: 0, text: merged, bodyStart: bodyOffset(merged) });
  }
  return slices.length > 0 ? slices : [{ start: 0, text, bodyStart: 0 }];
}

function onlyCommentsOrBlank(text: string): boolean {
  return linesOf(text).every((line) => COMMENT_LINE.test(line.text) || /^[ \t]*\r?\n?$/.test(line.text));
}

/** Where the document's own lines start: after leading comment lines and the `---` line. */
function bodyOffset(sliceText: string): number {
  let offset = 0;
  for (const line of linesOf(sliceText)) {
    if (COMMENT_LINE.test(line.text) || /^[ \t]*\r?\n$/.test(line.text)) {
      offset = line.start + line.text.length;
      continue;
    }
    if (line.text.startsWith('---')) {
      // Content may follow the marker on the same line (`--- {a: 1}`): the body starts after it.
      const rest = line.text.slice(3);
      return /^[ \t]*(#.*)?\r?\n?$/.test(rest) ? line.start + line.text.length : line.start + 3 + (rest.length - rest.trimStart().length);
    }
    return line.start;
  }
  return offset;
}
