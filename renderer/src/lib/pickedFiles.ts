// Files the page reads itself (file picker, folder picker, drag-and-drop) turned into the texts
// that `review:openTexts` takes, with their paths relative to what was picked.
import type { ReviewFile } from '../../../electron/common/review';

/** A file chosen or dropped, with its path relative to the chosen folder (or its bare name). */
export interface PickedFile {
  path: string;
  text(): Promise<string>;
}

const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

/** Whether a path names a manifest file (what folders are searched for, as on the command line). */
export function isManifestPath(path: string): boolean {
  return MANIFEST_EXTENSIONS.test(path);
}

/** The files of a pick that are opened: every file chosen one by one; in folders, manifests only. */
export function manifestsOf(picked: readonly PickedFile[], fromFolder: boolean): PickedFile[] {
  const chosen = fromFolder ? picked.filter((file) => isManifestPath(file.path)) : [...picked];
  return chosen.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** What the review is called: the file's name, the folder's name, or `N files`. */
export function titleForPaths(paths: readonly string[]): string {
  if (paths.length === 1) return paths[0] as string;
  const firstFolders = new Set(paths.map((path) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : '')));
  const [folder] = firstFolders;
  if (firstFolders.size === 1 && folder) return folder;
  return `${paths.length} files`;
}

/** The texts of picked files, for `review:openTexts`. */
export async function readPicked(picked: readonly PickedFile[]): Promise<ReviewFile[]> {
  return Promise.all(picked.map(async (file) => ({ path: file.path, text: await file.text() })));
}

/** Files of an `<input type=file>` (with `webkitdirectory`, each knows its path in the folder). */
export function pickedFromFileList(files: FileList | readonly File[]): PickedFile[] {
  return [...files].map((file) => ({ path: file.webkitRelativePath || file.name, text: () => file.text() }));
}

function fileOfEntry(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function entriesOfDirectory(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries answers in batches until it answers with none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function collectEntry(entry: FileSystemEntry, into: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await fileOfEntry(entry as FileSystemFileEntry);
    into.push({ path: entry.fullPath.replace(/^\//, ''), text: () => file.text() });
  } else if (entry.isDirectory) {
    for (const child of await entriesOfDirectory(entry as FileSystemDirectoryEntry)) await collectEntry(child, into);
  }
}

/**
 * What was dropped on the window: files as they are, folders searched for manifests. Call it
 * inside the drop event: the browser empties the DataTransfer when the event ends.
 */
export function pickedFromDrop(transfer: DataTransfer): { containsFolder: boolean; files: Promise<PickedFile[]> } {
  const entries = [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return { containsFolder: false, files: Promise.resolve(pickedFromFileList(transfer.files)) };
  const containsFolder = entries.some((entry) => entry.isDirectory);
  const files = (async () => {
    const collected: PickedFile[] = [];
    for (const entry of entries) await collectEntry(entry, collected);
    return collected;
  })();
  return { containsFolder, files };
}
