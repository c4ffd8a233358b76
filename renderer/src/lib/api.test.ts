import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendContract, BackendHandlers } from '../../../electron/common/contract';
import { CHANNELS } from '../../../electron/common/contract';
import { startWebHost, type WebHost } from '../../../electron/web/webHost';
import { BackendError, createInvoke } from './api';

/** Bridge functions and handlers for the channels a test does not call: any call fails it. */
function unusedChannels(): BackendHandlers {
  return Object.fromEntries(CHANNELS.map((channel) => [channel, () => Promise.reject(new Error(`${channel} is not used by this test`))])) as unknown as BackendHandlers;
}

const unusedFetch: typeof fetch = () => Promise.reject(new Error('fetch must not be used when the bridge is present'));

describe('createInvoke with the preload bridge', () => {
  it('calls the bridge function of the channel', async () => {
    const bridge: BackendContract = { ...unusedChannels(), 'app:info': async () => ({ name: 'netpol-designer', version: '1.2.3' }) };
    const invoke = createInvoke({ bridge, pageUrl: 'file:///app/dist/renderer/index.html', fetch: unusedFetch });
    await expect(invoke('app:info', {})).resolves.toEqual({ name: 'netpol-designer', version: '1.2.3' });
  });

  it("reports the handler's own message, without Electron's prefix", async () => {
    const bridge: BackendContract = {
      ...unusedChannels(),
      'app:info': () => Promise.reject(new Error("Error invoking remote method 'app:info': Error: no such file")),
    };
    const invoke = createInvoke({ bridge, pageUrl: 'file:///app/dist/renderer/index.html', fetch: unusedFetch });
    const failure = await invoke('app:info', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BackendError);
    expect(failure).toMatchObject({ channel: 'app:info', message: 'no such file' });
  });
});

describe('createInvoke over HTTP against the web host', () => {
  let workDir: string;
  let host: WebHost;
  let failNext = false;
  const handlers: BackendHandlers = {
    ...unusedChannels(),
    'app:info': async () => {
      if (failNext) throw new Error('package.json is unreadable');
      return { name: 'netpol-designer', version: '4.5.6' };
    },
  };

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'netpol-api-'));
    await writeFile(join(workDir, 'index.html'), '<!doctype html>');
    host = await startWebHost({ rendererDir: workDir, handlers });
  });

  afterAll(async () => {
    await host.close();
    await rm(workDir, { recursive: true, force: true });
  });

  const originFetch: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('origin', new URL(host.url).origin);
    return fetch(input, { ...init, headers });
  };

  it('posts to /api/<channel> with the token from the page URL', async () => {
    const invoke = createInvoke({ bridge: undefined, pageUrl: host.url, fetch: originFetch });
    await expect(invoke('app:info', {})).resolves.toEqual({ name: 'netpol-designer', version: '4.5.6' });
  });

  it("turns the host's error answer into a BackendError with the status", async () => {
    const invoke = createInvoke({ bridge: undefined, pageUrl: host.url, fetch: originFetch });
    failNext = true;
    const failure = await invoke('app:info', {})
      .catch((error: unknown) => error)
      .finally(() => (failNext = false));
    expect(failure).toMatchObject({ name: 'BackendError', channel: 'app:info', status: 422, message: 'package.json is unreadable' });
  });

  it('says what to do when the page has no token or a wrong one', async () => {
    const pageWithoutToken = new URL(host.url);
    pageWithoutToken.search = '';
    const withoutToken = createInvoke({ bridge: undefined, pageUrl: pageWithoutToken.href, fetch: originFetch });
    await expect(withoutToken('app:info', {})).rejects.toThrow(/no session token/);

    pageWithoutToken.searchParams.set('token', 'not-the-token');
    const wrongToken = createInvoke({ bridge: undefined, pageUrl: pageWithoutToken.href, fetch: originFetch });
    await expect(wrongToken('app:info', {})).rejects.toMatchObject({ status: 403 });
  });
});
