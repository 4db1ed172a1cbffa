// The window's security decisions (style.md points 3 and 5), kept free of Electron so that they are
// tested as plain functions; window.ts and ipc/register.ts apply them to Electron's events.

/** The packaged renderer is served from `app://bureau/` (app-protocol.ts): a real, fixed origin. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bureau';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const MAX_EXTERNAL_URL_LENGTH = 2_048;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * `scheme://host[:port]`, or null. WHATWG URLs give custom schemes an opaque origin ("null"), so
 * `URL.origin` cannot tell `app://bureau` from anything else: the origin is spelled out here.
 */
export function originOf(url: string): string | null {
  const parsed = parse(url);
  if (parsed === null || parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** The window only ever shows the application's own pages: any other navigation is refused. */
export function isAllowedNavigation(targetUrl: string, appOrigin: string): boolean {
  const origin = originOf(targetUrl);
  return origin !== null && origin === appOrigin;
}

/**
 * A link the system browser may open: http(s) only (never file:, javascript:, custom schemes that
 * launch other programs), a real host, no user name or password in it (phishing's
 * `https://bank.com@evil.example`), and of a sane length.
 */
export function isSafeExternalUrl(url: string): boolean {
  if (url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  const parsed = parse(url);
  if (parsed === null) return false;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return parsed.hostname !== '';
}

/** What ipc/register.ts knows of an IPC call's sender. */
export interface SenderInfo {
  /** The sending WebContents' id. */
  webContentsId: number;
  /** The sending frame, null when it is gone (navigated away or destroyed meanwhile). */
  frame: { url: string; isMainFrame: boolean } | null;
}

/**
 * style.md point 3: only our window's main frame, showing our own origin, may call the main
 * process. A frame that navigated elsewhere, an iframe, or another WebContents is ignored.
 */
export function isTrustedSender(sender: SenderInfo, trusted: { webContentsId: number | null; origin: string }): boolean {
  if (trusted.webContentsId === null || sender.webContentsId !== trusted.webContentsId) return false;
  if (sender.frame === null || !sender.frame.isMainFrame) return false;
  return isAllowedNavigation(sender.frame.url, trusted.origin);
}

/**
 * The Content-Security-Policy of the application's pages: its own scripts only (no inline, no
 * eval), no network but its own origin (data comes through IPC), no frames, no plugins, no forms
 * posted anywhere. Mantine sets inline styles, hence 'unsafe-inline' for styles alone. The Vite
 * development server also needs its hot-reload socket on loopback.
 */
export function contentSecurityPolicy(mode: 'app' | 'vite-dev' = 'app'): string {
  const connect = mode === 'vite-dev' ? "'self' ws://127.0.0.1:* ws://localhost:*" : "'self'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Response headers with our CSP in place of any the response carried (header names are case-insensitive). */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}

/**
 * The Vite development server's address (`BUREAU_RENDERER_URL`), honoured only in an unpackaged
 * app and only on loopback over http: a packaged app always shows its own files.
 */
export function devRendererUrl(env: Record<string, string | undefined>, isPackaged: boolean): string | null {
  const raw = env.BUREAU_RENDERER_URL;
  if (isPackaged || raw === undefined || raw.trim() === '') return null;
  const parsed = parse(raw.trim());
  if (parsed === null || parsed.protocol !== 'http:') return null;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}
