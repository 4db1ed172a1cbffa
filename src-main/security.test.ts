import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  contentSecurityPolicy,
  devRendererUrl,
  isAllowedNavigation,
  isSafeExternalUrl,
  isTrustedSender,
  originOf,
  withContentSecurityPolicy,
} from './security';

// The window's security decisions (style.md points 3 and 5), as window.ts and ipc/register.ts ask them.

describe('originOf', () => {
  it('spells out the origin of our custom scheme, which URL.origin calls "null"', () => {
    expect(new URL('app://bureau/index.html').origin).toBe('null');
    expect(originOf('app://bureau/index.html')).toBe(APP_ORIGIN);
    expect(originOf('http://127.0.0.1:5173/src/main.tsx')).toBe('http://127.0.0.1:5173');
  });

  it('has no origin for what has no host', () => {
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('data:text/html,<p>x</p>')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
});

describe('isAllowedNavigation', () => {
  it('lets the window move within the application', () => {
    expect(isAllowedNavigation('app://bureau/index.html#/leads', APP_ORIGIN)).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:5173/', 'http://127.0.0.1:5173')).toBe(true);
  });

  it.each([
    'https://example.com/',
    'app://other/index.html',
    'app://bureau.evil.example/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'about:blank',
    'http://127.0.0.1:5174/',
    '',
  ])('refuses to leave for %s', (url) => {
    expect(isAllowedNavigation(url, APP_ORIGIN)).toBe(false);
    expect(isAllowedNavigation(url, 'http://127.0.0.1:5173')).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it('sends ordinary web links to the browser', () => {
    expect(isSafeExternalUrl('https://www.canada.ca/fr/immigration-refugies-citoyennete.html')).toBe(true);
    expect(isSafeExternalUrl('http://example.com/page?q=1#x')).toBe(true);
  });

  it.each([
    ['file:///C:/Windows/System32/calc.exe', 'a local file'],
    ['javascript:alert(1)', 'script'],
    ['smb://attacker/share', 'a network share'],
    ['ms-msdt:/id PCWDiagnostic', 'a scheme that starts a program'],
    ['app://bureau/index.html', 'our own scheme'],
    ['https://www.banque.ca@evil.example/', 'a user name hiding the real host'],
    ['https://user:pass@example.com/', 'credentials'],
    ['mailto:someone@example.com', 'mail'],
    ['https://', 'no host'],
    [`https://example.com/${'a'.repeat(3000)}`, 'an absurdly long address'],
    ['pas une adresse', 'not a URL'],
  ])('keeps %s away (%s)', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const trusted = { webContentsId: 7, origin: APP_ORIGIN };
  const mainFrame = { url: 'app://bureau/index.html', isMainFrame: true };

  it('trusts our window’s main frame on our origin', () => {
    expect(isTrustedSender({ webContentsId: 7, frame: mainFrame }, trusted)).toBe(true);
  });

  it('ignores another WebContents, an iframe, a frame gone or elsewhere, and any call before the window exists', () => {
    expect(isTrustedSender({ webContentsId: 8, frame: mainFrame }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frame: { ...mainFrame, isMainFrame: false } }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frame: null }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frame: { url: 'https://evil.example/', isMainFrame: true } }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frame: mainFrame }, { ...trusted, webContentsId: null })).toBe(false);
  });
});

describe('contentSecurityPolicy', () => {
  const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

  it('allows only the application’s own scripts: no inline, no eval, no remote', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|\*/);
  });

  it('opens the Vite dev server’s reload socket on loopback only in development', () => {
    expect(directives(contentSecurityPolicy('vite-dev')).get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*']);
    expect(directives(contentSecurityPolicy('vite-dev')).get('script-src')).toEqual(["'self'"]);
  });

  it('replaces whatever policy a response carried, whatever the header’s case', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] }, "default-src 'none'");
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'none'"] });
    expect(withContentSecurityPolicy(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});

describe('devRendererUrl', () => {
  it('uses the Vite dev server in an unpackaged app', () => {
    expect(devRendererUrl({ BUREAU_RENDERER_URL: 'http://127.0.0.1:5173' }, false)).toBe('http://127.0.0.1:5173/');
    expect(devRendererUrl({ BUREAU_RENDERER_URL: 'http://localhost:5173/' }, false)).toBe('http://localhost:5173/');
  });

  it('never in a packaged app, never off loopback or over another scheme', () => {
    expect(devRendererUrl({ BUREAU_RENDERER_URL: 'http://127.0.0.1:5173' }, true)).toBeNull();
    expect(devRendererUrl({ BUREAU_RENDERER_URL: 'http://192.168.1.10:5173' }, false)).toBeNull();
    expect(devRendererUrl({ BUREAU_RENDERER_URL: 'https://evil.example' }, false)).toBeNull();
    expect(devRendererUrl({ BUREAU_RENDERER_URL: 'file:///tmp/index.html' }, false)).toBeNull();
    expect(devRendererUrl({ BUREAU_RENDERER_URL: 'http://127.0.0.1.evil.example:5173' }, false)).toBeNull();
    expect(devRendererUrl({}, false)).toBeNull();
  });
});
