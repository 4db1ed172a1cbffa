import { BrowserWindow, shell, type WebContents } from 'electron';
import type { WindowPlace } from './desktop/window-state';
import { isAllowedNavigation, isSafeExternalUrl } from './security';

// The application's one window and the rules every WebContents follows (style.md point 5):
// sandboxed, isolated, no Node, no new windows, no navigation away; external links go to the
// system browser. The decisions are security.ts's; this file only applies them.

function openExternally(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url).catch(() => {});
}

/** Applied to every WebContents the app creates (main.ts, `web-contents-created`). */
export function hardenWebContents(contents: WebContents, origin: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  const stayHome = (event: { url: string; preventDefault(): void }) => {
    if (isAllowedNavigation(event.url, origin)) return;
    event.preventDefault();
    openExternally(event.url);
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export interface WindowOptions {
  /** out/preload/index.cjs */
  preload: string;
  /** app://bureau/index.html, or the Vite dev server's address. */
  url: string;
  /** Where the user left it on a screen still there (desktop/window-state.ts); null: centred. */
  place?: WindowPlace | null;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Bureau',
    width: 1360,
    height: 860,
    ...options.place?.bounds,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#f8f9fa',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => {
    // Maximised before showing: a hidden window maximised earlier would show itself at once on Windows.
    if (options.place?.maximized === true) window.maximize();
    window.show();
  });
  void window.loadURL(options.url);
  return window;
}

/** Brings the window to the front (a second launch, the tray, a notification's click). */
export function focusWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
