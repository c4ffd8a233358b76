// Serving the built renderer from one folder, and nothing outside it: a request path is decoded,
// resolved, and accepted only if both the resolved path and its real path (after symlinks) stay
// inside the folder.
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  | { kind: 'file'; path: string; contentType: string; body: Buffer }
  | { kind: 'bad-request' }
  | { kind: 'not-found' };

/** Whether `candidate` lies strictly inside `root` (both absolute). */
function isInside(root: string, candidate: string): boolean {
  const path = relative(root, candidate);
  return path !== '' && path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path);
}

/**
 * Finds the file a URL pathname names under `rootRealPath` (which must already be a real path).
 * `/` is `index.html`; folders, missing files and anything outside the root are `not-found`.
 */
export async function lookUpStaticFile(rootRealPath: string, urlPathname: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return { kind: 'bad-request' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0')) return { kind: 'bad-request' };
  const wanted = decoded === '/' ? 'index.html' : decoded.slice(1);
  const candidate = resolve(rootRealPath, wanted);
  if (!isInside(rootRealPath, candidate)) return { kind: 'not-found' };
  try {
    const real = await realpath(candidate);
    if (!isInside(rootRealPath, real) || !(await stat(real)).isFile()) return { kind: 'not-found' };
    return { kind: 'file', path: real, contentType: contentTypeOf(real), body: await readFile(real) };
  } catch {
    return { kind: 'not-found' };
  }
}
