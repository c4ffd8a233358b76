// Issue 5's three-tier acceptance through the UI only: build three-tier (frontend, backend,
// database) and kube-system's coredns with the palette, default deny ingress and egress, allow DNS
// from the warning, allow frontend → backend on TCP 8080 and backend → database on TCP 5432, and
// check the exported policies with the engine in Node.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { analyzeModel } from '../../electron/engine/analysis';
import { loadManifestTexts } from '../../electron/manifests';
import { connectivityByCli } from './cliConnectivity';
import { DesignMode } from './pages/designMode';
import { DesignerPage } from './pages/designerPage';

const APP = 'three-tier';
const FRONTEND = `${APP}/frontend[Deployment]`;
const BACKEND = `${APP}/backend[Deployment]`;
const DATABASE = `${APP}/database[Deployment]`;
const COREDNS = 'kube-system/coredns[Deployment]';
const TIERS = [
  { tier: 'frontend', ports: 'http:80/TCP', port: { name: 'http', number: 80, protocol: 'TCP' } },
  { tier: 'backend', ports: 'http:8080/TCP', port: { name: 'http', number: 8080, protocol: 'TCP' } },
  { tier: 'database', ports: 'postgres:5432/TCP', port: { name: 'postgres', number: 5432, protocol: 'TCP' } },
];

interface Port {
  name: string;
  number: number;
  protocol: string;
}

function deployment(namespace: string, name: string, labels: Record<string, string>, ports: Port[]): string {
  const labelLines = (indent: string) =>
    Object.entries(labels)
      .map(([key, value]) => `${indent}${key}: ${value}\n`)
      .join('');
  const portLines = ports.map((port) => `            - name: ${port.name}\n              containerPort: ${port.number}\n              protocol: ${port.protocol}\n`).join('');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
${labelLines('      ')}  template:
    metadata:
      labels:
${labelLines('        ')}    spec:
      containers:
        - name: ${name}
          image: example
          ports:
${portLines}`;
}

/** The inventory as manifests, for reading the exported policies back with the engine. */
function inventory(): string {
  const namespaces = [APP, 'kube-system'].map((name) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`);
  const tiers = TIERS.map(({ tier, port }) => deployment(APP, tier, { tier }, [port]));
  const coredns = deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [
    { name: 'dns', number: 53, protocol: 'UDP' },
    { name: 'dns-tcp', number: 53, protocol: 'TCP' },
  ]);
  return [...namespaces, ...tiers, coredns].join('---\n');
}

test('three tiers: default deny both ways, DNS from the warning, frontend → backend 8080, backend → database 5432, exported', async ({ page }) => {
  const designer = await DesignerPage.open(page);
  await designer.welcome.close();
  const design = new DesignMode(page);
  await design.start();

  await design.addNamespace(APP);
  for (const { tier, ports } of TIERS) await design.addWorkload({ namespace: APP, name: tier, labels: `tier=${tier}`, ports });
  await design.addNamespace('kube-system');
  await design.addWorkload({ namespace: 'kube-system', name: 'coredns', labels: 'k8s-app=kube-dns', ports: 'dns:53/UDP, dns-tcp:53/TCP' });
  await expect.poll(async () => (await designer.canvas.workloads()).map((node) => node.id).sort()).toEqual([BACKEND, DATABASE, FRONTEND, COREDNS].sort());

  // Default deny ingress and egress on the app namespace: nothing in or out of three-tier.
  await designer.canvas.tap(`namespace:${APP}`);
  const denyIngress = design.inspector.getByRole('checkbox', { name: 'Default deny ingress' });
  const denyEgress = design.inspector.getByRole('checkbox', { name: 'Default deny egress' });
  await denyIngress.check();
  await expect(denyIngress).toBeChecked();
  await denyEgress.check();
  await expect(denyEgress).toBeChecked();
  const appLines = async () => (await designer.canvas.edgeLines()).filter((line) => line.includes(`${APP}/`));
  await expect.poll(appLines).toEqual([]);

  // The warning: the app's workloads cannot resolve names; its button allows DNS in the namespace.
  const warnings = page.getByRole('region', { name: 'Design warnings' });
  await expect(warnings).toContainText('cannot reach kube-dns');
  // One warning per workload, each with the same button: any of them allows DNS for the namespace.
  await expect(warnings.getByRole('listitem')).toHaveCount(TIERS.length);
  await warnings.getByRole('button', { name: `Allow DNS in ${APP}` }).first().click();
  await expect(warnings).toBeHidden();
  const dnsLines = TIERS.flatMap(({ tier }) => [`${APP}/${tier}[Deployment] => ${COREDNS} : TCP 53,UDP 53`]).sort();
  await expect.poll(appLines).toEqual(dnsLines);

  // Allow frontend → backend on TCP 8080, then backend → database on TCP 5432.
  const allow = async (source: string, destination: string, ports: string) => {
    await designer.canvas.tap(source);
    await design.inspector.getByRole('button', { name: 'Allow traffic to…' }).click();
    await designer.canvas.tap(destination);
    await expect(design.allowDialog).toBeVisible();
    const portsBox = design.allowDialog.getByRole('textbox', { name: 'Ports' });
    await expect(portsBox).toHaveValue(ports);
    await design.allowDialog.getByRole('button', { name: 'Preview' }).click();
    await expect(design.preview).toBeVisible();
    await expect(design.preview.getByRole('region', { name: 'Changed pairs' })).toContainText(ports.replace(/^(\d+)\/(\w+)$/, '$2 $1'));
    await expect(design.preview.getByRole('region', { name: 'Collateral changes' })).toContainText('No other pair changes.');
    await design.preview.getByRole('button', { name: 'Apply' }).click();
    await expect(design.preview).toBeHidden();
  };
  await allow(FRONTEND, BACKEND, '8080/TCP');
  await allow(BACKEND, DATABASE, '5432/TCP');
  await expect.poll(appLines).toEqual([...dnsLines, `${BACKEND} => ${DATABASE} : TCP 5432`, `${FRONTEND} => ${BACKEND} : TCP 8080`].sort());
  const edges = await designer.canvas.edges();
  expect(edges.find((edge) => edge.source === FRONTEND && edge.target === BACKEND)?.label).toBe('TCP 8080');
  expect(edges.find((edge) => edge.source === BACKEND && edge.target === DATABASE)?.label).toBe('TCP 5432');
  await designer.canvas.layoutDone();
  await designer.screenshot('design-three-tier');

  // Export: the inventory with the exported policies allows exactly the intended connections.
  const downloading = page.waitForEvent('download');
  await design.toolbarButton('Export').click();
  const exported = readFileSync(await (await downloading).path(), 'utf8');
  const model = loadManifestTexts([{ path: 'three-tier.yaml', text: inventory() }]).model;
  const policies = loadManifestTexts([{ path: 'policies.yaml', text: exported }]).model.policies;
  expect(policies.length).toBeGreaterThan(0);
  const analysis = analyzeModel({ ...model, policies });
  const matrix = analysis.connectivity();
  const index = (id: string) => {
    const found = analysis.compiled.workloads.findIndex((workload) => `${workload.namespace}/${workload.name}[${workload.kind}]` === id);
    expect(found, id).toBeGreaterThanOrEqual(0);
    return found;
  };
  const allowed = (source: string, destination: string, protocol: 'TCP' | 'UDP', port: number) => matrix.connection(index(source), index(destination)).contains(protocol, port);

  expect(allowed(FRONTEND, BACKEND, 'TCP', 8080)).toBe(true);
  expect(allowed(BACKEND, DATABASE, 'TCP', 5432)).toBe(true);
  expect(allowed(FRONTEND, DATABASE, 'TCP', 5432)).toBe(false);
  expect(allowed(DATABASE, BACKEND, 'TCP', 8080)).toBe(false);
  expect(allowed(FRONTEND, BACKEND, 'TCP', 80)).toBe(false);
  for (const { tier } of TIERS) {
    expect(allowed(`${APP}/${tier}[Deployment]`, COREDNS, 'UDP', 53), `${tier} → coredns UDP 53`).toBe(true);
    expect(allowed(`${APP}/${tier}[Deployment]`, COREDNS, 'TCP', 53), `${tier} → coredns TCP 53`).toBe(true);
  }
  // `netpol-designer connectivity` on the exported file plus the inventory: into and out of the
  // app namespace, only these rows.
  const rows = connectivityByCli([
    { name: 'three-tier.yaml', text: inventory() },
    { name: 'policies.yaml', text: exported },
  ]).filter((line) => line.includes(`${APP}/`));
  expect(rows.sort()).toEqual([...dnsLines, `${BACKEND} => ${DATABASE} : TCP 5432`, `${FRONTEND} => ${BACKEND} : TCP 8080`].sort());
  designer.expectNoProblems();
});
