import { describe, expect, it } from 'vitest';
import { SHORTCUTS, type AppCommand } from '../common/appCommands';
import { acceleratorFor, buildMenuTemplate, MAX_RECENT_ENTRIES, toAccelerator, toMenuItemOptions, type MenuEntry, type MenuTemplateInput } from './menuTemplate';

const base: MenuTemplateInput = { platform: 'linux', isPackaged: true, recentPaths: [], appName: 'NetPol Designer', homeDir: '/home/ada' };

function flatten(entries: readonly MenuEntry[]): MenuEntry[] {
  return entries.flatMap((entry) => (entry.kind === 'submenu' ? [entry, ...flatten(entry.items)] : [entry]));
}
function commandsOf(entries: readonly MenuEntry[]): { label: string; command: AppCommand; accelerator?: string }[] {
  return flatten(entries).flatMap((entry) => (entry.kind === 'command' ? [entry] : []));
}
function submenu(entries: readonly MenuEntry[], label: string): MenuEntry[] {
  const found = entries.find((entry) => entry.kind === 'submenu' && entry.label.replace('&', '') === label);
  if (found?.kind !== 'submenu') throw new Error(`no menu ${label}`);
  return found.items;
}
function key(command: AppCommand): string {
  return command.type === 'toggle-panel' ? `toggle-panel:${command.panel}` : command.type;
}

const menuCommands = [
  'new-design', 'edit-as-design', 'open-file', 'open-folder', 'save', 'save-as', 'export', 'import-cluster', 'push-to-cluster', 'close',
  'undo', 'redo', 'find',
  'fit', 'zoom-in', 'zoom-out', 'relayout', 'toggle-panel:inspector', 'toggle-panel:bottom',
  'show-shortcuts', 'show-about',
];

describe('buildMenuTemplate', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`offers every menu command exactly once on ${platform}`, () => {
      const commands = commandsOf(buildMenuTemplate({ ...base, platform })).map((entry) => key(entry.command));
      expect([...commands].sort()).toEqual([...menuCommands].sort());
    });
  }

  it('orders the menus: the app menu first on macOS only', () => {
    const labels = (input: MenuTemplateInput): string[] => buildMenuTemplate(input).map((entry) => (entry.kind === 'submenu' ? entry.label : '?'));
    expect(labels(base)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(labels({ ...base, platform: 'darwin' })).toEqual(['NetPol Designer', '&File', '&Edit', '&View', 'Window', '&Help']);
    const appMenu = buildMenuTemplate({ ...base, platform: 'darwin' })[0];
    expect(appMenu?.kind === 'submenu' && appMenu.items.some((entry) => entry.kind === 'role' && entry.role === 'quit')).toBe(true);
  });

  it('lists the File menu in order, with Quit at its end except on macOS', () => {
    const labels = (platform: NodeJS.Platform): string[] =>
      submenu(buildMenuTemplate({ ...base, platform }), 'File').map((entry) => (entry.kind === 'role' ? `role:${entry.role}` : entry.kind === 'separator' ? '-' : 'label' in entry ? entry.label : '?'));
    expect(labels('linux')).toEqual(['New Design', 'Edit as Design', 'Open File…', 'Open Folder…', 'Open Recent', '-', 'Save', 'Save As…', 'Export…', '-', 'Import from Cluster…', 'Push to Cluster…', '-', 'Close', '-', 'role:quit']);
    expect(labels('darwin')).toEqual(['New Design', 'Edit as Design', 'Open File…', 'Open Folder…', 'Open Recent', '-', 'Save', 'Save As…', 'Export…', '-', 'Import from Cluster…', 'Push to Cluster…', '-', 'Close']);
  });

  it('keeps the standard editing roles so text fields cut, copy, paste and select all', () => {
    const roles = submenu(buildMenuTemplate(base), 'Edit').flatMap((entry) => (entry.kind === 'role' ? [entry.role] : []));
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll']));
  });

  it('offers the developer tools only when not packaged', () => {
    const hasDevTools = (isPackaged: boolean): boolean => flatten(buildMenuTemplate({ ...base, isPackaged })).some((entry) => entry.kind === 'role' && entry.role === 'toggleDevTools');
    expect(hasDevTools(true)).toBe(false);
    expect(hasDevTools(false)).toBe(true);
  });

  it('uses the accelerators of SHORTCUTS, with CmdOrCtrl for Mod', () => {
    const entries = commandsOf(buildMenuTemplate(base));
    for (const shortcut of SHORTCUTS) {
      const matching = entries.filter((entry) => entry.command.type === shortcut.command && entry.accelerator === toAccelerator(shortcut.keys));
      expect(matching, `${shortcut.keys} ${shortcut.description}`).toHaveLength(1);
    }
    const byKey = new Map(entries.map((entry) => [key(entry.command), entry.accelerator]));
    expect(byKey.get('open-file')).toBe('CmdOrCtrl+O');
    expect(byKey.get('redo')).toBe('CmdOrCtrl+Shift+Z');
    expect(byKey.get('zoom-in')).toBe('CmdOrCtrl+=');
    expect(byKey.get('zoom-out')).toBe('CmdOrCtrl+-');
    expect(byKey.get('toggle-panel:inspector')).toBe('CmdOrCtrl+I');
    expect(byKey.get('toggle-panel:bottom')).toBe('CmdOrCtrl+J');
    expect(byKey.get('show-shortcuts')).toBe('F1');
    expect(byKey.get('new-design')).toBeUndefined();
    // every accelerator shown comes from SHORTCUTS
    for (const entry of entries) if (entry.accelerator !== undefined) expect(SHORTCUTS.map((shortcut) => toAccelerator(shortcut.keys))).toContain(entry.accelerator);
  });

  it('shows up to ten recent entries, newest first, then Clear', () => {
    const paths = Array.from({ length: 12 }, (_, index) => `/home/ada/manifests/policy-${index}.yaml`);
    const recent = submenu(submenu(buildMenuTemplate({ ...base, recentPaths: paths }), 'File'), 'Open Recent');
    const opens = recent.filter((entry) => entry.kind === 'command');
    expect(opens).toHaveLength(MAX_RECENT_ENTRIES);
    expect(opens[0]).toMatchObject({ label: '~/manifests/policy-0.yaml', command: { type: 'open-paths', paths: ['/home/ada/manifests/policy-0.yaml'] } });
    expect(opens[9]).toMatchObject({ command: { type: 'open-paths', paths: [paths[9]] } });
    expect(recent.at(-2)).toEqual({ kind: 'separator' });
    expect(recent.at(-1)).toEqual({ kind: 'action', label: 'Clear Recently Opened', action: 'clear-recent', enabled: true });
  });

  it('says when there is nothing recent and greys out Clear', () => {
    const recent = submenu(submenu(buildMenuTemplate(base), 'File'), 'Open Recent');
    expect(recent).toEqual([{ kind: 'note', label: 'No Recent Files' }, { kind: 'separator' }, { kind: 'action', label: 'Clear Recently Opened', action: 'clear-recent', enabled: false }]);
  });

  it('shows recent paths literally: ampersands escaped, Windows paths without ~', () => {
    const recent = (input: MenuTemplateInput): string[] => commandsOf(submenu(submenu(buildMenuTemplate(input), 'File'), 'Open Recent')).map((entry) => entry.label);
    expect(recent({ ...base, recentPaths: ['/srv/a&b.yaml', '/home/ada2/x.yaml', '/home/ada'] })).toEqual(['/srv/a&&b.yaml', '/home/ada2/x.yaml', '~']);
    expect(recent({ ...base, platform: 'win32', homeDir: 'C:\\Users\\ada', recentPaths: ['C:\\Users\\ada\\p.yaml'] })).toEqual(['C:\\Users\\ada\\p.yaml']);
  });
});

describe('accelerators', () => {
  it('converts SHORTCUTS keys to Electron accelerators', () => {
    expect(toAccelerator('Mod+Shift+S')).toBe('CmdOrCtrl+Shift+S');
    expect(toAccelerator('Mod+0')).toBe('CmdOrCtrl+0');
    expect(toAccelerator('Mod++')).toBe('CmdOrCtrl+Plus');
    expect(toAccelerator('F1')).toBe('F1');
  });

  it('finds one shortcut for each panel toggle', () => {
    expect(acceleratorFor({ type: 'toggle-panel', panel: 'inspector' })).toBe('CmdOrCtrl+I');
    expect(acceleratorFor({ type: 'toggle-panel', panel: 'bottom' })).toBe('CmdOrCtrl+J');
    expect(acceleratorFor({ type: 'open-paths', paths: [] })).toBeUndefined();
  });
});

describe('toMenuItemOptions', () => {
  it('wires commands and actions to the handlers; registers only the keys of the native open dialogs', () => {
    const sent: AppCommand[] = [];
    const actions: string[] = [];
    const options = toMenuItemOptions(buildMenuTemplate({ ...base, recentPaths: ['/srv/a.yaml'] }), { command: (command) => sent.push(command), action: (action) => actions.push(action) });
    const file = options[0];
    expect(file?.label).toBe('&File');
    const items = Array.isArray(file?.submenu) ? file.submenu : [];
    const open = items.find((item) => item.label === 'Open File…');
    expect(open).toMatchObject({ accelerator: 'CmdOrCtrl+O', registerAccelerator: true });
    expect(items.find((item) => item.label === 'Open Folder…')).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+O', registerAccelerator: true });
    expect(items.find((item) => item.label === 'Save')).toMatchObject({ accelerator: 'CmdOrCtrl+S', registerAccelerator: false });
    expect(items.find((item) => item.label === 'New Design')).not.toHaveProperty('registerAccelerator');
    open?.click?.(undefined as never, undefined, undefined as never);
    const recentItems = items.find((item) => item.label === 'Open Recent')?.submenu;
    const recent = Array.isArray(recentItems) ? recentItems : [];
    recent[0]?.click?.(undefined as never, undefined, undefined as never);
    recent.at(-1)?.click?.(undefined as never, undefined, undefined as never);
    expect(sent).toEqual([{ type: 'open-file' }, { type: 'open-paths', paths: ['/srv/a.yaml'] }]);
    expect(actions).toEqual(['clear-recent']);
    const help = options.at(-1);
    expect(help).toMatchObject({ label: '&Help', role: 'help' });
    expect(items.find((item) => item.role === 'quit')).toEqual({ role: 'quit' });
  });
});
