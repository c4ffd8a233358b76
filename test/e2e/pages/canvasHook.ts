// The canvas as the tests see it: Cytoscape state read through the test hook that the canvas
// component installs on `window.__netpolCanvas` (CONVENTIONS 9: state, not pixels).
import { expect, type Page } from '@playwright/test';
import type { CanvasTestHook } from '../../../renderer/src/lib/canvas/canvasTypes';

export type CanvasNode = ReturnType<CanvasTestHook['nodes']>[number];
export type CanvasEdge = ReturnType<CanvasTestHook['edges']>[number];

/** The hook as the page holds it; absent until the canvas has mounted. */
type WindowWithHook = { __netpolCanvas?: CanvasTestHook };

export class CanvasHook {
  constructor(private readonly page: Page) {}

  /** Waits until the canvas has mounted its hook and drawn at least one node, then for its layout. */
  async waitForDrawing(): Promise<void> {
    await expect
      .poll(() => this.page.evaluate(() => (window as unknown as WindowWithHook).__netpolCanvas?.nodes().length ?? -1), {
        message: 'the canvas installs window.__netpolCanvas and draws nodes',
      })
      .toBeGreaterThan(0);
    await this.layoutDone();
  }

  async layoutDone(): Promise<void> {
    await this.page.evaluate(() => (window as unknown as WindowWithHook).__netpolCanvas?.layoutDone());
  }

  nodes(): Promise<CanvasNode[]> {
    return this.page.evaluate(() => (window as unknown as WindowWithHook).__netpolCanvas?.nodes() ?? []);
  }

  edges(): Promise<CanvasEdge[]> {
    return this.page.evaluate(() => (window as unknown as WindowWithHook).__netpolCanvas?.edges() ?? []);
  }

  async workloads(): Promise<CanvasNode[]> {
    return (await this.nodes()).filter((node) => node.kind === 'workload');
  }

  /** Taps an element as a click would. */
  async tap(id: string): Promise<void> {
    await this.page.evaluate((elementId) => {
      const hook = (window as unknown as WindowWithHook).__netpolCanvas;
      if (!hook) throw new Error('window.__netpolCanvas is not installed');
      hook.tap(elementId);
    }, id);
  }

  /** Drags the mouse from one node's centre to another's, as a user would (drag to draw in design mode). */
  async drag(sourceId: string, targetId: string): Promise<void> {
    const box = await this.page.getByTestId('review-canvas').boundingBox();
    if (!box) throw new Error('The canvas is not visible.');
    const [from, to] = await this.page.evaluate(
      ({ source, target }) => {
        const hook = (window as unknown as WindowWithHook).__netpolCanvas;
        if (!hook) throw new Error('window.__netpolCanvas is not installed');
        return [hook.renderedCentre(source), hook.renderedCentre(target)] as const;
      },
      { source: sourceId, target: targetId },
    );
    await this.page.mouse.move(box.x + from.x, box.y + from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + to.x, box.y + to.y, { steps: 12 });
    // Let the hover over the target register (edgehandles' hover delay) before the drop.
    await this.page.waitForTimeout(250);
    await this.page.mouse.move(box.x + to.x + 2, box.y + to.y + 2, { steps: 2 });
    await this.page.mouse.up();
  }

  /** Drags a node by the mouse by (dx, dy) pixels, as a user moves it. */
  async dragBy(id: string, dx: number, dy: number): Promise<void> {
    const box = await this.page.getByTestId('review-canvas').boundingBox();
    if (!box) throw new Error('The canvas is not visible.');
    const from = await this.page.evaluate((nodeId) => {
      const hook = (window as unknown as WindowWithHook).__netpolCanvas;
      if (!hook) throw new Error('window.__netpolCanvas is not installed');
      return hook.renderedCentre(nodeId);
    }, id);
    await this.page.mouse.move(box.x + from.x, box.y + from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + from.x + dx, box.y + from.y + dy, { steps: 12 });
    await this.page.mouse.up();
  }

  /** A node's position in model coordinates. */
  position(id: string): Promise<{ x: number; y: number }> {
    return this.page.evaluate((nodeId) => {
      const hook = (window as unknown as WindowWithHook).__netpolCanvas;
      if (!hook) throw new Error('window.__netpolCanvas is not installed');
      return hook.position(nodeId);
    }, id);
  }

  viewport(): Promise<ReturnType<CanvasTestHook['viewport']>> {
    return this.page.evaluate(() => {
      const hook = (window as unknown as WindowWithHook).__netpolCanvas;
      if (!hook) throw new Error('window.__netpolCanvas is not installed');
      return hook.viewport();
    });
  }

  /** Edges as `source => target : label` lines, sorted, for whole-set comparisons with readable diffs. */
  async edgeLines(): Promise<string[]> {
    return (await this.edges()).map((edge) => `${edge.source} => ${edge.target} : ${edge.label}`).sort(comparePlain);
  }

  /** Waits until the drawn edges are exactly `expected` (lines as edgeLines gives them). */
  async expectEdgeLines(expected: string[]): Promise<void> {
    await expect.poll(() => this.edgeLines(), { message: 'canvas edges (source => target : label)' }).toEqual([...expected].sort(comparePlain));
  }
}

/** Plain string order (DESIGN: never localeCompare). */
export function comparePlain(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The edge label the canvas shows for a connection text of the engine. */
export function edgeLabelFor(connection: string): string {
  return connection === 'All Connections' ? 'all' : connection;
}
