import { describe, expect, it } from 'vitest';
import type { Box } from './boxes';
import { gridColumns, packShelves, separateBoxes, shelfWidth } from './boxes';

function overlapping(a: Box, b: Box): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

describe('packShelves', () => {
  it('fills rows left to right and starts a new row below the tallest box', () => {
    const sizes = [
      { width: 100, height: 50 },
      { width: 100, height: 80 },
      { width: 100, height: 20 },
    ];
    expect(packShelves(sizes, 220, 10)).toEqual([
      { x: 0, y: 0 },
      { x: 110, y: 0 },
      { x: 0, y: 90 },
    ]);
  });

  it('puts a box wider than the row alone on its row', () => {
    expect(packShelves([{ width: 500, height: 10 }, { width: 10, height: 10 }], 100, 5)).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 15 },
    ]);
  });

  it('aims at the aspect ratio asked for', () => {
    const sizes = Array.from({ length: 16 }, () => ({ width: 100, height: 100 }));
    const width = shelfWidth(sizes, 0, 1);
    expect(width).toBe(400);
  });
});

describe('gridColumns', () => {
  it('makes square cells into a grid about as wide as asked', () => {
    expect(gridColumns(16, { width: 10, height: 10 }, 1)).toBe(4);
    expect(gridColumns(1, { width: 10, height: 10 }, 1.6)).toBe(1);
    expect(gridColumns(0, { width: 10, height: 10 }, 1.6)).toBe(0);
    // Wide cells: fewer columns.
    expect(gridColumns(16, { width: 40, height: 10 }, 1)).toBe(2);
  });
});

describe('separateBoxes', () => {
  it('leaves boxes that do not overlap where they are', () => {
    const boxes = [
      { x1: 0, y1: 0, x2: 10, y2: 10 },
      { x1: 30, y1: 0, x2: 40, y2: 10 },
    ];
    expect(separateBoxes(boxes, 5)).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 0 },
    ]);
  });

  it('pushes overlapping boxes apart along the shorter overlap, by the gap at least', () => {
    const boxes = [
      { x1: 0, y1: 0, x2: 100, y2: 100 },
      { x1: 90, y1: 10, x2: 190, y2: 110 },
    ];
    const [a, b] = separateBoxes(boxes, 10);
    expect(a).toEqual({ x: -10, y: 0 });
    expect(b).toEqual({ x: 10, y: 0 });
  });

  it('clears a pile of boxes completely', () => {
    const boxes = Array.from({ length: 30 }, (_, index) => ({ x1: index * 7, y1: (index * 13) % 50, x2: index * 7 + 120, y2: ((index * 13) % 50) + 80 }));
    const offsets = separateBoxes(boxes, 8);
    const moved = boxes.map((box, index) => {
      const offset = offsets[index] ?? { x: 0, y: 0 };
      return { x1: box.x1 + offset.x, y1: box.y1 + offset.y, x2: box.x2 + offset.x, y2: box.y2 + offset.y };
    });
    for (let i = 0; i < moved.length; i++) for (let j = i + 1; j < moved.length; j++) expect(overlapping(moved[i] as Box, moved[j] as Box), `${i} and ${j}`).toBe(false);
    expect(separateBoxes(boxes, 8)).toEqual(offsets);
  });
});
