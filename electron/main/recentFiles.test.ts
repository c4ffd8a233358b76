import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addRecentPaths, parseRecentFiles, RECENT_FILES_NAME, RecentFilesStore } from './recentFiles';

describe('addRecentPaths', () => {
  it('puts opened paths first, in the order given, and keeps the earlier ones after them', () => {
    expect(addRecentPaths(['/a', '/b'], ['/c', '/d'])).toEqual(['/c', '/d', '/a', '/b']);
  });

  it('moves a path opened again to the top instead of listing it twice', () => {
    expect(addRecentPaths(['/a', '/b', '/c'], ['/c'])).toEqual(['/c', '/a', '/b']);
    expect(addRecentPaths([], ['/x', '/x', ''])).toEqual(['/x']);
  });

  it('keeps at most ten', () => {
    const earlier = Array.from({ length: 10 }, (_, index) => `/old/${index}`);
    const result = addRecentPaths(earlier, ['/new/1', '/new/2']);
    expect(result).toHaveLength(10);
    expect(result.slice(0, 3)).toEqual(['/new/1', '/new/2', '/old/0']);
    expect(result.at(-1)).toBe('/old/7');
  });
});

describe('parseRecentFiles', () => {
  it('accepts the stored shape and drops anything else', () => {
    expect(parseRecentFiles({ version: 1, paths: ['/a', 3, '/b', '/a', null] })).toEqual(['/a', '/b']);
    for (const bad of [undefined, null, 'x', [], { paths: 'x' }, {}]) expect(parseRecentFiles(bad)).toEqual([]);
  });
});

describe('RecentFilesStore', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'netpol-recent-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it('starts empty without a file, saves every change and reads it back', () => {
    const file = join(folder, RECENT_FILES_NAME);
    const store = new RecentFilesStore(file);
    expect(store.list()).toEqual([]);
    store.add(['/m/a.yaml', '/m/b.yaml']);
    store.add(['/m/c', '/m/a.yaml']);
    expect(store.list()).toEqual(['/m/c', '/m/a.yaml', '/m/b.yaml']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, paths: ['/m/c', '/m/a.yaml', '/m/b.yaml'] });
    expect(new RecentFilesStore(file).list()).toEqual(['/m/c', '/m/a.yaml', '/m/b.yaml']);
    store.clear();
    expect(store.list()).toEqual([]);
    expect(new RecentFilesStore(file).list()).toEqual([]);
  });

  it('creates a missing user-data folder', () => {
    const file = join(folder, 'not', 'yet', RECENT_FILES_NAME);
    new RecentFilesStore(file).add(['/a']);
    expect(new RecentFilesStore(file).list()).toEqual(['/a']);
  });

  it('treats a damaged file as empty, and keeps working in memory when it cannot write', () => {
    const file = join(folder, RECENT_FILES_NAME);
    writeFileSync(file, '{ not json');
    expect(new RecentFilesStore(file).list()).toEqual([]);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const blocked = join(folder, 'a-file', RECENT_FILES_NAME);
    writeFileSync(join(folder, 'a-file'), 'not a folder');
    const store = new RecentFilesStore(blocked);
    expect(store.add(['/a'])).toEqual(['/a']);
    expect(warn).toHaveBeenCalledOnce();
  });
});
