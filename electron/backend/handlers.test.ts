import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../common/contract';
import { analyzeModel } from '../engine/analysis';
import { formatConnectivity } from '../engine/connectivityFormats';
import { loadManifestTexts } from '../manifests';
import { createBackendHandlers, SAMPLE_FILE } from './handlers';

const resourcesDir = fileURLToPath(new URL('../../resources/', import.meta.url));
const conformance = fileURLToPath(new URL(`../../${process.env.NETPOL_CONFORMANCE_DIR ?? '../shared/conformance'}/`, import.meta.url));
const handlers = () => createBackendHandlers({ resourcesDir });

describe('createBackendHandlers', () => {
  it('has a function for every channel of the contract', () => {
    expect(Object.keys(handlers()).sort()).toEqual([...CHANNELS].sort());
  });

  it('app:info answers the name and version of package.json', async () => {
    const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    await expect(handlers()['app:info']({})).resolves.toEqual({ name: packageJson.name, version: packageJson.version });
  });
});

describe('review channels', () => {
  it('review:sample is the three-tier demo, with the engine connectivity', async () => {
    const snapshot = await handlers()['review:sample']({});
    expect(snapshot.title).toContain('three-tier');
    expect(snapshot.workloads.map((w) => w.id).sort()).toEqual([
      'kube-system/coredns[Deployment]',
      'netpol-demo/backend[Deployment]',
      'netpol-demo/database[StatefulSet]',
      'netpol-demo/frontend[Deployment]',
    ]);
    const text = readFileSync(`${resourcesDir}${SAMPLE_FILE}`, 'utf8');
    const expected = formatConnectivity(analyzeModel(loadManifestTexts([{ path: 'sample.yaml', text }]).model).connectivity().rows(), 'txt');
    expect(snapshot.connections.map((c) => `${c.source} => ${c.destination} : ${c.connection}\n`).join('')).toBe(expected);
    const backend = snapshot.workloads.find((w) => w.name === 'backend')!;
    expect(backend.isolation).toEqual({ ingress: true, egress: true });
    expect(backend.policies).toEqual({ ingress: ['netpol-demo/backend-policy'], egress: ['netpol-demo/backend-policy'] });
    expect(snapshot.policies.find((p) => p.name === 'backend-policy')).toMatchObject({ file: 'three-tier-demo.yaml', rejected: false });
    expect(snapshot.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('review:explain names the policy and rule of an allowed and a denied pair', async () => {
    const backend = handlers();
    const snapshot = await backend['review:sample']({});
    const allowed = await backend['review:explain']({ sessionId: snapshot.sessionId, source: 'netpol-demo/frontend', destination: 'netpol-demo/backend[Deployment]', protocol: 'TCP', port: 8080 });
    expect(allowed.explanation.verdict).toBe('allowed');
    expect(allowed.explanation.ingress.contributions[0]!.rule).toMatchObject({ policy: 'netpol-demo/backend-policy', direction: 'Ingress', ruleNumber: 1 });
    const denied = await backend['review:explain']({ sessionId: snapshot.sessionId, source: 'netpol-demo/database', destination: 'netpol-demo/backend' });
    expect(denied.explanation.verdict).toBe('denied');
    expect(denied.text).toContain('isolated by netpol-demo/backend-policy');
    const external = await backend['review:explain']({ sessionId: snapshot.sessionId, source: '0.0.0.0-255.255.255.255[External]', destination: 'netpol-demo/frontend' });
    expect(external.explanation.verdict).toBe('allowed');
  });

  it('opens one design file as a design, by path or by text, and refuses a broken one with its line', async () => {
    const backend = handlers();
    let design = await backend['design:new']({});
    design = await backend['design:apply']({ designId: design.designId, operation: { type: 'add-namespace', name: 'shop', labels: {} } });
    const { text } = await backend['design:serialize']({ designId: design.designId });
    const folder = mkdtempSync(join(tmpdir(), 'netpol-open-design-'));
    try {
      const path = join(folder, 'shop.yaml');
      writeFileSync(path, text);
      const byPath = await backend['review:openPaths']({ paths: [path] });
      expect('designId' in byPath && byPath.filePath).toBe(path);
      expect(byPath.namespaces.map((namespace) => namespace.name)).toEqual(['shop']);
      const byText = await backend['review:openTexts']({ files: [{ path: 'shop.yaml', text }] });
      expect('designId' in byText).toBe(true);
      // Beside manifests, or in a folder, it is not opened as the design.
      const beside = await backend['review:openTexts']({ files: [{ path: 'shop.yaml', text }, { path: 'ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n' }] });
      expect('designId' in beside).toBe(false);
      await expect(backend['review:openTexts']({ files: [{ path: 'broken.yaml', text: `${text}namespaces: [\n` }] })).rejects.toThrow(/Could not open the design broken\.yaml:\nbroken\.yaml:\d+:\d+: /);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('review:openPaths opens a folder and reports its files', async () => {
    const snapshot = await handlers()['review:openPaths']({ paths: [`${conformance}netpol-analyzer/netpol-analysis-example-minimal/input`] });
    expect(snapshot.title).toBe('input');
    expect(snapshot.files.length).toBe(3);
    expect(snapshot.connections.map((c) => `${c.source} => ${c.destination} : ${c.connection}\n`).join('')).toBe(
      readFileSync(`${conformance}netpol-analyzer/netpol-analysis-example-minimal/expected.txt`, 'utf8'),
    );
  });

  it('review:openTexts keeps going with bad input and reports it', async () => {
    const snapshot = await handlers()['review:openTexts']({
      files: [
        { path: 'good.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: a}}\n' },
        { path: 'bad.yaml', text: 'kind: [unclosed\n' },
      ],
    });
    expect(snapshot.workloads.map((w) => w.id)).toEqual(['default/a[Pod]']);
    expect(snapshot.diagnostics.some((d) => d.severity === 'error' && d.location?.file === 'bad.yaml')).toBe(true);
  });

  it('review:export gives the valid policies and names the invalid ones', async () => {
    const backend = handlers();
    const snapshot = await backend['review:openTexts']({
      files: [
        { path: 'ok.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ok, namespace: a}\nspec: {podSelector: {}}\n' },
        { path: 'bad.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: a}\nspec:\n  ingress:\n  - from:\n    - ipBlock: {cidr: nope}\n' },
      ],
    });
    const exported = await backend['review:export']({ sessionId: snapshot.sessionId });
    expect(exported.leftOut).toEqual(['a/bad']);
    expect(exported.files).toEqual([{ path: 'policies.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ok\n  namespace: a\nspec:\n  podSelector: {}\n' }]);
    const split = await backend['review:export']({ sessionId: snapshot.sessionId, split: true });
    expect(split.files.map((file) => file.path)).toEqual(['a/ok.yaml']);
  });

  it('bad requests are refused with a reason', async () => {
    await expect(handlers()['review:openPaths']({ paths: 'x' as unknown as string[] })).rejects.toThrow('paths must be a list of strings');
    await expect(handlers()['review:explain']({ sessionId: 'nope', source: 'a', destination: 'b' })).rejects.toThrow('no longer open');
  });
});
