// The one place that creates windows (CONVENTIONS 3). Security related: do not loosen these
// settings without reading Electron's security checklist; the renderer gets the backend only
// through the preload bridge and may not navigate, open windows or obtain permissions.
import { BrowserWindow, type Rectangle } from 'electron';

export interface SecureWindowOptions {
  title: string;
  /** Absolute path of the bundled preload (dist/main/preload.cjs). */
  preloadPath: string;
  /** Absolute path of the renderer page (dist/renderer/index.html). */
  rendererIndexPath: string;
  /** Where to open (already fitted to a display: see windowState.ts); centred 1280×800 without. */
  bounds?: Rectangle;
  /** Open maximized (the normal bounds stay `bounds`, used when un-maximizing). */
  maximized?: boolean;
}

export function createSecureWindow(options: SecureWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: options.title,
    ...(options.bounds ?? { width: 1280, height: 800 }),
    minWidth: 800,
    minHeight: 500,
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  const contents = window.webContents;
  // Also keeps a file dropped outside the page's drop zones from replacing the app (the renderer
  // reads dropped files itself).
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  window.once('ready-to-show', () => {
    if (options.maximized === true) window.maximize();
    window.show();
  });
  window.loadFile(options.rendererIndexPath).catch((error: unknown) => {
    console.error(`Could not load ${options.rendererIndexPath}:`, error);
  });
  return window;
}
