// Where the window was: size, position and maximized state, saved when it closes
// (`window-state.json` in the user-data folder) and restored at the next start. Screens change
// between runs (a monitor unplugged, a resolution lowered), so a saved place is moved and shrunk
// into the work area of the display it overlaps most, and a window that would be off every
// display opens centred on the primary one.
import { readJsonFile, writeJsonFile } from './settingsFile';

export const WINDOW_STATE_NAME = 'window-state.json';

/** Same shape as Electron's Rectangle. */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The normal (not maximized) bounds. */
  bounds: Bounds;
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const;

/** The part of a window that must lie on a display for the saved place to count as visible. */
const MIN_VISIBLE = { width: 100, height: 50 } as const;

/** A stored state, or undefined when `value` is not one (missing, damaged, hand-edited). */
export function parseWindowState(value: unknown): WindowState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { bounds, maximized } = value as { bounds?: unknown; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null) return undefined;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
  if (!finite(x) || !finite(y) || !finite(width) || !finite(height) || width <= 0 || height <= 0) return undefined;
  return { bounds: { x, y, width, height }, maximized: maximized === true };
}

function overlap(a: Bounds, b: Bounds): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function centred(area: Bounds, size: { width: number; height: number }): Bounds {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return { x: area.x + Math.floor((area.width - width) / 2), y: area.y + Math.floor((area.height - height) / 2), width, height };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/**
 * Where to open the window: the saved place fitted into the work area it overlaps most, or, with
 * no saved place or one off every display, the default size centred on the primary work area.
 * `workAreas` lists the displays' work areas, the primary first. Whole pixels.
 */
export function placeWindow(saved: WindowState | undefined, workAreas: readonly Bounds[], defaultSize: { width: number; height: number } = DEFAULT_WINDOW_SIZE): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...defaultSize };
  if (saved === undefined) return { bounds: centred(primary, defaultSize), maximized: false };

  const savedBounds = roundBounds(saved.bounds);
  let best: { area: Bounds; visible: number } | undefined;
  for (const area of workAreas) {
    const shared = overlap(savedBounds, area);
    if (shared.width < Math.min(MIN_VISIBLE.width, savedBounds.width) || shared.height < Math.min(MIN_VISIBLE.height, savedBounds.height)) continue;
    const visible = shared.width * shared.height;
    if (best === undefined || visible > best.visible) best = { area, visible };
  }
  if (best === undefined) return { bounds: centred(primary, savedBounds), maximized: saved.maximized };

  const { area } = best;
  const width = Math.min(savedBounds.width, area.width);
  const height = Math.min(savedBounds.height, area.height);
  return {
    bounds: { x: clamp(savedBounds.x, area.x, area.x + area.width - width), y: clamp(savedBounds.y, area.y, area.y + area.height - height), width, height },
    maximized: saved.maximized,
  };
}

function roundBounds(bounds: Bounds): Bounds {
  return { x: Math.round(bounds.x), y: Math.round(bounds.y), width: Math.round(bounds.width), height: Math.round(bounds.height) };
}

export function readWindowState(file: string): WindowState | undefined {
  return parseWindowState(readJsonFile(file));
}

export function writeWindowState(file: string, state: WindowState): void {
  writeJsonFile(file, { bounds: roundBounds(state.bounds), maximized: state.maximized });
}
