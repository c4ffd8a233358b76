// Electron main process: composes the backend handlers, registers them over IPC and opens the
// window. Kept thin: logic lives in electron/backend and below, where Node tests reach it.
import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { createBackendHandlers } from '../backend/handlers';
import { registerIpcHandlers } from './ipc';
import { createSecureWindow } from './windowFactory';

// app.getAppPath() is the folder (or asar archive) holding package.json, both when started
// with `electron .` and when packaged; electron-builder.yml ships dist/** beside it.
const appRoot = app.getAppPath();
const rendererIndexPath = join(appRoot, 'dist', 'renderer', 'index.html');
const preloadPath = join(appRoot, 'dist', 'main', 'preload.cjs');

function openMainWindow(): void {
  createSecureWindow({ title: 'NetPol Designer', preloadPath, rendererIndexPath });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
});
app
  .whenReady()
  .then(() => {
    registerIpcHandlers(createBackendHandlers({ resourcesDir: join(appRoot, 'resources') }), rendererIndexPath);
    openMainWindow();
  })
  .catch((error: unknown) => {
    console.error('NetPol Designer failed to start:', error);
    app.exit(1);
  });
