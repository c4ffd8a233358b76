// Files, folders (recursive) and stdin into manifests. electron/manifests only parses texts;
// reading the file system is this layer's job. Folders contribute their *.yaml, *.yml
// and *.json files in plain path order, so the same folder always loads the same way; a file
// named explicitly is read whatever its extension. Missing paths become diagnostics.
import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../common/model';
import type { LoadResult } from '../manifests';
import { comparePlain, ManifestCollector, MAX_MANIFEST_BYTES, notTextDiagnostic, tooLargeDiagnostic } from '../manifests';
import type { FileFingerprint } from './safeWrite';

export const STDIN_PATH = '-';
export const STDIN_FILE_NAME = '<stdin>';

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

function pathDiagnostic(code: string, path: string, message: string): Diagnostic {
  return { severity: 'error', code, message, location: { file: path, line: 1, column: 1 } };
}

/** The manifest files below `folder`, sorted by path; symbolic links are followed once. */
async function manifestFilesIn(folder: string, diagnostics: Diagnostic[]): Promise<string[]> {
  const files: string[] = [];
  const visited = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (error) {
      diagnostics.push(pathDiagnostic('read-error', dir, `${dir}: ${describeError(error)}`));
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      diagnostics.push(pathDiagnostic('read-error', dir, `${dir}: ${describeError(error)}`));
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined);
        isDirectory = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDirectory) await walk(path);
      else if (isFile && MANIFEST_EXTENSION.test(entry.name)) files.push(path);
    }
  };
  await walk(folder);
  return files.sort(comparePlain);
}

/** A file as it was read, kept by callers that will save edits back into it. */
export interface ReadFile {
  path: string;
  text: string;
  fingerprint: FileFingerprint;
}

async function readManifestFile(path: string, collector: ManifestCollector, onRead?: (file: ReadFile) => void): Promise<void> {
  try {
    const info = await stat(path);
    if (info.size > MAX_MANIFEST_BYTES) {
      // Refused before reading, so a huge file costs nothing.
      collector.diagnostics.push(tooLargeDiagnostic(path));
      return;
    }
    const bytes = await readFile(path);
    if (bytes.includes(0)) {
      collector.diagnostics.push(notTextDiagnostic(path));
      return;
    }
    const text = bytes.toString('utf8');
    collector.addFile({ path, text });
    // The fingerprint describes exactly the bytes read, so a later save can tell a change on disk.
    const fingerprint = { path, exists: true, size: bytes.length, mtimeMs: info.mtimeMs, sha256: createHash('sha256').update(bytes).digest('hex') };
    onRead?.({ path, text, fingerprint });
  } catch (error) {
    collector.diagnostics.push(pathDiagnostic('read-error', path, `${path}: ${describeError(error)}`));
  }
}

/**
 * Reads files and folders (recursive; only *.yaml, *.yml, *.json; sorted by path for
 * determinism); '-' means stdin text passed via options.stdinText. Missing path -> error
 * diagnostic naming it, never a throw.
 */
export async function loadManifestPaths(
  paths: readonly string[],
  options: { stdinText?: string; onRead?: (file: ReadFile) => void } = {},
): Promise<LoadResult> {
  const collector = new ManifestCollector();
  const seen = new Set<string>();
  for (const path of paths) {
    if (path === STDIN_PATH) {
      if (options.stdinText === undefined) {
        collector.diagnostics.push(pathDiagnostic('not-found', STDIN_FILE_NAME, `'-' names standard input, but no input text was given`));
      } else {
        collector.addFile({ path: STDIN_FILE_NAME, text: options.stdinText });
      }
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? 'not-found' : 'read-error';
      collector.diagnostics.push(pathDiagnostic(code, path, `${path}: ${describeError(error)}`));
      continue;
    }
    const files = info.isDirectory() ? await manifestFilesIn(path, collector.diagnostics) : [path];
    if (info.isDirectory() && files.length === 0) {
      collector.diagnostics.push(pathDiagnostic('no-manifests', path, `${path}: no .yaml, .yml or .json file in this folder`));
      continue;
    }
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      await readManifestFile(file, collector, options.onRead);
    }
  }
  return collector.finish();
}
