// PositionNodes over the yaml package's AST. Offsets come from each node's `range`; a
// LineCounter filled while parsing turns them into lines and columns.
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { childPath } from './sourcePositions';
import type { LineColumn, OffsetToLineColumn, PositionNode } from './sourcePositions';

const MERGE_KEY = '<<';

function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const value = key.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return undefined;
  return String(value);
}

function startOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

class YamlPositionNode implements PositionNode {
  constructor(
    private readonly node: Node,
    private readonly offset: number,
    private readonly toLineColumn: OffsetToLineColumn,
  ) {}

  get position(): LineColumn {
    return this.toLineColumn(this.offset);
  }

  child(key: string): PositionNode | undefined {
    if (!isMap(this.node)) return undefined;
    for (const pair of this.node.items) {
      if (keyText(pair.key) !== key) continue;
      return yamlPositionNode(pair.value, this.toLineColumn) ?? yamlPositionNode(pair.key, this.toLineColumn);
    }
    return undefined;
  }

  items(): PositionNode[] {
    if (!isSeq(this.node)) return [];
    const result: PositionNode[] = [];
    for (const item of this.node.items) {
      // An empty item (`- `) has no node; it is still located, at its sequence.
      result.push(yamlPositionNode(item, this.toLineColumn) ?? this);
    }
    return result;
  }

  collectFieldPositions(path: string, out: Record<string, LineColumn>): void {
    collect(this.node, path, out, this.toLineColumn);
  }
}

function collect(node: unknown, path: string, out: Record<string, LineColumn>, toLineColumn: OffsetToLineColumn): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyText(pair.key);
      if (key === undefined || key === MERGE_KEY) continue;
      const fieldPath = childPath(path, key);
      const offset = startOf(pair.key) ?? startOf(pair.value);
      if (offset !== undefined && !(fieldPath in out)) out[fieldPath] = toLineColumn(offset);
      collect(pair.value, fieldPath, out, toLineColumn);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const fieldPath = childPath(path, index);
      const offset = startOf(item);
      if (offset !== undefined) out[fieldPath] = toLineColumn(offset);
      collect(item, fieldPath, out, toLineColumn);
    });
  }
}

/** Wraps a yaml AST node; undefined for a missing node or one without a source range. */
export function yamlPositionNode(node: unknown, toLineColumn: OffsetToLineColumn): PositionNode | undefined {
  const offset = startOf(node);
  if (offset === undefined) return undefined;
  return new YamlPositionNode(node as Node, offset, toLineColumn);
}
