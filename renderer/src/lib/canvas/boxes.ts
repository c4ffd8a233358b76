// Plain geometry for placing namespace boxes: shelf packing, grids, and pushing overlapping boxes
// apart. Pure functions over numbers, so the layout's guarantees are unit-tested without a canvas.

export interface Size {
  width: number;
  height: number;
}

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Offset {
  x: number;
  y: number;
}

/**
 * Top-left corners packing `sizes` in rows (shelves) no wider than about `rowWidth`, in the given
 * order, `gap` apart. A row always takes at least one box.
 */
export function packShelves(sizes: readonly Size[], rowWidth: number, gap: number): Offset[] {
  const corners: Offset[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const size of sizes) {
    if (x > 0 && x + size.width > rowWidth) {
      x = 0;
      y += rowHeight + gap;
      rowHeight = 0;
    }
    corners.push({ x, y });
    x += size.width + gap;
    rowHeight = Math.max(rowHeight, size.height);
  }
  return corners;
}

/** A row width for packShelves that makes the whole picture about `aspect` times wider than tall. */
export function shelfWidth(sizes: readonly Size[], gap: number, aspect: number): number {
  const area = sizes.reduce((sum, size) => sum + (size.width + gap) * (size.height + gap), 0);
  const widest = sizes.reduce((max, size) => Math.max(max, size.width), 0);
  return Math.max(widest, Math.sqrt(area * aspect));
}

/** Columns for `count` cells of `cell` size so the grid is about `aspect` times wider than tall. */
export function gridColumns(count: number, cell: Size, aspect: number): number {
  if (count <= 0) return 0;
  return Math.max(1, Math.min(count, Math.round(Math.sqrt((count * cell.height * aspect) / cell.width))));
}

function overlap(a: Box, b: Box, gap: number): { x: number; y: number } | undefined {
  const x = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + gap;
  const y = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + gap;
  return x > 0 && y > 0 ? { x, y } : undefined;
}

/**
 * Offsets moving the boxes so that no two overlap and each pair is at least `gap` apart, each
 * overlap being resolved along its shorter axis (the smallest move). Deterministic: pairs are
 * visited in index order and ties go to the lower index.
 */
export function separateBoxes(boxes: readonly Box[], gap: number, maxRounds = 200): Offset[] {
  const moved = boxes.map((box) => ({ ...box }));
  const offsets = boxes.map(() => ({ x: 0, y: 0 }));
  const shift = (index: number, x: number, y: number) => {
    const box = moved[index] as Box;
    const offset = offsets[index] as Offset;
    box.x1 += x;
    box.x2 += x;
    box.y1 += y;
    box.y2 += y;
    offset.x += x;
    offset.y += y;
  };
  for (let round = 0; round < maxRounds; round++) {
    let clear = true;
    for (let i = 0; i < moved.length; i++) {
      for (let j = i + 1; j < moved.length; j++) {
        const a = moved[i] as Box;
        const b = moved[j] as Box;
        const amount = overlap(a, b, gap);
        if (!amount) continue;
        clear = false;
        if (amount.x <= amount.y) {
          const direction = a.x1 + a.x2 <= b.x1 + b.x2 ? 1 : -1;
          shift(i, (-direction * amount.x) / 2, 0);
          shift(j, (direction * amount.x) / 2, 0);
        } else {
          const direction = a.y1 + a.y2 <= b.y1 + b.y2 ? 1 : -1;
          shift(i, 0, (-direction * amount.y) / 2);
          shift(j, 0, (direction * amount.y) / 2);
        }
      }
    }
    if (clear) break;
  }
  return offsets;
}
