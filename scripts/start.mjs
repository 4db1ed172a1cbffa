// `npm start`: the application on its embedded defaults, with a demo office.
//
// Where Electron's binary is installed: builds the desktop app when its build is missing or older
// than its sources, starts an office server on PGlite (./data/dev-server, the demo office when its
// database is empty) and opens the desktop window on it, with the window's own data in
// ./data/desktop. Without the binary (machines that install with ELECTRON_SKIP_BINARY_DOWNLOAD=1,
// as the build machines do), the same interface runs in the browser through the development
// bridge (scripts/dev-web.ts), on the same office. Ctrl+C stops everything.
//
// Options: --browser (the browser even where Electron is installed), --server-port N,
// --bridge-port N (0: any free port), --no-open (do not open the browser).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { electronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line = '') => process.stdout.write(`${line}\n`);

const DEFAULT_SERVER_PORT = 8787;
const DEFAULT_BRIDGE_PORT = 5180;

const { values: options } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    'server-port': { type: 'string' },
    'bridge-port': { type: 'string' },
    'no-open': { type: 'boolean', default: false },
  },
});

function port(value, name, fallback) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new Error(`${name} doit être un port (0 à 65535).`);
  return n;
}

/** The demo accounts, from the seed itself. */
async function demoCredentials() {
  const { DEMO_USERS, DEMO_PASSWORD } = await tsImport('../src-server/seed/demo.ts', import.meta.url);
  const admin = DEMO_USERS.find((user) => user.role === 'admin') ?? DEMO_USERS[0];
  const others = DEMO_USERS.filter((user) => user !== admin).map((user) => user.email);
  return [
    `Compte de démonstration / demo account : ${admin.email} / ${DEMO_PASSWORD} (démonstration seulement / demo only)`,
    `Autres comptes, même mot de passe / other accounts, same password : ${others.join(', ')}`,
  ];
}

/** Stops `stop` once on Ctrl+C or SIGTERM; a second signal ends at once. */
function onSignals(stop) {
  let signalled = false;
  const handler = () => {
    if (signalled) process.exit(1);
    signalled = true;
    say('\nArrêt… / Stopping…');
    stop().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

function explain(error) {
  if (error?.code === 'EADDRINUSE') {
    return `Le port ${error.port ?? ''} est déjà utilisé (une autre copie de Bureau tourne-t-elle ?). Relancez avec --server-port 0 --bridge-port 0.\nPort already in use: run with --server-port 0 --bridge-port 0.`;
  }
  return error instanceof Error ? (error.message || String(error)) : String(error);
}

// ---- in the browser ------------------------------------------------------------------------------

function openBrowser(url) {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (options['no-open'] || process.env.CI || !hasDisplay) return;
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // The address is printed: opening it by hand works as well.
  }
}

async function startInBrowser() {
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) say('Construction de l’interface (vite build)… / Building the interface…');
  const { startDevWeb } = await tsImport('./dev-web.ts', import.meta.url);
  const devWeb = await startDevWeb({
    serverPort: port(options['server-port'], '--server-port', DEFAULT_SERVER_PORT),
    bridgePort: port(options['bridge-port'], '--bridge-port', DEFAULT_BRIDGE_PORT),
    build: 'if-missing',
    quiet: true,
  });
  onSignals(() => devWeb.stop());
  say(`Serveur du bureau / office server : ${devWeb.serverUrl}`);
  say(`Ouvrez / open : ${devWeb.bridgeUrl}`);
  for (const line of await demoCredentials()) say(line);
  say('Ctrl+C pour arrêter / to stop.');
  openBrowser(devWeb.bridgeUrl);
}

// ---- on the desktop ------------------------------------------------------------------------------

/** What the desktop build is made of, and what it produces. */
const SOURCES = ['src-main', 'src-shared', 'src-renderer', 'vite.config.ts', 'package.json', 'scripts/build.mjs'];
const OUTPUTS = ['out/main/main.js', 'out/main/host.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

function newestChange(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry !== 'node_modules') newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

function buildIsStale() {
  const built = OUTPUTS.map((path) => statSync(join(root, path), { throwIfNoEntry: false })?.mtimeMs ?? 0);
  const sources = Math.max(...SOURCES.map((path) => newestChange(join(root, path))));
  return Math.min(...built) < sources;
}

/**
 * better-sqlite3-multiple-ciphers is compiled for one Node ABI: Node's (for the tests) or Electron's. Loading it in
 * Electron's Node says which; null when it works there.
 */
function nativeModuleProblem(binary) {
  return new Promise((resolve) => {
    const probe = "const D=require('better-sqlite3-multiple-ciphers');new D(':memory:').close()";
    const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
    const child = spawn(binary, ['-e', probe], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => resolve(error.message));
    child.on('exit', (code) => resolve(code === 0 ? null : stderr.trim().split('\n').slice(0, 3).join('\n') || `code ${code}`));
  });
}

async function startOfficeServer() {
  const [{ loadConfig }, { startServer }, { seedDemoIfEmpty }] = await Promise.all([
    tsImport('../src-server/config.ts', import.meta.url),
    tsImport('../src-server/server.ts', import.meta.url),
    tsImport('../src-server/seed/demo.ts', import.meta.url),
  ]);
  // The same office as the browser's (scripts/dev-web.ts): one demo, whichever way it opens.
  const dataDir = join(root, 'data', 'dev-server');
  await mkdir(dataDir, { recursive: true });
  const config = loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port(options['server-port'], '--server-port', DEFAULT_SERVER_PORT)),
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
  });
  const server = await startServer(config);
  try {
    if (await seedDemoIfEmpty(server.db)) say('Bureau de démonstration créé. / Demo office created.');
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function startDesktop(binary) {
  if (buildIsStale()) {
    say('Construction de l’application (npm run build)… / Building the application…');
    const { buildDesktop } = await import('./build.mjs');
    // The demo office runs here; the office template serves only a workstation's own new office.
    await buildDesktop({ quiet: true, template: false });
  }
  const server = await startOfficeServer();
  say(`Serveur du bureau / office server : ${server.url}`);
  for (const line of await demoCredentials()) say(line);

  const userData = join(root, 'data', 'desktop');
  await mkdir(userData, { recursive: true, mode: 0o700 });
  const env = { ...process.env, BUREAU_SERVER_URL: server.url, BUREAU_USER_DATA: userData };
  delete env.ELECTRON_RUN_AS_NODE;
  const electron = spawn(binary, ['.'], { cwd: root, env, stdio: 'inherit' });
  say('Bureau s’ouvre. Ctrl+C pour arrêter. / Bureau is opening. Ctrl+C to stop.');

  const exited = new Promise((resolve) => {
    electron.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    electron.on('error', (error) => {
      process.stderr.write(`${error.message}\n`);
      resolve(1);
    });
  });
  const stop = async () => {
    if (electron.exitCode === null && electron.signalCode === null) electron.kill('SIGTERM');
    await exited;
    await server.stop();
  };
  onSignals(stop);
  const code = await exited;
  await server.stop();
  process.exit(code);
}

// ---- which one -----------------------------------------------------------------------------------

async function main() {
  const binary = options.browser ? null : electronBinary();
  if (binary !== null) {
    const problem = await nativeModuleProblem(binary);
    if (problem === null) return startDesktop(binary);
    say(
      'better-sqlite3-multiple-ciphers n’est pas compilé pour Electron sur cette machine : lancez « npx electron-builder install-app-deps » ' +
        '(les tests Node demanderont ensuite « npm rebuild better-sqlite3 »). L’application s’ouvre dans votre navigateur à la place.\n' +
        'better-sqlite3-multiple-ciphers is not built for Electron here: run "npx electron-builder install-app-deps". The application opens in your browser instead.\n' +
        `(${problem})\n`,
    );
  } else if (!options.browser) {
    say(
      'Electron n’est pas installé sur cette machine (ELECTRON_SKIP_BINARY_DOWNLOAD) : l’application s’ouvre dans votre navigateur à la place.\n' +
        'Electron is not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD): the application opens in your browser instead.\n',
    );
  }
  return startInBrowser();
}

main().catch((error) => {
  process.stderr.write(`Bureau n’a pas pu démarrer / could not start : ${explain(error)}\n`);
  process.exit(1);
});
