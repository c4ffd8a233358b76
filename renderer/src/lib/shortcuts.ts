// Keyboard shortcuts of the window: the renderer's copy of SHORTCUTS (electron/common/appCommands.ts)
// with each entry's full command, and the matching of key events against it. The renderer may
// import only types from electron/common, so the table is repeated here; shortcuts.test.ts
// checks that both tables stay the same.
import type { AppCommand } from '../../../electron/common/appCommands';

export interface Shortcut {
  /** As written in SHORTCUTS: `Mod+Shift+O`, `F1`. Mod is Ctrl, or Cmd on macOS. */
  keys: string;
  command: AppCommand;
  description: string;
}

export const SHORTCUT_TABLE: readonly Shortcut[] = [
  { keys: 'Mod+O', command: { type: 'open-file' }, description: 'Open file' },
  { keys: 'Mod+Shift+O', command: { type: 'open-folder' }, description: 'Open folder' },
  { keys: 'Mod+S', command: { type: 'save' }, description: 'Save' },
  { keys: 'Mod+Shift+S', command: { type: 'save-as' }, description: 'Save as' },
  { keys: 'Mod+E', command: { type: 'export' }, description: 'Export NetworkPolicies' },
  { keys: 'Mod+Z', command: { type: 'undo' }, description: 'Undo' },
  { keys: 'Mod+Shift+Z', command: { type: 'redo' }, description: 'Redo' },
  { keys: 'Mod+F', command: { type: 'find' }, description: 'Find a workload' },
  { keys: 'Mod+0', command: { type: 'fit' }, description: 'Fit the canvas to the window' },
  { keys: 'Mod+=', command: { type: 'zoom-in' }, description: 'Zoom in' },
  { keys: 'Mod+-', command: { type: 'zoom-out' }, description: 'Zoom out' },
  { keys: 'Mod+L', command: { type: 'relayout' }, description: 'Re-layout the canvas' },
  { keys: 'Mod+I', command: { type: 'toggle-panel', panel: 'inspector' }, description: 'Show or hide the inspector' },
  { keys: 'Mod+J', command: { type: 'toggle-panel', panel: 'bottom' }, description: 'Show or hide the bottom panel' },
  { keys: 'F1', command: { type: 'show-shortcuts' }, description: 'Keyboard shortcuts' },
];

export interface KeyChord {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  /** The key, lower-cased for letters: `o`, `0`, `=`, `f1`. */
  key: string;
}

/** Reads `Mod+Shift+O` into its parts. Throws on a modifier it does not know. */
export function parseShortcut(keys: string): KeyChord {
  // `Mod+-` and `Mod+=`: the last part is the key even when it is a sign.
  const parts = keys.split(/\+(?=.)/);
  const key = (parts.pop() ?? '').toLowerCase();
  const chord: KeyChord = { mod: false, shift: false, alt: false, key };
  for (const modifier of parts) {
    if (modifier === 'Mod') chord.mod = true;
    else if (modifier === 'Shift') chord.shift = true;
    else if (modifier === 'Alt') chord.alt = true;
    else throw new Error(`Unknown modifier "${modifier}" in shortcut "${keys}"`);
  }
  return chord;
}

/** The parts of a KeyboardEvent that shortcuts look at. */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The physical key of a chord's key, for layouts whose letters are not Latin. */
function codeOf(key: string): string | undefined {
  if (/^[a-z]$/.test(key)) return `Key${key.toUpperCase()}`;
  if (/^[0-9]$/.test(key)) return `Digit${key}`;
  if (key === '=') return 'Equal';
  if (key === '-') return 'Minus';
  return undefined;
}

function keyMatches(chord: KeyChord, press: KeyPress): boolean {
  const key = press.key.toLowerCase();
  if (key === chord.key) return true;
  // Zoom in is also Mod+Shift+= (the `+` key) and the keypad's +.
  if (chord.key === '=' && (key === '+' || press.code === 'NumpadAdd')) return true;
  if (chord.key === '-' && press.code === 'NumpadSubtract') return true;
  // Letters typed on a non-Latin layout: fall back to the physical key.
  return !/^[a-z0-9=+-]$/.test(key) && codeOf(chord.key) === press.code;
}

/** Whether a key press is the chord; on macOS Mod is Cmd, elsewhere Ctrl. */
export function chordMatches(chord: KeyChord, press: KeyPress, isMac: boolean): boolean {
  const mod = isMac ? press.metaKey : press.ctrlKey;
  const otherMod = isMac ? press.ctrlKey : press.metaKey;
  if (mod !== chord.mod || otherMod || press.altKey !== chord.alt) return false;
  // Shift is free for `=` (the + key needs Shift on many layouts).
  if (chord.key !== '=' && press.shiftKey !== chord.shift) return false;
  return keyMatches(chord, press);
}

const PARSED = SHORTCUT_TABLE.map((shortcut) => ({ shortcut, chord: parseShortcut(shortcut.keys) }));

/** The shortcut a key press triggers, if any. */
export function shortcutFor(press: KeyPress, isMac: boolean, table: readonly Shortcut[] = SHORTCUT_TABLE): Shortcut | undefined {
  const parsed = table === SHORTCUT_TABLE ? PARSED : table.map((shortcut) => ({ shortcut, chord: parseShortcut(shortcut.keys) }));
  return parsed.find(({ chord }) => chordMatches(chord, press, isMac))?.shortcut;
}

/** Commands that, inside a text field, belong to the field (its own undo, its own zoom keys). */
const FIELD_COMMANDS: ReadonlySet<AppCommand['type']> = new Set(['undo', 'redo']);

/** Whether a shortcut should be left to the focused text field instead. */
export function belongsToTextField(shortcut: Shortcut, inTextField: boolean): boolean {
  return inTextField && FIELD_COMMANDS.has(shortcut.command.type);
}

/** Shortcut keys as shown to the user on this platform: `Ctrl+Shift+O` or `⌘⇧O`. */
export function displayKeys(keys: string, isMac: boolean): string {
  const chord = parseShortcut(keys);
  const key = chord.key.toUpperCase();
  if (isMac) return `${chord.mod ? '⌘' : ''}${chord.alt ? '⌥' : ''}${chord.shift ? '⇧' : ''}${key}`;
  return [chord.mod ? 'Ctrl' : '', chord.alt ? 'Alt' : '', chord.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

/** Whether the page runs on macOS (Mod is Cmd there), from `navigator.userAgent` or `navigator.platform`. */
export function isMacPlatform(platformText: string): boolean {
  return /Mac|iPhone|iPad/.test(platformText);
}

/**
 * Commands whose keys the Electron main process takes itself: its menu shows the native open
 * dialogs and remembers the paths for Open Recent. In the Electron window the page leaves these
 * keys alone (a copy of COMMANDS_WITH_KEYS_IN_MAIN in electron/main/menuTemplate.ts; the tests
 * compare them).
 */
export const KEYS_TAKEN_BY_MAIN: ReadonlySet<AppCommand['type']> = new Set(['open-file', 'open-folder']);

/** Whether the page handles this shortcut, given whether an Electron main process is there. */
export function pageHandles(shortcut: Shortcut, inElectron: boolean): boolean {
  return !(inElectron && KEYS_TAKEN_BY_MAIN.has(shortcut.command.type));
}

/** Whether the page runs in the Electron window (the preload bridge delivers the menu's commands). */
export function inElectronWindow(global: object = globalThis): boolean {
  const bridge = (global as { netpolDesigner?: { onCommand?: unknown } }).netpolDesigner;
  return typeof bridge?.onCommand === 'function';
}

/** A button's title with its shortcut, when it has one: `Fit the canvas to the window (Ctrl+0)`. */
export function shortcutHint(text: string, command: AppCommand['type'], isMac: boolean): string {
  const shortcut = SHORTCUT_TABLE.find((candidate) => candidate.command.type === command);
  return shortcut ? `${text} (${displayKeys(shortcut.keys, isMac)})` : text;
}
