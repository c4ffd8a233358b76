// Where a design's nodes are drawn, saved in the design file (its `view.positions`). The design
// names an external block `external:<name>`; the canvas draws it as an address range
// (`first-last[External]`). These two functions translate between the names; namespaces and
// workloads have the same id on both sides.
import type { CanvasPosition } from '../../../electron/common/design';
import type { ReviewSnapshot } from '../../../electron/common/review';
import { externalRangeLabel } from './reviewQueries';

type Blocks = readonly { name: string; cidr: string }[];

const EXTERNAL_PREFIX = 'external:';

/** The canvas's id of each design block: the range whose CIDR is the block's. */
function rangeIdsByBlock(snapshot: ReviewSnapshot, blocks: Blocks): Map<string, string> {
  const rangeByCidr = new Map(snapshot.externals.map((external) => [externalRangeLabel(external.firstIP, external.lastIP), external.id]));
  const ids = new Map<string, string>();
  for (const block of blocks) {
    const range = rangeByCidr.get(block.cidr);
    if (range !== undefined) ids.set(`${EXTERNAL_PREFIX}${block.name}`, range);
  }
  return ids;
}

/** The design's saved positions under the canvas's node ids. */
export function canvasPositions(snapshot: ReviewSnapshot, blocks: Blocks, saved: Readonly<Record<string, CanvasPosition>>): Record<string, CanvasPosition> {
  const ranges = rangeIdsByBlock(snapshot, blocks);
  const positions: Record<string, CanvasPosition> = {};
  for (const [id, point] of Object.entries(saved)) {
    const canvasId = id.startsWith(EXTERNAL_PREFIX) ? ranges.get(id) : id;
    if (canvasId !== undefined) positions[canvasId] = point;
  }
  return positions;
}

/**
 * Canvas positions under the design's ids, for `set-positions`. Every block drawn as a range
 * gets its position; ranges that are no block of the design (the rest of an `except`) are left out.
 */
export function designPositions(snapshot: ReviewSnapshot, blocks: Blocks, moved: Readonly<Record<string, CanvasPosition>>): Record<string, CanvasPosition> {
  const blocksByRange = new Map<string, string[]>();
  for (const [blockId, range] of rangeIdsByBlock(snapshot, blocks)) blocksByRange.set(range, [...(blocksByRange.get(range) ?? []), blockId]);
  const externalIds = new Set(snapshot.externals.map((external) => external.id));
  const positions: Record<string, CanvasPosition> = {};
  for (const [id, point] of Object.entries(moved)) {
    const rounded = { x: Math.round(point.x * 10) / 10, y: Math.round(point.y * 10) / 10 };
    if (!externalIds.has(id)) positions[id] = rounded;
    for (const blockId of blocksByRange.get(id) ?? []) positions[blockId] = rounded;
  }
  return positions;
}
