import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import { Menu, app, dialog, ipcMain, protocol, safeStorage, session, utilityProcess, type BrowserWindow } from 'electron';
import { applicationMenuTemplate } from './app-menu';
import { dialogSaver } from './exports/save-file';
import { serveAppRequest } from './app-protocol';
import { DataHost } from './host/data-host';
import { utilityProcessLauncher } from './host/utility-process-port';
import { registerIpc, type RegisteredIpc } from './ipc/register';
import { openNote } from './notifications/click';
import { nativeNotifier } from './notifications/native';
import type { DesktopNote } from './notifications/select';
import { ShownNotifications } from './notifications/shown-store';
import { NotificationWatcher } from './notifications/watcher';
import { APP_ORIGIN, APP_SCHEME, contentSecurityPolicy, devRendererUrl, originOf, withContentSecurityPolicy } from './security';
import { SafeStorageTokenStore } from './services/session/safe-storage-token-store';
import { createTray, type AppTray } from './tray/tray';
import { keepsRunningWhenClosed } from './tray/model';
import { createMainWindow, focusWindow, hardenWebContents } from './window';

// The Electron main process (architecture.md): one instance, one window, the IPC contract's checks
// and the calls forwarded to the data host (a utilityProcess running the session, the replica and
// the sync, so that a first sync or an import never freezes the window), desktop notifications and
// the tray. Everything with a decision in it lives in a module tested without Electron; this file
// wires them together.
//
// Built to out/main/main.js (scripts/build.mjs); the preload and the renderer sit beside it.

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));

// Before `ready`: app://bureau is a standard, secure origin (fetch, modules, storage), and every
// renderer is sandboxed whatever a window asks.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
]);
app.enableSandbox();

// A separate data folder (tests, `npm start`'s demo) must be chosen before the single-instance
// lock, which is held per data folder.
const userDataOverride = process.env.BUREAU_USER_DATA;
if (userDataOverride !== undefined && userDataOverride !== '') app.setPath('userData', userDataOverride);

const devUrl = devRendererUrl(process.env, app.isPackaged);
const origin = devUrl !== null ? (originOf(devUrl) ?? APP_ORIGIN) : APP_ORIGIN;

let window: BrowserWindow | null = null;
let tray: AppTray | null = null;
let ipc: RegisteredIpc | null = null;
let watcher: NotificationWatcher | null = null;
let manager: DataHost | null = null;
let quitting = false;
let shutDown = false;

function log(error: unknown): void {
  console.error('[bureau]', error instanceof Error ? (error.stack ?? error.message) : error);
}

function showWindow(): void {
  if (window === null || window.isDestroyed()) openWindow();
  else focusWindow(window);
}

function openWindow(): void {
  window = createMainWindow({ preload: PRELOAD, url: devUrl ?? `${APP_ORIGIN}/index.html` });
  window.on('close', (event) => {
    // Notifications keep coming while the window is closed, where the platform shows Bureau running.
    if (!quitting && tray !== null && keepsRunningWhenClosed(process.platform)) {
      event.preventDefault();
      window?.hide();
    }
  });
  window.on('closed', () => {
    window = null;
  });
}

/** A click on a desktop notification: the window comes forward on the lead, and the row is read. */
function onNotificationClick(note: DesktopNote): void {
  if (manager === null) return;
  void openNote(note, { host: manager, showWindow, send: (event) => ipc?.send(event), onError: log });
}

/** A line of the tray's agenda: the window comes forward on that lead. */
function openLead(leadId: string): void {
  showWindow();
  ipc?.send({ type: 'open', leadId });
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  Menu.setApplicationMenu((() => {
    const template = applicationMenuTemplate(process.platform);
    return template === null ? null : Menu.buildFromTemplate(template);
  })());

  if (devUrl === null) protocol.handle(APP_SCHEME, (request) => serveAppRequest(RENDERER_DIR, request.url));
  const policy = contentSecurityPolicy(devUrl === null ? 'app' : 'vite-dev');
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (originOf(details.url) === origin) callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
    else callback({});
  });
  // The application needs no camera, microphone, location, notifications from the page…
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);

  manager = await DataHost.start({
    launch: utilityProcessLauncher(utilityProcess),
    // `npm start` points the sign-in screen at its demo office. Tokens are sealed here, where
    // safeStorage lives; exports are saved here, where the dialog lives.
    start: { dataDir, defaultServerUrl: process.env.BUREAU_SERVER_URL || null, tokens: 'parent', saveFile: 'parent' },
    tokenStore: new SafeStorageTokenStore(safeStorage, join(dataDir, 'tokens')),
    onError: log,
    onRestart: (how) => log(`le processus des données s’est arrêté (${how}) : il redémarre`),
    // Exports: the user picks where to save, from the Downloads folder; the file is written here.
    saveFile: dialogSaver(
      {
        showSaveDialog: (options) =>
          window !== null && !window.isDestroyed() ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options),
      },
      app.getPath('downloads'),
      (path, bytes) => writeFile(path, bytes),
    ),
  });
  ipc = registerIpc(ipcMain, {
    host: manager,
    origin,
    trustedWebContentsId: () => (window !== null && !window.isDestroyed() ? window.webContents.id : null),
    target: () => (window !== null && !window.isDestroyed() ? window.webContents : null),
    onRejected: (sender, channel) => log(`appel IPC refusé (${String(channel)}) depuis ${sender.frame?.url ?? 'un cadre disparu'}`),
  });

  try {
    tray = createTray(electron, { open: showWindow, openLead, quit: () => app.quit() });
  } catch (error) {
    // Some Linux desktops have no tray: Bureau works without it.
    log(error);
  }
  watcher = new NotificationWatcher({
    host: manager,
    shown: await ShownNotifications.open(dataDir),
    show: nativeNotifier(electron, onNotificationClick),
    onUnread: (count) => tray?.setUnread(count),
    onAgenda: (agenda) => tray?.setAgenda(agenda),
    onError: log,
  });
  watcher.start();

  openWindow();
}

async function shutdown(): Promise<void> {
  await watcher?.stop().catch(log);
  ipc?.dispose();
  await manager?.close().catch(log);
  tray?.destroy();
}

if (!app.requestSingleInstanceLock()) {
  // Bureau is already running: the first instance brings its window forward ('second-instance').
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origin));
  app.on('activate', showWindow);
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (!keepsRunningWhenClosed(process.platform) || tray === null) app.quit();
  });
  app.on('will-quit', (event) => {
    if (shutDown) return;
    // The replica and the outbox are closed cleanly before the process ends.
    event.preventDefault();
    void shutdown().finally(() => {
      shutDown = true;
      app.quit();
    });
  });
  app.whenReady().then(start, log).catch((error: unknown) => {
    log(error);
    app.exit(1);
  });
}
