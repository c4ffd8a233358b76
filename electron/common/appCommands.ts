// Commands of the application's menus and shortcuts. In Electron the main process sends them to
// the window (menu clicks, native dialogs' results); in a browser the toolbar and the keyboard
// raise the same commands inside the page. The renderer handles each one in one place.

export type PanelName = 'inspector' | 'bottom';

export type AppCommand =
  | { type: 'new-design' }
  /** A new design holding what the open review shows (to change it, then export or push). */
  | { type: 'edit-as-design' }
  | { type: 'open-file' }
  | { type: 'open-folder' }
  /** Paths chosen in a native dialog, from Open Recent, or dropped on the window. */
  | { type: 'open-paths'; paths: string[] }
  | { type: 'open-sample' }
  | { type: 'save' }
  | { type: 'save-as' }
  /** Where the native Save dialog chose to save the design (Electron only). */
  | { type: 'save-to'; path: string }
  | { type: 'export' }
  /** Read a live cluster with kubectl and open it as a review. */
  | { type: 'import-cluster' }
  /** Push the open policies to a cluster (preview, confirmation, apply). */
  | { type: 'push-to-cluster' }
  | { type: 'close' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'fit' }
  | { type: 'zoom-in' }
  | { type: 'zoom-out' }
  | { type: 'relayout' }
  | { type: 'toggle-panel'; panel: PanelName }
  | { type: 'find' }
  | { type: 'show-shortcuts' }
  | { type: 'show-about' };

/** The IPC event name the main process sends commands on (one-way, main → window). */
export type AppCommandEvent = 'app:command';
export const APP_COMMAND_EVENT: AppCommandEvent = 'app:command';

/**
 * The one-way IPC event (window → main) asking for the native Save dialog, with the file name
 * to offer; the main process answers with a `save-to` command when the user chose a path.
 */
export type AppSavePathEvent = 'app:choose-save-path';
export const APP_SAVE_PATH_EVENT: AppSavePathEvent = 'app:choose-save-path';

/** Keyboard shortcuts, shown in Help and handled by the renderer (Mod = Ctrl, or Cmd on macOS). */
export const SHORTCUTS: readonly { keys: string; command: AppCommand['type']; description: string }[] = [
  { keys: 'Mod+O', command: 'open-file', description: 'Open file' },
  { keys: 'Mod+Shift+O', command: 'open-folder', description: 'Open folder' },
  { keys: 'Mod+S', command: 'save', description: 'Save' },
  { keys: 'Mod+Shift+S', command: 'save-as', description: 'Save as' },
  { keys: 'Mod+E', command: 'export', description: 'Export NetworkPolicies' },
  { keys: 'Mod+Z', command: 'undo', description: 'Undo' },
  { keys: 'Mod+Shift+Z', command: 'redo', description: 'Redo' },
  { keys: 'Mod+F', command: 'find', description: 'Find a workload' },
  { keys: 'Mod+0', command: 'fit', description: 'Fit the canvas to the window' },
  { keys: 'Mod+=', command: 'zoom-in', description: 'Zoom in' },
  { keys: 'Mod+-', command: 'zoom-out', description: 'Zoom out' },
  { keys: 'Mod+L', command: 'relayout', description: 'Re-layout the canvas' },
  { keys: 'Mod+I', command: 'toggle-panel', description: 'Show or hide the inspector' },
  { keys: 'Mod+J', command: 'toggle-panel', description: 'Show or hide the bottom panel' },
  { keys: 'F1', command: 'show-shortcuts', description: 'Keyboard shortcuts' },
];
