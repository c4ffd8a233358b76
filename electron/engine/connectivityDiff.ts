// The connectivity diff between two configurations, as netpol-analyzer defines it
// (conformance/README.md, "The diff format"): workload pairs by id; external addresses compared
// address by address, cut at the boundaries of both sides and merged back into maximal ranges.
import type { DiffRow, DiffType } from '../common/model';
import type { AddressRange } from './cidr';
import { formatIP } from './cidr';
import type { ConnectivityMatrix } from './connectivity';

type Side = 'source' | 'destination';

interface Indexed {
  matrix: ConnectivityMatrix;
  workloadPositions: Map<string, number>;
}

function index(matrix: ConnectivityMatrix): Indexed {
  const workloadPositions = new Map<string, number>();
  matrix.sources.forEach((endpoint, position) => {
    if (endpoint.kind === 'workload') workloadPositions.set(endpoint.id, position);
  });
  return { matrix, workloadPositions };
}

function text(side: Indexed, source: number | undefined, destination: number | undefined): string {
  if (source === undefined || destination === undefined) return 'No Connections';
  return side.matrix.sets.get(side.matrix.connectionId(source, destination)).toString();
}

function diffType(ref1: string, ref2: string): DiffType {
  if (ref1 === 'No Connections') return 'added';
  if (ref2 === 'No Connections') return 'removed';
  return 'changed';
}

function workloadsInfo(type: DiffType, onlyOnOneSide: string[]): string | undefined {
  if (type === 'changed' || onlyOnOneSide.length === 0) return undefined;
  return `workload ${onlyOnOneSide.join(' and ')} ${type}`;
}

/** The atoms of one side of a matrix, as (range, position) in address order. */
function atomsOf(matrix: ConnectivityMatrix, side: Side): { range: AddressRange; position: number }[] {
  const compiled = matrix.compiled;
  const atoms = side === 'source' ? compiled.sourceAtoms : compiled.destinationAtoms;
  return atoms.map((range, i) => ({ range, position: compiled.workloads.length + i }));
}

function atomAt(atoms: { range: AddressRange; position: number }[], family: 4 | 6, address: bigint): number | undefined {
  return atoms.find((atom) => atom.range.family === family && atom.range.first <= address && address <= atom.range.last)?.position;
}

export function diffConnectivity(ref1: ConnectivityMatrix, ref2: ConnectivityMatrix): DiffRow[] {
  const a = index(ref1);
  const b = index(ref2);
  const ids = [...new Set([...a.workloadPositions.keys(), ...b.workloadPositions.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const rows: DiffRow[] = [];
  const onlyOneSide = (id: string) => !a.workloadPositions.has(id) || !b.workloadPositions.has(id);

  for (const source of ids) {
    for (const destination of ids) {
      if (source === destination) continue;
      const ref1Text = text(a, a.workloadPositions.get(source), a.workloadPositions.get(destination));
      const ref2Text = text(b, b.workloadPositions.get(source), b.workloadPositions.get(destination));
      if (ref1Text === ref2Text) continue;
      const type = diffType(ref1Text, ref2Text);
      const info = workloadsInfo(type, [source, destination].filter(onlyOneSide));
      rows.push({ type, source, destination, ref1: ref1Text, ref2: ref2Text, ...(info ? { workloadsDiffInfo: info } : {}) });
    }
  }

  for (const side of ['source', 'destination'] as const) {
    const atoms1 = atomsOf(ref1, side);
    const atoms2 = atomsOf(ref2, side);
    for (const family of [4, 6] as const) {
      const cuts = new Set<bigint>();
      for (const atom of [...atoms1, ...atoms2]) if (atom.range.family === family) cuts.add(atom.range.first);
      const starts = [...cuts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      if (starts.length === 0) continue;
      const familyMax = family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n;
      for (const workload of ids) {
        let open: { first: bigint; last: bigint; ref1: string; ref2: string } | undefined;
        const flush = () => {
          if (!open || open.ref1 === open.ref2) return;
          const range = `${formatIP(family, open.first)}-${formatIP(family, open.last)}[External]`;
          const type = diffType(open.ref1, open.ref2);
          const info = workloadsInfo(type, onlyOneSide(workload) ? [workload] : []);
          rows.push({
            type,
            source: side === 'source' ? range : workload,
            destination: side === 'source' ? workload : range,
            ref1: open.ref1,
            ref2: open.ref2,
            ...(info ? { workloadsDiffInfo: info } : {}),
          });
        };
        starts.forEach((first, i) => {
          const next = starts[i + 1];
          const last = next === undefined ? familyMax : next - 1n;
          const pieceText = (side2: Indexed, atoms: { range: AddressRange; position: number }[]) => {
            const atom = atomAt(atoms, family, first);
            const workloadPosition = side2.workloadPositions.get(workload);
            return side === 'source' ? text(side2, atom, workloadPosition) : text(side2, workloadPosition, atom);
          };
          const ref1Text = pieceText(a, atoms1);
          const ref2Text = pieceText(b, atoms2);
          if (open && open.ref1 === ref1Text && open.ref2 === ref2Text && open.last + 1n === first) {
            open.last = last;
          } else {
            flush();
            open = { first, last, ref1: ref1Text, ref2: ref2Text };
          }
        });
        flush();
      }
    }
  }

  const order: Record<DiffType, number> = { changed: 0, added: 1, removed: 2 };
  const line = (row: DiffRow) =>
    `diff-type: ${row.type}, source: ${row.source}, destination: ${row.destination}, ref1: ${row.ref1}, ref2: ${row.ref2}` +
    (row.workloadsDiffInfo ? `, workloads-diff-info: ${row.workloadsDiffInfo}` : '');
  return rows
    .map((row) => ({ row, line: line(row) }))
    .sort((x, y) => order[x.row.type] - order[y.row.type] || (x.line < y.line ? -1 : x.line > y.line ? 1 : 0))
    .map((entry) => entry.row);
}
