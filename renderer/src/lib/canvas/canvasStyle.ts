// The canvas stylesheet for the light and dark themes (DESIGN "Visual language"): an allowed
// edge is a solid arrow labelled with its ports, a denied pair is dashed, a shield on a workload's
// left edge marks ingress isolation and on its right edge egress isolation. Colours repeat what
// shape or text already says; they never carry meaning alone.
import type { Css, NodeSingular, StylesheetJson } from 'cytoscape';
import type { LabelFont } from './labelMetrics';
import { labelSize } from './labelMetrics';

export type CanvasTheme = 'light' | 'dark';

export interface CanvasPalette {
  background: string;
  text: string;
  mutedText: string;
  namespaceFill: string;
  namespaceBorder: string;
  workloadFill: string;
  workloadBorder: string;
  externalFill: string;
  externalBorder: string;
  zoneFill: string;
  zoneBorder: string;
  edgePorts: string;
  edgeAll: string;
  edgeExternal: string;
  denied: string;
  selected: string;
  highlight: string;
  shield: string;
  shieldMark: string;
}

export const PALETTES: Record<CanvasTheme, CanvasPalette> = {
  light: {
    background: '#ffffff',
    text: '#1f2933',
    mutedText: '#52606d',
    namespaceFill: '#f0f4f8',
    namespaceBorder: '#7b8da3',
    workloadFill: '#ffffff',
    workloadBorder: '#3e6fb0',
    externalFill: '#fdf3e1',
    externalBorder: '#a86b12',
    zoneFill: '#fbf8f2',
    zoneBorder: '#b08d57',
    edgePorts: '#2f6fb3',
    edgeAll: '#6b7785',
    edgeExternal: '#a86b12',
    denied: '#c62828',
    selected: '#d97706',
    highlight: '#f5c542',
    shield: '#2f855a',
    shieldMark: '#ffffff',
  },
  dark: {
    background: '#1b1f24',
    text: '#e4e7eb',
    mutedText: '#9aa5b1',
    namespaceFill: '#232a33',
    namespaceBorder: '#6b7c93',
    workloadFill: '#2d3643',
    workloadBorder: '#7aa7e0',
    externalFill: '#3a3020',
    externalBorder: '#e0a64a',
    zoneFill: '#221f1a',
    zoneBorder: '#8c7446',
    edgePorts: '#7aa7e0',
    edgeAll: '#9aa5b1',
    edgeExternal: '#e0a64a',
    denied: '#ef5350',
    selected: '#fbbf24',
    highlight: '#b7950b',
    shield: '#48bb78',
    shieldMark: '#10241a',
  },
};

/** Below this on-screen size (px) labels are not drawn: with thousands of elements, text dominates drawing time. */
export const EDGE_LABEL_MIN_PX = 7;
const NODE_LABEL_MIN_PX = 5;
const SHIELD_WIDTH = 16;
const SHIELD_HEIGHT = 19;

/**
 * A shield with an arrow pointing right: on the left edge traffic comes in, on the right edge it
 * goes out. An SVG data URI, which the page's CSP allows (`img-src data:`).
 */
export function shieldImage(palette: CanvasPalette): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SHIELD_WIDTH}" height="${SHIELD_HEIGHT}" viewBox="0 0 16 19">` +
    `<path d="M8 .8 15 3.4v5.2c0 4.4-3 8-7 9.6C4 16.6 1 13 1 8.6V3.4z" fill="${palette.shield}" stroke="${palette.background}" stroke-width="1.2"/>` +
    `<path d="M4 9.2h6.2M8 6.6l2.8 2.6L8 11.8" fill="none" stroke="${palette.shieldMark}" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>` +
    `</svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/**
 * An invisible 1×1 image given to every node without a badge. Cytoscape 3.34 draws node images
 * in two passes and, for a node with no image at all, miscounts them: the node flips its
 * `backgrounding` state on every draw and restyles itself, so each zoom step restyled every node
 * (4,000 restyles per wheel step at 1,000 workloads). With one loaded image the count is right.
 */
const NO_IMAGE = `data:image/svg+xml;utf8,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')}`;

function shields(palette: CanvasPalette, sides: ('left' | 'right')[]): Css.Node {
  const image = shieldImage(palette);
  return {
    'background-image': sides.map(() => image),
    'background-image-opacity': sides.map(() => 1),
    'background-width': sides.map(() => SHIELD_WIDTH),
    'background-height': sides.map(() => SHIELD_HEIGHT),
    'background-position-x': sides.map((side) => (side === 'left' ? '0%' : '100%')),
    'background-position-y': sides.map(() => '50%'),
    // Straddle the border, half outside the body, so the badge reads as part of the edge.
    'background-offset-x': sides.map((side) => (side === 'left' ? -SHIELD_WIDTH / 2 : SHIELD_WIDTH / 2)),
    'background-clip': sides.map(() => 'none' as const),
    'background-image-containment': sides.map(() => 'over' as const),
    'background-fit': sides.map(() => 'none' as const),
    'bounds-expansion': SHIELD_WIDTH / 2 + 1,
  };
}

const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';
const LINE_HEIGHT = 1.35;
const NODE_FONT: LabelFont = { size: 12, weight: 'normal', family: FONT_FAMILY };
const TITLE_FONT: LabelFont = { size: 14, weight: 'bold', family: FONT_FAMILY };

/** Sizes a node's body to its label (the style's padding comes on top). */
function sizedToLabel(font: LabelFont, minimum: { width: number; height: number }): Css.Node {
  const size = (node: NodeSingular) => labelSize(String(node.data('label') ?? ''), font, LINE_HEIGHT);
  return {
    width: (node: NodeSingular) => Math.max(minimum.width, size(node).width),
    height: (node: NodeSingular) => Math.max(minimum.height, size(node).height),
  };
}

export function canvasStyle(theme: CanvasTheme): StylesheetJson {
  const p = PALETTES[theme];
  const font = FONT_FAMILY;
  const style: StylesheetJson = [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-family': font,
        'font-size': NODE_FONT.size,
        color: p.text,
        'text-wrap': 'wrap',
        'text-max-width': '400px',
        'line-height': LINE_HEIGHT,
        'min-zoomed-font-size': NODE_LABEL_MIN_PX,
        'text-valign': 'center',
        'text-halign': 'center',
        'background-image': NO_IMAGE,
        'background-width': 1,
        'background-height': 1,
        'background-image-opacity': 0,
      },
    },
    {
      selector: 'node.workload',
      style: {
        shape: 'round-rectangle',
        ...sizedToLabel(NODE_FONT, { width: 60, height: 20 }),
        padding: '14px',
        'background-color': p.workloadFill,
        'border-width': 1.5,
        'border-color': p.workloadBorder,
      },
    },
    { selector: 'node.workload.isolated-ingress', style: shields(p, ['left']) },
    { selector: 'node.workload.isolated-egress', style: shields(p, ['right']) },
    { selector: 'node.workload.isolated-ingress.isolated-egress', style: shields(p, ['left', 'right']) },
    {
      selector: 'node.namespace, node.zone',
      style: {
        shape: 'round-rectangle',
        'background-color': p.namespaceFill,
        'border-width': 1.5,
        'border-color': p.namespaceBorder,
        padding: '22px',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-size': TITLE_FONT.size,
        'font-weight': TITLE_FONT.weight,
        'text-max-width': '400px',
      },
    },
    {
      selector: 'node.namespace.collapsed',
      style: { 'text-valign': 'center', 'text-margin-y': 0, ...sizedToLabel(TITLE_FONT, { width: 80, height: 30 }), padding: '16px', 'border-width': 4, 'border-style': 'double' },
    },
    { selector: 'node.zone', style: { 'background-color': p.zoneFill, 'border-color': p.zoneBorder, 'border-style': 'dashed', color: p.mutedText } },
    {
      selector: 'node.external',
      style: {
        shape: 'cut-rectangle',
        ...sizedToLabel(NODE_FONT, { width: 60, height: 20 }),
        padding: '12px',
        'background-color': p.externalFill,
        'border-width': 1.5,
        'border-color': p.externalBorder,
      },
    },
    {
      selector: 'edge',
      style: {
        'curve-style': 'bezier',
        'control-point-step-size': 48,
        width: 1.6,
        'line-color': p.edgePorts,
        'target-arrow-shape': 'triangle',
        'target-arrow-color': p.edgePorts,
        'arrow-scale': 1.1,
        label: 'data(label)',
        'font-family': font,
        'font-size': 11,
        color: p.text,
        'text-background-color': p.background,
        'text-background-opacity': 0.92,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
        'text-border-width': 1,
        'text-border-color': p.edgePorts,
        'text-border-opacity': 0.6,
        'min-zoomed-font-size': EDGE_LABEL_MIN_PX,
        'loop-direction': '-45deg',
        'loop-sweep': '-60deg',
      },
    },
    { selector: 'edge.ports', style: { width: 2 } },
    { selector: 'edge.all', style: { 'line-color': p.edgeAll, 'target-arrow-color': p.edgeAll, 'text-border-color': p.edgeAll } },
    { selector: 'edge.external', style: { 'line-color': p.edgeExternal, 'target-arrow-color': p.edgeExternal, 'text-border-color': p.edgeExternal } },
    { selector: 'edge.merged', style: { width: 3 } },
    {
      selector: 'edge.denied',
      style: { 'line-style': 'dashed', 'line-dash-pattern': [7, 4], 'line-color': p.denied, 'target-arrow-color': p.denied, 'target-arrow-shape': 'tee', 'text-border-color': p.denied },
    },
    { selector: 'node.highlighted, edge.highlighted', style: { 'underlay-color': p.highlight, 'underlay-padding': 6, 'underlay-opacity': 0.55 } },
    { selector: 'node.dimmed, edge.dimmed', style: { opacity: 0.28 } },
    // An outline, not a wider border: the selection must not change a node's size, which the layout reads.
    { selector: 'node.selected', style: { 'border-color': p.selected, 'outline-width': 3, 'outline-color': p.selected, 'outline-offset': 1, 'outline-opacity': 1 } },
    { selector: 'edge.selected', style: { width: 4, 'line-color': p.selected, 'target-arrow-color': p.selected, 'text-border-color': p.selected, 'z-index': 10 } },
    // Drag to draw (cytoscape-edgehandles, design mode): the ghost follows the pointer, the preview
    // shows the edge to the hovered endpoint; both go when the drop opens the allow dialog.
    { selector: 'node.eh-ghost', style: { width: 1, height: 1, opacity: 0, label: '', events: 'no' } },
    {
      selector: 'edge.eh-ghost-edge, edge.eh-preview',
      style: { label: '', width: 2.5, 'line-style': 'dashed', 'line-color': p.selected, 'target-arrow-color': p.selected, 'z-index': 20 },
    },
    { selector: 'node.eh-source, node.eh-target', style: { 'underlay-color': p.selected, 'underlay-padding': 6, 'underlay-opacity': 0.4 } },
  ];
  return style;
}
