import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../common/contract';
import type { BackendHandlers } from '../common/contract';
import { startWebHost, type WebHost } from './webHost';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with full control over the path and headers (fetch would normalise both). */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const TOKEN = 'test-token-0123456789';

/** Handlers for the channels a test does not call: any call is a test failure. */
function unusedChannels(): BackendHandlers {
  return Object.fromEntries(CHANNELS.map((channel) => [channel, () => Promise.reject(new Error(`${channel} is not used by this test`))])) as unknown as BackendHandlers;
}

describe('startWebHost', () => {
  let workDir: string;
  let rendererDir: string;
  let host: WebHost;
  const handlers: BackendHandlers = {
    ...unusedChannels(),
    'app:info': async (request) => {
      if ('fail' in (request as Record<string, unknown>)) throw new Error('the handler failed on purpose');
      return { name: 'netpol-designer', version: '9.9.9' };
    },
  };
  const api = (channel: string, body: string, token = TOKEN): Promise<RawResponse> =>
    send(host.port, 'POST', `/api/${channel}`, { 'x-netpol-token': token, 'content-type': 'application/json' }, body);

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'netpol-web-'));
    rendererDir = join(workDir, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>NetPol Designer</title>');
    await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
    await writeFile(join(rendererDir, 'assets', 'app.css'), 'body{}');
    await writeFile(join(workDir, 'secret.txt'), 'outside the renderer folder');
    await symlink(join(workDir, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
    host = await startWebHost({ port: 0, rendererDir, handlers, token: TOKEN });
  });

  afterAll(async () => {
    await host.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only and puts the token in the page URL', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${TOKEN}`);
    expect(await canConnect('127.0.0.1', host.port)).toBe(true);
    const otherAddresses = Object.values(networkInterfaces())
      .flat()
      .filter((info) => info !== undefined && !info.internal && info.family === 'IPv4')
      .map((info) => info!.address);
    for (const address of otherAddresses) expect(await canConnect(address, host.port)).toBe(false);
    expect(await canConnect('::1', host.port)).toBe(false);
  });

  it('makes a random token per run when none is given', async () => {
    const first = await startWebHost({ rendererDir, handlers });
    const second = await startWebHost({ rendererDir, handlers });
    try {
      expect(first.token.length).toBeGreaterThanOrEqual(32);
      expect(first.token).not.toBe(second.token);
      expect(first.url).toContain(`?token=${first.token}`);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('requires the session token on every API call', async () => {
    expect((await send(host.port, 'POST', '/api/app:info', {}, '{}')).status).toBe(403);
    expect((await api('app:info', '{}', 'wrong-token-0123456789')).status).toBe(403);
    expect((await api('app:info', '{}', `${TOKEN}x`)).status).toBe(403);
    const refused = await api('no:such', '{}', 'wrong');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({ error: 'Missing or wrong session token.' });
  });

  it('refuses a foreign Host or Origin', async () => {
    const rebound = await send(host.port, 'GET', '/', { host: `evil.example:${host.port}` });
    expect(rebound.status).toBe(403);
    const crossOrigin = await send(host.port, 'POST', '/api/app:info', { 'x-netpol-token': TOKEN, origin: 'http://evil.example' }, '{}');
    expect(crossOrigin.status).toBe(403);
    const sameOrigin = await send(host.port, 'POST', '/api/app:info', { 'x-netpol-token': TOKEN, origin: `http://127.0.0.1:${host.port}` }, '{}');
    expect(sameOrigin.status).toBe(200);
  });

  it('answers 404 for an unknown channel', async () => {
    const response = await api('engine:nothing', '{}');
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ error: 'Unknown channel: engine:nothing' });
    expect((await api('constructor', '{}')).status).toBe(404);
  });

  it('round-trips a handler result as JSON', async () => {
    const response = await api('app:info', '{}');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(response.body)).toEqual({ name: 'netpol-designer', version: '9.9.9' });
    expect((await api('app%3Ainfo', '{}')).status).toBe(200);
  });

  it('answers 400 for a body that is not JSON and 405 for other methods', async () => {
    expect((await api('app:info', '{not json')).status).toBe(400);
    expect((await api('app:info', '')).status).toBe(400);
    expect((await send(host.port, 'GET', '/api/app:info', { 'x-netpol-token': TOKEN })).status).toBe(405);
  });

  it('turns a handler error into 422 with its message and keeps serving', async () => {
    const response = await api('app:info', '{"fail":true}');
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body)).toEqual({ error: 'the handler failed on purpose' });
    expect((await api('app:info', '{}')).status).toBe(200);
  });

  it('serves the renderer files with their content types', async () => {
    const index = await send(host.port, 'GET', '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('NetPol Designer');
    expect(index.body).not.toContain(TOKEN);
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await send(host.port, 'GET', `/?token=${TOKEN}`)).status).toBe(200);
    const script = await send(host.port, 'GET', '/assets/app.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    expect((await send(host.port, 'GET', '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await send(host.port, 'HEAD', '/index.html');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await send(host.port, 'GET', '/missing.js')).status).toBe(404);
    expect((await send(host.port, 'GET', '/assets/')).status).toBe(404);
    expect((await send(host.port, 'GET', '/assets')).status).toBe(404);
  });

  it('refuses path traversal in every spelling', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      `/${encodeURIComponent(join(workDir, 'secret.txt'))}`,
      '/assets/link.txt',
      '/%00index.html',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const response = await send(host.port, 'GET', path);
      expect([400, 404], path).toContain(response.status);
      expect(response.body, path).not.toContain('outside the renderer folder');
    }
  });
});
