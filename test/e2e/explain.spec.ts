// Explanations through the UI, on the sample: an allowed pair names the policy and rule that
// admit it; a denied pair names the policy that isolates the destination.
import { expect, test } from '@playwright/test';
import { DesignerPage } from './pages/designerPage';

const FRONTEND = 'netpol-demo/frontend[Deployment]';
const BACKEND = 'netpol-demo/backend[Deployment]';
const DATABASE = 'netpol-demo/database[StatefulSet]';

test('tapping the frontend → backend edge explains which policy and rule allow it', async ({ page }) => {
  const designer = await DesignerPage.open(page);
  await designer.welcome.close();

  const edge = (await designer.canvas.edges()).find((candidate) => candidate.source === FRONTEND && candidate.target === BACKEND);
  expect(edge, 'the frontend → backend edge is drawn').toBeDefined();
  await designer.canvas.tap(edge?.id ?? '');

  const explain = designer.explain;
  await expect(explain.tab).toHaveAttribute('aria-selected', 'true');
  await expect(explain.picker('Source')).toHaveValue(FRONTEND);
  await expect(explain.picker('Destination')).toHaveValue(BACKEND);
  await expect(explain.verdict()).toContainText('Allowed only');
  await expect(explain.verdict()).toContainText('TCP 8080');
  const ingressRule = explain.admittingRule('Ingress', 'netpol-demo/backend-policy');
  await expect(ingressRule).toBeVisible();
  await expect(ingressRule).toContainText('ingress rule 1');
  await expect(ingressRule).toContainText('TCP 8080');
  const egressRule = explain.admittingRule('Egress', 'netpol-demo/frontend-policy');
  await expect(egressRule).toContainText('egress rule 1');

  await designer.screenshot('explain-allowed');
  designer.expectNoProblems();
});

test('the Explain tab says which policy isolates the backend from the database', async ({ page }) => {
  const designer = await DesignerPage.open(page);
  await designer.welcome.close();

  const explain = designer.explain;
  await explain.explainPair(DATABASE, BACKEND);
  await expect(explain.verdict()).toContainText('Denied');
  await expect(explain.isolatingPolicies('Ingress')).toContainText('netpol-demo/backend-policy');
  await expect(explain.side('Ingress')).toContainText('No rule admits it');
  // The source side is not what denies it: nothing isolates the database's egress.
  await expect(explain.side('Egress')).toContainText('not isolated');

  await designer.screenshot('explain-denied');
  designer.expectNoProblems();
});
