// File ▸ Open File… and Open Folder…: the native dialogs' options and what their result sends to
// the window. Electron appears only as types, so Node tests reach this.
import { dirname } from 'node:path';
import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { AppCommand } from '../common/appCommands';

export type OpenDialogKind = 'file' | 'folder';

/** The extensions the manifest reader opens (as electron/files reads folders). */
export const MANIFEST_EXTENSIONS: readonly string[] = ['yaml', 'yml', 'json'];

/**
 * Options for `dialog.showOpenDialog`. Windows and Linux cannot show one dialog for files and
 * folders together, hence two kinds. The dialog starts in the folder holding `recentPath`, the
 * newest recent entry.
 */
export function openDialogOptions(kind: OpenDialogKind, recentPath?: string): OpenDialogOptions {
  const options: OpenDialogOptions =
    kind === 'file'
      ? {
          title: 'Open Manifests or a Design',
          buttonLabel: 'Open',
          properties: ['openFile', 'multiSelections'],
          filters: [
            { name: 'Manifests and designs (YAML, JSON)', extensions: [...MANIFEST_EXTENSIONS] },
            { name: 'All files', extensions: ['*'] },
          ],
        }
      : {
          title: 'Open Folders of Manifests',
          buttonLabel: 'Open',
          properties: ['openDirectory', 'multiSelections'],
        };
  if (recentPath !== undefined && recentPath !== '') options.defaultPath = dirname(recentPath);
  return options;
}

/** The command for the window after the dialog closed; undefined when it was cancelled. */
export function commandForDialogResult(result: Pick<OpenDialogReturnValue, 'canceled' | 'filePaths'>): (AppCommand & { type: 'open-paths' }) | undefined {
  if (result.canceled || result.filePaths.length === 0) return undefined;
  return { type: 'open-paths', paths: [...result.filePaths] };
}
