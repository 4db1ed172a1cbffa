// `npm run build`: the desktop application into out/ (what electron.config.ts packages).
//   out/main/main.js       the main process, ESM, bundled with esbuild (electron and native
//                          modules left outside); out/main/host.js, the data host process (the
//                          session, the replica, the sync: an Electron utilityProcess);
//                          out/main/import-worker.js, the import's reader;
//                          out/main/checkpoint-worker.js, the replica's bulk writes' checkpointer
//   out/preload/index.cjs  the preload, CommonJS (a sandboxed preload cannot be a module), only
//                          `electron` left outside since a sandboxed preload can require nothing else
//   out/renderer/          the interface, `vite build` (vite.config.ts)
//   out/pglite/office-template.tar.gz  the empty, migrated office database a workstation's new
//                          office starts from instead of running initdb (src-node/pglite-template.ts)
//   out/server/            the office server without development tools (buildServer below):
//                          `node out/server/main.js`, `node out/server/office.js`, its SQL
//                          migrations in out/server/migrations and a package.json naming exactly
//                          the packages it leaves outside, at package-lock.json's versions
// Options: --no-renderer (main and preload only), --no-template, --no-server, --quiet.
import { spawnSync } from 'node:child_process';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));

// Electron 39 runs Node 22 and Chromium 142.
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome142';

// Native modules load from node_modules (electron-builder unpacks them from the asar); ws's
// optional speed-ups are native too and ws works without them.
const MAIN_EXTERNAL = ['electron', 'better-sqlite3-multiple-ciphers', 'bufferutil', 'utf-8-validate'];

/** Parts of the repository that must never reach the packaged app (architecture.md). */
const NEVER_BUNDLED = [/^src-main\/dev-bridge\//, /^src-server\//, /^src-renderer\//, /^scripts\//, /^src-.*\.test\.ts$/, /^src-.*\/testing\//];

function checkInputs(name, metafile, allowedExternal) {
  const problems = [];
  for (const [input, info] of Object.entries(metafile.inputs)) {
    const path = relative(root, resolve(root, input)).replaceAll('\\', '/');
    if (NEVER_BUNDLED.some((pattern) => pattern.test(path))) problems.push(`${path} ne doit pas entrer dans ${name}`);
    for (const imported of info.imports) {
      if (imported.external && !allowedExternal(imported.path)) problems.push(`${name} laisse « ${imported.path} » hors du paquet (importé par ${path})`);
    }
  }
  if (problems.length > 0) throw new Error(`Construction refusée :\n  ${problems.join('\n  ')}`);
}

/** How the main process's files are bundled: the main process, the data host, the import's reader. */
const mainProcessOptions = {
  platform: 'node',
  format: 'esm',
  target: NODE_TARGET,
  external: MAIN_EXTERNAL,
  // drizzle-orm's SQLite driver imports better-sqlite3 for a path it opens itself, which Bureau
  // never uses: the app carries one native SQLite, the one that encrypts (issue 14, point 1).
  alias: { 'better-sqlite3': 'better-sqlite3-multiple-ciphers' },
  // Bundled CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __bureauCreateRequire } from 'node:module'; const require = __bureauCreateRequire(import.meta.url);" },
};
const mainExternalAllowed = (path) => MAIN_EXTERNAL.includes(path) || path.startsWith('node:') || builtinModules.includes(path);
/** The main process's worker threads (src-main/workers/start-worker.ts finds them by these names). */
const WORKER_ENTRIES = {
  'import-worker': 'src-main/services/import/read-worker.ts',
  'checkpoint-worker': 'src-main/db/checkpoint-worker.ts',
};

/** Bundles main-process entries as the application ships them, for runs from the sources. */
async function bundleMainEntries(entryPoints, outdir) {
  const built = await build({ absWorkingDir: root, tsconfig: 'tsconfig.json', bundle: true, metafile: true, logLevel: 'silent', legalComments: 'none', ...mainProcessOptions, entryPoints, outdir });
  checkInputs(Object.keys(entryPoints).map((name) => `${name}.js`).join(', '), built.metafile, mainExternalAllowed);
}

/**
 * The worker threads alone, bundled as the application ships them, into `outdir`: its URL, for
 * BUILT_WORKERS_ENV. The import benchmark times them rather than the sources compiled as each
 * worker starts.
 */
export async function buildWorkers(outdir) {
  await bundleMainEntries(WORKER_ENTRIES, outdir);
  return pathToFileURL(`${outdir}/`);
}

/**
 * The data host with its worker threads beside it, bundled as the application ships them, into
 * `outdir` (host.js, import-worker.js, checkpoint-worker.js): host.js's path, and the folder's URL
 * for workers started outside the host (BUILT_WORKERS_ENV). For runs from the sources that start
 * many hosts (the journeys: a host for each workstation): each start of the sources through tsx
 * took 1.2 s, the bundle's 0.3 s (src-main/host/port.ts, BUILT_HOST_ENV). `outdir` must lie two
 * folders under the repository's root, as out/main does: the host finds migrations/ from there.
 */
export async function buildDataHost(outdir) {
  await bundleMainEntries({ host: 'src-main/host/host-process.ts', ...WORKER_ENTRIES }, outdir);
  return { host: join(outdir, 'host.js'), workers: pathToFileURL(`${outdir}/`) };
}

export async function buildDesktop({ renderer = true, template = true, quiet = false } = {}) {
  const say = (line) => {
    if (!quiet) process.stdout.write(`${line}\n`);
  };
  await rm(at('out/main'), { recursive: true, force: true });
  await rm(at('out/preload'), { recursive: true, force: true });

  // tsconfig.json names the path aliases (~shared/…) that esbuild resolves.
  const common = { absWorkingDir: root, tsconfig: 'tsconfig.json', bundle: true, sourcemap: 'linked', metafile: true, logLevel: quiet ? 'silent' : 'warning', legalComments: 'none' };

  say('Processus principal (esbuild) → out/main/main.js');
  const main = await build({
    ...common,
    ...mainProcessOptions,
    // The data host runs in a utilityProcess (src-main/host/), and the import reads files in worker
    // threads (src-main/workers/start-worker.ts): each its own file beside main.js.
    entryPoints: { main: 'src-main/main.ts', host: 'src-main/host/host-process.ts', ...WORKER_ENTRIES },
    outdir: 'out/main',
  });
  checkInputs('out/main/main.js', main.metafile, mainExternalAllowed);

  say('Préchargement (esbuild) → out/preload/index.cjs');
  const preload = await build({
    ...common,
    entryPoints: ['src-main/preload/index.ts'],
    outfile: 'out/preload/index.cjs',
    platform: 'browser',
    format: 'cjs',
    target: CHROME_TARGET,
    external: ['electron'],
    // The contract's keys bring zod along; minified, the preload parses quickly at each load.
    minify: true,
  });
  checkInputs('out/preload/index.cjs', preload.metafile, (path) => path === 'electron');

  if (renderer) {
    say('Interface (vite build) → out/renderer');
    const vite = await import('vite');
    await vite.build({ configFile: at('vite.config.ts'), logLevel: quiet ? 'silent' : 'warn' });
  }
  if (template) {
    say('Base du bureau préparée (PGlite) → out/pglite/office-template.tar.gz');
    const made = spawnSync(process.execPath, ['--import', 'tsx', 'src-server/db/pglite-template.ts', 'out/pglite/office-template.tar.gz'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (made.status !== 0) throw new Error('Le modèle de base du bureau n’a pas pu être préparé.');
  }
  say('Construction terminée.');
}

// ---- the office server ---------------------------------------------------------------------------

/**
 * What the server bundle leaves to node_modules: PGlite (WebAssembly and data files it reads
 * beside its own code), argon2 (native, one package per platform), pg's optional native driver,
 * ws's optional native speed-ups. Everything else is inside out/server.
 */
export const SERVER_EXTERNAL = ['@electric-sql/pglite', '@node-rs/argon2', 'pg-native', 'bufferutil', 'utf-8-validate'];
/** Optional at run time (pg and ws try them and go on without): never installed with the bundle. */
const SERVER_OPTIONAL = new Set(['pg-native', 'bufferutil', 'utf-8-validate']);

/** The package.json written beside the bundle: its externals at the versions package-lock.json holds. */
export async function serverPackageJson() {
  const lock = JSON.parse(await readFile(at('package-lock.json'), 'utf8'));
  const own = JSON.parse(await readFile(at('package.json'), 'utf8'));
  const dependencies = {};
  for (const name of SERVER_EXTERNAL.filter((name) => !SERVER_OPTIONAL.has(name))) {
    const version = lock.packages?.[`node_modules/${name}`]?.version;
    if (version === undefined) throw new Error(`Construction refusée : ${name} est absent de package-lock.json.`);
    dependencies[name] = version;
  }
  return {
    name: 'bureau-server',
    version: own.version,
    private: true,
    description: 'Serveur du bureau (Bureau) : node main.js ; commandes : node office.js',
    type: 'module',
    main: 'main.js',
    engines: own.engines,
    scripts: { start: 'node main.js', office: 'node office.js' },
    dependencies,
  };
}

/** `outDir`: out/server by default; the bundle's test builds elsewhere. */
export async function buildServer({ quiet = false, outDir = at('out/server') } = {}) {
  const say = (line) => {
    if (!quiet) process.stdout.write(`${line}\n`);
  };
  await rm(outDir, { recursive: true, force: true });
  say('Serveur du bureau (esbuild) → out/server/main.js, out/server/office.js');
  const server = await build({
    absWorkingDir: root,
    entryPoints: { main: 'src-server/main.ts', office: 'src-server/cli/office.ts' },
    outdir: outDir,
    bundle: true,
    // The server and the command line share most of their code: one copy, in chunks.
    splitting: true,
    // Beside the entries: import.meta.url (migrations, PGlite's initdb) must name out/server itself.
    chunkNames: '[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: SERVER_EXTERNAL,
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    logLevel: quiet ? 'silent' : 'warning',
    banner: { js: "import { createRequire as __bureauCreateRequire } from 'node:module'; const require = __bureauCreateRequire(import.meta.url);" },
  });
  checkServerInputs(server.metafile);
  // src-server/db/migrate.ts looks for them beside the bundle first.
  await cp(at('migrations/server'), join(outDir, 'migrations'), { recursive: true, filter: (path) => !path.endsWith('.test.ts') });
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify(await serverPackageJson(), null, 2)}\n`);
}

function checkServerInputs(metafile) {
  const problems = [];
  for (const [input, info] of Object.entries(metafile.inputs)) {
    const path = relative(root, resolve(root, input)).replaceAll('\\', '/');
    if (/^src-(main|renderer)\//.test(path) || /\.test\.ts$/.test(path) || /\/(testing|test)\//.test(path) || path.startsWith('scripts/')) {
      problems.push(`${path} ne doit pas entrer dans out/server`);
    }
    for (const imported of info.imports) {
      const ok = SERVER_EXTERNAL.includes(imported.path) || imported.path.startsWith('node:') || builtinModules.includes(imported.path) || imported.path === '<runtime>';
      if (imported.external && !ok) problems.push(`out/server laisse « ${imported.path} » hors du paquet (importé par ${path})`);
    }
  }
  if (problems.length > 0) throw new Error(`Construction refusée :\n  ${problems.join('\n  ')}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      'no-renderer': { type: 'boolean', default: false },
      'no-template': { type: 'boolean', default: false },
      'no-server': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  (async () => {
    await buildDesktop({ renderer: !values['no-renderer'], template: !values['no-template'], quiet: values.quiet });
    if (!values['no-server']) await buildServer({ quiet: values.quiet });
  })().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
