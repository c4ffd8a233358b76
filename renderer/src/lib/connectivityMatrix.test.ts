import { describe, expect, it } from 'vitest';
import { ALL_NAMESPACES, defaultMatrixFilter, MATRIX_AXIS_LIMIT, matrixFor } from './connectivityMatrix';
import { connection, largeSnapshot, snapshotOf, workload } from './testSnapshots';

const web = workload('shop', 'web');
const api = workload('shop', 'api');
const db = workload('data', 'db');
const small = snapshotOf([web, api, db], [connection(web, api, 'TCP 8080,UDP 53'), connection(api, db, 'TCP 5432'), connection(db, web)]);

describe('matrixFor', () => {
  it('puts sources in rows and destinations in columns, sorted by namespace then name', () => {
    const matrix = matrixFor(small, ALL_NAMESPACES);
    expect(matrix.rows.map((row) => row.id)).toEqual([db.id, api.id, web.id]);
    expect(matrix.columns.map((column) => column.id)).toEqual([db.id, api.id, web.id]);
    expect(matrix.cells.map((row) => row.map((cell) => cell.text))).toEqual([
      ['', '', 'all'],
      ['TCP 5432', '', ''],
      ['', 'TCP 8080, UDP 53', ''],
    ]);
  });

  it('marks the diagonal and keeps the full connection text', () => {
    const matrix = matrixFor(small, ALL_NAMESPACES);
    expect(matrix.cells.map((row, index) => row[index]?.self)).toEqual([true, true, true]);
    expect(matrix.cells[0]?.[2]).toEqual({ text: 'all', connection: 'All Connections', self: false });
  });

  it('keeps the workloads of the chosen namespace only', () => {
    const matrix = matrixFor(small, 'shop');
    expect(matrix.rows.map((row) => row.name)).toEqual(['api', 'web']);
    expect(matrix.cells.map((row) => row.map((cell) => cell.text))).toEqual([
      ['', ''],
      ['TCP 8080, UDP 53', ''],
    ]);
    expect(matrix.namespaces).toEqual(['data', 'shop']);
    expect(matrix.matchingWorkloads).toBe(2);
  });

  it('draws at most the axis limit and counts the rest', () => {
    const large = largeSnapshot(1000, 2);
    const matrix = matrixFor(large, ALL_NAMESPACES);
    expect(matrix.rows).toHaveLength(MATRIX_AXIS_LIMIT);
    expect(matrix.cells.every((row) => row.length === MATRIX_AXIS_LIMIT)).toBe(true);
    expect(matrix.matchingWorkloads).toBe(1000);
  });
});

describe('defaultMatrixFilter', () => {
  it('shows every namespace of a small review', () => {
    expect(defaultMatrixFilter(small)).toBe(ALL_NAMESPACES);
    expect(defaultMatrixFilter(undefined)).toBe(ALL_NAMESPACES);
  });

  it('opens a review of more than 60 workloads on its first namespace', () => {
    const large = largeSnapshot(1000, 25);
    expect(defaultMatrixFilter(large)).toBe('ns-00');
    expect(matrixFor(large, defaultMatrixFilter(large)).rows).toHaveLength(40);
  });
});
