import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../../../electron/common/appCommands';
import { COMMANDS_WITH_KEYS_IN_MAIN } from '../../../electron/main/menuTemplate';
import {
  belongsToTextField,
  chordMatches,
  displayKeys,
  inElectronWindow,
  isMacPlatform,
  KEYS_TAKEN_BY_MAIN,
  type KeyPress,
  pageHandles,
  parseShortcut,
  SHORTCUT_TABLE,
  shortcutFor,
  shortcutHint,
} from './shortcuts';

function press(key: string, modifiers: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress {
  return { key, code: modifiers.code ?? '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...modifiers };
}

describe('the renderer copy of SHORTCUTS', () => {
  it('has the same keys, commands and descriptions as electron/common/appCommands.ts', () => {
    expect(SHORTCUT_TABLE.map(({ keys, command, description }) => ({ keys, command: command.type, description }))).toEqual([...SHORTCUTS]);
  });

  it('toggles the inspector with Mod+I and the bottom panel with Mod+J', () => {
    expect(SHORTCUT_TABLE.find((shortcut) => shortcut.keys === 'Mod+I')?.command).toEqual({ type: 'toggle-panel', panel: 'inspector' });
    expect(SHORTCUT_TABLE.find((shortcut) => shortcut.keys === 'Mod+J')?.command).toEqual({ type: 'toggle-panel', panel: 'bottom' });
  });
});

describe('parseShortcut', () => {
  it('reads modifiers and the key', () => {
    expect(parseShortcut('Mod+Shift+O')).toEqual({ mod: true, shift: true, alt: false, key: 'o' });
    expect(parseShortcut('F1')).toEqual({ mod: false, shift: false, alt: false, key: 'f1' });
  });

  it('keeps a sign as the key', () => {
    expect(parseShortcut('Mod+-').key).toBe('-');
    expect(parseShortcut('Mod+=').key).toBe('=');
  });

  it('refuses an unknown modifier', () => {
    expect(() => parseShortcut('Hyper+K')).toThrow(/Unknown modifier "Hyper"/);
  });
});

describe('shortcutFor', () => {
  it('uses Ctrl off macOS and Cmd on macOS', () => {
    expect(shortcutFor(press('o', { ctrlKey: true }), false)?.command).toEqual({ type: 'open-file' });
    expect(shortcutFor(press('o', { metaKey: true }), false)).toBeUndefined();
    expect(shortcutFor(press('o', { metaKey: true }), true)?.command).toEqual({ type: 'open-file' });
    expect(shortcutFor(press('o', { ctrlKey: true }), true)).toBeUndefined();
  });

  it('tells Shift apart', () => {
    expect(shortcutFor(press('O', { ctrlKey: true, shiftKey: true }), false)?.command.type).toBe('open-folder');
    expect(shortcutFor(press('z', { ctrlKey: true }), false)?.command.type).toBe('undo');
    expect(shortcutFor(press('Z', { ctrlKey: true, shiftKey: true }), false)?.command.type).toBe('redo');
  });

  it('zooms in with = or + (with or without Shift) and out with -', () => {
    expect(shortcutFor(press('=', { ctrlKey: true }), false)?.command.type).toBe('zoom-in');
    expect(shortcutFor(press('+', { ctrlKey: true, shiftKey: true }), false)?.command.type).toBe('zoom-in');
    expect(shortcutFor(press('+', { ctrlKey: true, code: 'NumpadAdd' }), false)?.command.type).toBe('zoom-in');
    expect(shortcutFor(press('-', { ctrlKey: true }), false)?.command.type).toBe('zoom-out');
  });

  it('takes F1 without a modifier, and nothing with an extra Alt', () => {
    expect(shortcutFor(press('F1'), false)?.command.type).toBe('show-shortcuts');
    expect(shortcutFor(press('o', { ctrlKey: true, altKey: true }), false)).toBeUndefined();
    expect(shortcutFor(press('o'), false)).toBeUndefined();
  });

  it('falls back to the physical key on a non-Latin layout', () => {
    expect(shortcutFor(press('щ', { ctrlKey: true, code: 'KeyO' }), false)?.command.type).toBe('open-file');
    expect(chordMatches(parseShortcut('Mod+F'), press('а', { ctrlKey: true, code: 'KeyF' }), false)).toBe(true);
  });
});

describe('shortcuts and text fields', () => {
  it('leaves undo and redo to a focused text field, and takes the others', () => {
    const undo = SHORTCUT_TABLE.find((shortcut) => shortcut.command.type === 'undo');
    const find = SHORTCUT_TABLE.find((shortcut) => shortcut.command.type === 'find');
    expect(undo && belongsToTextField(undo, true)).toBe(true);
    expect(undo && belongsToTextField(undo, false)).toBe(false);
    expect(find && belongsToTextField(find, true)).toBe(false);
  });
});

describe('displayKeys and isMacPlatform', () => {
  it('writes shortcuts for the platform', () => {
    expect(displayKeys('Mod+Shift+O', false)).toBe('Ctrl+Shift+O');
    expect(displayKeys('Mod+Shift+O', true)).toBe('⌘⇧O');
    expect(displayKeys('F1', false)).toBe('F1');
  });

  it('recognises macOS', () => {
    expect(isMacPlatform('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)')).toBe(true);
    expect(isMacPlatform('Mozilla/5.0 (X11; Linux x86_64)')).toBe(false);
  });
});

describe('keys the Electron main process takes', () => {
  it('are the same as electron/main/menuTemplate.ts registers', () => {
    expect([...KEYS_TAKEN_BY_MAIN].sort()).toEqual([...COMMANDS_WITH_KEYS_IN_MAIN].sort());
  });

  it('are left alone by the page in Electron only', () => {
    const open = SHORTCUT_TABLE.find((shortcut) => shortcut.command.type === 'open-file');
    const fit = SHORTCUT_TABLE.find((shortcut) => shortcut.command.type === 'fit');
    expect(open && pageHandles(open, true)).toBe(false);
    expect(open && pageHandles(open, false)).toBe(true);
    expect(fit && pageHandles(fit, true)).toBe(true);
  });

  it('knows the Electron window by the bridge\'s onCommand', () => {
    expect(inElectronWindow({ netpolDesigner: { onCommand: () => () => {} } })).toBe(true);
    expect(inElectronWindow({ netpolDesigner: {} })).toBe(false);
    expect(inElectronWindow({})).toBe(false);
  });
});

describe('shortcutHint', () => {
  it('adds the shortcut of a command in the platform\'s words, and nothing for a command without one', () => {
    expect(shortcutHint('Fit the canvas to the window', 'fit', false)).toBe('Fit the canvas to the window (Ctrl+0)');
    expect(shortcutHint('Fit the canvas to the window', 'fit', true)).toBe(`Fit the canvas to the window (${displayKeys('Mod+0', true)})`);
    expect(shortcutHint('Import a cluster', 'import-cluster', false)).toBe('Import a cluster');
  });
});
