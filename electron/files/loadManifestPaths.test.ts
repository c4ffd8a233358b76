import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadManifestPaths } from './loadManifestPaths';

const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\n`;

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'netpol-manifests-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function files(entries: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(entries)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

describe('loadManifestPaths', () => {
  it('reads folders recursively, only .yaml/.yml/.json, sorted by path', async () => {
    await files({
      'b.yaml': pod('b'),
      'a/z.yml': pod('z'),
      'a/deeper/y.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'y' } }),
      'a.yaml': pod('a'),
      'README.md': 'kind: Pod',
      'notes.txt': pod('txt'),
      'UPPER.YAML': pod('upper'),
    });
    const result = await loadManifestPaths([root]);
    expect(result.diagnostics).toEqual([]);
    expect(result.filesRead).toEqual(['UPPER.YAML', 'a.yaml', 'a/deeper/y.json', 'a/z.yml', 'b.yaml'].map((f) => join(root, f)));
    expect(result.model.workloads.map((w) => w.name)).toEqual(['a', 'b', 'upper', 'y', 'z']);
    expect(result.model.workloads[0]?.source).toEqual({ file: join(root, 'a.yaml'), line: 1, column: 1, documentIndex: 0 });
  });

  it('reads a file named explicitly, whatever its extension, and each file once', async () => {
    await files({ 'pods.txt': pod('t'), 'p.yaml': pod('p') });
    const result = await loadManifestPaths([join(root, 'pods.txt'), root, join(root, 'p.yaml')]);
    expect(result.filesRead).toEqual([join(root, 'pods.txt'), join(root, 'p.yaml')]);
    expect(result.diagnostics).toEqual([]);
  });

  it('reports a missing path by name and still reads the others', async () => {
    await files({ 'p.yaml': pod('p') });
    const missing = join(root, 'nope.yaml');
    const result = await loadManifestPaths([missing, join(root, 'p.yaml')]);
    expect(result.diagnostics).toEqual([
      { severity: 'error', code: 'not-found', message: `${missing}: no such file or directory`, location: { file: missing, line: 1, column: 1 } },
    ]);
    expect(result.model.workloads).toHaveLength(1);
  });

  it('refuses a folder without any manifest file', async () => {
    await files({ 'empty.xml': '' });
    const result = await loadManifestPaths([root]);
    expect(result.diagnostics).toEqual([
      { severity: 'error', code: 'no-manifests', message: expect.stringContaining(root), location: { file: root, line: 1, column: 1 } },
    ]);
  });

  it('reads stdin text for "-"', async () => {
    const result = await loadManifestPaths(['-'], { stdinText: pod('from-stdin') });
    expect(result.filesRead).toEqual(['<stdin>']);
    expect(result.model.workloads[0]).toMatchObject({ name: 'from-stdin', source: { file: '<stdin>', line: 1, column: 1 } });
  });

  it('reports "-" without stdin text', async () => {
    const result = await loadManifestPaths(['-']);
    expect(result.diagnostics).toMatchObject([{ severity: 'error', code: 'not-found' }]);
  });

  it('skips binary and oversized files with an error, and says nothing about empty ones', async () => {
    await files({ 'bin.yaml': Buffer.from([0x6b, 0x00, 0xff]), 'empty.yaml': '', 'ok.yaml': pod('ok'), 'huge.yaml': '' });
    await truncate(join(root, 'huge.yaml'), 50 * 1024 * 1024 + 1);
    const result = await loadManifestPaths([root]);
    expect(result.diagnostics.map((d) => [d.code, d.location?.file])).toEqual([
      ['not-text', join(root, 'bin.yaml')],
      ['too-large', join(root, 'huge.yaml')],
    ]);
    expect(result.model.workloads.map((w) => w.name)).toEqual(['ok']);
  });

  it('follows symbolic links without looping', async () => {
    await files({ 'real/p.yaml': pod('p') });
    await symlink(join(root, 'real'), join(root, 'real', 'loop'));
    const result = await loadManifestPaths([root]);
    expect(result.model.workloads.map((w) => w.name)).toEqual(['p']);
  });

  it('gives no-objects when the files hold no Kubernetes object', async () => {
    await files({ 'values.yaml': 'replicas: 3\n' });
    const result = await loadManifestPaths([root]);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['no-objects']);
  });
});
