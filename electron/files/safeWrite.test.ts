// One file for every outcome of writeFileSafely: the cases share their temporary-folder fixture
// and failure injection, and read best side by side; split by subject if it keeps growing.
import { createHash } from 'node:crypto';
import { chmod, chown, lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SafeWriteFileSystem, WriteOutcome } from './safeWrite';
import { fingerprintFile, nodeFileSystem, readFileWithFingerprint, writeFileSafely } from './safeWrite';

const isRoot = process.getuid?.() === 0;
const original = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: before}\n';
const edited = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: after-the-edit}\n';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'netpol-safe-write-'));
});

afterEach(async () => {
  await chmod(root, 0o755).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

/** Temporary files left in a folder by a save (the user would see them in `ls -a`). */
async function temporaryFilesIn(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.endsWith('.tmp'));
}

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o7777;
}

function osError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected failure`), { code });
}

function expectWritten(outcome: WriteOutcome): Extract<WriteOutcome, { status: 'written' }> {
  if (outcome.status !== 'written') throw new Error(`expected a write, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function expectFailed(outcome: WriteOutcome): string {
  if (outcome.status !== 'failed') throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.message;
}

describe('writeFileSafely', () => {
  it('creates a new file with the content and the mode any new file would get', async () => {
    const path = join(root, 'policy.yaml');
    const outcome = expectWritten(await writeFileSafely(path, edited));
    expect(await readFile(path, 'utf8')).toBe(edited);
    // writeFile opens with 0o666 and the umask applies: the mode a user expects of a new file.
    const reference = join(root, 'reference.yaml');
    await writeFile(reference, '');
    expect(await modeOf(path)).toBe(await modeOf(reference));
    expect(outcome.fingerprint).toEqual(await fingerprintFile(path));
    expect(await temporaryFilesIn(root)).toEqual([]);
  });

  it('replaces the content of an existing file and keeps its mode 0o640', async () => {
    const path = join(root, 'policy.yaml');
    await writeFile(path, original);
    await chmod(path, 0o640);
    expectWritten(await writeFileSafely(path, edited));
    expect(await readFile(path, 'utf8')).toBe(edited);
    expect(await modeOf(path)).toBe(0o640);
    expect(await temporaryFilesIn(root)).toEqual([]);
  });

  it('keeps a shorter text whole: no tail of the longer original remains', async () => {
    const path = join(root, 'policy.yaml');
    await writeFile(path, original.repeat(50));
    expectWritten(await writeFileSafely(path, 'kind: List\n'));
    expect(await readFile(path, 'utf8')).toBe('kind: List\n');
  });

  it.skipIf(!isRoot)('keeps the owner and group of the original (only root may give a file away)', async () => {
    const path = join(root, 'owned.yaml');
    await writeFile(path, original);
    await chown(path, 4321, 8765);
    expectWritten(await writeFileSafely(path, edited));
    const info = await stat(path);
    expect([info.uid, info.gid]).toEqual([4321, 8765]);
  });
  if (!isRoot) console.info('safeWrite.test: owner preservation is only testable as root (chown to another user needs it); skipped.');

  it('keeps set-group-ID and sticky bits that chown would otherwise clear', async () => {
    const path = join(root, 'special.yaml');
    await writeFile(path, original);
    await chmod(path, 0o2640);
    expectWritten(await writeFileSafely(path, edited));
    expect(await modeOf(path)).toBe(0o2640);
  });

  it('writes through a symbolic link to its target; the link stays a link', async () => {
    const targets = join(root, 'real');
    const links = join(root, 'links');
    await mkdir(targets);
    await mkdir(links);
    const target = join(targets, 'policy.yaml');
    const link = join(links, 'policy.yaml');
    await writeFile(target, original);
    await chmod(target, 0o640);
    await symlink('../real/policy.yaml', link);

    const outcome = expectWritten(await writeFileSafely(link, edited));
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('../real/policy.yaml');
    expect(await readFile(target, 'utf8')).toBe(edited);
    expect(await modeOf(target)).toBe(0o640);
    expect(outcome.fingerprint.path).toBe(link);
    expect(await temporaryFilesIn(targets)).toEqual([]);
    expect(await temporaryFilesIn(links)).toEqual([]);
  });

  it('follows a chain of links, and a dangling link creates its target', async () => {
    const target = join(root, 'target.yaml');
    await symlink('target.yaml', join(root, 'first'));
    await symlink('first', join(root, 'second'));
    expectWritten(await writeFileSafely(join(root, 'second'), edited));
    expect(await readFile(target, 'utf8')).toBe(edited);
    expect((await lstat(join(root, 'first'))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(root, 'second'))).isSymbolicLink()).toBe(true);
  });

  it('fails on a loop of symbolic links, naming the file', async () => {
    await symlink('b', join(root, 'a'));
    await symlink('a', join(root, 'b'));
    const message = expectFailed(await writeFileSafely(join(root, 'a'), edited));
    expect(message).toContain(join(root, 'a'));
    expect(message).toContain('ELOOP');
    expect(await temporaryFilesIn(root)).toEqual([]);
  });

  it('writes CRLF line ends, a byte order mark and non-ASCII text byte for byte', async () => {
    const path = join(root, 'crlf.yaml');
    const text = '\uFEFFapiVersion: v1\r\nkind: ConfigMap\r\ndata:\r\n  note: "café – 日本語 – 🚀"\r\n  tab: "\t"\r\n';
    expectWritten(await writeFileSafely(path, text));
    expect((await readFile(path)).equals(Buffer.from(text, 'utf8'))).toBe(true);
    const reread = await readFileWithFingerprint(path);
    expect(reread.text).toBe(text);
    expect(reread.fingerprint.sha256).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
  });

  it('writes an empty text as an empty file', async () => {
    const path = join(root, 'empty.yaml');
    await writeFile(path, original);
    expectWritten(await writeFileSafely(path, ''));
    expect((await readFile(path)).length).toBe(0);
  });

  it('handles a file name as long as the file system allows', async () => {
    const path = join(root, `${'n'.repeat(250)}.yaml`);
    expectWritten(await writeFileSafely(path, edited));
    expect(await readFile(path, 'utf8')).toBe(edited);
    expect(await temporaryFilesIn(root)).toEqual([]);
  });

  it('fails for a path that is a folder, naming it, and creates nothing', async () => {
    const folder = join(root, 'policies');
    await mkdir(folder);
    const message = expectFailed(await writeFileSafely(folder, edited));
    expect(message).toContain(folder);
    expect(message).toContain('folder');
    expect(await readdir(folder)).toEqual([]);
    expect(await temporaryFilesIn(root)).toEqual([]);
  });

  it('fails when the parent folder is missing, and creates it with createDirectories', async () => {
    const path = join(root, 'export', 'netpol-demo', 'allow-frontend.yaml');
    const message = expectFailed(await writeFileSafely(path, edited));
    expect(message).toContain(path);
    expect(message).toContain('no such file or directory (ENOENT)');

    expectWritten(await writeFileSafely(path, edited, { createDirectories: true }));
    expect(await readFile(path, 'utf8')).toBe(edited);
  });

  it('fails when a part of the path is a file', async () => {
    await writeFile(join(root, 'plain'), original);
    const path = join(root, 'plain', 'policy.yaml');
    const message = expectFailed(await writeFileSafely(path, edited, { createDirectories: true }));
    expect(message).toContain(path);
    expect(message).toContain('ENOTDIR');
  });

  it.skipIf(isRoot)('fails in a read-only folder with the OS reason, leaving the file as it was', async () => {
    const path = join(root, 'policy.yaml');
    await writeFile(path, original);
    await chmod(root, 0o555);
    const message = expectFailed(await writeFileSafely(path, edited));
    expect(message).toContain(path);
    expect(message).toContain('permission denied (EACCES)');
    expect(await readFile(path, 'utf8')).toBe(original);
  });
  if (isRoot) console.info('safeWrite.test: running as root, which may write in a read-only folder; the read-only case is covered by injecting EACCES instead.');

  it('fails with the OS reason when the folder refuses a new file (injected EACCES)', async () => {
    const path = join(root, 'policy.yaml');
    await writeFile(path, original);
    const fileSystem: SafeWriteFileSystem = { ...nodeFileSystem, createExclusive: () => Promise.reject(osError('EACCES')) };
    const message = expectFailed(await writeFileSafely(path, edited, {}, fileSystem));
    expect(message).toBe(`Could not save ${path}: could not create a temporary file in ${root}: permission denied (EACCES). The file on disk was not changed.`);
    expect(await readFile(path, 'utf8')).toBe(original);
  });

  it('refuses a file the user may not write, as an in-place save would (injected EACCES)', async () => {
    const path = join(root, 'policy.yaml');
    await writeFile(path, original);
    const fileSystem: SafeWriteFileSystem = { ...nodeFileSystem, checkWritable: () => Promise.reject(osError('EACCES')) };
    const message = expectFailed(await writeFileSafely(path, edited, {}, fileSystem));
    expect(message).toContain('permission denied (EACCES)');
    expect(await readFile(path, 'utf8')).toBe(original);
    expect(await temporaryFilesIn(root)).toEqual([]);
  });

  describe('a step that fails mid-way leaves the original byte-identical and no temporary file', () => {
    const failures: { step: string; fileSystem: SafeWriteFileSystem; reason: string }[] = [
      {
        step: 'write (after half of the bytes)',
        fileSystem: {
          ...nodeFileSystem,
          write: async (file, bytes) => {
            await file.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
            throw osError('ENOSPC');
          },
        },
        reason: 'could not write the new content: no space left on device (ENOSPC)',
      },
      { step: 'chmod', fileSystem: { ...nodeFileSystem, chmod: () => Promise.reject(osError('EPERM')) }, reason: 'could not keep the file mode: operation not permitted (EPERM)' },
      { step: 'fsync', fileSystem: { ...nodeFileSystem, fsync: () => Promise.reject(osError('EIO')) }, reason: 'could not flush the new content to disk: input/output error (EIO)' },
      {
        step: 'close',
        fileSystem: {
          ...nodeFileSystem,
          close: async (file) => {
            await file.close();
            throw osError('EIO');
          },
        },
        reason: 'could not close the temporary file: input/output error (EIO)',
      },
      { step: 'rename', fileSystem: { ...nodeFileSystem, rename: () => Promise.reject(osError('EBUSY')) }, reason: 'could not replace the file: resource busy or locked (EBUSY)' },
    ];

    for (const failure of failures) {
      it(`at ${failure.step}`, async () => {
        const path = join(root, 'policy.yaml');
        const before = Buffer.from(original.replace('\n', '\r\n') + '# é\n', 'utf8');
        await writeFile(path, before);
        await chmod(path, 0o640);
        const expected = await fingerprintFile(path);

        const message = expectFailed(await writeFileSafely(path, edited, { expected }, failure.fileSystem));
        expect(message).toBe(`Could not save ${path}: ${failure.reason}. The file on disk was not changed.`);
        expect((await readFile(path)).equals(before)).toBe(true);
        expect(await modeOf(path)).toBe(0o640);
        expect(await temporaryFilesIn(root)).toEqual([]);
        // The next save, with nothing failing, still works from the same fingerprint.
        expectWritten(await writeFileSafely(path, edited, { expected }));
      });
    }
  });

  it('names a temporary file it could not remove after a failure', async () => {
    const path = join(root, 'policy.yaml');
    await writeFile(path, original);
    const fileSystem: SafeWriteFileSystem = {
      ...nodeFileSystem,
      rename: () => Promise.reject(osError('EXDEV')),
      unlink: () => Promise.reject(osError('EACCES')),
    };
    const message = expectFailed(await writeFileSafely(path, edited, {}, fileSystem));
    const [leftover] = await temporaryFilesIn(root);
    expect(leftover).toMatch(/^\.policy\.yaml\.[0-9a-f]{12}\.tmp$/);
    expect(message).toContain(`The temporary file ${join(root, leftover ?? '')} could not be removed: permission denied (EACCES).`);
    expect(await readFile(path, 'utf8')).toBe(original);
    await unlink(join(root, leftover ?? ''));
  });

  it('still reports the save as written when only the folder cannot be flushed', async () => {
    const path = join(root, 'policy.yaml');
    const fileSystem: SafeWriteFileSystem = { ...nodeFileSystem, syncFolder: () => Promise.reject(osError('EINVAL')) };
    expectWritten(await writeFileSafely(path, edited, {}, fileSystem));
    expect(await readFile(path, 'utf8')).toBe(edited);
  });

  it('picks another temporary name when one is taken', async () => {
    const path = join(root, 'policy.yaml');
    let calls = 0;
    const fileSystem: SafeWriteFileSystem = {
      ...nodeFileSystem,
      createExclusive: (temporary, mode) => (++calls === 1 ? Promise.reject(osError('EEXIST')) : nodeFileSystem.createExclusive(temporary, mode)),
    };
    expectWritten(await writeFileSafely(path, edited, {}, fileSystem));
    expect(calls).toBe(2);
    expect(await readFile(path, 'utf8')).toBe(edited);
  });
});

describe('writeFileSafely with the fingerprint of the opened file', () => {
  it('does not overwrite a file someone else changed; overwrites it when told to', async () => {
    const path = join(root, 'policy.yaml');
    await writeFile(path, original);
    const opened = await readFileWithFingerprint(path);
    expect(opened.text).toBe(original);

    const theirs = `${original}# edited in another editor\n`;
    await writeFile(path, theirs);
    const outcome = await writeFileSafely(path, edited, { expected: opened.fingerprint });
    expect(outcome.status).toBe('conflict');
    if (outcome.status !== 'conflict') return;
    expect(outcome.message).toContain(path);
    expect(outcome.current).toEqual(await fingerprintFile(path));
    expect(await readFile(path, 'utf8')).toBe(theirs);
    expect(await temporaryFilesIn(root)).toEqual([]);

    expectWritten(await writeFileSafely(path, edited, { expected: opened.fingerprint, overwriteChanged: true }));
    expect(await readFile(path, 'utf8')).toBe(edited);
  });

  it('sees a change that kept the size and the time stamp (the content decides)', async () => {
    const path = join(root, 'policy.yaml');
    // Whole seconds, which every file system stores exactly (a coarse clock, or a tool that
    // restores the time stamp).
    const stamp = 1_700_000_000;
    await writeFile(path, 'port: 8080\n');
    await utimes(path, stamp, stamp);
    const opened = await readFileWithFingerprint(path);
    await writeFile(path, 'port: 9090\n');
    await utimes(path, stamp, stamp);
    expect((await stat(path)).mtimeMs).toBe(opened.fingerprint.mtimeMs);

    const outcome = await writeFileSafely(path, edited, { expected: opened.fingerprint });
    expect(outcome.status).toBe('conflict');
    expect(await readFile(path, 'utf8')).toBe('port: 9090\n');
  });

  it('is no conflict when only the time stamp changed (touch)', async () => {
    const path = join(root, 'policy.yaml');
    await writeFile(path, original);
    const opened = await readFileWithFingerprint(path);
    const later = new Date(Date.now() + 60_000);
    await utimes(path, later, later);
    expectWritten(await writeFileSafely(path, edited, { expected: opened.fingerprint }));
    expect(await readFile(path, 'utf8')).toBe(edited);
  });

  it('is a conflict when the opened file is gone, and does not bring it back', async () => {
    const path = join(root, 'policy.yaml');
    await writeFile(path, original);
    const opened = await readFileWithFingerprint(path);
    await unlink(path);
    const outcome = await writeFileSafely(path, edited, { expected: opened.fingerprint });
    expect(outcome.status).toBe('conflict');
    if (outcome.status === 'conflict') expect(outcome.current).toEqual({ path, exists: false, size: 0, mtimeMs: 0, sha256: '' });
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('is a conflict when a file that did not exist was created meanwhile', async () => {
    const path = join(root, 'new.yaml');
    const expected = await fingerprintFile(path);
    expect(expected.exists).toBe(false);
    await writeFile(path, original);
    const outcome = await writeFileSafely(path, edited, { expected });
    expect(outcome.status).toBe('conflict');
    expect(await readFile(path, 'utf8')).toBe(original);
  });

  it('catches a change made while the new content was being written (checked again before the rename)', async () => {
    const path = join(root, 'policy.yaml');
    await writeFile(path, original);
    const expected = await fingerprintFile(path);
    const theirs = `${original}# saved by someone else mid-way\n`;
    const fileSystem: SafeWriteFileSystem = {
      ...nodeFileSystem,
      fsync: async (file) => {
        await writeFile(path, theirs);
        await file.sync();
      },
    };
    const outcome = await writeFileSafely(path, edited, { expected }, fileSystem);
    expect(outcome.status).toBe('conflict');
    expect(await readFile(path, 'utf8')).toBe(theirs);
    expect(await temporaryFilesIn(root)).toEqual([]);
  });

  it('returns the fingerprint to use as `expected` for the next save', async () => {
    const path = join(root, 'policy.yaml');
    await writeFile(path, original);
    let { fingerprint } = await readFileWithFingerprint(path);
    for (const version of ['one\n', 'two\r\n', 'three – ✓\n']) {
      fingerprint = expectWritten(await writeFileSafely(path, version, { expected: fingerprint })).fingerprint;
      expect(fingerprint).toEqual(await fingerprintFile(path));
    }
    expect(await readFile(path, 'utf8')).toBe('three – ✓\n');
  });

  it('lets one of several saves from the same fingerprint win; the others are conflicts', async () => {
    const path = join(root, 'policy.yaml');
    await writeFile(path, original);
    const expected = await fingerprintFile(path);
    const versions = Array.from({ length: 8 }, (_, index) => `version ${index}\n`);
    const outcomes = await Promise.all(versions.map((version) => writeFileSafely(path, version, { expected })));
    expect(outcomes.filter((outcome) => outcome.status === 'written')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'conflict')).toHaveLength(versions.length - 1);
    const winner = outcomes.findIndex((outcome) => outcome.status === 'written');
    expect(await readFile(path, 'utf8')).toBe(versions[winner]);
  });
});

describe('concurrent saves of one file', () => {
  it('end with one complete version, and a reader never sees a partial file', async () => {
    const path = join(root, 'big.yaml');
    // Large enough that a write takes many system calls: interleaving would show.
    const versions = Array.from({ length: 12 }, (_, index) => `# version ${index}\n${`key${index}: ${String(index).repeat(40)}\r\n`.repeat(8_000)}`);
    await writeFile(path, versions[0] ?? '');
    const complete = new Set(versions);

    let writing = true;
    const partialReads: number[] = [];
    const reader = (async () => {
      let reads = 0;
      while (writing) {
        const seen = await readFile(path, 'utf8');
        if (!complete.has(seen)) partialReads.push(seen.length);
        reads++;
      }
      return reads;
    })();
    const outcomes = await Promise.all(versions.map((version) => writeFileSafely(path, version)));
    writing = false;
    const reads = await reader;

    expect(outcomes.map((outcome) => outcome.status)).toEqual(versions.map(() => 'written'));
    expect(complete.has(await readFile(path, 'utf8'))).toBe(true);
    expect(partialReads).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect(await temporaryFilesIn(root)).toEqual([]);
  });

  it('end with one complete version when saved through different links to the same file', async () => {
    const target = join(root, 'policy.yaml');
    await writeFile(target, original);
    await symlink('policy.yaml', join(root, 'link-a'));
    await symlink(target, join(root, 'link-b'));
    const versions = Array.from({ length: 10 }, (_, index) => `v${index}: ${'x'.repeat(100_000)}\n`);
    const paths = [target, join(root, 'link-a'), join(root, 'link-b')];
    const outcomes = await Promise.all(versions.map((version, index) => writeFileSafely(paths[index % paths.length] ?? target, version)));
    expect(outcomes.every((outcome) => outcome.status === 'written')).toBe(true);
    expect(versions).toContain(await readFile(target, 'utf8'));
    expect((await lstat(join(root, 'link-a'))).isSymbolicLink()).toBe(true);
    expect(await temporaryFilesIn(root)).toEqual([]);
  });
});

describe('fingerprints', () => {
  it('describe a missing file as not existing', async () => {
    expect(await fingerprintFile(join(root, 'missing.yaml'))).toEqual({ path: join(root, 'missing.yaml'), exists: false, size: 0, mtimeMs: 0, sha256: '' });
  });

  it('of a read and of a look agree, and carry the sha256 of the bytes', async () => {
    const path = join(root, 'policy.yaml');
    const bytes = Buffer.from('a: "ü"\r\n', 'utf8');
    await writeFile(path, bytes);
    const read = await readFileWithFingerprint(path);
    expect(read.fingerprint).toEqual(await fingerprintFile(path));
    expect(read.fingerprint).toMatchObject({ path, exists: true, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(read.fingerprint.mtimeMs).toBe((await stat(path)).mtimeMs);
  });

  it('reject for a missing file to read and for a folder', async () => {
    await expect(readFileWithFingerprint(join(root, 'missing.yaml'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(fingerprintFile(root)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
