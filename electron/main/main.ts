// Electron main process: composes the backend handlers, registers them over IPC, builds the
// menus, opens the window and guards its closing. Kept thin: the menus, the recent list, the
// window placement and the close decisions are plain modules beside this file, tested in Node;
// this file only wires them to Electron.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, screen } from 'electron';
import { createBackendHandlers } from '../backend/handlers';
import { APP_COMMAND_EVENT, type AppCommand } from '../common/appCommands';
import { CloseGuard, stepsAfterAnswer, unsavedChangesMessageBox } from './closeGuard';
import { listenForDirtyState, listenForSavePathRequests, registerIpcHandlers } from './ipc';
import { buildMenuTemplate, toMenuItemOptions, type MainAction } from './menuTemplate';
import { commandForDialogResult, commandForSaveDialogResult, openDialogOptions, type OpenDialogKind, saveDialogOptions } from './openDialogs';
import { RECENT_FILES_NAME, RecentFilesStore } from './recentFiles';
import { createSecureWindow } from './windowFactory';
import { placeWindow, readWindowState, WINDOW_STATE_NAME, writeWindowState } from './windowState';

const PRODUCT_NAME = 'NetPol Designer';

// app.getAppPath() is the folder (or asar archive) holding package.json, both when started
// with `electron .` and when packaged; electron-builder.yml ships dist/** beside it.
const appRoot = app.getAppPath();
const rendererIndexPath = join(appRoot, 'dist', 'renderer', 'index.html');
const preloadPath = join(appRoot, 'dist', 'main', 'preload.cjs');

/** Created once the app is ready (the user-data folder is final then). */
let recentFiles: RecentFilesStore | undefined;
/** The close state of each open window, by its webContents id (the IPC sender's id). */
const closeGuards = new Map<number, CloseGuard>();
/** Set by a quit (Cmd+Q, Quit menu) so that Don't Save on a dirty window carries the quit on. */
let quitting = false;
/** Paths macOS asked to open (Finder, Dock) before the app was ready. */
const pathsBeforeReady: string[] = [];

function windowStateFile(): string {
  return join(app.getPath('userData'), WINDOW_STATE_NAME);
}

function openMainWindow(): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const workAreas = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map((display) => display.workArea);
  const place = placeWindow(readWindowState(windowStateFile()), workAreas);
  const window = createSecureWindow({ title: PRODUCT_NAME, preloadPath, rendererIndexPath, bounds: place.bounds, maximized: place.maximized });

  const contentsId = window.webContents.id;
  const guard = new CloseGuard();
  closeGuards.set(contentsId, guard);
  // A reloaded or crashed page has lost its edits; it reports dirty again when it has new ones.
  window.webContents.on('did-navigate', () => setDirty(window, guard, false));
  window.webContents.on('render-process-gone', () => setDirty(window, guard, false));

  window.on('close', (event) => {
    const outcome = guard.requestClose();
    if (outcome === 'close') {
      writeWindowState(windowStateFile(), { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
      return;
    }
    event.preventDefault();
    if (outcome === 'prompt') void askAboutUnsavedChanges(window, guard);
  });
  window.on('closed', () => closeGuards.delete(contentsId));
  return window;
}

function setDirty(window: BrowserWindow, guard: CloseGuard, dirty: boolean): void {
  guard.setDirty(dirty);
  // macOS shows unsaved changes as a dot in the window's close button.
  if (process.platform === 'darwin' && !window.isDestroyed()) window.setDocumentEdited(dirty);
}

async function askAboutUnsavedChanges(window: BrowserWindow, guard: CloseGuard): Promise<void> {
  const { response } = await dialog.showMessageBox(window, unsavedChangesMessageBox());
  const steps = stepsAfterAnswer(guard.answer(response), quitting);
  if (!steps.quitApp) quitting = false;
  if (window.isDestroyed()) return;
  if (steps.sendSave) sendCommand(window, { type: 'save' });
  if (steps.quitApp) app.quit();
  else if (steps.closeWindow) window.close();
}

function sendCommand(window: BrowserWindow, command: AppCommand): void {
  if (!window.isDestroyed()) window.webContents.send(APP_COMMAND_EVENT, command);
}

/** The window a command goes to: the focused one, else any; a new one on macOS when none is open. */
async function targetWindow(): Promise<BrowserWindow> {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? openMainWindow();
  if (window.webContents.isLoading()) {
    // The page subscribes to commands while it loads; a command sent earlier would be lost.
    await new Promise<void>((resolve) => window.webContents.once('did-finish-load', () => resolve()));
  }
  return window;
}

/** Runs a command of the menus: Open File… and Open Folder… show their dialog here first. */
function dispatch(command: AppCommand): void {
  switch (command.type) {
    case 'open-file':
      void openWithDialog('file');
      return;
    case 'open-folder':
      void openWithDialog('folder');
      return;
    case 'open-paths':
      rememberOpened(command.paths);
      break;
    default:
      break;
  }
  void targetWindow().then((window) => sendCommand(window, command));
}

async function openWithDialog(kind: OpenDialogKind): Promise<void> {
  const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options = openDialogOptions(kind, recentFiles?.list()[0]);
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  const command = commandForDialogResult(result);
  if (command) dispatch(command);
}

/** The window asked where to save its design: the native Save dialog, then `save-to` back to it. */
async function saveWithDialog(window: BrowserWindow, fileName: string): Promise<void> {
  const result = await dialog.showSaveDialog(window, saveDialogOptions(fileName, recentFiles?.list()[0]));
  const command = commandForSaveDialogResult(result);
  if (!command || window.isDestroyed()) return;
  rememberOpened([command.path]);
  sendCommand(window, command);
}

function rememberOpened(paths: readonly string[]): void {
  if (!recentFiles) return;
  recentFiles.add(paths);
  for (const path of paths) app.addRecentDocument(path);
  refreshMenu();
}

function runAction(action: MainAction): void {
  switch (action) {
    case 'clear-recent':
      recentFiles?.clear();
      app.clearRecentDocuments();
      refreshMenu();
      return;
  }
}

function refreshMenu(): void {
  const template = buildMenuTemplate({ platform: process.platform, isPackaged: app.isPackaged, recentPaths: recentFiles?.list() ?? [], appName: PRODUCT_NAME, homeDir: homedir() });
  Menu.setApplicationMenu(Menu.buildFromTemplate(toMenuItemOptions(template, { command: dispatch, action: runAction })));
}

// macOS: files dropped on the Dock icon, opened from Finder or from the Dock's recent list.
app.on('open-file', (event, path) => {
  event.preventDefault();
  if (app.isReady()) dispatch({ type: 'open-paths', paths: [path] });
  else pathsBeforeReady.push(path);
});
app.on('before-quit', () => {
  quitting = true;
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
});
app
  .whenReady()
  .then(() => {
    recentFiles = new RecentFilesStore(join(app.getPath('userData'), RECENT_FILES_NAME));
    registerIpcHandlers(createBackendHandlers({ resourcesDir: join(appRoot, 'resources') }), rendererIndexPath);
    listenForDirtyState(rendererIndexPath, (sender, dirty) => {
      const guard = closeGuards.get(sender.id);
      const window = BrowserWindow.fromWebContents(sender);
      if (guard && window) setDirty(window, guard, dirty);
    });
    listenForSavePathRequests(rendererIndexPath, (sender, fileName) => {
      const window = BrowserWindow.fromWebContents(sender);
      if (window) void saveWithDialog(window, fileName);
    });
    refreshMenu();
    openMainWindow();
    if (pathsBeforeReady.length > 0) dispatch({ type: 'open-paths', paths: pathsBeforeReady.splice(0) });
  })
  .catch((error: unknown) => {
    console.error('NetPol Designer failed to start:', error);
    app.exit(1);
  });
