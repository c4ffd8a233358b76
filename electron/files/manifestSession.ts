// Opening manifests for editing and saving edits back: the file-system side of saveEdits.
// Each file is fingerprinted when read; a save writes only the files whose text changed, each
// atomically, and refuses to overwrite a file that changed on disk since it was opened unless
// the user confirmed it.
import type { Diagnostic } from '../common/model';
import type { LoadResult, PolicyEdit } from '../manifests';
import { planSave } from '../manifests';
import type { ReadFile } from './loadManifestPaths';
import { loadManifestPaths } from './loadManifestPaths';
import type { FileFingerprint } from './safeWrite';
import { writeFileSafely } from './safeWrite';

export interface OpenedManifests {
  result: LoadResult;
  /** Every file read, by path, as it was when opened. */
  files: Map<string, ReadFile>;
}

export async function openManifests(paths: readonly string[]): Promise<OpenedManifests> {
  const files = new Map<string, ReadFile>();
  const result = await loadManifestPaths(paths, { onRead: (file) => files.set(file.path, file) });
  return { result, files };
}

export interface SaveReport {
  written: string[];
  /** Files changed on disk since they were opened: not written (ask the user, then save with overwriteChanged). */
  conflicts: { path: string; message: string }[];
  failures: { path: string; message: string }[];
  /** Edits that could not be applied (their files are untouched). */
  diagnostics: Diagnostic[];
}

/**
 * Applies the edits to the opened files and writes the files that changed. `opened.files` is
 * updated with what was written, so a second save compares against the new contents.
 */
export async function saveManifestEdits(
  opened: OpenedManifests,
  edits: readonly PolicyEdit[],
  options: { overwriteChanged?: boolean; rewriteBrokenFiles?: boolean } = {},
): Promise<SaveReport> {
  const plan = planSave([...opened.files.values()], edits, { rewriteBrokenFiles: options.rewriteBrokenFiles ?? false });
  const report: SaveReport = { written: [], conflicts: [], failures: [], diagnostics: plan.diagnostics };
  for (const file of plan.files) {
    if (!file.changed) continue;
    const previous = opened.files.get(file.path);
    const expected: FileFingerprint = previous?.fingerprint ?? { path: file.path, exists: false, size: 0, mtimeMs: 0, sha256: '' };
    const outcome = await writeFileSafely(file.path, file.text, { expected, overwriteChanged: options.overwriteChanged ?? false, createDirectories: true });
    if (outcome.status === 'written') {
      report.written.push(file.path);
      opened.files.set(file.path, { path: file.path, text: file.text, fingerprint: outcome.fingerprint });
    } else if (outcome.status === 'conflict') {
      report.conflicts.push({ path: file.path, message: outcome.message });
    } else {
      report.failures.push({ path: file.path, message: outcome.message });
    }
  }
  return report;
}
