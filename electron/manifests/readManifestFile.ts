// Reads one file's text into Kubernetes objects: multi-document YAML streams (one document at
// a time, so a 15 MB stream never holds all its syntax trees at once), JSON through JSON.parse,
// and `items` lists flattened into their items. Every problem becomes a diagnostic; a broken
// document is skipped and the others still load.
import { Composer, Parser } from 'yaml';
import type { Diagnostic, SourceLocation } from '../common/model';
import { jsonPositionNode, lineColumnOf, skipWhitespace } from './jsonPositions';
import type { OffsetToLineColumn, PositionNode } from './sourcePositions';
import { yamlPositionNode } from './yamlPositions';

export interface ManifestFile {
  path: string;
  text: string;
}

/** One Kubernetes object as read, with where it was written. */
export interface ManifestObject {
  kind: string;
  apiVersion: string | undefined;
  /** The object's fields; `kind` and `apiVersion` filled from the enclosing list when missing. */
  value: Record<string, unknown>;
  location: SourceLocation;
  /** The object's node, for field positions (undefined when the source has none). */
  node: PositionNode | undefined;
}

export const MAX_MANIFEST_BYTES = 50 * 1024 * 1024;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A document's root value and how to locate it. */
interface RootDocument {
  value: unknown;
  documentIndex: number;
  node: PositionNode | undefined;
  position: { line: number; column: number };
}

function fileLocation(file: string, line = 1, column = 1, documentIndex?: number): SourceLocation {
  return documentIndex === undefined ? { file, line, column } : { file, line, column, documentIndex };
}

export function tooLargeDiagnostic(path: string): Diagnostic {
  return { severity: 'error', code: 'too-large', message: `${path}: file is larger than 50 MB; skipped`, location: fileLocation(path) };
}

export function notTextDiagnostic(path: string): Diagnostic {
  return { severity: 'error', code: 'not-text', message: `${path}: not a text file (contains NUL bytes); skipped`, location: fileLocation(path) };
}

/** Checks that decide whether a text is read at all: size and binary content. */
export function acceptText(path: string, text: string, diagnostics: Diagnostic[]): boolean {
  if (text.length > MAX_MANIFEST_BYTES) {
    diagnostics.push(tooLargeDiagnostic(path));
    return false;
  }
  if (text.includes('\u0000')) {
    diagnostics.push(notTextDiagnostic(path));
    return false;
  }
  return true;
}

/** Throws when the text is not strict JSON. */
function jsonDocument(text: string, start: number): RootDocument {
  const value: unknown = JSON.parse(start === 0 ? text : text.slice(start));
  const toLineColumn = lineColumnOf(text);
  const node = jsonPositionNode(text, start, toLineColumn);
  return { value, documentIndex: 0, node, position: toLineColumn(start) };
}

function* yamlDocuments(path: string, text: string, diagnostics: Diagnostic[]): Generator<RootDocument> {
  const toLineColumn: OffsetToLineColumn = lineColumnOf(text);
  // `merge: true`: kubectl's YAML reader (go-yaml) resolves `<<` merge keys, so we do too.
  // `logLevel: 'error'`: the yaml package's own warnings go to the console; ours are diagnostics.
  const composer = new Composer({ keepSourceTokens: false, prettyErrors: false, merge: true, logLevel: 'error' });
  const parser = new Parser();
  let documentIndex = 0;
  for (const doc of composer.compose(parser.parse(text), true, text.length)) {
    const index = documentIndex++;
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const { line, column } = toLineColumn(error.pos[0]);
        diagnostics.push({
          severity: 'error',
          code: 'yaml-syntax',
          message: `${error.message} (document skipped)`,
          location: fileLocation(path, line, column, index),
        });
      }
      continue;
    }
    for (const warning of doc.warnings) {
      const { line, column } = toLineColumn(warning.pos[0]);
      diagnostics.push({
        severity: 'warning',
        code: 'yaml-warning',
        message: warning.message,
        location: fileLocation(path, line, column, index),
      });
    }
    const contents = doc.contents;
    if (contents === null || contents === undefined) continue;
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (error) {
      // e.g. "Excessive alias count" for alias bombs.
      const { line, column } = toLineColumn(contents.range[0]);
      diagnostics.push({
        severity: 'error',
        code: 'yaml-syntax',
        message: `${error instanceof Error ? error.message : String(error)} (document skipped)`,
        location: fileLocation(path, line, column, index),
      });
      continue;
    }
    const node = yamlPositionNode(contents, toLineColumn);
    yield { value, documentIndex: index, node, position: toLineColumn(contents.range[0]) };
  }
}

function rootDocuments(file: ManifestFile, diagnostics: Diagnostic[]): Iterable<RootDocument> {
  const start = skipWhitespace(file.text, 0);
  const first = file.text[start];
  if (first === '{' || first === '[') {
    try {
      // JSON.parse is about ten times faster than the YAML reader on kubectl's JSON output.
      return [jsonDocument(file.text, start)];
    } catch {
      // Not strict JSON (or YAML flow style): the YAML reader says what is wrong, with positions.
    }
  }
  return yamlDocuments(file.path, file.text, diagnostics);
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a mapping';
  return `a ${typeof value}`;
}

const MAX_LIST_DEPTH = 8;

function* objectsOf(
  value: unknown,
  node: PositionNode | undefined,
  location: SourceLocation,
  inherited: { kind: string | undefined; apiVersion: string | undefined },
  diagnostics: Diagnostic[],
  depth: number,
): Generator<ManifestObject> {
  if (!isPlainObject(value)) {
    diagnostics.push({
      severity: 'info',
      code: 'not-an-object',
      message: `skipped ${describeValue(value)}: not a Kubernetes object`,
      location,
    });
    return;
  }
  const kind = typeof value.kind === 'string' && value.kind !== '' ? value.kind : inherited.kind;
  const apiVersion = typeof value.apiVersion === 'string' && value.apiVersion !== '' ? value.apiVersion : inherited.apiVersion;
  if (Array.isArray(value.items) && depth < MAX_LIST_DEPTH) {
    // A List stands for its items; an item without kind takes the list's kind minus `List`.
    const itemKind = kind?.endsWith('List') && kind.length > 4 ? kind.slice(0, -4) : undefined;
    const itemNodes = node?.child('items')?.items() ?? [];
    let index = 0;
    for (const item of value.items) {
      const objectPath = [...(location.objectPath ?? []), 'items', index];
      const itemNode = itemNodes[index++];
      const itemPosition = itemNode?.position ?? location;
      const itemLocation = { ...location, line: itemPosition.line, column: itemPosition.column, objectPath };
      yield* objectsOf(item, itemNode, itemLocation, { kind: itemKind, apiVersion }, diagnostics, depth + 1);
    }
    return;
  }
  if (kind === undefined) {
    diagnostics.push({
      severity: 'info',
      code: 'not-an-object',
      message: 'skipped a mapping without `kind`: not a Kubernetes object',
      location,
    });
    return;
  }
  const filled = value.kind === kind && value.apiVersion === apiVersion ? value : { ...value, kind, apiVersion };
  yield { kind, apiVersion, value: filled, location, node };
}

/**
 * Yields the Kubernetes objects of one file in reading order, adding diagnostics for what
 * cannot be read. Never throws for bad input. The text has passed `acceptText`.
 */
export function* readManifestObjects(file: ManifestFile, diagnostics: Diagnostic[]): Generator<ManifestObject> {
  if (!/\S/.test(file.text)) return;
  try {
    for (const root of rootDocuments(file, diagnostics)) {
      const location = fileLocation(file.path, root.position.line, root.position.column, root.documentIndex);
      if (root.value === null || root.value === undefined) continue;
      yield* objectsOf(root.value, root.node, location, { kind: undefined, apiVersion: undefined }, diagnostics, 0);
    }
  } catch (error) {
    diagnostics.push({
      severity: 'error',
      code: 'read-error',
      message: `${file.path}: could not be read: ${error instanceof Error ? error.message : String(error)}`,
      location: fileLocation(file.path),
    });
  }
}
