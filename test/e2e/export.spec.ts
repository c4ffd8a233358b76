// Export from the window: the opened NetworkPolicies come down as one YAML file that the engine
// reads back to the same connectivity as the sample.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { analyzeModel } from '../../electron/engine/analysis';
import { loadManifestTexts } from '../../electron/manifests';
import { SAMPLE_PATH } from './expectedConnectivity';
import { DesignerPage } from './pages/designerPage';

test('Export downloads the sample policies, which re-open to the same connectivity', async ({ page }) => {
  const designer = await DesignerPage.open(page);
  await designer.welcome.close();
  const downloading = page.waitForEvent('download');
  await page.getByRole('toolbar', { name: 'Toolbar' }).getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('policies.yaml');
  const exported = readFileSync(await download.path(), 'utf8');
  expect(exported.match(/^kind: NetworkPolicy$/gm)).toHaveLength(3);

  // The sample's inventory with only the exported policies gives the sample's connectivity.
  const sample = readFileSync(SAMPLE_PATH, 'utf8');
  const inventory = loadManifestTexts([{ path: 'sample.yaml', text: sample }]).model;
  const reread = loadManifestTexts([{ path: 'policies.yaml', text: exported }]).model.policies;
  const rows = (policies: typeof reread) => analyzeModel({ ...inventory, policies }).connectivity().rows().map((row) => `${row.source} => ${row.destination} : ${row.connection}`);
  expect(rows(reread)).toEqual(rows(inventory.policies));
  await expect(page.getByRole('status').filter({ hasText: 'Exported 3 NetworkPolicies to policies.yaml.' }).first()).toBeVisible();
  designer.expectNoProblems();
});
