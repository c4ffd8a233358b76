// The web host (DESIGN "One backend contract, three hosts"): serves the built renderer and the
// backend handlers over HTTP on 127.0.0.1 only, for `npm run web` and browser tests.
//
// Access control, in order: the Host header must name this server (refuses DNS rebinding);
// every `POST /api/<channel>` must carry the per-run session token in `x-netpol-token`
// (another local user or a web page cannot call the backend without it), and a cross-origin
// `Origin` is refused. The token reaches the page only through the URL we print, never
// through a served file, so a rebound or foreign page cannot read it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { callHandler, isChannel, WEB_TOKEN_HEADER, type BackendHandlers } from '../common/contract';
import { lookUpStaticFile } from './staticFiles';

export const WEB_HOST_ADDRESS = '127.0.0.1';

/** Large enough for a cluster's worth of manifests in one request. */
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

/** The page's own CSP repeated as a header, plus what a meta tag cannot say (framing). */
const HTML_SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
};

export interface WebHostOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** The folder of the built renderer (`dist/renderer`). */
  rendererDir: string;
  handlers: BackendHandlers;
  /** The session token; a random one per run when absent. */
  token?: string;
}

export interface WebHost {
  /** The page URL, token included: `http://127.0.0.1:<port>/?token=<token>`. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  if (token === '') throw new Error('The web host needs a non-empty session token.');
  const expectedToken = Buffer.from(token);
  const rootRealPath = await realpath(resolve(options.rendererDir));

  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: messageOf(error) });
      else response.destroy();
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has((request.headers.host ?? '').toLowerCase())) {
      sendJson(response, 403, { error: 'Unexpected Host header.' });
      return;
    }
    const { pathname } = new URL(request.url ?? '/', `http://${WEB_HOST_ADDRESS}`);
    if (pathname.startsWith('/api/')) await handleApi(request, response, pathname.slice('/api/'.length));
    else await handleStatic(request, response, pathname);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, channelPart: string): Promise<void> {
    if (request.method !== 'POST') {
      sendJson(response, 405, { error: 'Use POST.' }, { Allow: 'POST' });
      return;
    }
    const origin = request.headers.origin;
    if (!tokenMatches(request.headers[WEB_TOKEN_HEADER], expectedToken) || (origin !== undefined && !allowedOrigins.has(origin))) {
      sendJson(response, 403, { error: 'Missing or wrong session token.' });
      return;
    }
    const channel = safeDecode(channelPart);
    if (channel === undefined || !isChannel(channel)) {
      sendJson(response, 404, { error: `Unknown channel: ${channelPart}` });
      return;
    }
    const body = await readBody(request, MAX_REQUEST_BYTES);
    if (body === 'too-large') {
      sendJson(response, 413, { error: `The request is larger than ${MAX_REQUEST_BYTES} bytes.` }, { Connection: 'close' });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      sendJson(response, 400, { error: 'The request body is not valid JSON.' });
      return;
    }
    let result: unknown;
    try {
      result = await callHandler(options.handlers, channel, payload);
    } catch (error) {
      // A handler throws to refuse a request with words for the user (an invalid edit, a missing
      // file, a design no longer open): the request was understood and refused, hence 422.
      sendJson(response, 422, { error: messageOf(error) });
      return;
    }
    sendJson(response, 200, result ?? null);
  }

  async function handleStatic(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: 'Use GET.' }, { Allow: 'GET, HEAD' });
      return;
    }
    const found = await lookUpStaticFile(rootRealPath, pathname);
    if (found.kind === 'bad-request') {
      sendJson(response, 400, { error: 'Bad path.' });
      return;
    }
    if (found.kind === 'not-found') {
      sendJson(response, 404, { error: 'Not found.' });
      return;
    }
    response.writeHead(200, {
      'Content-Type': found.contentType,
      'Content-Length': found.body.length,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ...(found.contentType.startsWith('text/html') ? HTML_SECURITY_HEADERS : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : found.body);
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen({ port: options.port ?? 0, host: WEB_HOST_ADDRESS }, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`${WEB_HOST_ADDRESS}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));

  return {
    url: `http://${WEB_HOST_ADDRESS}:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}

function tokenMatches(given: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const givenBytes = Buffer.from(given);
  return givenBytes.length === expected.length && timingSafeEqual(givenBytes, expected);
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolveBody(size > limit ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', rejectBody);
  });
}

function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value));
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  response.end(body);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
