// Runs main.ts against an in-memory stand-in for the `electron` module (no Electron binary exists
// on our machines). It checks the wiring only: menu clicks, dialogs, commands sent, the dirty
// flag and the close prompt, the saved window place. The stand-in follows Electron's documented
// API as far as main.ts uses it; it cannot prove Electron behaves so (the Playwright `_electron`
// smoke test does that where a binary exists).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

interface FakeMenuItem {
  label?: string;
  role?: string;
  submenu?: FakeMenuItem[];
  click?: () => void;
}

const fake = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const state = {
    userData: '',
    windows: [] as FakeWindow[],
    focused: undefined as FakeWindow | undefined,
    menu: undefined as FakeMenuItem[] | undefined,
    nextContentsId: 1,
    resolveReady: (): void => undefined,
  };

  class FakeWebContents extends Emitter {
    readonly id = state.nextContentsId++;
    readonly sent: unknown[][] = [];
    readonly session = { setPermissionRequestHandler: vi.fn() };
    send(channel: string, ...args: unknown[]): void {
      this.sent.push([channel, ...args]);
    }
    isLoading(): boolean {
      return false;
    }
    setWindowOpenHandler = vi.fn();
  }

  class FakeWindow extends Emitter {
    static getAllWindows(): FakeWindow[] {
      return state.windows.filter((window) => !window.destroyed);
    }
    static getFocusedWindow(): FakeWindow | null {
      return state.focused && !state.focused.destroyed ? state.focused : null;
    }
    static fromWebContents(contents: unknown): FakeWindow | null {
      return state.windows.find((window) => window.webContents === contents) ?? null;
    }
    readonly webContents = new FakeWebContents();
    destroyed = false;
    maximized = false;
    documentEdited = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      state.windows.push(this);
      state.focused = this;
    }
    loadFile(): Promise<void> {
      return Promise.resolve();
    }
    show(): void {}
    maximize(): void {
      this.maximized = true;
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    setDocumentEdited(edited: boolean): void {
      this.documentEdited = edited;
    }
    getNormalBounds(): Record<string, number> {
      const { x = 0, y = 0, width, height } = this.options as Record<string, number>;
      return { x, y, width: width ?? 0, height: height ?? 0 };
    }
    /** Like Electron: emits `close` (cancellable), then `closed` unless cancelled. */
    close(): void {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (prevented) return;
      this.destroyed = true;
      this.emit('closed');
    }
  }

  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    getAppPath: () => '/opt/netpol',
    getPath: (name: string) => (name === 'userData' ? state.userData : `/tmp/${name}`),
    isReady: () => true,
    whenReady: () => new Promise<void>((resolve) => (state.resolveReady = resolve)),
    quit: vi.fn(),
    exit: vi.fn(),
    addRecentDocument: vi.fn(),
    clearRecentDocuments: vi.fn(),
  });
  const ipcMain = Object.assign(new Emitter(), { handle: vi.fn(), removeHandler: vi.fn() });
  const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn() };
  const primary = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
  const screen = { getPrimaryDisplay: () => primary, getAllDisplays: () => [primary] };
  const Menu = {
    buildFromTemplate: (template: FakeMenuItem[]) => template,
    setApplicationMenu: (menu: FakeMenuItem[]) => (state.menu = menu),
  };
  return { state, electron: { app, ipcMain, dialog, screen, Menu, BrowserWindow: FakeWindow }, FakeWindow };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

type FakeWindow = InstanceType<typeof fake.FakeWindow>;

const indexUrl = pathToFileURL('/opt/netpol/dist/renderer/index.html').href;

async function flush(): Promise<void> {
  for (let round = 0; round < 5; round += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Loads main.ts afresh and lets the app become ready; returns the window it opened. */
async function start(): Promise<FakeWindow> {
  vi.resetModules();
  await import('./main');
  fake.state.resolveReady();
  await flush();
  const window = fake.state.windows.at(-1);
  if (!window) throw new Error('no window opened');
  return window;
}

function menuItem(path: string[]): FakeMenuItem {
  let items = fake.state.menu ?? [];
  let found: FakeMenuItem | undefined;
  for (const label of path) {
    found = items.find((item) => item.label?.replace('&', '') === label);
    if (!found) throw new Error(`no menu item ${path.join(' > ')}`);
    items = found.submenu ?? [];
  }
  return found as FakeMenuItem;
}

function sendDirty(window: FakeWindow, dirty: unknown, url = indexUrl): void {
  fake.electron.ipcMain.emit('app:dirty', { senderFrame: { url, parent: null }, sender: window.webContents }, dirty);
}

describe('main process wiring', () => {
  beforeEach(() => {
    fake.state.userData = mkdtempSync(join(tmpdir(), 'netpol-main-'));
    fake.state.windows = [];
    fake.state.focused = undefined;
    fake.state.menu = undefined;
    fake.electron.app.removeAllListeners();
    fake.electron.ipcMain.removeAllListeners();
    vi.clearAllMocks();
  });
  afterEach(() => rmSync(fake.state.userData, { recursive: true, force: true }));

  it('opens one secure window, registers every channel and sets the menus', async () => {
    const window = await start();
    expect(window.options).toMatchObject({ width: 1280, height: 800, x: 320, y: 140, show: false });
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/opt/netpol/dist/main/preload.cjs' });
    expect(fake.electron.ipcMain.handle).toHaveBeenCalledWith('app:info', expect.any(Function));
    expect((fake.state.menu ?? []).map((item) => item.label)).toEqual(process.platform === 'darwin' ? ['NetPol Designer', '&File', '&Edit', '&View', 'Window', '&Help'] : ['&File', '&Edit', '&View', '&Help']);
  });

  it('sends a menu command to the focused window', async () => {
    const window = await start();
    menuItem(['View', 'Toggle Inspector']).click?.();
    await flush();
    expect(window.webContents.sent).toEqual([['app:command', { type: 'toggle-panel', panel: 'inspector' }]]);
  });

  it('Open File… shows the dialog, sends the chosen paths and remembers them in Open Recent', async () => {
    const window = await start();
    fake.electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: ['/m/a.yaml', '/m/b.yaml'] });
    menuItem(['File', 'Open File…']).click?.();
    await flush();
    expect(fake.electron.dialog.showOpenDialog).toHaveBeenCalledWith(window, expect.objectContaining({ properties: ['openFile', 'multiSelections'] }));
    expect(window.webContents.sent).toEqual([['app:command', { type: 'open-paths', paths: ['/m/a.yaml', '/m/b.yaml'] }]]);
    expect(fake.electron.app.addRecentDocument).toHaveBeenCalledWith('/m/a.yaml');
    expect(JSON.parse(readFileSync(join(fake.state.userData, 'recent-files.json'), 'utf8'))).toEqual({ version: 1, paths: ['/m/a.yaml', '/m/b.yaml'] });
    expect(menuItem(['File', 'Open Recent', '/m/a.yaml'])).toBeDefined();

    // a recent entry opens again; Clear empties the list
    menuItem(['File', 'Open Recent', '/m/b.yaml']).click?.();
    await flush();
    expect(window.webContents.sent.at(-1)).toEqual(['app:command', { type: 'open-paths', paths: ['/m/b.yaml'] }]);
    menuItem(['File', 'Open Recent', 'Clear Recently Opened']).click?.();
    expect(fake.electron.app.clearRecentDocuments).toHaveBeenCalled();
    expect(menuItem(['File', 'Open Recent', 'No Recent Files'])).toBeDefined();
  });

  it('asks for the Save dialog on the window\'s request and sends the chosen path back as save-to', async () => {
    const window = await start();
    fake.electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: '/designs/shop.yaml' });
    fake.electron.ipcMain.emit('app:choose-save-path', { senderFrame: { url: indexUrl, parent: null }, sender: window.webContents }, 'shop.yaml');
    await flush();
    expect(fake.electron.dialog.showSaveDialog).toHaveBeenCalledWith(window, expect.objectContaining({ defaultPath: 'shop.yaml', title: 'Save Design' }));
    expect(window.webContents.sent).toEqual([['app:command', { type: 'save-to', path: '/designs/shop.yaml' }]]);
    expect(menuItem(['File', 'Open Recent', '/designs/shop.yaml'])).toBeDefined();

    // Cancelled: nothing is sent. From another page: no dialog at all.
    fake.electron.dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    fake.electron.ipcMain.emit('app:choose-save-path', { senderFrame: { url: indexUrl, parent: null }, sender: window.webContents }, 'shop.yaml');
    await flush();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    fake.electron.ipcMain.emit('app:choose-save-path', { senderFrame: { url: 'https://evil.example/', parent: null }, sender: window.webContents }, 'x.yaml');
    await flush();
    expect(fake.electron.dialog.showSaveDialog).toHaveBeenCalledTimes(2);
    expect(window.webContents.sent).toHaveLength(1);
  });

  it('a cancelled Open Folder… sends nothing', async () => {
    const window = await start();
    fake.electron.dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    menuItem(['File', 'Open Folder…']).click?.();
    await flush();
    expect(fake.electron.dialog.showOpenDialog).toHaveBeenCalledWith(window, expect.objectContaining({ properties: ['openDirectory', 'multiSelections'] }));
    expect(window.webContents.sent).toEqual([]);
  });

  it('closes a clean window at once and saves where it was', async () => {
    const window = await start();
    window.close();
    expect(window.destroyed).toBe(true);
    expect(fake.electron.dialog.showMessageBox).not.toHaveBeenCalled();
    expect(JSON.parse(readFileSync(join(fake.state.userData, 'window-state.json'), 'utf8'))).toEqual({ bounds: { x: 320, y: 140, width: 1280, height: 800 }, maximized: false });
  });

  it('restores the saved place, maximized', async () => {
    writeFileSync(join(fake.state.userData, 'window-state.json'), JSON.stringify({ bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true }));
    const window = await start();
    expect(window.options).toMatchObject({ x: 100, y: 50, width: 1000, height: 700 });
    window.emit('ready-to-show');
    expect(window.maximized).toBe(true);
  });

  it("asks before closing a dirty window: Save sends save and keeps it, Don't Save closes", async () => {
    const window = await start();
    sendDirty(window, true);
    fake.electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    window.close();
    window.close(); // a second click while the question is open asks nothing more
    await flush();
    expect(fake.electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(window.destroyed).toBe(false);
    expect(window.webContents.sent).toEqual([['app:command', { type: 'save' }]]);

    fake.electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    window.close();
    await flush();
    expect(window.destroyed).toBe(true);
    expect(fake.electron.app.quit).not.toHaveBeenCalled();
  });

  it('Cancel keeps a dirty window; a clean report lets it close without asking', async () => {
    const window = await start();
    sendDirty(window, true);
    fake.electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 2, checkboxChecked: false });
    window.close();
    await flush();
    expect(window.destroyed).toBe(false);
    sendDirty(window, false);
    window.close();
    expect(window.destroyed).toBe(true);
    expect(fake.electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
  });

  it("Don't Save during a quit carries the quit on", async () => {
    const window = await start();
    sendDirty(window, true);
    fake.electron.app.emit('before-quit');
    fake.electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    window.close();
    await flush();
    expect(fake.electron.app.quit).toHaveBeenCalledOnce();
  });

  it('ignores dirty reports from other pages and values that are not booleans', async () => {
    const window = await start();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    sendDirty(window, true, 'https://example.com/');
    sendDirty(window, 'yes');
    window.close();
    expect(window.destroyed).toBe(true);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});
