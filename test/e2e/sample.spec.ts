// First run: the designer opens on the sample (the three-tier demo in namespace netpol-demo),
// and the canvas is exactly the engine's connectivity for that sample.
import { expect, test } from '@playwright/test';
import { edgeLinesOf, engineConnections, engineWorkloads, SAMPLE_PATH } from './expectedConnectivity';
import { DesignerPage } from './pages/designerPage';

const ISOLATION = {
  'netpol-demo/frontend[Deployment]': { ingress: true, egress: true },
  'netpol-demo/backend[Deployment]': { ingress: true, egress: true },
  'netpol-demo/database[StatefulSet]': { ingress: true, egress: false },
  'kube-system/coredns[Deployment]': { ingress: false, egress: false },
};

/** Whether a node's classes mark isolation for a direction (`isolated-ingress`, `ingress-isolated`, …). */
function marksIsolation(classes: string[], direction: 'ingress' | 'egress'): boolean {
  return classes.some((name) => /isolat/i.test(name) && name.toLowerCase().includes(direction));
}

test('the first run shows the sample, drawn exactly as the engine evaluates it', async ({ page }) => {
  const designer = await DesignerPage.open(page);
  await expect(designer.welcome.dialog, 'the welcome dialog greets a first run').toBeVisible();
  await designer.screenshot('first-run');
  await designer.welcome.close();
  await designer.canvas.layoutDone();

  await test.step('the sample is what is open', async () => {
    await designer.expectShowing(/netpol-demo/);
  });

  await test.step('workloads sit in their namespaces', async () => {
    const nodes = await designer.canvas.nodes();
    const workloads = nodes.filter((node) => node.kind === 'workload');
    expect(workloads.map((node) => node.id).sort()).toEqual(engineWorkloads([SAMPLE_PATH]).sort());
    // A namespace's label starts with its name (a shield, its labels may follow).
    const namespaceNames = new Map(nodes.filter((node) => node.kind === 'namespace').map((node) => [node.id, node.label.split(/\s/)[0]]));
    expect([...namespaceNames.values()].sort()).toEqual(['kube-system', 'netpol-demo']);
    for (const workload of workloads) {
      const parent = workload.parent === null ? undefined : namespaceNames.get(workload.parent);
      expect(parent, `namespace of ${workload.id}`).toBe(workload.id.split('/')[0]);
    }
  });

  await test.step('one edge per connection, labelled with its ports', async () => {
    const expected = edgeLinesOf(engineConnections([SAMPLE_PATH]));
    expect(expected).toContain('netpol-demo/frontend[Deployment] => netpol-demo/backend[Deployment] : TCP 8080');
    await designer.canvas.expectEdgeLines(expected);
  });

  await test.step('isolation is marked on the isolated workloads only', async () => {
    const workloads = new Map((await designer.canvas.workloads()).map((node) => [node.id, node]));
    for (const [id, isolated] of Object.entries(ISOLATION)) {
      const classes = workloads.get(id)?.classes ?? [];
      expect({ id, ingress: marksIsolation(classes, 'ingress'), egress: marksIsolation(classes, 'egress') }, `classes of ${id}: ${classes.join(' ')}`).toEqual({ id, ...isolated });
    }
  });

  await designer.screenshot('sample');
  designer.expectNoProblems();
});
