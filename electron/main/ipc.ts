// The Electron host of the backend contract: one `ipcMain.handle` per channel of CHANNELS, plus
// the one-way APP_DIRTY_EVENT and APP_SAVE_PATH_EVENT. Raw ipcMain appears in this file only (CONVENTIONS 2); every
// message is refused unless it comes from the top frame of the app's own renderer page.
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { APP_SAVE_PATH_EVENT } from '../common/appCommands';
import { callHandler, CHANNELS, type BackendHandlers } from '../common/contract';
import { APP_DIRTY_EVENT } from './closeGuard';
import { isTrustedSender } from './trustedSender';

function fromAppWindow(event: IpcMainEvent | IpcMainInvokeEvent, rendererIndexPath: string): boolean {
  const frame = event.senderFrame;
  return isTrustedSender(frame && { url: frame.url, isTopFrame: frame.parent === null }, rendererIndexPath);
}

/** Registers every channel; returns a function that removes them again. */
export function registerIpcHandlers(handlers: BackendHandlers, rendererIndexPath: string): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, request: unknown) => {
      if (!fromAppWindow(event, rendererIndexPath)) {
        throw new Error(`Refused ${channel}: the caller is not the NetPol Designer window.`);
      }
      return callHandler(handlers, channel, request);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}

/**
 * Calls `listener` whenever an app window reports whether it has unsaved changes (the preload's
 * `setDirty`). Messages from other frames and values other than booleans are dropped. Returns a
 * function that stops listening.
 */
/**
 * Calls `listener` whenever an app window asks for the native Save dialog (the preload's
 * `chooseSavePath`) with the file name to offer. Other frames and non-strings are dropped.
 */
export function listenForSavePathRequests(rendererIndexPath: string, listener: (sender: WebContents, fileName: string) => void): () => void {
  const receive = (event: IpcMainEvent, fileName: unknown): void => {
    if (!fromAppWindow(event, rendererIndexPath)) {
      console.warn(`Ignored ${APP_SAVE_PATH_EVENT}: the sender is not the NetPol Designer window.`);
      return;
    }
    if (typeof fileName !== 'string') return;
    listener(event.sender, fileName);
  };
  ipcMain.on(APP_SAVE_PATH_EVENT, receive);
  return () => {
    ipcMain.removeListener(APP_SAVE_PATH_EVENT, receive);
  };
}

export function listenForDirtyState(rendererIndexPath: string, listener: (sender: WebContents, dirty: boolean) => void): () => void {
  const receive = (event: IpcMainEvent, dirty: unknown): void => {
    if (!fromAppWindow(event, rendererIndexPath)) {
      console.warn(`Ignored ${APP_DIRTY_EVENT}: the sender is not the NetPol Designer window.`);
      return;
    }
    if (typeof dirty !== 'boolean') return;
    listener(event.sender, dirty);
  };
  ipcMain.on(APP_DIRTY_EVENT, receive);
  return () => {
    ipcMain.removeListener(APP_DIRTY_EVENT, receive);
  };
}
