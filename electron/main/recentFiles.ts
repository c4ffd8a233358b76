// The files and folders opened lately, newest first, for File ▸ Open Recent. Kept as JSON in the
// user-data folder (`recent-files.json`); the list logic is pure, the store only reads and writes.
import { MAX_RECENT_ENTRIES } from './menuTemplate';
import { readJsonFile, writeJsonFile } from './settingsFile';

export const RECENT_FILES_NAME = 'recent-files.json';

interface RecentFilesFile {
  version: 1;
  paths: string[];
}

/**
 * The list after opening `opened` (in the order given, the first being the newest): those paths
 * first, then the earlier ones not among them; duplicates and empty strings dropped, at most `max`.
 */
export function addRecentPaths(current: readonly string[], opened: readonly string[], max = MAX_RECENT_ENTRIES): string[] {
  const result: string[] = [];
  const seen = new Set<string>();
  for (const path of [...opened, ...current]) {
    if (path === '' || seen.has(path)) continue;
    seen.add(path);
    result.push(path);
    if (result.length === max) break;
  }
  return result;
}

/** The paths of a stored file, tolerating anything: what is not a list of strings is dropped. */
export function parseRecentFiles(value: unknown, max = MAX_RECENT_ENTRIES): string[] {
  if (typeof value !== 'object' || value === null || !('paths' in value) || !Array.isArray(value.paths)) return [];
  const paths = (value.paths as unknown[]).filter((path): path is string => typeof path === 'string');
  return addRecentPaths([], paths, max);
}

/** The recent list of one user-data folder. */
export class RecentFilesStore {
  readonly #file: string;
  #paths: string[];

  constructor(file: string) {
    this.#file = file;
    this.#paths = parseRecentFiles(readJsonFile(file));
  }

  /** Newest first. */
  list(): readonly string[] {
    return this.#paths;
  }

  /** Puts `paths` at the top (the first newest) and saves; returns the new list. */
  add(paths: readonly string[]): readonly string[] {
    this.#paths = addRecentPaths(this.#paths, paths);
    this.#save();
    return this.#paths;
  }

  clear(): void {
    this.#paths = [];
    this.#save();
  }

  #save(): void {
    const stored: RecentFilesFile = { version: 1, paths: this.#paths };
    writeJsonFile(this.#file, stored);
  }
}
