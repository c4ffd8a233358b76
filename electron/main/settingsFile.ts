// Small JSON files of the app's own state in the user-data folder (recent files, window
// placement). Synchronous on purpose: the window state is written while the window closes, and
// the app may quit right after, before an asynchronous write would finish. A missing or damaged
// file reads as undefined (the app starts with defaults); a failed write is reported and
// ignored, since losing these settings never loses the user's work.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The parsed JSON of `path`, or undefined when the file is missing or not JSON. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Writes `value` as JSON through a temporary file renamed over `path`, so a crash leaves the old
 * file or the new one. Returns false (after logging) when the file cannot be written.
 */
export function writeJsonFile(path: string, value: unknown): boolean {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
    renameSync(temporary, path);
    return true;
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do: the target was not touched.
    }
    console.warn(`Could not write ${path}:`, error instanceof Error ? error.message : error);
    return false;
  }
}
