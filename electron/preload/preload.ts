// The preload bridge: exposes `window.netpolDesigner` with one function per contract channel,
// derived from CHANNELS. Raw ipcRenderer appears in this file only (CONVENTIONS 2). Bundled to
// one CommonJS file because sandboxed preloads cannot load modules of their own.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL_NAME, CHANNELS, type BackendContract } from '../common/contract';

const bridge = Object.fromEntries(
  CHANNELS.map((channel) => [channel, (request: unknown): Promise<unknown> => ipcRenderer.invoke(channel, request)]),
) as unknown as BackendContract;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL_NAME, bridge);
