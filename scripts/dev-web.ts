import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DesktopRecorder } from '~main/dev-bridge/desktop-recorder';
import { startBridge, type Bridge } from '~main/dev-bridge/server';
import { ShownNotifications } from '~main/notifications/shown-store';
import { NotificationWatcher } from '~main/notifications/watcher';
import { childProcessLauncher } from '~main/host/child-process-port';
import { DataHost } from '~main/host/data-host';
import type { IpcHost } from '~main/ipc/register';
import { SessionManager } from '~main/services/session/session';
import { OfficeService, withOffice } from '~main/services/office/office-service';
import { developmentServerCommand } from '~main/services/office/server-command';
import { unpackPgliteTemplate } from '~node/pglite-template';
import { loadConfig } from '~server/config';
import { pgliteFolder } from '~server/db/connection';
import { startServer, type RunningServer } from '~server/server';
import { seedDemoIfEmpty } from '~server/seed/demo';

// `npm run dev:web` (issue 4, point 5): the whole application in a browser, without Electron.
// Starts an office server (PGlite in ./data/dev-server, the demo office when its database is
// empty), builds the renderer when out/renderer is missing, starts the development bridge
// (replicas in ./data/dev-bridge) serving that build, and prints the address to open.
//
// Playwright's global setup calls `startDevWeb` directly; a second workstation is a second
// bridge on the same server with its own data folder: `startDevWeb({ serverUrl, dataDir })`.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The prepared office database (`npm run build`; src-node/pglite-template.ts). */
export const PGLITE_TEMPLATE = join(ROOT, 'out', 'pglite', 'office-template.tar.gz');

export interface DevWebOptions {
  /** Office server port (default 8787; 0: any free port). Ignored with `serverUrl`. */
  serverPort?: number;
  /** Bridge port (default 5180; 0: any free port). */
  bridgePort?: number;
  /** Root of the data folders (default ./data): dev-server/ for the office, dev-bridge/ for replicas. */
  dataDir?: string;
  /** Seed the demo office when the server's database is empty (default true). */
  seed?: boolean;
  /** Use this running office server instead of starting one (a second workstation). */
  serverUrl?: string;
  /** PostgreSQL instead of PGlite for the office server. */
  databaseUrl?: string;
  /** Settings of the office server started here, over this process's environment (server-api.md's variables). */
  serverEnv?: Record<string, string>;
  /** The built renderer (default out/renderer); `build: 'if-missing'` runs `vite build` when absent. */
  rendererDir?: string;
  build?: 'if-missing' | 'always' | 'never';
  /** Prints nothing (tests). */
  quiet?: boolean;
  /**
   * A workstation at its very first launch (issue 12, point 2): no office server started, no
   * address known; it creates its office (hosting it, in a child process) or joins one.
   */
  firstRun?: boolean;
  /** The port a created office tries first (default 8787; 0: any free port). */
  officePort?: number;
  /**
   * The session in this process instead of a data host: for a bench that writes into the replica
   * itself (bench/calendar.bench.ts); the application and the journeys never do.
   */
  inProcess?: boolean;
}

export interface DevWeb {
  serverUrl: string;
  bridgeUrl: string;
  bridge: Bridge;
  /** The data host (a child process, as the utilityProcess is in Electron), behind its IpcHost. */
  host: IpcHost & { close(): Promise<void> };
  /** With `inProcess` only: the session manager itself, replica included. */
  manager: SessionManager | null;
  /** The OS notifications and the tray this workstation would show (Playwright reads them). */
  desktop: DesktopRecorder;
  /** The office server when this call started it (null with `serverUrl`). */
  server: RunningServer | null;
  /** Which office this workstation belongs to; the office it hosts, once created. */
  office: OfficeService;
  stop(): Promise<void>;
}

export async function startDevWeb(options: DevWebOptions = {}): Promise<DevWeb> {
  const dataDir = resolve(options.dataDir ?? join(ROOT, 'data'));
  const rendererDir = resolve(options.rendererDir ?? join(ROOT, 'out', 'renderer'));
  const say = (line: string) => {
    if (!options.quiet) process.stdout.write(`${line}\n`);
  };

  const build = options.build ?? 'if-missing';
  if (build === 'always' || (build === 'if-missing' && !existsSync(join(rendererDir, 'index.html')))) {
    say('Construction de l’interface (vite build)…');
    const vite = await import('vite');
    await vite.build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: options.quiet ? 'silent' : 'warn', build: { outDir: rendererDir } });
  }

  let server: RunningServer | null = null;
  let serverUrl = options.serverUrl;
  if (serverUrl === undefined && !options.firstRun) {
    const serverDataDir = join(dataDir, 'dev-server');
    await mkdir(serverDataDir, { recursive: true });
    // A new office's database from the prepared template, when built, as a workstation's embedded
    // office starts (src-node/pglite-template.ts): no initdb in a child process (the journeys'
    // office server starts this way). An existing database is left as it is.
    if (!options.databaseUrl && existsSync(PGLITE_TEMPLATE)) await unpackPgliteTemplate(PGLITE_TEMPLATE, pgliteFolder(serverDataDir));
    const config = loadConfig({
      ...process.env,
      ...options.serverEnv,
      HOST: '127.0.0.1',
      PORT: String(options.serverPort ?? 8787),
      DATA_DIR: serverDataDir,
      DATABASE_URL: options.databaseUrl ?? '',
      // Errors only: the server's start-up warnings (no user yet) are answered by the demo seed.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    });
    server = await startServer(config);
    serverUrl = server.url;
    if (options.seed ?? true) {
      const seeded = await seedDemoIfEmpty(server.db);
      if (seeded) say('Bureau de démonstration créé (mot de passe de démonstration : demo-bureau, pour la démo seulement).');
    }
  }

  const bridgeDataDir = join(dataDir, 'dev-bridge');
  await mkdir(bridgeDataDir, { recursive: true, mode: 0o700 });
  const office = await OfficeService.open({
    dataDir: bridgeDataDir,
    command: developmentServerCommand(ROOT),
    template: existsSync(PGLITE_TEMPLATE) ? PGLITE_TEMPLATE : null,
    preferredPort: options.officePort,
    onError: (error) => console.error('[pont]', error),
  });
  // A hosting workstation's office is up before its session asks it anything.
  await office.resume();
  // The session, the replica and the sync run in a child process, as in Electron's utilityProcess.
  const manager = options.inProcess
    ? new SessionManager({ dataDir: bridgeDataDir, defaultServerUrl: serverUrl ?? null, onError: (error) => console.error('[pont]', error) })
    : null;
  if (manager) await manager.resume();
  const dataHost =
    manager ??
    (await DataHost.start({
    launch: childProcessLauncher(),
    start: { dataDir: bridgeDataDir, defaultServerUrl: serverUrl ?? null, tokens: 'file', saveFile: 'download' },
    onError: (error) => console.error('[pont]', error),
    onRestart: (how) => console.error(`[pont] le processus des données s’est arrêté (${how}) : il redémarre`),
  }));
  // As main.ts does with Electron's notifications and tray, recorded instead of shown.
  const desktop = new DesktopRecorder(withOffice(dataHost, office), (error) => console.error('[pont]', error));
  const watcher = new NotificationWatcher({
    host: dataHost,
    shown: await ShownNotifications.open(bridgeDataDir),
    show: desktop.show,
    onUnread: desktop.setUnread,
    onAgenda: desktop.setAgenda,
    onError: (error) => console.error('[pont]', error),
  });
  watcher.start();
  let bridge: Bridge;
  try {
    bridge = await startBridge({ host: desktop.bridgeHost(), port: options.bridgePort ?? 5180, staticDir: rendererDir });
  } catch (error) {
    await watcher.stop();
    await dataHost.close();
    await office.close();
    await server?.stop();
    throw error;
  }

  say(serverUrl === undefined ? 'Premier lancement : créez ou rejoignez un bureau dans la page.' : `Serveur du bureau : ${serverUrl}`);
  say(`Ouvrez ${bridge.url} (adresse du serveur préremplie ; comptes de démonstration : admin@bureau.demo, marie@bureau.demo, accueil@bureau.demo…)`);

  let stopping: Promise<void> | null = null;
  return {
    serverUrl: serverUrl ?? '',
    bridgeUrl: bridge.url,
    bridge,
    host: dataHost,
    manager,
    desktop,
    server,
    office,
    stop() {
      stopping ??= (async () => {
        await watcher.stop();
        await bridge.stop();
        await dataHost.close();
        await office.close();
        await server?.stop();
      })();
      return stopping;
    },
  };
}

function parsePort(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${name} doit être un port (0 à 65535).`);
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'server-port': { type: 'string' },
      'bridge-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'server-url': { type: 'string' },
      'no-seed': { type: 'boolean', default: false },
      'first-run': { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
    },
  });
  const devWeb = await startDevWeb({
    serverPort: parsePort(values['server-port'], '--server-port'),
    bridgePort: parsePort(values['bridge-port'], '--bridge-port'),
    dataDir: values['data-dir'],
    serverUrl: values['server-url'],
    seed: !values['no-seed'],
    firstRun: values['first-run'],
    build: values.build ? 'always' : 'if-missing',
  });
  let signalled = false;
  const onSignal = () => {
    if (signalled) process.exit(1);
    signalled = true;
    devWeb.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
