// The rows and columns of the Matrix panel: workloads × workloads, filtered by namespace and
// bounded, so a review of 1,000 workloads never builds a million table cells.
import type { ReviewSnapshot, ReviewWorkload } from '../../../electron/common/review';
import { shortConnectionText } from './connectionText';

/** The filter value meaning every namespace. */
export const ALL_NAMESPACES = '';

/** Above this many workloads the matrix opens on one namespace instead of all of them. */
export const WHOLE_MATRIX_LIMIT = 60;

/** At most this many rows and this many columns are drawn; the rest is counted, not drawn. */
export const MATRIX_AXIS_LIMIT = 120;

export interface MatrixCell {
  /** `all`, the ports (`TCP 8080`), or empty when the pair is denied. */
  text: string;
  /** The backend's full text, for titles and the explanation link. */
  connection: string;
  self: boolean;
}

export interface MatrixModel {
  /** The namespaces to choose from, sorted. */
  namespaces: string[];
  filter: string;
  rows: ReviewWorkload[];
  columns: ReviewWorkload[];
  /** cells[row][column]. */
  cells: MatrixCell[][];
  /** Workloads that pass the filter; more than rows.length when the axis limit cut them. */
  matchingWorkloads: number;
}

function byNamespaceThenName(a: ReviewWorkload, b: ReviewWorkload): number {
  const left = `${a.namespace}/${a.name}/${a.kind}`;
  const right = `${b.namespace}/${b.name}/${b.kind}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The namespace the matrix shows first: all of them for a small review, else the first namespace with workloads. */
export function defaultMatrixFilter(snapshot: ReviewSnapshot | undefined, limit = WHOLE_MATRIX_LIMIT): string {
  if (!snapshot || snapshot.workloads.length <= limit) return ALL_NAMESPACES;
  const withWorkloads = [...new Set(snapshot.workloads.map((workload) => workload.namespace))].sort();
  return withWorkloads[0] ?? ALL_NAMESPACES;
}

/** The matrix for a namespace filter (rows are sources, columns destinations). */
export function matrixFor(snapshot: ReviewSnapshot, filter: string, axisLimit = MATRIX_AXIS_LIMIT): MatrixModel {
  const namespaces = [...new Set(snapshot.namespaces.map((namespace) => namespace.name).concat(snapshot.workloads.map((workload) => workload.namespace)))].sort();
  const matching = snapshot.workloads.filter((workload) => filter === ALL_NAMESPACES || workload.namespace === filter).sort(byNamespaceThenName);
  const shown = matching.slice(0, axisLimit);
  const shownIds = new Set(shown.map((workload) => workload.id));
  const connections = new Map<string, Map<string, string>>();
  for (const connection of snapshot.connections) {
    if (!shownIds.has(connection.source) || !shownIds.has(connection.destination)) continue;
    const row = connections.get(connection.source) ?? new Map<string, string>();
    row.set(connection.destination, connection.connection);
    connections.set(connection.source, row);
  }
  const cells = shown.map((source) => {
    const row = connections.get(source.id);
    return shown.map((destination): MatrixCell => {
      const connection = row?.get(destination.id) ?? '';
      return { text: connection === '' ? '' : shortConnectionText(connection), connection, self: source.id === destination.id };
    });
  });
  return { namespaces, filter, rows: shown, columns: shown, cells, matchingWorkloads: matching.length };
}
