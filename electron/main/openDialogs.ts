// File ▸ Open File…, Open Folder… and the Save dialog of designs: the native dialogs' options and
// what their result sends to the window. Electron appears only as types, so Node tests reach this.
import { basename, dirname, join } from 'node:path';
import type { OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
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

/**
 * Options for `dialog.showSaveDialog` when a design is saved for the first time or "as": the
 * name the design offers, in the folder of the newest recent entry.
 */
export function saveDialogOptions(fileName: string, recentPath?: string): SaveDialogOptions {
  const name = basename(fileName.trim()) || 'design.yaml';
  return {
    title: 'Save Design',
    buttonLabel: 'Save',
    defaultPath: recentPath !== undefined && recentPath !== '' ? join(dirname(recentPath), name) : name,
    filters: [
      { name: 'Designs (YAML)', extensions: ['yaml', 'yml'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
}

/** The command for the window after the Save dialog closed; undefined when it was cancelled. */
export function commandForSaveDialogResult(result: Pick<SaveDialogReturnValue, 'canceled' | 'filePath'>): (AppCommand & { type: 'save-to' }) | undefined {
  if (result.canceled || !result.filePath) return undefined;
  return { type: 'save-to', path: result.filePath };
}
