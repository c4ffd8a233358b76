// Editing and deleting in design mode through the inspector: a workload's labels changed (the
// canvas follows), a refused edit shown under its form, the preview's YAML diff, and the database
// deleted after its confirmation (by the inspector and the Delete key), then brought back by undo.
import { expect, test } from '@playwright/test';
import { DesignMode } from './pages/designMode';
import { DesignerPage } from './pages/designerPage';

const FRONTEND = 'netpol-demo/frontend[Deployment]';
const BACKEND = 'netpol-demo/backend[Deployment]';
const DATABASE = 'netpol-demo/database[Deployment]';

test('edit a workload in the inspector, preview the YAML diff, delete the database with a confirmation, undo', async ({ page }) => {
  const designer = await DesignerPage.open(page);
  await designer.welcome.close();
  const design = new DesignMode(page);
  await design.start();
  await design.addNamespace('netpol-demo');
  for (const tier of ['frontend', 'backend', 'database']) await design.addWorkload({ namespace: 'netpol-demo', name: tier, labels: `tier=${tier}`, ports: 'http:80/TCP' });
  await expect.poll(async () => (await designer.canvas.workloads()).length).toBe(3);

  await designer.canvas.tap('namespace:netpol-demo');
  await design.inspector.getByRole('checkbox', { name: 'Default deny ingress' }).check();
  const intoDemo = async () => (await designer.canvas.edgeLines()).filter((line) => / => netpol-demo\//.test(line));
  await expect.poll(intoDemo).toEqual([]);

  // Allow frontend → backend: the preview shows the policy's YAML as a diff with +/- signs.
  await designer.canvas.tap(FRONTEND);
  await design.inspector.getByRole('button', { name: 'Allow traffic to…' }).click();
  await designer.canvas.tap(BACKEND);
  await design.allowDialog.getByRole('button', { name: 'Preview' }).click();
  const yamlChanges = design.preview.getByRole('region', { name: 'YAML changes' });
  await expect(yamlChanges).toContainText('+ kind: NetworkPolicy');
  await expect(yamlChanges).toContainText('tier: frontend');
  await designer.screenshot('design-preview-yaml-diff');
  await design.preview.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(intoDemo).toEqual([`${FRONTEND} => ${BACKEND} : TCP 80`]);

  // A refused edit shows under its form; nothing changes.
  await designer.canvas.tap(BACKEND);
  const edit = design.inspector.getByRole('form', { name: 'Edit workload' });
  await edit.getByLabel('Labels', { exact: true }).fill('tier=not valid!');
  await edit.getByRole('button', { name: 'Apply' }).click();
  await expect(edit.getByRole('alert')).toBeVisible();
  expect(designer.problems.splice(0)).toEqual([expect.stringContaining('/api/design:apply')]);
  await expect.poll(intoDemo).toEqual([`${FRONTEND} => ${BACKEND} : TCP 80`]);

  // The backend's new label: the allow policy no longer selects it, so the canvas drops the edge.
  await edit.getByLabel('Labels', { exact: true }).fill('tier=api');
  await edit.getByRole('button', { name: 'Apply' }).click();
  await expect(edit.getByRole('alert')).toBeHidden();
  await expect.poll(intoDemo).toEqual([]);
  await expect(edit.getByLabel('Labels', { exact: true })).toHaveValue('tier=api');

  // Delete the database: the confirmation lists what goes with it; Cancel keeps it.
  await designer.canvas.tap(DATABASE);
  await design.inspector.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirm delete' });
  await expect(confirm).toContainText(`Delete workload ${DATABASE}`);
  await designer.screenshot('design-delete-confirmation');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  expect((await designer.canvas.workloads()).map((node) => node.id)).toContain(DATABASE);

  // The Delete key asks the same when the page has the focus; Delete confirms.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Delete');
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect.poll(async () => (await designer.canvas.workloads()).map((node) => node.id).sort()).toEqual([BACKEND, FRONTEND]);

  // Undo brings it back.
  await design.toolbarButton('Undo').click();
  await expect.poll(async () => (await designer.canvas.workloads()).map((node) => node.id).sort()).toEqual([BACKEND, DATABASE, FRONTEND]);
  designer.expectNoProblems();

  // Unsaved edits: the browser asks before the page goes (no preload bridge here).
  const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => void dialog.dismiss().then(() => resolve(dialog.type()))));
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe('beforeunload');
});
