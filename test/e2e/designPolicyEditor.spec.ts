// The policy editor (issue 5, point 5) through the UI only: a policy written with the form — a pod
// selector, a peer whose pod and namespace selectors are ANDed, an ipBlock peer ORed with it, a
// named port — refused inline in the API server's words while a CIDR is wrong, previewed with the
// pairs it opens, applied, drawn on the canvas, exported as written, edited again, and undone.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parseAllDocuments } from 'yaml';
import { DesignMode } from './pages/designMode';
import { DesignerPage } from './pages/designerPage';

const WEB = 'shop/web[Deployment]';
const BATCH = 'shop/batch[Deployment]';
const DB = 'data/db[Deployment]';

test('write a policy with the form: AND within a peer, OR across peers, inline refusals, preview, apply, edit, undo', async ({ page }) => {
  const designer = await DesignerPage.open(page);
  await designer.welcome.close();
  const design = new DesignMode(page);
  await design.start();
  await design.addNamespace('shop', 'team=web');
  await design.addNamespace('data', 'team=data');
  await design.addWorkload({ namespace: 'shop', name: 'web', labels: 'app=web', ports: 'http:80/TCP' });
  await design.addWorkload({ namespace: 'shop', name: 'batch', labels: 'app=batch, role=worker', ports: '' });
  await design.addWorkload({ namespace: 'data', name: 'db', labels: 'app=db', ports: 'pg:5432/TCP' });
  await designer.canvas.tap('namespace:data');
  await design.inspector.getByRole('checkbox', { name: 'Default deny ingress' }).check();
  const intoData = async () => (await designer.canvas.edgeLines()).filter((line) => / => data\//.test(line));
  await expect.poll(intoData).toEqual([]);

  // A new policy in the namespace, from the inspector.
  await design.inspector.getByRole('button', { name: 'New policy…' }).click();
  const editor = page.getByRole('dialog', { name: 'New policy' });
  await editor.getByLabel('Name', { exact: true }).fill('db-from-web');
  await editor.getByRole('button', { name: '+ label' }).first().click();
  await editor.getByLabel('Pod selector: label key 1').fill('app');
  await editor.getByLabel('Pod selector: label value 1').fill('db');
  await expect(editor.getByRole('group', { name: 'Pod selector' })).toContainText('app=db');

  await editor.getByRole('button', { name: 'Add ingress rule' }).click();
  const rule = editor.getByRole('region', { name: 'Ingress rule 1' });
  await rule.getByRole('button', { name: '+ pods / namespaces' }).click();
  const peer = rule.getByRole('group', { name: 'Ingress rule 1 peer 1', exact: true });
  await peer.getByRole('button', { name: '+ label' }).click();
  await peer.getByLabel('Ingress rule 1 peer 1 pod selector: label key 1').fill('app');
  await peer.getByLabel('Ingress rule 1 peer 1 pod selector: label value 1').fill('web');
  await peer.getByLabel('Ingress rule 1 peer 1: select namespaces').check();
  await peer.getByRole('group', { name: 'Ingress rule 1 peer 1 namespace selector' }).getByRole('button', { name: '+ expression' }).click();
  await peer.getByLabel('Ingress rule 1 peer 1 namespace selector: expression key 1').fill('team');
  await peer.getByLabel('Ingress rule 1 peer 1 namespace selector: values 1').fill('web');
  await rule.getByRole('button', { name: '+ port' }).click();
  await rule.getByLabel('Ingress rule 1 port 1: port').fill('pg');

  // A second peer, an address block, with a CIDR the API server refuses: said next to the peer, Apply stays off.
  await rule.getByRole('button', { name: '+ IP block' }).click();
  const block = rule.getByRole('group', { name: 'Ingress rule 1 peer 2', exact: true });
  await block.getByLabel('Ingress rule 1 peer 2: CIDR').fill('10.0.0.0/33');
  await expect(block).toContainText('must be a valid CIDR value');
  await expect(editor.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await block.scrollIntoViewIfNeeded();
  await designer.screenshot('design-policy-editor-refusal');
  await block.getByLabel('Ingress rule 1 peer 2: CIDR').fill('10.0.0.0/8');
  await block.getByLabel('Ingress rule 1 peer 2: except').fill('10.1.0.0/16');
  await expect(block).not.toContainText('must be a valid CIDR value');

  // The rule in words, and what it opens: web (team=web namespace) reaches db on its named port; batch does not.
  await expect(rule).toContainText(
    'Allows from pods with app=web in namespaces with team in (web), or addresses in 10.0.0.0/8 except 10.1.0.0/16, on TCP pg.',
  );
  const changed = editor.getByRole('list', { name: 'Changed pairs' });
  await expect(changed).toContainText('web (shop) → db (data): No Connections → TCP 5432');
  await expect(changed).not.toContainText('batch (shop)');
  await expect(editor.getByRole('region', { name: 'YAML changes' })).toContainText('+ kind: NetworkPolicy');
  await designer.screenshot('design-policy-editor');
  await editor.getByRole('button', { name: 'Apply' }).click();
  await expect(editor).toBeHidden();
  await expect.poll(intoData).toContainEqual(`${WEB} => ${DB} : TCP 5432`);
  expect((await intoData()).filter((line) => line.startsWith(BATCH))).toEqual([]);

  // The export has the peer exactly as written: both selectors in one item (AND), the block as another (OR).
  const downloading = page.waitForEvent('download');
  await design.toolbarButton('Export').click();
  const exported = readFileSync(await (await downloading).path(), 'utf8');
  const policy = parseAllDocuments(exported)
    .map((document) => document.toJS() as { metadata: { name: string }; spec: unknown })
    .find((document) => document.metadata.name === 'db-from-web');
  expect(policy?.spec).toEqual({
    podSelector: { matchLabels: { app: 'db' } },
    policyTypes: ['Ingress'],
    ingress: [
      {
        from: [
          { podSelector: { matchLabels: { app: 'web' } }, namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['web'] }] } },
          { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
        ],
        ports: [{ protocol: 'TCP', port: 'pg' }],
      },
    ],
  });

  // Editing it again from the workload's inspector: NotIn instead of In takes web's access away (previewed, then cancelled).
  await designer.canvas.tap(DB);
  await design.inspector.getByRole('button', { name: 'Edit policy data/db-from-web' }).click();
  const again = page.getByRole('dialog', { name: 'Edit policy data/db-from-web' });
  await expect(again.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await again.getByLabel('Ingress rule 1 peer 1 namespace selector: operator 1').selectOption('NotIn');
  await expect(again.getByRole('list', { name: 'Changed pairs' })).toContainText('web (shop) → db (data): TCP 5432 → No Connections');
  await again.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(intoData).toContainEqual(`${WEB} => ${DB} : TCP 5432`);

  // One undo step takes the policy back.
  await design.toolbarButton('Undo').click();
  await expect.poll(intoData).toEqual([]);

  // The allow dialog's third way to select the source: labels the user chooses.
  await designer.canvas.tap(BATCH);
  await design.inspector.getByRole('button', { name: 'Allow traffic to…' }).click();
  await designer.canvas.tap(DB);
  await design.allowDialog.getByRole('radio', { name: 'chosen labels' }).check();
  await expect(design.allowDialog.getByLabel('Source labels')).toHaveValue('app=batch, role=worker');
  await design.allowDialog.getByLabel('Source labels').fill('role=worker');
  await design.allowDialog.getByRole('button', { name: 'Preview' }).click();
  const yamlChanges = design.preview.getByRole('region', { name: 'YAML changes' });
  await expect(yamlChanges).toContainText('role: worker');
  await expect(yamlChanges).not.toContainText('app: batch');
  await design.preview.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(intoData).toEqual([`${BATCH} => ${DB} : TCP 5432`]);
  designer.expectNoProblems();
});
