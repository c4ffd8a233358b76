// Placing nodes by hand in design mode and getting them back: with "Dragging a node: moves it" a
// drag moves the workload (no connection is drawn), the design becomes unsaved, Save writes the
// positions into the design file, and opening that file with Open File restores the design in
// design mode with every node where it was.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { openFiles } from './pages/openDialogs';
import { DesignMode } from './pages/designMode';
import { DesignerPage } from './pages/designerPage';

const WEB = 'shop/web[Deployment]';
const API = 'shop/api[Deployment]';

test('move nodes by hand, save the design, open the file again: same design, same places', async ({ page }) => {
  const designer = await DesignerPage.open(page);
  await designer.welcome.close();
  const design = new DesignMode(page);
  await design.start();
  await design.addNamespace('shop');
  await design.addWorkload({ namespace: 'shop', name: 'web', labels: 'app=web', ports: 'http:80/TCP' });
  await design.addWorkload({ namespace: 'shop', name: 'api', labels: 'app=api', ports: 'http:8080/TCP' });
  await design.addExternal('Internet', '0.0.0.0/0');
  await expect.poll(async () => (await designer.canvas.workloads()).length).toBe(2);
  await designer.canvas.layoutDone();

  // Placed beside each other, never on top of each other.
  const [web, api] = [await designer.canvas.position(WEB), await designer.canvas.position(API)];
  expect(Math.hypot(web.x - api.x, web.y - api.y)).toBeGreaterThan(40);

  await designer.screenshot('design-placed-beside');
  // Move mode: a drag moves the node; nothing asks to allow traffic.
  await design.palette.getByRole('radio', { name: 'moves it' }).check();
  const before = await designer.canvas.position(WEB);
  const zoom = (await designer.canvas.viewport()).zoom;
  await designer.canvas.dragBy(WEB, 0, -150);
  await expect.poll(async () => before.y - (await designer.canvas.position(WEB)).y).toBeGreaterThan(100 / zoom);
  await expect(design.allowDialog).toBeHidden();
  const moved = await designer.canvas.position(WEB);

  // Save downloads the design file with the positions in it.
  const downloading = page.waitForEvent('download');
  await design.toolbarButton('Save').click();
  const download = await downloading;
  const text = readFileSync(await download.path(), 'utf8');
  const saved = parse(text) as { kind: string; view: { positions: Record<string, { x: number; y: number }> } };
  expect(saved.kind).toBe('NetPolDesign');
  expect(saved.view.positions[WEB]?.x).toBeCloseTo(moved.x, 0);
  expect(saved.view.positions[WEB]?.y).toBeCloseTo(moved.y, 0);
  expect(Object.keys(saved.view.positions)).toEqual(expect.arrayContaining([WEB, API, 'external:Internet']));

  // A new design, then the saved file through Open File: design mode again, nodes where they were.
  await design.start();
  await expect.poll(async () => (await designer.canvas.workloads()).length).toBe(0);
  await openFiles(designer, [{ name: 'shop.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) }]);
  await expect(design.palette).toBeVisible();
  await expect.poll(async () => (await designer.canvas.workloads()).map((node) => node.id).sort()).toEqual([API, WEB]);
  await designer.canvas.layoutDone();
  const reopened = await designer.canvas.position(WEB);
  expect(reopened.x).toBeCloseTo(saved.view.positions[WEB]?.x ?? NaN, 0);
  expect(reopened.y).toBeCloseTo(saved.view.positions[WEB]?.y ?? NaN, 0);
  await expect(page.getByRole('status')).toContainText('Opened the design shop.yaml');
  await designer.screenshot('design-reopened-positions');
  designer.expectNoProblems();
});
