import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWindowState, placeWindow, readWindowState, WINDOW_STATE_NAME, writeWindowState, type Bounds } from './windowState';

// Fake displays: a laptop (primary, menu bar on top) and a monitor to its right.
const laptop: Bounds = { x: 0, y: 25, width: 1440, height: 875 };
const monitor: Bounds = { x: 1440, y: 0, width: 2560, height: 1400 };
const portraitLeft: Bounds = { x: -1080, y: -500, width: 1080, height: 1880 };

describe('placeWindow', () => {
  it('centres the default size on the primary work area when nothing was saved', () => {
    expect(placeWindow(undefined, [laptop, monitor])).toEqual({ bounds: { x: 80, y: 62, width: 1280, height: 800 }, maximized: false });
  });

  it('shrinks the default size to a small primary display', () => {
    expect(placeWindow(undefined, [{ x: 0, y: 0, width: 1024, height: 600 }]).bounds).toEqual({ x: 0, y: 0, width: 1024, height: 600 });
  });

  it('keeps a saved place that lies on a display, and its maximized state', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1200, height: 900 }, maximized: true };
    expect(placeWindow(saved, [laptop, monitor])).toEqual(saved);
  });

  it('moves a window hanging over an edge back inside the display it overlaps most', () => {
    // mostly on the monitor, its right part beyond the monitor's right edge
    expect(placeWindow({ bounds: { x: 3500, y: 1000, width: 1000, height: 700 }, maximized: false }, [laptop, monitor]).bounds).toEqual({ x: 3000, y: 700, width: 1000, height: 700 });
    // above the laptop's work area (under the menu bar)
    expect(placeWindow({ bounds: { x: 10, y: -40, width: 800, height: 600 }, maximized: false }, [laptop, monitor]).bounds).toEqual({ x: 10, y: 25, width: 800, height: 600 });
  });

  it('picks the display with the larger share of a window that spans two', () => {
    const placed = placeWindow({ bounds: { x: 1000, y: 100, width: 1200, height: 700 }, maximized: false }, [laptop, monitor]);
    expect(placed.bounds).toEqual({ x: 1440, y: 100, width: 1200, height: 700 });
  });

  it('works with displays at negative coordinates', () => {
    const saved = { bounds: { x: -1000, y: -400, width: 900, height: 1200 }, maximized: false };
    expect(placeWindow(saved, [laptop, portraitLeft])).toEqual(saved);
  });

  it('shrinks a window larger than its display', () => {
    expect(placeWindow({ bounds: { x: 0, y: 0, width: 3000, height: 2000 }, maximized: false }, [laptop]).bounds).toEqual(laptop);
  });

  it('centres a window saved on a display that is gone on the primary one, keeping its size', () => {
    const placed = placeWindow({ bounds: { x: 2000, y: 200, width: 1000, height: 700 }, maximized: true }, [laptop]);
    expect(placed).toEqual({ bounds: { x: 220, y: 112, width: 1000, height: 700 }, maximized: true });
  });

  it('does not count a sliver on a display as visible', () => {
    // only 40 pixels of width overlap the laptop
    const placed = placeWindow({ bounds: { x: -960, y: 100, width: 1000, height: 700 }, maximized: false }, [laptop]);
    expect(placed.bounds).toEqual({ x: 220, y: 112, width: 1000, height: 700 });
  });

  it('rounds to whole pixels', () => {
    expect(placeWindow({ bounds: { x: 10.4, y: 30.6, width: 800.5, height: 600.2 }, maximized: false }, [laptop]).bounds).toEqual({ x: 10, y: 31, width: 801, height: 600 });
  });
});

describe('parseWindowState', () => {
  it('accepts the stored shape and refuses anything else', () => {
    expect(parseWindowState({ bounds: { x: 1, y: 2, width: 3, height: 4 }, maximized: true })).toEqual({ bounds: { x: 1, y: 2, width: 3, height: 4 }, maximized: true });
    expect(parseWindowState({ bounds: { x: 1, y: 2, width: 3, height: 4 } })?.maximized).toBe(false);
    for (const bad of [undefined, null, 7, {}, { bounds: null }, { bounds: { x: 1, y: 2, width: 0, height: 4 } }, { bounds: { x: '1', y: 2, width: 3, height: 4 } }, { bounds: { x: Number.NaN, y: 2, width: 3, height: 4 } }]) {
      expect(parseWindowState(bad)).toBeUndefined();
    }
  });
});

describe('readWindowState / writeWindowState', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'netpol-window-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('round-trips through the user-data folder; a missing or damaged file reads as nothing', () => {
    const file = join(folder, WINDOW_STATE_NAME);
    expect(readWindowState(file)).toBeUndefined();
    writeWindowState(file, { bounds: { x: 5, y: 6, width: 900.4, height: 700 }, maximized: true });
    expect(readWindowState(file)).toEqual({ bounds: { x: 5, y: 6, width: 900, height: 700 }, maximized: true });
    writeFileSync(file, '{"bounds":');
    expect(readWindowState(file)).toBeUndefined();
  });
});
