// Measures multi-line node labels so nodes can be sized to their text. Cytoscape's own
// `width: label` is deprecated, and with it fcose leaves edge bounds stale (edges vanish after the
// layout), so the stylesheet sizes nodes through this function instead.

export interface LabelFont {
  size: number;
  weight: 'normal' | 'bold';
  family: string;
}

export interface LabelSize {
  width: number;
  height: number;
}

let context: CanvasRenderingContext2D | null | undefined;
const cache = new Map<string, LabelSize>();
/** Labels measured at most; a review holds a few thousand, so this only bounds a long session. */
const CACHE_LIMIT = 20_000;

function measuringContext(): CanvasRenderingContext2D | null {
  if (context === undefined) context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  return context;
}

/** Width of the widest line and height of all lines; an estimate where no canvas exists (Node). */
export function labelSize(text: string, font: LabelFont, lineHeight: number): LabelSize {
  const css = `${font.weight} ${font.size}px ${font.family}`;
  const key = `${css}\n${text}`;
  const known = cache.get(key);
  if (known) return known;
  const lines = text.split('\n');
  const measure = measuringContext();
  if (measure) measure.font = css;
  const width = Math.max(0, ...lines.map((line) => (measure ? measure.measureText(line).width : line.length * font.size * 0.6)));
  const size = { width: Math.ceil(width), height: Math.ceil(lines.length * font.size * lineHeight) };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, size);
  return size;
}
