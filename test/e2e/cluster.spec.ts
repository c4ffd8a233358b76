// Cluster work through the UI only (issue 6): the web host runs with a kubeconfig pointing at the
// test API server (test/kubeApiServer, started here; never the user's kubeconfig), and the real
// kubectl does the rest. Import draws the cluster's connectivity exactly as the engine evaluates
// its objects; a push of a designed policy is previewed (network plugin, connectivity changes,
// kubectl diff, dry run), confirmed naming the context and namespace, and applied; a push the
// server forbids shows kubectl's words and applies nothing. Skipped, with the reason, where no
// kubectl can run.
import { type ChildProcess, spawn } from 'node:child_process';
import { expect, type Page, test } from '@playwright/test';
import { analyzeModel } from '../../electron/engine/analysis';
import { loadManifestTexts } from '../../electron/manifests';
import { kubectlUnavailableReason } from '../kubeApiServer/kubectlAvailability';
import { flannelClusterObjects, sampleClusterObjects } from '../kubeApiServer/sampleCluster';
import { startTestCluster, type TestCluster } from '../kubeApiServer/testCluster';
import { repositoryRoot } from './expectedConnectivity';
import { edgeLabelFor } from './pages/canvasHook';
import { DesignMode } from './pages/designMode';
import { DesignerPage } from './pages/designerPage';

const unavailable = kubectlUnavailableReason();
if (unavailable) console.warn(`cluster.spec.ts skipped: ${unavailable}`);
test.skip(unavailable !== undefined, `no kubectl to run: ${unavailable ?? ''}`);

let cluster: TestCluster;
let host: ChildProcess;
let hostUrl: string;

/** `npm run web` as a user runs it, with KUBECONFIG and HOME of the test cluster. */
function startHost(env: NodeJS.ProcessEnv): Promise<{ process: ChildProcess; url: string }> {
  // One Node process (tsx as a loader, not its CLI, which runs a second one), so that stopping it stops the host.
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/web/serve.ts', '--no-open', '--port', '0'], { cwd: repositoryRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the web host did not start: ${seen}`)), 60_000);
    const read = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /Listening on (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ process: child, url: match[1] });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`the web host exited with ${code}: ${seen}`)));
  });
}

test.beforeAll(async () => {
  cluster = await startTestCluster({ objects: sampleClusterObjects() });
  const started = await startHost(cluster.env());
  host = started.process;
  hostUrl = started.url;
});

test.afterAll(async () => {
  host?.kill('SIGTERM');
  await cluster?.close();
});

async function openDesigner(page: Page): Promise<DesignerPage> {
  const designer = new DesignerPage(page);
  await page.goto(hostUrl);
  await designer.canvas.waitForDrawing();
  await designer.welcome.close();
  return designer;
}

/** The engine's verdicts on the cluster's objects read straight from memory, as canvas edge lines. */
function expectedEdges(): string[] {
  const model = loadManifestTexts([{ path: 'cluster.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: sampleClusterObjects() }) }]).model;
  return analyzeModel(model)
    .connectivity()
    .rows()
    .map((row) => `${row.source} => ${row.destination} : ${edgeLabelFor(row.connection)}`);
}

test('import a cluster: the canvas shows its connectivity, labelled with the context', async ({ page }) => {
  const designer = await openDesigner(page);
  await page.getByRole('toolbar', { name: 'Toolbar' }).getByRole('button', { name: 'Import Cluster' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import from a cluster' });
  await expect(dialog.getByLabel('Context')).toHaveValue('test-admin');
  await expect(dialog.getByLabel('Context').locator('option')).toHaveText(['test-admin (current)', 'test-viewer']);
  await designer.screenshot('cluster-import-dialog');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await designer.expectShowing('Cluster: test-admin');
  await expect(page.getByRole('status').last()).toContainText('Imported context test-admin');
  // Every namespace collapsed or not, the edges are the engine's verdicts on the same objects.
  for (const namespace of ['kube-system', 'netpol-demo', 'restricted']) {
    if ((await designer.canvas.nodes()).some((node) => node.id === `namespace:${namespace}` && node.classes.includes('collapsed'))) await designer.canvas.tap(`namespace:${namespace}`);
  }
  await designer.canvas.expectEdgeLines(expectedEdges());
  expect((await designer.canvas.workloads()).map((node) => node.id)).toEqual(expect.arrayContaining(['netpol-demo/frontend[Deployment]', 'netpol-demo/backend[Deployment]', 'netpol-demo/database[Deployment]']));
  await designer.canvas.layoutDone();
  await designer.screenshot('cluster-imported');
  designer.expectNoProblems();
});

test('import, edit as a design in the policy editor, push the change: the loop a user closes', async ({ page }) => {
  const designer = await openDesigner(page);
  const toolbar = page.getByRole('toolbar', { name: 'Toolbar' });
  await toolbar.getByRole('button', { name: 'Import Cluster' }).click();
  const importing = page.getByRole('dialog', { name: 'Import from a cluster' });
  await expect(importing.getByLabel('Context')).toHaveValue('test-admin');
  await importing.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(importing).toBeHidden({ timeout: 30_000 });

  await toolbar.getByRole('button', { name: 'Edit as Design' }).click();
  const design = new DesignMode(page);
  await expect(design.palette).toBeVisible();
  await designer.expectShowing('Cluster: test-admin (design)');
  await designer.canvas.tap('namespace:netpol-demo');
  await design.inspector.getByRole('button', { name: 'Edit policy allow-frontend-to-backend' }).click();
  const editor = page.getByRole('dialog', { name: 'Edit policy netpol-demo/allow-frontend-to-backend' });
  const rule = editor.getByRole('region', { name: 'Ingress rule 1' });
  await rule.getByRole('button', { name: '+ port' }).click();
  await rule.getByLabel('Ingress rule 1 port 2: port').fill('8080');
  await expect(editor.getByRole('list', { name: 'Changed pairs' })).toContainText('TCP 80 → TCP 80,8080');
  await editor.getByRole('button', { name: 'Apply' }).click();
  await expect(editor).toBeHidden();

  await toolbar.getByRole('button', { name: 'Push' }).click();
  const pushing = page.getByRole('dialog', { name: 'Push to a cluster' });
  await expect(pushing.getByLabel('Context')).toHaveValue('test-admin');
  await pushing.getByRole('button', { name: 'Preview' }).click();
  const preview = pushing.getByRole('region', { name: 'Push preview' });
  await expect(preview.getByRole('list', { name: 'Connectivity changes' })).toHaveText(
    'netpol-demo/frontend[Deployment] → netpol-demo/backend[Deployment]: TCP 80 → TCP 80,8080',
    { timeout: 30_000 },
  );
  await pushing.getByRole('button', { name: 'Apply to test-admin' }).click();
  await expect(pushing.getByRole('region', { name: 'Push result' })).toContainText('Applied to test-admin', { timeout: 30_000 });
  const stored = cluster.objects('NetworkPolicy').find((object) => (object as { metadata: { name: string } }).metadata.name === 'allow-frontend-to-backend');
  expect(JSON.stringify(stored)).toContain('8080');
  await designer.screenshot('cluster-edit-as-design-pushed');
});

test('a cluster whose network plugin ignores NetworkPolicies: the imported review says so over the canvas', async ({ page }) => {
  const flannel = await startTestCluster({ objects: flannelClusterObjects() });
  const flannelHost = await startHost(flannel.env());
  try {
    const designer = new DesignerPage(page);
    await page.goto(flannelHost.url);
    await designer.canvas.waitForDrawing();
    await designer.welcome.close();
    await page.getByRole('toolbar', { name: 'Toolbar' }).getByRole('button', { name: 'Import Cluster' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import from a cluster' });
    await expect(dialog.getByLabel('Context')).toHaveValue('test-admin');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog).toBeHidden({ timeout: 30_000 });
    const banner = page.getByRole('region', { name: 'Canvas' }).getByRole('alert');
    await expect(banner).toContainText('Flannel');
    await expect(banner).toContainText('store them but ignore them');
    await designer.canvas.layoutDone();
    await designer.screenshot('cluster-flannel-banner');
    // Hidden, it stays in Diagnostics.
    await page.getByRole('button', { name: 'Hide this warning (it stays in Diagnostics)' }).click();
    await expect(banner).toBeHidden();
    await page.getByRole('tab', { name: 'Diagnostics' }).click();
    await expect(page.getByRole('tabpanel')).toContainText('store them but ignore them');
  } finally {
    flannelHost.process.kill('SIGTERM');
    await flannel.close();
  }
});

test('a slow cluster: the import shows its progress and Cancel stops it, nothing opened', async ({ page }) => {
  const designer = await openDesigner(page);
  cluster.fail({ path: /\/api\/v1\/namespaces$/, delayMs: 20_000 });
  try {
    await page.getByRole('toolbar', { name: 'Toolbar' }).getByRole('button', { name: 'Import Cluster' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import from a cluster' });
    await expect(dialog.getByLabel('Context')).toHaveValue('test-admin');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const progress = dialog.getByRole('region', { name: 'kubectl progress' });
    await expect(progress.getByLabel('kubectl output')).toContainText('kubectl get namespaces');
    await designer.screenshot('cluster-import-running');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect(progress.getByRole('status')).toHaveText('Cancelled', { timeout: 15_000 });
    await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeEnabled();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await designer.expectShowing(/three-tier/);
  } finally {
    cluster.clearFailures();
  }
});

test('push a designed policy: preview, confirmation naming the context, apply; a forbidden push applies nothing', async ({ page }) => {
  const designer = await openDesigner(page);
  const design = new DesignMode(page);
  await design.start();
  await design.addNamespace('netpol-demo');
  await designer.canvas.tap('namespace:netpol-demo');
  await design.inspector.getByRole('checkbox', { name: 'Default deny egress' }).check();
  await expect(design.inspector.getByRole('list', { name: 'Policies of the namespace' })).toContainText('default-deny-egress');

  // The viewer may not write: the preview fails with kubectl's words, and nothing is applied.
  await page.getByRole('toolbar', { name: 'Toolbar' }).getByRole('button', { name: 'Push' }).click();
  const dialog = page.getByRole('dialog', { name: 'Push to a cluster' });
  await dialog.getByLabel('Context').selectOption('test-viewer');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('region', { name: 'kubectl progress' }).getByRole('alert')).toContainText('forbidden', { timeout: 30_000 });
  await expect(dialog.getByRole('button', { name: /^Apply to/ })).toHaveCount(0);

  // The admin: preview, then the confirmation names the context and the namespace.
  await dialog.getByLabel('Context').selectOption('test-admin');
  await dialog.getByRole('button', { name: /^Preview/ }).click();
  const preview = dialog.getByRole('region', { name: 'Push preview' });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview).toContainText('NetworkPolicies are enforced by Calico');
  await expect(preview.getByRole('list', { name: 'Connectivity changes' })).toContainText('netpol-demo/frontend[Deployment] → kube-system/coredns[Deployment]');
  await expect(preview.getByLabel('kubectl diff')).toContainText('default-deny-egress');
  await expect(preview).toContainText('networkpolicy.networking.k8s.io/default-deny-egress');
  await expect(preview.getByLabel('Confirmation')).toContainText('Apply 1 NetworkPolicy to context test-admin, in namespace netpol-demo');
  expect(cluster.objects('NetworkPolicy').some((object) => (object as { metadata: { name: string } }).metadata.name === 'default-deny-egress')).toBe(false);
  await designer.screenshot('cluster-push-preview');

  await dialog.getByRole('button', { name: 'Apply to test-admin' }).click();
  const result = dialog.getByRole('region', { name: 'Push result' });
  await expect(result).toContainText('Applied to test-admin', { timeout: 30_000 });
  await expect(result).toContainText('networkpolicy.networking.k8s.io/default-deny-egress in netpol-demo: serverside-applied');
  await expect(dialog.getByLabel('kubectl output')).toContainText('--context=test-admin');
  expect(cluster.objects('NetworkPolicy').some((object) => (object as { metadata: { name: string } }).metadata.name === 'default-deny-egress')).toBe(true);
  await designer.screenshot('cluster-push-applied');
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(designer.problems.filter((problem) => !problem.includes('/api/'))).toEqual([]);
});
