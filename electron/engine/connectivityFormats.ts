// Text renderings of the connectivity list and of its diff. `txt` is netpol-analyzer's exact
// line format (conformance/README.md) so teams can reuse their golden files; json, csv, md and
// dot carry the same rows.
import type { ConnectionRow, DiffRow } from '../common/model';

export const LIST_FORMATS = ['txt', 'json', 'csv', 'md', 'dot'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];
export const DIFF_FORMATS = ['txt', 'csv', 'md'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function markdownCell(value: string): string {
  return value.replace(/\|/g, '\\|');
}

function dotString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function withFinalNewline(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export function formatConnectivity(rows: readonly ConnectionRow[], format: ListFormat): string {
  switch (format) {
    case 'txt':
      return withFinalNewline(rows.map((row) => `${row.source} => ${row.destination} : ${row.connection}`));
    case 'json':
      return `${JSON.stringify(
        rows.map((row) => ({ src: row.source, dst: row.destination, conn: row.connection })),
        null,
        2,
      )}\n`;
    case 'csv':
      return withFinalNewline(['src,dst,conn', ...rows.map((row) => [row.source, row.destination, row.connection].map(csvField).join(','))]);
    case 'md':
      return withFinalNewline([
        '| src | dst | conn |',
        '|-----|-----|------|',
        ...rows.map((row) => `| ${markdownCell(row.source)} | ${markdownCell(row.destination)} | ${markdownCell(row.connection)} |`),
      ]);
    case 'dot':
      return formatDot(rows);
  }
}

function formatDot(rows: readonly ConnectionRow[]): string {
  const nodes = new Set<string>();
  for (const row of rows) {
    nodes.add(row.source);
    nodes.add(row.destination);
  }
  const sortedNodes = [...nodes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = ['digraph {'];
  for (const node of sortedNodes) {
    const external = node.endsWith('[External]');
    lines.push(`\t${dotString(node)} [label=${dotString(node)} color=${external ? '"red2"' : '"blue"'} fontcolor=${external ? '"red2"' : '"blue"'}${external ? ' shape=box' : ''}]`);
  }
  for (const row of rows) {
    lines.push(`\t${dotString(row.source)} -> ${dotString(row.destination)} [label=${dotString(row.connection)} color="gold2" fontcolor="darkgreen"]`);
  }
  lines.push('}');
  return withFinalNewline(lines);
}

export function formatDiff(rows: readonly DiffRow[], format: DiffFormat): string {
  const info = (row: DiffRow) => row.workloadsDiffInfo ?? '';
  switch (format) {
    case 'txt':
      if (rows.length === 0) return '';
      return withFinalNewline([
        'Connectivity diff:',
        ...rows.map(
          (row) =>
            `diff-type: ${row.type}, source: ${row.source}, destination: ${row.destination}, ref1: ${row.ref1}, ref2: ${row.ref2}` +
            (row.workloadsDiffInfo ? `, workloads-diff-info: ${row.workloadsDiffInfo}` : ''),
        ),
      ]);
    case 'csv':
      return withFinalNewline([
        'diff-type,source,destination,ref1,ref2,workloads-diff-info',
        ...rows.map((row) => [row.type, row.source, row.destination, row.ref1, row.ref2, info(row)].map(csvField).join(',')),
      ]);
    case 'md':
      return withFinalNewline([
        '| diff-type | source | destination | ref1 | ref2 | workloads-diff-info |',
        '|-----------|--------|-------------|------|------|---------------------|',
        ...rows.map((row) => `| ${[row.type, row.source, row.destination, row.ref1, row.ref2, info(row)].map(markdownCell).join(' | ')} |`),
      ]);
  }
}
