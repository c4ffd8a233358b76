// Deleting part of an edge (issue 5, "drop a port"): client → web allows TCP 80 and 443; denying
// only 443 in the inspector previews the port dropped from the rule, and after Apply the edge
// allows TCP 80 alone.
import { expect, test } from '@playwright/test';
import { DesignMode } from './pages/designMode';
import { DesignerPage } from './pages/designerPage';

const CLIENT = 'shop/client[Deployment]';
const WEB = 'shop/web[Deployment]';

test('deny one port of an allowed edge: the rest stays allowed', async ({ page }) => {
  const designer = await DesignerPage.open(page);
  await designer.welcome.close();
  const design = new DesignMode(page);
  await design.start();
  await design.addNamespace('shop');
  await design.addWorkload({ namespace: 'shop', name: 'web', labels: 'app=web', ports: 'http:80/TCP, https:443/TCP' });
  await design.addWorkload({ namespace: 'shop', name: 'client', labels: 'app=client', ports: '' });
  await designer.canvas.tap('namespace:shop');
  await design.inspector.getByRole('checkbox', { name: 'Default deny ingress' }).check();

  await designer.canvas.tap(CLIENT);
  await design.inspector.getByRole('button', { name: 'Allow traffic to…' }).click();
  await designer.canvas.tap(WEB);
  await expect(design.allowDialog.getByLabel('Ports', { exact: true })).toHaveValue('80/TCP, 443/TCP');
  await design.allowDialog.getByRole('button', { name: 'Preview' }).click();
  await design.preview.getByRole('button', { name: 'Apply' }).click();
  const intoWeb = async () => (await designer.canvas.edgeLines()).filter((line) => line.includes(`=> ${WEB}`));
  await expect.poll(intoWeb).toEqual([`${CLIENT} => ${WEB} : TCP 80,443`]);

  const edge = (await designer.canvas.edges()).find((candidate) => candidate.source === CLIENT && candidate.target === WEB);
  if (!edge) throw new Error('the client → web edge is drawn');
  await designer.canvas.tap(edge.id);
  await design.inspector.getByRole('radio', { name: 'only these ports' }).check();
  await expect(design.inspector.getByLabel('Ports to deny')).toHaveValue('80/TCP, 443/TCP');
  await design.inspector.getByLabel('Ports to deny').fill('443/TCP');
  await design.inspector.getByRole('button', { name: 'Deny this connection…' }).click();
  await expect(design.preview).toContainText('Removes TCP 443');
  await expect(design.preview.getByRole('region', { name: 'Changed pairs' })).toContainText('TCP 80,443 → TCP 80');
  await expect(design.preview.getByRole('region', { name: 'Collateral changes' })).toContainText('No other pair changes.');
  await designer.screenshot('design-port-deny-preview');
  await design.preview.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(intoWeb).toEqual([`${CLIENT} => ${WEB} : TCP 80`]);
  designer.expectNoProblems();
});
