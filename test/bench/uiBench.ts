// `npm run bench:ui`: how the review canvas copes with a large design, in the distribution's
// Chromium against the real web host and backend, driven through the UI. Prints figures; asserts
// nothing. Targets: first render ≤ 3 s, ≥ 30 fps while panning and zooming.
//
// The design (uiBenchDesign.ts) has 1,000 workloads in 40 namespaces and exactly 5,000
// connections. It is opened through the toolbar's "Open File" chooser, as a user would.
// Above 150 workloads the designer first draws every namespace collapsed (its level of detail),
// so the figures come in two steps:
// 1. first render: from the file input's change event (the request) until the canvas holds the
//    collapsed picture, `window.__netpolCanvas.layoutDone()` has resolved and a frame has been
//    painted; then frames per second while panning (mouse drags) and zooming (mouse wheel) for
//    3 s each, counting requestAnimationFrame callbacks;
// 2. every namespace expanded through the inspector ("Expand on canvas"), until all 1,000
//    workloads and 5,000 edges are drawn; then a "Re-layout" of that whole graph, timed to the
//    painted frame; then frames per second again.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { createBackendHandlers } from '../../electron/backend/handlers';
import { analyzeModel } from '../../electron/engine/analysis';
import { loadManifestTexts } from '../../electron/manifests';
import { startWebHost } from '../../electron/web/webHost';
import type { CanvasTestHook } from '../../renderer/src/lib/canvas/canvasTypes';
import { CHROMIUM_EXECUTABLE, CHROMIUM_FLAGS } from '../e2e/chromiumLaunch';
import { generateUiBenchDesign, UI_BENCH_DESIGN } from './uiBenchDesign';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = `${repositoryRoot}dist/renderer/`;
const GESTURE_MS = 3_000;
const TARGET_FIRST_RENDER_MS = 3_000;
const TARGET_FPS = 30;

/** Page-side globals of this bench (never part of the app). */
type BenchWindow = {
  __netpolCanvas?: CanvasTestHook;
  __benchOpenedAt?: number;
  __benchFrames?: { count: number; longest: number; last: number; running: boolean };
};

/** What the canvas must hold for a step to count as drawn; `edges: 'some'` for any number above 0. */
interface Picture {
  workloads: number;
  namespaces: number;
  edges: number | 'some';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * In the page: waits until the canvas holds `picture`, its layout is done and a frame has been
 * painted; returns performance.now() then, and how many edges are drawn.
 */
function waitForPicture(page: Page, picture: Picture): Promise<{ at: number; edges: number }> {
  return page.evaluate(async (expected) => {
    const hook = () => (window as unknown as BenchWindow).__netpolCanvas;
    const current = () => {
      const nodes = hook()?.nodes() ?? [];
      return {
        workloads: nodes.filter((node) => node.kind === 'workload').length,
        namespaces: nodes.filter((node) => node.kind === 'namespace').length,
        edges: hook()?.edges().length ?? 0,
      };
    };
    const holds = () => {
      const now = current();
      // A patch adds nodes and edges in one batch, so the counts never show half a picture.
      const edgesHold = expected.edges === 'some' ? now.edges > 0 : now.edges === expected.edges;
      return now.workloads === expected.workloads && now.namespaces === expected.namespaces && edgesHold;
    };
    const deadline = performance.now() + 60_000;
    while (!holds()) {
      if (performance.now() > deadline) throw new Error(`the canvas did not reach ${JSON.stringify(expected)} within 60 s; it holds ${JSON.stringify(current())}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await hook()?.layoutDone();
    // Two frames: the first callback runs before the paint of the frame it belongs to.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return { at: performance.now(), edges: current().edges };
  }, picture);
}

async function closeWelcomeDialog(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Welcome' });
  if (!(await dialog.isVisible())) return;
  await dialog.getByRole('button', { name: 'Explore the sample' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/**
 * Opens the design through "Open File". Returns ms to the painted picture from the input's change
 * event and from the click, split at the end of the backend's answer (reading the file, the
 * request, the analysis and the response, then the canvas: projection, patch, layout, paint).
 */
async function openAndTimeFirstRender(page: Page, text: string, picture: Picture): Promise<{ fromChange: number; fromClick: number; backend: number; canvas: number; edges: number }> {
  await page.evaluate(() => {
    document.addEventListener('change', () => ((window as unknown as BenchWindow).__benchOpenedAt = performance.now()), { capture: true, once: true });
  });
  const clickedAt = await page.evaluate(() => performance.now());
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('toolbar').getByRole('button', { name: 'Open File', exact: true }).click()]);
  await chooser.setFiles({ name: 'ui-bench-1000-workloads.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) });
  const { at: doneAt, edges } = await waitForPicture(page, picture);
  const { changedAt, answeredAt } = await page.evaluate(() => {
    const request = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/review:openTexts')).at(-1) as PerformanceResourceTiming | undefined;
    return { changedAt: (window as unknown as BenchWindow).__benchOpenedAt ?? Number.NaN, answeredAt: request?.responseEnd ?? Number.NaN };
  });
  return { fromChange: doneAt - changedAt, fromClick: doneAt - clickedAt, backend: answeredAt - changedAt, canvas: doneAt - answeredAt, edges };
}

/**
 * Expands every collapsed namespace through the inspector, one after the other; returns how long
 * each expansion took from the click on "Expand on canvas" to the painted frame.
 */
async function expandEveryNamespace(page: Page): Promise<number[]> {
  const namespaces = await page.evaluate(() =>
    ((window as unknown as BenchWindow).__netpolCanvas?.nodes() ?? []).filter((node) => node.kind === 'namespace' && node.classes.includes('collapsed')).map((node) => node.id),
  );
  const inspector = page.getByRole('region', { name: 'Inspector' });
  const times: number[] = [];
  for (const id of namespaces) {
    await page.evaluate((nodeId) => (window as unknown as BenchWindow).__netpolCanvas?.tap(nodeId), id);
    await inspector.getByRole('heading', { name: new RegExp(`^${id.replace(/^namespace:/, '')}`) }).waitFor();
    const expand = inspector.getByRole('button', { name: 'Expand on canvas' });
    await expand.waitFor();
    times.push(
      await expand.evaluate(async (button, nodeId) => {
        const hook = (window as unknown as BenchWindow).__netpolCanvas;
        const start = performance.now();
        (button as HTMLButtonElement).click();
        while (hook?.nodes().find((node) => node.id === nodeId)?.classes.includes('collapsed')) await new Promise((resolve) => setTimeout(resolve, 5));
        await hook?.layoutDone();
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return performance.now() - start;
      }, id),
    );
  }
  return times;
}

async function timeRelayout(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const button = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === 'Re-layout');
    if (!button) throw new Error('no Re-layout button');
    const start = performance.now();
    button.click();
    await (window as unknown as BenchWindow).__netpolCanvas?.layoutDone();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return performance.now() - start;
  });
}

async function startFrameCounter(page: Page): Promise<void> {
  await page.evaluate(() => {
    const frames = { count: 0, longest: 0, last: performance.now(), running: true };
    (window as unknown as BenchWindow).__benchFrames = frames;
    const tick = (now: number) => {
      if (!frames.running) return;
      frames.count++;
      frames.longest = Math.max(frames.longest, now - frames.last);
      frames.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopFrameCounter(page: Page): Promise<{ count: number; longest: number }> {
  return page.evaluate(() => {
    const frames = (window as unknown as BenchWindow).__benchFrames;
    if (!frames) throw new Error('no frame counter');
    frames.running = false;
    return { count: frames.count, longest: frames.longest };
  });
}

/** The canvas area: the largest <canvas> on the page (Cytoscape draws on stacked layers). */
async function canvasBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const boxes = await page.locator('canvas').evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON() as DOMRect));
  const largest = boxes.sort((a, b) => b.width * b.height - a.width * a.height)[0];
  if (!largest || largest.width === 0) throw new Error('no visible <canvas> on the page');
  return { x: largest.x, y: largest.y, width: largest.width, height: largest.height };
}

function viewportOf(page: Page) {
  return page.evaluate(() => (window as unknown as BenchWindow).__netpolCanvas?.viewport());
}

interface GestureFigures {
  fps: number;
  longestFrameMs: number;
  gestures: number;
  viewportChanged: boolean;
}

async function measureGesture(page: Page, gesture: (step: number) => Promise<void>): Promise<GestureFigures> {
  const before = JSON.stringify(await viewportOf(page));
  await startFrameCounter(page);
  const start = performance.now();
  let gestures = 0;
  let viewportChanged = false;
  while (performance.now() - start < GESTURE_MS) {
    await gesture(gestures++);
    // Gestures go back and forth, so compare after the first one rather than at the end.
    if (gestures === 1) viewportChanged = JSON.stringify(await viewportOf(page)) !== before;
  }
  const elapsed = performance.now() - start;
  const frames = await stopFrameCounter(page);
  return { fps: (frames.count * 1000) / elapsed, longestFrameMs: frames.longest, gestures, viewportChanged };
}

/** Pans with mouse drags from the canvas's top-left corner (background after a fit), then zooms with the wheel. */
async function measurePanAndZoom(page: Page, what: string): Promise<void> {
  const box = await canvasBox(page);
  const corner = { x: box.x + 12, y: box.y + 12 };
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const pan = await measureGesture(page, async (step) => {
    const direction = step % 2 === 0 ? 1 : -1;
    const from = direction === 1 ? corner : { x: corner.x + 150, y: corner.y + 80 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + direction * i * 15, from.y + direction * i * 8);
    await page.mouse.up();
  });
  await page.mouse.move(centre.x, centre.y);
  const zoom = await measureGesture(page, async (step) => {
    await page.mouse.wheel(0, Math.floor(step / 8) % 2 === 0 ? -120 : 120);
  });
  for (const [name, figures] of [
    ['pan (mouse drags)', pan],
    ['zoom (mouse wheel)', zoom],
  ] as const) {
    console.log(
      `  ${what}, ${name}: ${figures.fps.toFixed(1)} fps over ${seconds(GESTURE_MS)}, longest frame ${figures.longestFrameMs.toFixed(0)} ms, ` +
        `${figures.gestures} gestures, viewport ${figures.viewportChanged ? 'moved' : 'DID NOT MOVE'} (target ≥ ${TARGET_FPS} fps)`,
    );
  }
}

async function main(): Promise<void> {
  if (!existsSync(`${rendererDir}index.html`)) throw new Error('dist/renderer is missing: run `npm run bench:ui` (it builds the renderer first).');
  if (!existsSync(CHROMIUM_EXECUTABLE)) throw new Error(`no Chromium at ${CHROMIUM_EXECUTABLE}: apt-get install chromium, or set CHROMIUM_PATH.`);

  const design = generateUiBenchDesign();
  const engineStart = performance.now();
  const rows = analyzeModel(loadManifestTexts([{ path: 'ui-bench.yaml', text: design.text }]).model).connectivity().rows();
  const engineMs = performance.now() - engineStart;
  if (rows.length !== design.connections) throw new Error(`the generated design has ${rows.length} connections, not the ${design.connections} it was built for`);
  console.log(
    `design: ${UI_BENCH_DESIGN.workloads} workloads in ${UI_BENCH_DESIGN.namespaces} namespaces, ${rows.length} connections, ` +
      `${(design.text.length / 1e6).toFixed(1)} MB of YAML; the engine alone in Node: ${seconds(engineMs)}`,
  );

  const host = await startWebHost({ port: 0, rendererDir, handlers: createBackendHandlers({ resourcesDir: `${repositoryRoot}resources/` }) });
  const browser = await chromium.launch({ executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_FLAGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // tsx compiles this file with esbuild's keepNames, which wraps named functions in a
    // `__name(...)` helper; the functions handed to page.evaluate run in the page, without it.
    await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(host.url);
    await page.waitForFunction(() => ((window as unknown as BenchWindow).__netpolCanvas?.nodes().length ?? 0) > 0, undefined, { timeout: 60_000 });
    await closeWelcomeDialog(page);

    // How the collapsed picture merges edges between namespaces is the canvas's business: any edge will do.
    const collapsed: Picture = { workloads: 0, namespaces: UI_BENCH_DESIGN.namespaces, edges: 'some' };
    const firstRender = await openAndTimeFirstRender(page, design.text, collapsed);
    console.log(
      `1. first render (namespaces collapsed: ${collapsed.namespaces} nodes, ${firstRender.edges} edges): ${seconds(firstRender.fromChange)} from the file input's change event ` +
        `to a painted frame after layoutDone() (${seconds(firstRender.fromClick)} from the click on Open File) (target ≤ ${seconds(TARGET_FIRST_RENDER_MS)})`,
    );
    console.log(`  of which: until the backend's answer has arrived ${seconds(firstRender.backend)}, then the canvas ${seconds(firstRender.canvas)}`);
    await measurePanAndZoom(page, 'collapsed');

    const expandStart = await page.evaluate(() => performance.now());
    const expansions = await expandEveryNamespace(page);
    const full: Picture = { workloads: UI_BENCH_DESIGN.workloads, namespaces: UI_BENCH_DESIGN.namespaces, edges: rows.length };
    const { at: expandDone } = await waitForPicture(page, full);
    const sorted = [...expansions].sort((a, b) => a - b);
    console.log(
      `2. all ${full.workloads} workloads and ${full.edges} edges drawn after expanding ${expansions.length} namespaces one by one in the inspector: ${seconds(expandDone - expandStart)} in all; ` +
        `one expansion to a painted frame: median ${seconds(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN)}, slowest ${seconds(sorted.at(-1) ?? Number.NaN)}, the last one ${seconds(expansions.at(-1) ?? Number.NaN)}`,
    );
    const relayout = await timeRelayout(page);
    console.log(`  Re-layout of the whole graph, to a painted frame: ${seconds(relayout)} (target ≤ ${seconds(TARGET_FIRST_RENDER_MS)})`);
    await measurePanAndZoom(page, 'expanded');
    if (errors.length > 0) console.log(`page errors: ${errors.join(' | ')}`);
  } finally {
    await browser.close();
    await host.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
