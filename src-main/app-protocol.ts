import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, contentSecurityPolicy } from './security';

// `app://bureau/…`: the built renderer (out/renderer) served to the window by main.ts through
// Electron's `protocol.handle`. A custom origin rather than file:// gives the page a fixed origin
// that the IPC sender check can recognise, lets the CSP travel as a real response header, and
// keeps every other file of the disk out of the page's reach (file:// would let it fetch them).

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The file under `rendererDir` that `requestUrl` names, or null for anything else: another scheme
 * or host, a path escaping the folder (`..`, encoded or not), a malformed escape. `/` is index.html.
 */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(root + sep) ? file : null;
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Answers one request of the window (Response is global in Electron's main process and Node). */
export async function serveAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  const headers = { 'x-content-type-options': 'nosniff', 'content-security-policy': contentSecurityPolicy('app') };
  const file = resolveAppFile(rendererDir, requestUrl);
  const isFile = file !== null && ((await stat(file).catch(() => null))?.isFile() ?? false);
  if (file === null || !isFile) return new Response('Introuvable.', { status: 404, headers: { ...headers, 'content-type': CONTENT_TYPES['.txt']! } });
  const body = await readFile(file);
  return new Response(new Uint8Array(body), { status: 200, headers: { ...headers, 'content-type': contentTypeOf(file) } });
}
