// The application menus as plain data: a pure function of the platform, the packaging state and
// the recent-files list, so Node tests check every item without Electron. main.ts turns the
// entries into Electron menu items with `toMenuItemOptions`, wiring clicks to its dispatcher.
//
// Shortcut keys belong to the renderer (SHORTCUTS: "handled by the renderer"), which also runs
// in a browser. The menus show them but do not register them on Windows and Linux
// (`registerAccelerator: false`), so a key reaches the page, and Ctrl+Z in a text field stays the
// field's own undo. Two keys are the exception: Open File… and Open Folder… show the native
// dialog here, in the main process (the page alone could only show the browser's picker, and
// the recent list would not learn the paths), so their accelerators are registered.
// On macOS Electron cannot unregister a key equivalent; there the page sees every key first, and
// a menu item fires only when the page leaves the key unhandled (no preventDefault).
import type { MenuItemConstructorOptions } from 'electron';
import { SHORTCUTS, type AppCommand, type PanelName } from '../common/appCommands';

/** How many recent files and folders the menu lists (and the store keeps). */
export const MAX_RECENT_ENTRIES = 10;

/** Actions the main process carries out itself; they reach no window. */
export type MainAction = 'clear-recent';

/** Standard Electron roles the menus use (text editing, window handling, macOS app menu). */
export type StandardRole =
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'toggleDevTools'
  | 'togglefullscreen'
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'close';

export type MenuEntry =
  /**
   * Sends `command` (Open File… and Open Folder… first show a dialog in the main process).
   * `accelerator` is shown; it is registered only when `acceleratorInMain`.
   */
  | { kind: 'command'; label: string; command: AppCommand; accelerator?: string; acceleratorInMain?: boolean }
  | { kind: 'action'; label: string; action: MainAction; enabled: boolean }
  | { kind: 'role'; role: StandardRole }
  /** A greyed-out line of text, e.g. "No Recent Files". */
  | { kind: 'note'; label: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; label: string; items: MenuEntry[]; role?: 'windowMenu' | 'help' };

export interface MenuTemplateInput {
  platform: NodeJS.Platform;
  /** `app.isPackaged`: the developer tools item is offered only when false. */
  isPackaged: boolean;
  /** Newest first; more than MAX_RECENT_ENTRIES are cut. */
  recentPaths: readonly string[];
  /** The product name shown in the macOS app menu. */
  appName: string;
  /** The user's home folder, shown as `~` in recent entries on macOS and Linux. */
  homeDir?: string;
}

/** The top-level menus, in order. */
export function buildMenuTemplate(input: MenuTemplateInput): MenuEntry[] {
  const mac = input.platform === 'darwin';
  const menus: MenuEntry[] = [];
  if (mac) menus.push(appMenu(input.appName));
  menus.push(fileMenu(input), editMenu(mac), viewMenu(input.isPackaged));
  if (mac) menus.push({ kind: 'submenu', label: 'Window', role: 'windowMenu', items: [{ kind: 'role', role: 'minimize' }, { kind: 'role', role: 'zoom' }, { kind: 'separator' }, { kind: 'role', role: 'front' }] });
  menus.push(helpMenu(mac));
  return menus;
}

function appMenu(appName: string): MenuEntry {
  return {
    kind: 'submenu',
    label: appName,
    items: [
      command(`About ${appName}`, { type: 'show-about' }),
      { kind: 'separator' },
      { kind: 'role', role: 'services' },
      { kind: 'separator' },
      { kind: 'role', role: 'hide' },
      { kind: 'role', role: 'hideOthers' },
      { kind: 'role', role: 'unhide' },
      { kind: 'separator' },
      { kind: 'role', role: 'quit' },
    ],
  };
}

function fileMenu(input: MenuTemplateInput): MenuEntry {
  const items: MenuEntry[] = [
    command('New Design', { type: 'new-design' }),
    command('Edit as Design', { type: 'edit-as-design' }),
    command('Open File…', { type: 'open-file' }),
    command('Open Folder…', { type: 'open-folder' }),
    { kind: 'submenu', label: 'Open Recent', items: recentMenu(input) },
    { kind: 'separator' },
    command('Save', { type: 'save' }),
    command('Save As…', { type: 'save-as' }),
    command('Export…', { type: 'export' }),
    { kind: 'separator' },
    command('Import from Cluster…', { type: 'import-cluster' }),
    command('Push to Cluster…', { type: 'push-to-cluster' }),
    { kind: 'separator' },
    command('Close', { type: 'close' }),
  ];
  if (input.platform !== 'darwin') items.push({ kind: 'separator' }, { kind: 'role', role: 'quit' });
  return { kind: 'submenu', label: '&File', items };
}

function recentMenu(input: MenuTemplateInput): MenuEntry[] {
  const recent = input.recentPaths.slice(0, MAX_RECENT_ENTRIES);
  const entries: MenuEntry[] = recent.length === 0 ? [{ kind: 'note', label: 'No Recent Files' }] : recent.map((path) => command(escapeMnemonics(displayPath(path, input)), { type: 'open-paths', paths: [path] }));
  entries.push({ kind: 'separator' }, { kind: 'action', label: 'Clear Recently Opened', action: 'clear-recent', enabled: recent.length > 0 });
  return entries;
}

function editMenu(mac: boolean): MenuEntry {
  const items: MenuEntry[] = [
    command('Undo', { type: 'undo' }),
    command('Redo', { type: 'redo' }),
    { kind: 'separator' },
    { kind: 'role', role: 'cut' },
    { kind: 'role', role: 'copy' },
    { kind: 'role', role: 'paste' },
  ];
  if (mac) items.push({ kind: 'role', role: 'pasteAndMatchStyle' });
  items.push({ kind: 'role', role: 'delete' }, { kind: 'role', role: 'selectAll' }, { kind: 'separator' }, command('Find Workload…', { type: 'find' }));
  return { kind: 'submenu', label: '&Edit', items };
}

function viewMenu(isPackaged: boolean): MenuEntry {
  const items: MenuEntry[] = [
    command('Fit', { type: 'fit' }),
    command('Zoom In', { type: 'zoom-in' }),
    command('Zoom Out', { type: 'zoom-out' }),
    command('Re-layout', { type: 'relayout' }),
    { kind: 'separator' },
    command('Toggle Inspector', { type: 'toggle-panel', panel: 'inspector' }),
    command('Toggle Bottom Panel', { type: 'toggle-panel', panel: 'bottom' }),
    { kind: 'separator' },
    { kind: 'role', role: 'togglefullscreen' },
  ];
  if (!isPackaged) items.push({ kind: 'role', role: 'toggleDevTools' });
  return { kind: 'submenu', label: '&View', items };
}

function helpMenu(mac: boolean): MenuEntry {
  const items: MenuEntry[] = [command('Keyboard Shortcuts', { type: 'show-shortcuts' })];
  // macOS has About in the app menu.
  if (!mac) items.push({ kind: 'separator' }, command('About NetPol Designer', { type: 'show-about' }));
  return { kind: 'submenu', label: '&Help', role: 'help', items };
}

/** Commands whose keys the main process takes: they open a native dialog (see the header). */
export const COMMANDS_WITH_KEYS_IN_MAIN: readonly AppCommand['type'][] = ['open-file', 'open-folder'];

function command(label: string, appCommand: AppCommand): MenuEntry {
  const accelerator = acceleratorFor(appCommand);
  if (accelerator === undefined) return { kind: 'command', label, command: appCommand };
  return { kind: 'command', label, command: appCommand, accelerator, acceleratorInMain: COMMANDS_WITH_KEYS_IN_MAIN.includes(appCommand.type) };
}

// SHORTCUTS names a command by its type only; the two panel toggles share one type and are told
// apart by their descriptions.
const PANEL_WORDS: Readonly<Record<PanelName, string>> = { inspector: 'inspector', bottom: 'bottom panel' };

/** The shortcut of SHORTCUTS for a command, as an Electron accelerator; undefined when it has none. */
export function acceleratorFor(appCommand: AppCommand): string | undefined {
  const shortcut = SHORTCUTS.find((entry) => entry.command === appCommand.type && (appCommand.type !== 'toggle-panel' || entry.description.toLowerCase().includes(PANEL_WORDS[appCommand.panel])));
  return shortcut && toAccelerator(shortcut.keys);
}

/** `Mod+Shift+O` → `CmdOrCtrl+Shift+O`; `Mod++` → `CmdOrCtrl+Plus` (Electron spells a plus key `Plus`). */
export function toAccelerator(keys: string): string {
  const parts = keys.endsWith('++') ? [...keys.slice(0, -2).split('+'), 'Plus'] : keys.split('+');
  return parts.map((part) => (part === 'Mod' ? 'CmdOrCtrl' : part)).join('+');
}

/** Menus read a single `&` as a mnemonic marker; `&&` shows one ampersand. */
function escapeMnemonics(label: string): string {
  return label.replaceAll('&', '&&');
}

function displayPath(path: string, input: MenuTemplateInput): string {
  const home = input.homeDir;
  if (input.platform === 'win32' || !home || home === '/') return path;
  if (path === home) return '~';
  return path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

export interface MenuHandlers {
  command(command: AppCommand): void;
  action(action: MainAction): void;
}

/**
 * Electron menu item options for the entries, clicks wired to `handlers`. Only types come from
 * Electron, so this runs in Node tests too.
 */
export function toMenuItemOptions(entries: readonly MenuEntry[], handlers: MenuHandlers): MenuItemConstructorOptions[] {
  return entries.map((entry): MenuItemConstructorOptions => {
    switch (entry.kind) {
      case 'command': {
        const options: MenuItemConstructorOptions = { label: entry.label, click: () => handlers.command(entry.command) };
        if (entry.accelerator !== undefined) {
          options.accelerator = entry.accelerator;
          options.registerAccelerator = entry.acceleratorInMain === true;
        }
        return options;
      }
      case 'action':
        return { label: entry.label, enabled: entry.enabled, click: () => handlers.action(entry.action) };
      case 'role':
        return { role: entry.role };
      case 'note':
        return { label: entry.label, enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'submenu': {
        const options: MenuItemConstructorOptions = { label: entry.label, submenu: toMenuItemOptions(entry.items, handlers) };
        if (entry.role !== undefined) options.role = entry.role;
        return options;
      }
    }
  });
}
