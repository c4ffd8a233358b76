// Opening a folder through the UI: the canvas shows exactly the connectivity that netpol-analyzer
// prints for a shared conformance case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { conformanceDirectory, edgeLinesOf, parseConnectivityList } from './expectedConnectivity';
import { DesignerPage } from './pages/designerPage';
import { openFolder } from './pages/openDialogs';

const CASE = join(conformanceDirectory, 'netpol-analyzer', 'netpol-analysis-example-minimal');

test('opening a conformance case folder draws its expected connectivity', async ({ page }) => {
  const expected = edgeLinesOf(parseConnectivityList(readFileSync(join(CASE, 'expected.txt'), 'utf8')));
  expect(expected.length).toBeGreaterThan(0);

  const designer = await DesignerPage.open(page);
  await designer.welcome.close();

  await openFolder(designer, join(CASE, 'input'));
  await designer.canvas.expectEdgeLines(expected);
  await designer.canvas.layoutDone();

  const workloads = (await designer.canvas.workloads()).map((node) => node.id).sort();
  expect(workloads).toEqual(['default/backend[Deployment]', 'default/frontend[Deployment]']);

  await designer.screenshot('opened-folder');
  designer.expectNoProblems();
});
