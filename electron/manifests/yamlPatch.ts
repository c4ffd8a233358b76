// Saves an edited object back into the YAML (or JSON) text it came from, changing as little
// text as possible: users open manifests from their repositories, and a save that drops a
// comment, reorders keys or reformats an untouched part would make them distrust every save.
//
// The old node is compared with the new value and only the differences become text splices
// (yamlPatchEdits.ts), written in the document's own style (yamlRender.ts). The result is
// parsed again and must read as the original with exactly `value` at `path`; otherwise the
// edit is refused rather than saved wrong.

import { isMap, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { deepEqual, InvalidData, isFilledCollection, toPlainData } from './yamlPatchData';
import type { PlainData } from './yamlPatchData';
import { YamlPatcher } from './yamlPatchEdits';
import type { Slot } from './yamlPatchEdits';
import { applySplices } from './yamlPatchSplices';
import { detectStyle, keyText, TextLines } from './yamlPatchLayout';
import { renderBlockLines, renderFlow, renderInline } from './yamlRender';
import type { DocumentStyle } from './yamlRender';

export type YamlPath = readonly (string | number)[];

/**
 * Rewrites one YAML document (a JSON document is YAML too) so that the node at `path` holds
 * `value` (plain JSON-like data), changing as little text as possible. Everything that did not
 * change stays byte-identical: comments, blank lines, quoting, key order, indentation style,
 * anchors, line endings (\n or \r\n, as the document uses), a missing final newline.
 */
export function patchYamlDocument(documentText: string, path: YamlPath, value: unknown): { text: string } | { error: string } {
  try {
    return patch(documentText, path, value);
  } catch (error) {
    return { error: `internal: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function patch(documentText: string, path: YamlPath, value: unknown): { text: string } | { error: string } {
  const plain = toPlainData(value);
  if (plain instanceof InvalidData) return { error: plain.message };
  // Warnings (an unknown tag, a collection as a key) are the loader's to report, not a save's.
  const doc = parseDocument(documentText, { keepSourceTokens: true, logLevel: 'error' });
  const parseError = doc.errors[0];
  if (parseError) return { error: `the document does not parse: ${parseError.message}` };
  const lines = new TextLines(documentText);
  const style = detectStyle(doc.contents, lines);

  if (doc.contents === null) {
    if (path.length > 0) return { error: `${describePath(path)} does not exist: the document is empty` };
    return checked(documentText, appendToEmptyDocument(documentText, plain, style), plain, path);
  }
  const patcher = new YamlPatcher(doc, lines, style);
  const target = resolvePath(doc, patcher, path);
  if ('error' in target) return target;
  const expected = editedDocument(doc, path, plain);
  if (!patcher.patch(target.node, target.slot, plain) || !patcher.settleAliases()) {
    return { error: `${describePath(path)} cannot be rewritten in place` };
  }
  return checked(documentText, applySplices(documentText, patcher.splices), expected, path);
}

/** The patched text if it reads back as `expected`, else an internal error rather than a wrong text. */
function checked(documentText: string, text: string, expected: PlainData, path: YamlPath): { text: string } | { error: string } {
  // Removing the last lines of a text without a final newline leaves the break before them;
  // it goes too, unless it is content (the end of a `|+` block scalar).
  if (documentText !== '' && !documentText.endsWith('\n') && /\n$/.test(text)) {
    const trimmed = text.replace(/\r?\n$/, '');
    if (readsBackAs(trimmed, expected, path) === undefined) return { text: trimmed };
  }
  const problem = readsBackAs(text, expected, path);
  return problem === undefined ? { text } : { error: `internal: ${problem}` };
}

/** The node at `path` and how it sits in its parent. */
function resolvePath(doc: Document, patcher: YamlPatcher, path: YamlPath): { node: Node | null; slot: Slot } | { error: string } {
  let node = doc.contents as Node | null;
  let slot: Slot = { kind: 'root' };
  for (const [depth, segment] of path.entries()) {
    const here = describePath(path.slice(0, depth));
    let index: number;
    if (typeof segment === 'string') {
      if (!isMap(node)) return { error: `${here} is not a mapping, so it has no key ${JSON.stringify(segment)}` };
      index = node.items.findIndex((pair) => keyText(pair.key) === segment);
      if (index < 0) return { error: `${here} has no key ${JSON.stringify(segment)}` };
    } else {
      if (!isSeq(node)) return { error: `${here} is not a sequence, so it has no item ${segment}` };
      if (!Number.isInteger(segment) || segment < 0 || segment >= node.items.length) return { error: `${here} has no item ${segment}` };
      index = segment;
    }
    const childSlot = patcher.childSlot(node, index);
    if (!childSlot) return { error: `${describePath(path.slice(0, depth + 1))} is written in a form that cannot be edited in place` };
    const child = node.items[index] as unknown;
    node = (isMap(node) ? (child as { value: Node | null }).value : child) as Node | null;
    slot = childSlot;
  }
  return { node, slot };
}

function describePath(path: YamlPath): string {
  return path.length === 0 ? 'the document' : path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('');
}

/** A document with only comments (or nothing): the value goes after them. */
function appendToEmptyDocument(documentText: string, value: PlainData, style: DocumentStyle): string {
  let rendered: string;
  if (!isFilledCollection(value)) rendered = renderInline(value, style, false);
  else if (style.json) rendered = renderFlow(value, style, { multiline: true, indent: 0, comma: style.flowComma, colon: style.flowColon });
  else rendered = renderBlockLines(value, 0, style).join(style.newline);
  const separator = documentText === '' || documentText.endsWith('\n') ? '' : style.newline;
  return `${documentText}${separator}${rendered}${style.newline}`;
}

/** The original document with `value` at `path`, as plain data. */
function editedDocument(original: Document, path: YamlPath, value: PlainData): PlainData {
  if (path.length === 0) return value;
  const whole = original.toJS() as PlainData;
  let parent = whole as Record<string | number, PlainData>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, PlainData>;
  parent[path[path.length - 1] as string | number] = value;
  return whole;
}

/** Undefined when `text` reads as `expected`; else what is wrong. */
function readsBackAs(text: string, expected: PlainData, path: YamlPath): string | undefined {
  const reparsed = parseDocument(text, { logLevel: 'error' });
  const error = reparsed.errors[0];
  if (error) return `the patched text does not parse: ${error.message}`;
  return deepEqual(reparsed.toJS(), expected) ? undefined : `the patched text does not read back as the edited document (${describePath(path)})`;
}
