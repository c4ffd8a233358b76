import { describe, expect, it } from 'vitest';
import { isManifestPath, manifestsOf, type PickedFile, readPicked, titleForPaths } from './pickedFiles';

function picked(path: string, text = `# ${path}`): PickedFile {
  return { path, text: async () => text };
}

describe('picked files', () => {
  it('keeps manifests only when a folder was chosen, sorted by path', () => {
    const files = [picked('repo/b.yaml'), picked('repo/README.md'), picked('repo/a/c.JSON'), picked('repo/d.yml')];
    expect(manifestsOf(files, true).map((file) => file.path)).toEqual(['repo/a/c.JSON', 'repo/b.yaml', 'repo/d.yml']);
    expect(manifestsOf(files, false)).toHaveLength(4);
    expect(isManifestPath('x.txt')).toBe(false);
  });

  it('names the review after the file, the folder, or the count', () => {
    expect(titleForPaths(['policies.yaml'])).toBe('policies.yaml');
    expect(titleForPaths(['repo/a.yaml', 'repo/b/c.yaml'])).toBe('repo');
    expect(titleForPaths(['a.yaml', 'b.yaml'])).toBe('2 files');
    expect(titleForPaths(['one/a.yaml', 'two/b.yaml'])).toBe('2 files');
  });

  it('reads the texts with their paths', async () => {
    await expect(readPicked([picked('a.yaml', 'kind: A'), picked('b.yaml', 'kind: B')])).resolves.toEqual([
      { path: 'a.yaml', text: 'kind: A' },
      { path: 'b.yaml', text: 'kind: B' },
    ]);
  });
});
