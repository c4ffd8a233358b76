// One way to ask "where was this written?" for both YAML documents (the yaml package's AST) and
// JSON files (read with JSON.parse for speed, located by a scanner). Readers hand out
// PositionNodes; the loader asks for an object's location and, for policies only, for the
// position of every field, so workloads never pay for a full walk.
import type { FieldPositions } from '../common/model';

export interface LineColumn {
  line: number;
  column: number;
}

/** Turns an offset in the text into a 1-based line and column. */
export type OffsetToLineColumn = (offset: number) => LineColumn;

/** A node of a parsed document that knows where it starts. */
export interface PositionNode {
  /** Where the node starts. */
  readonly position: LineColumn;
  /** The value node of a mapping entry, or undefined when absent or not a mapping. */
  child(key: string): PositionNode | undefined;
  /** The item nodes of a sequence, in order (empty when not a sequence). */
  items(): PositionNode[];
  /**
   * Records the position of every field below this node into `out`: a mapping entry at its
   * key (`spec.podSelector`), a sequence item at its start (`spec.ingress[0]`).
   */
  collectFieldPositions(path: string, out: Record<string, LineColumn>): void;
}

/** Joins a field path the way diagnostics and fieldPositions spell it. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** The position of every field of an object (`metadata.name`, `spec.ingress[0].from[1]` …). */
export function fieldPositionsOf(node: PositionNode): FieldPositions {
  const out: Record<string, LineColumn> = {};
  node.collectFieldPositions('', out);
  return out;
}

/**
 * The position of `fieldPath`, or of its nearest recorded ancestor
 * (`spec.ingress[0].from.x` → `spec.ingress[0].from`).
 */
export function nearestFieldPosition(positions: FieldPositions | undefined, fieldPath: string): LineColumn | undefined {
  if (!positions) return undefined;
  let path = fieldPath;
  for (;;) {
    const found = positions[path];
    if (found) return found;
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    if (cut <= 0) return undefined;
    path = path.slice(0, cut);
  }
}
