// The Electron host of the backend contract: one `ipcMain.handle` per channel of CHANNELS.
// Raw ipcMain appears in this file only (CONVENTIONS 2); every call is refused unless it comes
// from the top frame of the app's own renderer page.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { callHandler, CHANNELS, type BackendHandlers } from '../common/contract';
import { isTrustedSender } from './trustedSender';

/** Registers every channel; returns a function that removes them again. */
export function registerIpcHandlers(handlers: BackendHandlers, rendererIndexPath: string): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, request: unknown) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame && { url: frame.url, isTopFrame: frame.parent === null }, rendererIndexPath)) {
        throw new Error(`Refused ${channel}: the caller is not the NetPol Designer window.`);
      }
      return callHandler(handlers, channel, request);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
