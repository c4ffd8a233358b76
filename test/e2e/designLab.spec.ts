// Issue 5's hands-on lab through the UI only: build netpol-demo with the palette, switch on default
// deny, allow frontend → backend on TCP 80 by picking on the canvas, and check the exported
// policies with `netpol-designer connectivity` on the exported file plus the inventory.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { connectivityByCli } from './cliConnectivity';
import { DesignMode } from './pages/designMode';
import { DesignerPage } from './pages/designerPage';

const FRONTEND = 'netpol-demo/frontend[Deployment]';
const BACKEND = 'netpol-demo/backend[Deployment]';
const DATABASE = 'netpol-demo/database[Deployment]';
const TIERS = ['frontend', 'backend', 'database'];

/** The lab's inventory as manifests, for reading the exported policies back with the engine. */
function labInventory(): string {
  const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: netpol-demo\n';
  const deployments = TIERS.map(
    (tier) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${tier}
  namespace: netpol-demo
spec:
  selector:
    matchLabels:
      tier: ${tier}
  template:
    metadata:
      labels:
        tier: ${tier}
    spec:
      containers:
        - name: ${tier}
          image: nginx
          ports:
            - name: http
              containerPort: 80
              protocol: TCP
`,
  );
  return [namespace, ...deployments].join('---\n');
}

test('the lab: default deny, then frontend → backend on TCP 80 only, exported, undone, then denied', async ({ page }) => {
  const designer = await DesignerPage.open(page);
  await designer.welcome.close();
  const design = new DesignMode(page);
  await design.start();

  // A refusal of the backend shows next to the palette's form; nothing else changes.
  const namespaceForm = design.palette.getByRole('form', { name: 'Add namespace' });
  await namespaceForm.getByLabel('Name', { exact: true }).fill('Not_Valid');
  await namespaceForm.getByRole('button', { name: 'Add namespace' }).click();
  await expect(design.palette.getByRole('alert')).toBeVisible();
  expect((await designer.canvas.nodes()).filter((node) => node.id.startsWith('namespace:'))).toEqual([]);
  // The browser logs the refused request itself (the web host answers a refusal with an error status).
  expect(designer.problems.splice(0)).toEqual([expect.stringContaining('/api/design:apply')]);

  await design.addNamespace('netpol-demo');
  await expect(design.palette.getByRole('alert')).toBeHidden();
  for (const tier of TIERS) await design.addWorkload({ namespace: 'netpol-demo', name: tier, labels: `tier=${tier}`, ports: 'http:80/TCP' });
  await expect.poll(async () => (await designer.canvas.workloads()).map((node) => node.id).sort()).toEqual([BACKEND, DATABASE, FRONTEND]);
  await expect(page.getByLabel('Unsaved changes')).toBeVisible();

  // Default deny ingress on the namespace: nothing reaches netpol-demo any more.
  await designer.canvas.tap('namespace:netpol-demo');
  const denyIngress = design.inspector.getByRole('checkbox', { name: 'Default deny ingress' });
  await denyIngress.check();
  await expect(denyIngress).toBeChecked();
  const intoDemo = async () => (await designer.canvas.edgeLines()).filter((line) => / => netpol-demo\//.test(line));
  await expect.poll(intoDemo).toEqual([]);

  // Allow frontend → backend: pick the destination on the canvas, preview, apply.
  await designer.canvas.tap(FRONTEND);
  await design.inspector.getByRole('button', { name: 'Allow traffic to…' }).click();
  await designer.canvas.tap(BACKEND);
  await expect(design.allowDialog).toBeVisible();
  await expect(design.allowDialog.getByRole('textbox', { name: 'Ports' })).toHaveValue('80/TCP');
  await design.allowDialog.getByRole('button', { name: 'Preview' }).click();
  await expect(design.preview).toBeVisible();
  await expect(design.preview.getByRole('region', { name: 'Policy changes' })).toContainText(/create|update/);
  await expect(design.preview.getByRole('region', { name: 'Changed pairs' })).toContainText('TCP 80');
  await expect(design.preview.getByRole('region', { name: 'Collateral changes' })).toContainText('No other pair changes.');
  await design.preview.getByRole('button', { name: 'Apply' }).click();
  await expect(design.preview).toBeHidden();
  await expect.poll(intoDemo).toEqual([`${FRONTEND} => ${BACKEND} : TCP 80`]);
  await expect(design.toolbarButton('Undo')).toHaveAttribute('title', /Undo Allow frontend → backend/);
  await designer.canvas.layoutDone();
  await designer.screenshot('design-lab');

  // Export: the lab's inventory with the exported policies allows frontend → backend on TCP 80 only.
  const downloading = page.waitForEvent('download');
  await design.toolbarButton('Export').click();
  const exported = readFileSync(await (await downloading).path(), 'utf8');
  const rows = connectivityByCli([
    { name: 'lab.yaml', text: labInventory() },
    { name: 'policies.yaml', text: exported },
  ]);
  expect(rows.filter((line) => / => netpol-demo\//.test(line))).toEqual([`${FRONTEND} => ${BACKEND} : TCP 80`]);
  expect(rows.some((line) => line.startsWith(`${DATABASE} => ${BACKEND}`))).toBe(false);

  // Undo takes the allow back; redo brings it again.
  await design.toolbarButton('Undo').click();
  await expect.poll(intoDemo).toEqual([]);
  await design.toolbarButton('Redo').click();
  await expect.poll(intoDemo).toEqual([`${FRONTEND} => ${BACKEND} : TCP 80`]);

  // Deleting the edge to deny it: the same preview, then nothing reaches netpol-demo again.
  const edge = (await designer.canvas.edges()).find((candidate) => candidate.source === FRONTEND && candidate.target === BACKEND);
  await designer.canvas.tap(edge?.id ?? '');
  await design.inspector.getByRole('button', { name: 'Deny this connection…' }).click();
  await expect(design.preview.getByRole('region', { name: 'Collateral changes' })).toContainText('No other pair changes.');
  await design.preview.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(intoDemo).toEqual([]);
  designer.expectNoProblems();
});
