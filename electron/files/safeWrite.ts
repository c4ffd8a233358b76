// Saving a user's manifest must never damage it. A save writes a hidden temporary file beside
// the target, flushes it, and renames it over the target, so a reader (or a crash) sees either
// the old file or the new one, never half of each. A file edited by someone else since it was
// opened is detected by its content hash and left alone unless the caller says to overwrite it.
// Every I/O problem becomes a 'failed' outcome naming the file; the original is left untouched
// and the temporary file is removed.
import { createHash, randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { access, lstat, mkdir, open, readlink, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** What a file looked like when it was opened, to detect changes made by someone else since. */
export interface FileFingerprint {
  path: string;
  /** False for a file that did not exist; size and mtimeMs are then 0 and sha256 is ''. */
  exists: boolean;
  size: number;
  mtimeMs: number;
  /** Hex SHA-256 of the bytes; the content, not the time stamp, decides whether a file changed. */
  sha256: string;
}

export type WriteOutcome =
  | { status: 'written'; fingerprint: FileFingerprint }
  | { status: 'conflict'; message: string; current: FileFingerprint }
  | { status: 'failed'; message: string };

export interface WriteOptions {
  /** The file as it was opened; a file whose content differs now is a conflict. */
  expected?: FileFingerprint;
  /** Write even when the content changed since `expected` (the user confirmed). */
  overwriteChanged?: boolean;
  /** Create missing parent folders (export of `<namespace>/<name>.yaml`). */
  createDirectories?: boolean;
}

/**
 * The file-system operations a save uses, one per step, so a test can make any single step
 * fail and watch what the user would be left with. The app always uses `nodeFileSystem`.
 */
export interface SafeWriteFileSystem {
  lstat(path: string): Promise<Stats>;
  readlink(path: string): Promise<string>;
  /** Rejects when the current user may not write the file (EACCES), as an in-place write would. */
  checkWritable(path: string): Promise<void>;
  openForReading(path: string): Promise<FileHandle>;
  mkdir(path: string): Promise<void>;
  /** Creates a new file exclusively (fails with EEXIST when the name is taken). */
  createExclusive(path: string, mode: number): Promise<FileHandle>;
  write(file: FileHandle, bytes: Uint8Array): Promise<void>;
  chown(file: FileHandle, uid: number, gid: number): Promise<void>;
  chmod(file: FileHandle, mode: number): Promise<void>;
  fsync(file: FileHandle): Promise<void>;
  fstat(file: FileHandle): Promise<Stats>;
  close(file: FileHandle): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Flushes a folder's entries, so the rename itself survives a power loss. */
  syncFolder(path: string): Promise<void>;
}

export const nodeFileSystem: SafeWriteFileSystem = {
  lstat: (path) => lstat(path),
  readlink: (path) => readlink(path),
  checkWritable: (path) => access(path, constants.W_OK),
  // Non-blocking, so a named pipe is refused by the type check instead of waiting for a writer;
  // it changes nothing for a regular file.
  openForReading: (path) => open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)),
  mkdir: async (path) => {
    await mkdir(path, { recursive: true });
  },
  createExclusive: (path, mode) => open(path, 'wx', mode),
  // FileHandle.writeFile loops over short writes until every byte is written.
  write: (file, bytes) => file.writeFile(bytes),
  chown: (file, uid, gid) => file.chown(uid, gid),
  chmod: (file, mode) => file.chmod(mode),
  fsync: (file) => file.sync(),
  fstat: (file) => file.stat(),
  close: (file) => file.close(),
  rename: (from, to) => rename(from, to),
  unlink: (path) => unlink(path),
  syncFolder: async (path) => {
    const folder = await open(path, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  },
};

/** Same limit as the kernel's (Linux MAXSYMLINKS), so a loop of links ends as ELOOP. */
const MAX_SYMBOLIC_LINKS = 40;
/** Keeps `.<name>.<random>.tmp` under the usual 255-byte name limit for long file names. */
const MAX_NAME_IN_TEMPORARY = 100;
const TEMPORARY_NAME_ATTEMPTS = 5;
/** open(2)'s default for a new file; the process umask is applied to it. */
const NEW_FILE_MODE = 0o666;
/** Until the temporary file takes the original's mode, nobody else may read it. */
const PRIVATE_MODE = 0o600;

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EBUSY: 'resource busy or locked',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EXDEV: 'not on the same file system',
  EEXIST: 'file already exists',
};

/** The OS reason in words, with its code for a search engine: "permission denied (EACCES)". */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const words = code === undefined ? undefined : REASONS[code];
  if (words !== undefined) return `${words} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function osError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function absentFingerprint(path: string): FileFingerprint {
  return { path, exists: false, size: 0, mtimeMs: 0, sha256: '' };
}

/**
 * Reads a regular file and its fingerprint from one open handle, so the bytes and the stat
 * belong to the same file even if it is replaced meanwhile. Rejects with the OS error.
 */
async function readFingerprinted(fileSystem: SafeWriteFileSystem, path: string, reportedPath: string): Promise<{ bytes: Buffer; fingerprint: FileFingerprint }> {
  const file = await fileSystem.openForReading(path);
  try {
    const stats = await fileSystem.fstat(file);
    if (stats.isDirectory()) throw osError('EISDIR', `${path} is a folder`);
    if (!stats.isFile()) throw osError('EINVAL', `${path} is not a regular file`);
    const bytes = await file.readFile();
    // The size is that of the bytes hashed: a write between fstat and read must not make
    // the fingerprint describe two different versions.
    return { bytes, fingerprint: { path: reportedPath, exists: true, size: bytes.length, mtimeMs: stats.mtimeMs, sha256: sha256Of(bytes) } };
  } finally {
    await fileSystem.close(file).catch(() => undefined);
  }
}

/** The fingerprint of `path` now; a missing file gives `exists: false`. Rejects for other errors. */
export async function fingerprintFile(path: string): Promise<FileFingerprint> {
  try {
    return (await readFingerprinted(nodeFileSystem, path, path)).fingerprint;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return absentFingerprint(path);
    throw error;
  }
}

/** Fingerprint of text we read ourselves (computed from the bytes, plus stat). Rejects with the OS error. */
export async function readFileWithFingerprint(path: string): Promise<{ text: string; fingerprint: FileFingerprint }> {
  const { bytes, fingerprint } = await readFingerprinted(nodeFileSystem, path, path);
  return { text: bytes.toString('utf8'), fingerprint };
}

/** The file a path finally names after following symbolic links; `stats` undefined when it does not exist. */
interface Target {
  path: string;
  stats: Stats | undefined;
}

/**
 * Follows symbolic links one by one (rather than realpath) so a dangling link still names the
 * file to create, and the link itself is never replaced.
 */
async function resolveTarget(fileSystem: SafeWriteFileSystem, path: string): Promise<Target> {
  let current = resolve(path);
  for (let hops = 0; hops <= MAX_SYMBOLIC_LINKS; hops++) {
    let stats: Stats;
    try {
      stats = await fileSystem.lstat(current);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { path: current, stats: undefined };
      throw error;
    }
    if (!stats.isSymbolicLink()) return { path: current, stats };
    current = resolve(dirname(current), await fileSystem.readlink(current));
  }
  throw osError('ELOOP', `${path}: too many levels of symbolic links`);
}

async function currentFingerprint(fileSystem: SafeWriteFileSystem, target: Target, reportedPath: string): Promise<FileFingerprint> {
  try {
    return (await readFingerprinted(fileSystem, target.path, reportedPath)).fingerprint;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return absentFingerprint(reportedPath);
    throw error;
  }
}

/** Why `current` is not the file the caller opened, or undefined when it is. */
function changeSince(expected: FileFingerprint, current: FileFingerprint, path: string): string | undefined {
  if (expected.exists && !current.exists) return `${path} was deleted or moved since it was opened; nothing was written.`;
  if (!expected.exists && current.exists) return `${path} did not exist when it was opened but does now; nothing was written.`;
  // The content decides: a `touch` is no conflict, and an edit that keeps size and time stamp
  // (coarse clocks, restored mtime) still is one.
  if (expected.exists && (expected.size !== current.size || expected.sha256 !== current.sha256)) {
    return `${path} was changed on disk since it was opened; nothing was written.`;
  }
  return undefined;
}

// Saves to one file from this process run one after another, so a second save holding the same
// `expected` sees the first one's result instead of racing it between check and rename.
const savesInProgress = new Map<string, Promise<void>>();

async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = savesInProgress.get(key) ?? Promise.resolve();
  const run = previous.then(work);
  const done = run.then(
    () => undefined,
    () => undefined,
  );
  savesInProgress.set(key, done);
  try {
    return await run;
  } finally {
    if (savesInProgress.get(key) === done) savesInProgress.delete(key);
  }
}

/** A step of the save that failed, carried to the one place that words the outcome. */
class SaveStepError extends Error {
  constructor(step: string, cause: unknown) {
    super(`${step}: ${reasonOf(cause)}`, { cause });
  }
}

async function step<T>(description: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new SaveStepError(description, error);
  }
}

function temporaryNameFor(target: string): string {
  const name = basename(target).slice(0, MAX_NAME_IN_TEMPORARY);
  return join(dirname(target), `.${name}.${randomBytes(6).toString('hex')}.tmp`);
}

async function createTemporary(fileSystem: SafeWriteFileSystem, target: string, mode: number): Promise<{ path: string; file: FileHandle }> {
  for (let attempt = 1; ; attempt++) {
    const path = temporaryNameFor(target);
    try {
      return { path, file: await fileSystem.createExclusive(path, mode) };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST' || attempt >= TEMPORARY_NAME_ATTEMPTS) {
        throw new SaveStepError(`could not create a temporary file in ${dirname(target)}`, error);
      }
    }
  }
}

/**
 * Writes `text` (UTF-8) to `path` atomically: temporary file in the same folder (so rename is
 * atomic), write, fsync, keep the original's file mode (and owner when possible), rename over
 * the target, fsync the folder. A symbolic link is written through to its target (the link
 * stays a link). With `expected`, a file whose content changed on disk since is not
 * overwritten unless `overwriteChanged: true`: the sha256 of the bytes decides, so a `touch` is
 * no conflict and an edit that kept size and time stamp is one. The file is compared once before
 * writing and again just before the rename; saves to one file from this process take turns.
 * Never throws for I/O problems: returns 'failed' with the path and the OS reason, and leaves
 * no temporary file behind.
 *
 * `fileSystem` exists for tests that make one step fail; the app leaves it out.
 */
export async function writeFileSafely(path: string, text: string, options: WriteOptions = {}, fileSystem: SafeWriteFileSystem = nodeFileSystem): Promise<WriteOutcome> {
  let key: string;
  try {
    key = (await resolveTarget(fileSystem, path)).path;
  } catch (error) {
    return { status: 'failed', message: `Could not save ${path}: ${reasonOf(error)}.` };
  }
  return oneAtATime(key, () => save(fileSystem, path, text, options));
}

async function save(fileSystem: SafeWriteFileSystem, path: string, text: string, options: WriteOptions): Promise<WriteOutcome> {
  const bytes = Buffer.from(text, 'utf8');
  let temporary: { path: string; file: FileHandle | undefined } | undefined;
  try {
    // Resolved again: the link or file may have changed while an earlier save held the turn.
    const target = await step('could not look up the file', () => resolveTarget(fileSystem, path));
    const original = target.stats;
    if (original?.isDirectory()) return { status: 'failed', message: `Could not save ${path}: it is a folder.` };
    if (original !== undefined && !original.isFile()) return { status: 'failed', message: `Could not save ${path}: it is not a regular file.` };
    // A rename would replace a read-only file that an in-place write may not touch.
    if (original !== undefined) await step('the file is not writable', () => fileSystem.checkWritable(target.path));

    const checkUnchanged = async (): Promise<WriteOutcome | undefined> => {
      if (options.expected === undefined || options.overwriteChanged === true) return undefined;
      const current = await step('could not read the file on disk to compare it', () => currentFingerprint(fileSystem, target, path));
      const change = changeSince(options.expected, current, path);
      return change === undefined ? undefined : { status: 'conflict', message: change, current };
    };
    // Checked first to spare the work, and again just before the rename to keep the window small.
    const earlyConflict = await checkUnchanged();
    if (earlyConflict !== undefined) return earlyConflict;

    if (options.createDirectories === true) {
      await step(`could not create the folder ${dirname(target.path)}`, () => fileSystem.mkdir(dirname(target.path)));
    }
    const created = await createTemporary(fileSystem, target.path, original === undefined ? NEW_FILE_MODE : PRIVATE_MODE);
    temporary = created;
    const file = created.file;
    await step('could not write the new content', () => fileSystem.write(file, bytes));
    if (original !== undefined) {
      const mine = await step('could not read the temporary file', () => fileSystem.fstat(file));
      if (process.getuid !== undefined && (mine.uid !== original.uid || mine.gid !== original.gid)) {
        // Only root may give a file away; anyone else keeps ownership of the new file.
        await fileSystem.chown(file, original.uid, original.gid).catch(() => undefined);
      }
      // After chown, which clears set-user-ID and set-group-ID bits.
      await step('could not keep the file mode', () => fileSystem.chmod(file, original.mode & 0o7777));
    }
    await step('could not flush the new content to disk', () => fileSystem.fsync(file));
    const written = await step('could not read the temporary file', () => fileSystem.fstat(file));
    temporary.file = undefined;
    await step('could not close the temporary file', () => fileSystem.close(file));

    const lateConflict = await checkUnchanged();
    if (lateConflict !== undefined) {
      await removeTemporary(fileSystem, created.path);
      return lateConflict;
    }
    await step('could not replace the file', () => fileSystem.rename(created.path, target.path));
    temporary = undefined;
    // The new content is in place; a folder that cannot be flushed (some file systems, Windows)
    // only weakens durability after a power loss, so it does not turn the save into a failure.
    await fileSystem.syncFolder(dirname(target.path)).catch(() => undefined);
    return { status: 'written', fingerprint: { path, exists: true, size: bytes.length, mtimeMs: written.mtimeMs, sha256: sha256Of(bytes) } };
  } catch (error) {
    const reason = error instanceof SaveStepError ? error.message : reasonOf(error);
    let leftover = '';
    if (temporary !== undefined) {
      const { file, path: temporaryPath } = temporary;
      if (file !== undefined) await fileSystem.close(file).catch(() => undefined);
      const removal = await removeTemporary(fileSystem, temporaryPath);
      if (removal !== undefined) leftover = ` The temporary file ${temporaryPath} could not be removed: ${removal}.`;
    }
    return { status: 'failed', message: `Could not save ${path}: ${reason}. The file on disk was not changed.${leftover}` };
  }
}

/** Removes a temporary file; the reason it could not be removed, or undefined. */
async function removeTemporary(fileSystem: SafeWriteFileSystem, path: string): Promise<string | undefined> {
  try {
    await fileSystem.unlink(path);
    return undefined;
  } catch (error) {
    return errorCode(error) === 'ENOENT' ? undefined : reasonOf(error);
  }
}
