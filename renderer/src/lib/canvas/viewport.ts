// Viewport commands and the level of detail that keeps large graphs responsive.
import type { Core } from 'cytoscape';

/** Fitting never zooms in past this: a three-node graph should not fill the screen with giant text. */
export const MAX_FIT_ZOOM = 1.5;
const FIT_PADDING = 40;
/** From this many edges (or nodes), edges are hidden and the picture is a texture while panning and zooming. */
export const LARGE_GRAPH_EDGES = 1500;
export const LARGE_GRAPH_NODES = 800;

export function fitToScreen(cy: Core): void {
  const nodes = cy.nodes();
  if (nodes.empty()) return;
  // Nodes only: edges run between them, and measuring thousands of edge labels for the bounding
  // box costs more than the whole first frame.
  cy.fit(nodes, FIT_PADDING);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
}

/** Zooms by `factor` around the centre of the canvas. */
export function zoomAround(cy: Core, factor: number): void {
  const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
  cy.zoom({ level, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}

/** The renderer's own flags behind the `hideEdgesOnViewport` and `textureOnViewport` init options. */
interface ViewportFlags {
  hideEdgesOnViewport?: boolean;
  textureOnViewport?: boolean;
}

/**
 * Turns Cytoscape's viewport shortcuts on for large graphs only: they make small graphs blur or
 * lose their edges while panning for no gain. The canvas renderer reads these flags on every
 * frame; they are set at init from the options of the same name, and the graph's size is only
 * known later, so they are updated on the renderer after each patch.
 */
export function applyViewportDetail(cy: Core): void {
  const large = cy.edges().length >= LARGE_GRAPH_EDGES || cy.nodes().length >= LARGE_GRAPH_NODES;
  const renderer = (cy as unknown as { renderer(): ViewportFlags | null | undefined }).renderer();
  if (!renderer) return;
  renderer.hideEdgesOnViewport = large;
  renderer.textureOnViewport = large;
}
