// The palette's items (issue 5, point 1: "from a palette (drag or double-click)"): a namespace
// dragged onto the canvas lands where it was dropped, a workload dragged into that namespace
// joins it, double-clicks add a workload to the chosen namespace and an external block, and a
// workload dropped outside every namespace is refused with a word of why.
import { expect, test } from '@playwright/test';
import { DesignMode } from './pages/designMode';
import { DesignerPage } from './pages/designerPage';

test('drag and double-click palette items onto the canvas', async ({ page }) => {
  const designer = await DesignerPage.open(page);
  await designer.welcome.close();
  const design = new DesignMode(page);
  await design.start();
  const items = design.palette.getByRole('region', { name: 'Palette items' });
  const canvas = page.getByTestId('review-canvas');

  await items.getByRole('button', { name: 'Namespace' }).dragTo(canvas, { targetPosition: { x: 300, y: 220 } });
  await expect.poll(async () => (await designer.canvas.nodes()).map((node) => node.id)).toContain('namespace:namespace-1');
  await expect(design.inspector).toContainText('namespace-1');

  // Into the namespace's box: the workload joins it, where it was dropped.
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the canvas is visible');
  const centre = await page.evaluate(() => (window as unknown as { __netpolCanvas: { renderedCentre(id: string): { x: number; y: number } } }).__netpolCanvas.renderedCentre('namespace:namespace-1'));
  await items.getByRole('button', { name: 'Workload' }).dragTo(canvas, { targetPosition: centre });
  await expect.poll(async () => (await designer.canvas.workloads()).map((node) => node.id)).toEqual(['namespace-1/workload-1[Deployment]']);
  await expect(design.inspector.getByRole('form', { name: 'Edit workload' })).toBeVisible();

  // Double-clicks: a workload into the palette's chosen namespace, and an external block.
  await items.getByRole('button', { name: 'Workload' }).dblclick();
  await items.getByRole('button', { name: 'External block' }).dblclick();
  await expect.poll(async () => (await designer.canvas.workloads()).map((node) => node.id).sort()).toEqual(['namespace-1/workload-1[Deployment]', 'namespace-1/workload-2[Deployment]']);
  await expect.poll(async () => (await designer.canvas.nodes()).filter((node) => node.kind === 'external').length).toBe(1);

  // Outside every namespace a workload has nowhere to go.
  await items.getByRole('button', { name: 'Workload' }).dragTo(canvas, { targetPosition: { x: box.width - 20, y: 20 } });
  await expect(design.palette.getByRole('alert')).toContainText('Drop the workload into a namespace');
  expect((await designer.canvas.workloads()).length).toBe(2);
  await designer.canvas.layoutDone();
  await designer.screenshot('design-palette-drops');
  designer.expectNoProblems();
});
