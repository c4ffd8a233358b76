// What the preload exposes as `window.netpolDesigner`, built over an injected IPC port so Node
// tests check it without Electron; preload.ts passes the real ipcRenderer. Nothing of Electron
// reaches the page: no IPC event object, no ipcRenderer, only plain data and these functions.
import type { AppCommand } from '../common/appCommands';
import { APP_COMMAND_EVENT, APP_SAVE_PATH_EVENT } from '../common/appCommands';
import { CHANNELS, type BackendContract } from '../common/contract';

/**
 * The one-way event (window → main) saying whether the window has unsaved changes; main.ts asks
 * before closing a dirty window. Must equal APP_DIRTY_EVENT of electron/main/closeGuard.ts
 * (checked by a test: the layering lets neither side import the other).
 */
export const APP_DIRTY_EVENT = 'app:dirty';

/** The parts of the app that are not backend calls: commands from the menus, the dirty flag. */
export interface AppBridge {
  /** Calls `listener` with every command the main process sends (menus, dialogs); returns an unsubscribe. */
  onCommand(listener: (command: AppCommand) => void): () => void;
  /** Tells the main process whether the window has unsaved changes (asked about on close). */
  setDirty(dirty: boolean): void;
  /** Asks the main process for the native Save dialog; a chosen path comes back as a `save-to` command. */
  chooseSavePath(fileName: string): void;
}

/** `window.netpolDesigner`: one function per contract channel, plus AppBridge. */
export type NetpolDesignerBridge = BackendContract & AppBridge;

/** The part of Electron's ipcRenderer the bridge uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function isAppCommand(value: unknown): value is AppCommand {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function createBridge(ipc: RendererIpc): NetpolDesignerBridge {
  const backend = Object.fromEntries(CHANNELS.map((channel) => [channel, (request: unknown): Promise<unknown> => ipc.invoke(channel, request)])) as unknown as BackendContract;
  const app: AppBridge = {
    onCommand(listener) {
      if (typeof listener !== 'function') throw new TypeError('onCommand needs a function.');
      // The page gets the command only, never Electron's event (it holds a route back to ipcRenderer).
      const forward = (_event: unknown, command: unknown): void => {
        if (!isAppCommand(command)) return;
        try {
          listener(command);
        } catch (error) {
          console.error(`The handler of the ${command.type} command failed:`, error);
        }
      };
      ipc.on(APP_COMMAND_EVENT, forward);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(APP_COMMAND_EVENT, forward);
      };
    },
    setDirty(dirty) {
      if (typeof dirty !== 'boolean') throw new TypeError('setDirty needs true or false.');
      ipc.send(APP_DIRTY_EVENT, dirty);
    },
    chooseSavePath(fileName) {
      if (typeof fileName !== 'string') throw new TypeError('chooseSavePath needs a file name.');
      ipc.send(APP_SAVE_PATH_EVENT, fileName);
    },
  };
  return { ...backend, ...app };
}
