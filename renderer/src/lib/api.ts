// The renderer's one way to the backend (DESIGN "One backend contract, three hosts"): inside
// Electron it calls the preload bridge, in a browser it POSTs to the web host with the session
// token from the page URL. Everything is typed from electron/common/contract.ts, imported as
// types only: the renderer bundles no backend code.
import type { AppCommand } from '../../../electron/common/appCommands';
import type { BackendContract, BridgeGlobalName, Channel, RequestOf, ResponseOf, WebTokenHeader } from '../../../electron/common/contract';

/** Calls a channel of the contract. */
export type Invoke = <C extends Channel>(channel: C, request: RequestOf<C>) => Promise<ResponseOf<C>>;

/** A failed backend call, whichever host answered it. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  readonly channel: Channel;
  /** The HTTP status, when the web host answered. */
  readonly status: number | undefined;

  constructor(channel: Channel, message: string, status?: number) {
    super(message);
    this.channel = channel;
    this.status = status;
  }
}

export interface ApiEnvironment {
  /** The preload bridge, present only inside the Electron window. */
  bridge: BackendContract | undefined;
  /** The page's URL; in a browser it carries `?token=<session token>`. */
  pageUrl: string;
  fetch: typeof fetch;
}

const TOKEN_HEADER: WebTokenHeader = 'x-netpol-token';

type GlobalWithBridge = { readonly [name in BridgeGlobalName]?: BackendContract };

export function createInvoke(environment: ApiEnvironment): Invoke {
  return environment.bridge ? bridgeInvoke(environment.bridge) : httpInvoke(environment.pageUrl, environment.fetch);
}

function bridgeInvoke(bridge: BackendContract): Invoke {
  return async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => {
    const call = bridge[channel] as (request: RequestOf<C>) => Promise<ResponseOf<C>>;
    try {
      return await call(request);
    } catch (error) {
      // Electron prefixes the handler's message with "Error invoking remote method '<channel>': Error: ".
      const message = messageOf(error).replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
      throw new BackendError(channel, message);
    }
  };
}

function httpInvoke(pageUrl: string, fetchFunction: typeof fetch): Invoke {
  const token = new URL(pageUrl).searchParams.get('token');
  return async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => {
    if (!token) throw new BackendError(channel, 'This page has no session token: open the address that `npm run web` printed.');
    let response: Response;
    try {
      response = await fetchFunction(new URL(`/api/${channel}`, pageUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(request),
      });
    } catch (error) {
      throw new BackendError(channel, `The backend cannot be reached: ${messageOf(error)}`);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const message = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : `HTTP ${response.status}`;
      throw new BackendError(channel, message, response.status);
    }
    return body as ResponseOf<C>;
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let pageInvoke: Invoke | undefined;

/** Calls the backend from this page, through whichever host serves it. */
export const invoke: Invoke = (channel, request) => {
  pageInvoke ??= createInvoke({
    bridge: (globalThis as GlobalWithBridge).netpolDesigner,
    pageUrl: globalThis.location.href,
    fetch: globalThis.fetch.bind(globalThis),
  });
  return pageInvoke(channel, request);
};

/** The preload bridge's subscription to the main process's commands (menus, native dialogs). */
type CommandBridge = { readonly [name in BridgeGlobalName]?: { onCommand?: (listener: (command: AppCommand) => void) => unknown } };

/**
 * Calls `listener` with each command the main process sends (menu clicks, files chosen in native
 * dialogs). In a browser there is no main process: the returned disposer then does nothing.
 */
export function onAppCommand(listener: (command: AppCommand) => void): () => void {
  const subscribe = (globalThis as CommandBridge).netpolDesigner?.onCommand;
  if (typeof subscribe !== 'function') return () => {};
  const dispose = subscribe(listener);
  return typeof dispose === 'function' ? () => void dispose() : () => {};
}

type DirtyBridge = { readonly [name in BridgeGlobalName]?: { setDirty?: (dirty: boolean) => unknown } };

/** Tells the Electron window whether there are unsaved edits (it asks before closing); no-op in a browser. */
export function setDirty(dirty: boolean): void {
  const bridge = (globalThis as DirtyBridge).netpolDesigner;
  if (typeof bridge?.setDirty === 'function') bridge.setDirty(dirty);
}

type SaveBridge = { readonly [name in BridgeGlobalName]?: { chooseSavePath?: (fileName: string) => unknown } };

/**
 * Asks the Electron window for the native Save dialog (the chosen path comes back as a `save-to`
 * command). False in a browser, which has no such dialog: the page downloads the file instead.
 */
export function chooseSavePath(fileName: string): boolean {
  const bridge = (globalThis as SaveBridge).netpolDesigner;
  if (typeof bridge?.chooseSavePath !== 'function') return false;
  bridge.chooseSavePath(fileName);
  return true;
}
