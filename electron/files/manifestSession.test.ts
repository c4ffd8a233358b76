// Open a folder, edit, save: only the edited line changes on disk, a file changed by someone
// else in between is not overwritten without confirmation, and a save never leaves half a file.
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openManifests, saveManifestEdits } from './manifestSession';

const POLICY = `# Ingress of the backend.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backend
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: backend}
  ingress:
  - ports:
    - port: 8080
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}}
`;

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'netpol-session-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function openWithPolicy() {
  const path = join(folder, 'shop.yaml');
  await writeFile(path, POLICY);
  await chmod(path, 0o640);
  const opened = await openManifests([folder]);
  const backend = opened.result.model.policies.find((policy) => policy.name === 'backend')!;
  const spec = structuredClone(backend.spec);
  spec.ingress![0]!.ports![0]!.port = 9090;
  return { path, opened, edit: { type: 'update' as const, policy: { namespace: 'shop', name: 'backend' }, spec } };
}

describe('saving edits into opened files', () => {
  it('writes only the edited line, keeps the file mode, leaves no temporary file', async () => {
    const { path, opened, edit } = await openWithPolicy();
    const report = await saveManifestEdits(opened, [edit]);
    expect(report).toMatchObject({ written: [path], conflicts: [], failures: [], diagnostics: [] });
    expect(await readFile(path, 'utf8')).toBe(POLICY.replace('    - port: 8080\n', '    - port: 9090\n'));
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect(await readdir(folder)).toEqual(['shop.yaml']);
  });

  it('does not overwrite a file changed on disk since it was opened, unless confirmed', async () => {
    const { path, opened, edit } = await openWithPolicy();
    const theirs = `${POLICY}# someone else's line\n`;
    await writeFile(path, theirs);
    const refused = await saveManifestEdits(opened, [edit]);
    expect(refused.written).toEqual([]);
    expect(refused.conflicts).toHaveLength(1);
    expect(refused.conflicts[0]!.path).toBe(path);
    expect(await readFile(path, 'utf8')).toBe(theirs);
    const confirmed = await saveManifestEdits(opened, [edit], { overwriteChanged: true });
    expect(confirmed.written).toEqual([path]);
    expect(await readFile(path, 'utf8')).toContain('port: 9090');
  });

  it('a second save compares against what the first one wrote', async () => {
    const { path, opened, edit } = await openWithPolicy();
    await saveManifestEdits(opened, [edit]);
    const again = await saveManifestEdits(opened, [{ type: 'delete', policy: { namespace: 'shop', name: 'deny' } }]);
    expect(again).toMatchObject({ written: [path], conflicts: [] });
    expect(await readFile(path, 'utf8')).toBe(POLICY.replace('    - port: 8080\n', '    - port: 9090\n').replace(/---\n[^]*$/, ''));
  });

  it('an unedited save writes nothing at all', async () => {
    const { path, opened } = await openWithPolicy();
    const before = await stat(path);
    const backend = opened.result.model.policies.find((policy) => policy.name === 'backend')!;
    const report = await saveManifestEdits(opened, [{ type: 'update', policy: { namespace: 'shop', name: 'backend' }, spec: backend.spec }]);
    expect(report.written).toEqual([]);
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);
  });

  it('a new policy goes to a new file in the chosen folder', async () => {
    const { opened } = await openWithPolicy();
    const target = join(folder, 'new', 'default-deny.yaml');
    const report = await saveManifestEdits(opened, [{ type: 'create', file: target, policy: { namespace: 'shop', name: 'default-deny' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }]);
    expect(report.written).toEqual([target]);
    const reopened = await openManifests([target]);
    expect(reopened.result.model.policies.map((policy) => policy.name)).toEqual(['default-deny']);
  });
});
