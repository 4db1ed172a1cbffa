import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import { Menu, app, dialog, ipcMain, protocol, safeStorage, screen, session, utilityProcess, type BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import { applicationMenuTemplate } from './app-menu';
import { desktopServices, withDesktopChannels } from './desktop/channels';
import { HIDDEN_ARG, launchAtLogin } from './desktop/launch-at-login';
import { OpenedFiles, spreadsheetArguments } from './desktop/opened-files';
import { serverBundlePath } from './desktop/server-bundle';
import { startUpdates } from './desktop/updates';
import { WindowStateFile, placeToRestore, trackWindow, type WindowState } from './desktop/window-state';
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
import { OfficeService, withOffice } from './services/office/office-service';
import { developmentServerCommand, packagedServerCommand, type OfficeServerCommand } from './services/office/server-command';
import { SafeStorageTokenStore } from './services/session/safe-storage-token-store';
import { replicaKeyStore } from './services/session/replica-key-store';
import { pinnedCertificateCheck } from './services/tls/chromium-verify';
import { PinStore } from './services/tls/pins';
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
let office: OfficeService | null = null;
let quitting = false;
let shutDown = false;
let started = false;
let windowStateFile: WindowStateFile | null = null;
let windowState: WindowState | null = null;

// Spreadsheets opened with Bureau reach the import wizard (desktop/opened-files.ts). The window
// comes forward on them once the application runs; before that, they wait for the page.
const openedFiles = new OpenedFiles(() => {
  if (!started) return;
  showWindow();
  ipc?.send({ type: 'openedFiles' });
});
// In development `electron .` puts the app's folder first; packaged, the arguments follow the program.
openedFiles.add(spreadsheetArguments(process.argv.slice(app.isPackaged ? 1 : 2), process.cwd()));
// macOS: a double-click, « Ouvrir avec » or a drop on the Dock icon, possibly before `ready`.
app.on('open-file', (event, path) => {
  event.preventDefault();
  openedFiles.add(spreadsheetArguments([path], process.cwd()));
});

/** Started with the user's session (desktop/launch-at-login.ts): the tray, not the window. */
function startedAtLogin(): boolean {
  return process.argv.includes(HIDDEN_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
}

/**
 * How the office hosted on this workstation runs (services/office): the bundled server with
 * Electron's own binary as Node once installed, `tsx src-server/main.ts` from the repository.
 */
function officeServerCommand(): OfficeServerCommand {
  if (app.isPackaged) return packagedServerCommand(serverBundlePath(app.getAppPath(), true), process.execPath);
  return developmentServerCommand(app.getAppPath(), process.execPath, { ELECTRON_RUN_AS_NODE: '1' });
}

function log(error: unknown): void {
  console.error('[bureau]', error instanceof Error ? (error.stack ?? error.message) : error);
}

function showWindow(): void {
  if (window === null || window.isDestroyed()) openWindow();
  else focusWindow(window);
}

function openWindow(): void {
  const place = windowState === null ? null : placeToRestore(windowState, screen);
  window = createMainWindow({ preload: PRELOAD, url: devUrl ?? `${APP_ORIGIN}/index.html`, place });
  if (windowStateFile !== null && windowState !== null) {
    const file = windowStateFile;
    trackWindow(window, {
      screen,
      initial: windowState,
      save: async (state) => {
        windowState = state;
        await file.write(state);
      },
      onError: log,
    });
  }
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

  // Desktop updates come from the office server, through electron-updater's own session: the
  // workstation's pins apply there too (issue 14; the same partition electron-updater opens).
  session.fromPartition('electron-updater', { cache: false }).setCertificateVerifyProc(pinnedCertificateCheck(new PinStore(dataDir)));

  // The office this workstation hosts, if it does, is up before the session asks it anything.
  office = await OfficeService.open({
    dataDir,
    command: officeServerCommand(),
    template: join(app.getAppPath(), 'out', 'pglite', 'office-template.tar.gz'),
    onError: log,
  });
  await office.resume().catch(log);

  manager = await DataHost.start({
    launch: utilityProcessLauncher(utilityProcess),
    // `npm start` points the sign-in screen at its demo office. Tokens are sealed here, where
    // safeStorage lives; exports are saved here, where the dialog lives.
    start: { dataDir, defaultServerUrl: process.env.BUREAU_SERVER_URL || null, tokens: 'parent', saveFile: 'parent' },
    tokenStore: new SafeStorageTokenStore(safeStorage, join(dataDir, 'tokens')),
    // Each replica's encryption key, sealed here too (replica-key-store.ts).
    replicaKeyStore: replicaKeyStore(safeStorage, join(dataDir, 'keys')),
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
  const loginItem = launchAtLogin({
    app,
    platform: process.platform,
    executable: process.env.APPIMAGE ?? process.execPath,
    configDir: process.env.XDG_CONFIG_HOME || join(app.getPath('home'), '.config'),
  });
  ipc = registerIpc(ipcMain, {
    host: withDesktopChannels(withOffice(manager, office), desktopServices({ launchAtLogin: loginItem, openedFiles })),
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

  windowStateFile = new WindowStateFile(dataDir);
  windowState = await windowStateFile.read();
  started = true;
  if (!startedAtLogin() || tray === null) openWindow();

  // Packaged only: a development build has no version of its own to follow. The office's address
  // is the signed-in session's, as the data host last told it.
  if (app.isPackaged) {
    let serverUrl: string | null = null;
    manager.on((event) => {
      if (event.type === 'session') serverUrl = event.session.serverUrl;
    });
    const current = await manager.invoke('session:get', {});
    if (current.ok) serverUrl = (current.value as { serverUrl: string | null }).serverUrl;
    startUpdates({ updater: electronUpdater.autoUpdater, serverUrl: () => serverUrl, onError: log });
  }
}

async function shutdown(): Promise<void> {
  await watcher?.stop().catch(log);
  ipc?.dispose();
  await manager?.close().catch(log);
  // Last: the hosted office's server closes its database before the application ends.
  await office?.close().catch(log);
  tray?.destroy();
}

if (!app.requestSingleInstanceLock()) {
  // Bureau is already running: the first instance brings its window forward ('second-instance').
  app.quit();
} else {
  // A second launch (a double-clicked .xlsx, a file dropped on the icon) hands its arguments here.
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (started) showWindow();
    openedFiles.add(spreadsheetArguments(argv.slice(1), workingDirectory));
  });
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
