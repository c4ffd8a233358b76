// Line ranges inside YAML texts, for the YAML panel's highlights: a rule's block from the line
// and column where its mapping starts, to its last more-indented line.
import type { Diagnostic, SourceLocation } from '../../../electron/common/model';
import type { ReviewSnapshot } from '../../../electron/common/review';

export interface LineRange {
  /** First and last line, counted from 1. */
  from: number;
  to: number;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * The lines of the YAML node that starts at `line`/`column` (1-based): the following lines that
 * are blank, comments, or indented at least as far as the node's column belong to it.
 */
export function yamlBlockRange(text: string, line: number, column: number): LineRange {
  const lines = text.split(/\r?\n/);
  const start = Math.min(Math.max(line, 1), Math.max(lines.length, 1));
  const nodeIndent = Math.max(column - 1, 0);
  let last = start;
  for (let index = start; index < lines.length; index++) {
    const content = lines[index] as string;
    const trimmed = content.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (trimmed === '---' || trimmed === '...' || indentOf(content) < nodeIndent) break;
    last = index + 1;
  }
  return { from: start, to: last };
}

/** A range clamped to the lines a text has. */
export function clampRange(range: LineRange, lineCount: number): LineRange {
  const from = Math.min(Math.max(range.from, 1), Math.max(lineCount, 1));
  const to = Math.min(Math.max(range.to, from), Math.max(lineCount, 1));
  return { from, to };
}

/** Lines of an opened file to show in the YAML panel. */
export interface YamlTarget {
  file: string;
  range: LineRange;
}

/** A policy's whole document, when the snapshot knows where it was read. */
export function policyTarget(snapshot: ReviewSnapshot | undefined, key: string): YamlTarget | undefined {
  const policy = snapshot?.policies.find((candidate) => candidate.key === key);
  return policy?.file && policy.lines ? { file: policy.file, range: { from: policy.lines.first, to: policy.lines.last } } : undefined;
}

/** A rule's block, from its line to its last more-indented line (its line alone when the file is unknown). */
export function ruleTarget(snapshot: ReviewSnapshot | undefined, location: SourceLocation): YamlTarget {
  const file = snapshot?.files.find((candidate) => candidate.path === location.file);
  return { file: location.file, range: file ? yamlBlockRange(file.text, location.line, location.column) : { from: location.line, to: location.line } };
}

/** The line a diagnostic points at. */
export function diagnosticTarget(diagnostic: Diagnostic): YamlTarget | undefined {
  const location = diagnostic.location;
  return location ? { file: location.file, range: { from: location.line, to: location.line } } : undefined;
}
