// Drag to draw in design mode: dragging from one workload to another on the canvas opens the same
// allow dialog as the inspector's "Allow traffic to…"; the drawn edge goes at the drop (the canvas
// stays a projection) and the real edge appears only after the preview's Apply. In review mode a
// drag draws nothing.
import { expect, test } from '@playwright/test';
import { DesignMode } from './pages/designMode';
import { DesignerPage } from './pages/designerPage';

const FRONTEND = 'draw/frontend[Deployment]';
const BACKEND = 'draw/backend[Deployment]';

test('dragging from frontend to backend opens the allow dialog; the edge appears only after Apply', async ({ page }) => {
  const designer = await DesignerPage.open(page);
  await designer.welcome.close();
  const design = new DesignMode(page);

  // Review mode (the sample): a drag between two workloads opens nothing.
  const [first, second] = await designer.canvas.workloads();
  if (!first || !second) throw new Error('the sample has at least two workloads');
  const reviewEdges = await designer.canvas.edgeLines();
  await designer.canvas.drag(first.id, second.id);
  await expect(design.allowDialog).toBeHidden();
  expect(await designer.canvas.edgeLines()).toEqual(reviewEdges);

  await design.start();
  await design.addNamespace('draw');
  await design.addWorkload({ namespace: 'draw', name: 'frontend', labels: 'tier=frontend', ports: 'http:80/TCP' });
  await design.addWorkload({ namespace: 'draw', name: 'backend', labels: 'tier=backend', ports: 'http:8080/TCP' });
  await expect.poll(async () => (await designer.canvas.workloads()).length).toBe(2);
  await designer.canvas.tap('namespace:draw');
  await design.inspector.getByRole('checkbox', { name: 'Default deny ingress' }).check();
  const intoDraw = async () => (await designer.canvas.edgeLines()).filter((line) => / => draw\//.test(line));
  await expect.poll(intoDraw).toEqual([]);
  await designer.canvas.layoutDone();
  const before = await designer.canvas.edges();
  const nodesBefore = (await designer.canvas.nodes()).map((node) => node.id);

  // The drag opens the allow dialog for the pair; the drawn edge is gone, nothing else changed.
  await designer.canvas.drag(FRONTEND, BACKEND);
  await expect(design.allowDialog).toBeVisible();
  await expect(design.allowDialog).toContainText(/From frontend.* to backend/);
  await expect(design.allowDialog.getByRole('textbox', { name: 'Ports' })).toHaveValue('8080/TCP');
  expect(await designer.canvas.edges()).toEqual(before);
  expect((await designer.canvas.nodes()).map((node) => node.id)).toEqual(nodesBefore);
  await designer.screenshot('design-draw-dialog');

  // Preview, Apply: now the edge is there.
  await design.allowDialog.getByRole('button', { name: 'Preview' }).click();
  await design.preview.getByRole('button', { name: 'Apply' }).click();
  await expect(design.preview).toBeHidden();
  await expect.poll(intoDraw).toEqual([`${FRONTEND} => ${BACKEND} : TCP 8080`]);
  designer.expectNoProblems();
});
