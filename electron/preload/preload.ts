// The preload bridge: exposes `window.netpolDesigner` (see bridge.ts): one function per contract
// channel, derived from CHANNELS, plus `onCommand` and `setDirty`. Raw ipcRenderer appears in
// this file only (CONVENTIONS 2). Bundled to one CommonJS file because sandboxed preloads cannot
// load modules of their own.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL_NAME } from '../common/contract';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL_NAME, createBridge(ipcRenderer));
