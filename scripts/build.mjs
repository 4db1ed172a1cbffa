// `npm run build`: the desktop application into out/ (what electron.config.ts packages).
//   out/main/main.js       the main process, ESM, bundled with esbuild (electron and native
//                          modules left outside); out/main/host.js, the data host process (the
//                          session, the replica, the sync: an Electron utilityProcess);
//                          out/main/import-worker.js, the import's reader
//   out/preload/index.cjs  the preload, CommonJS (a sandboxed preload cannot be a module), only
//                          `electron` left outside since a sandboxed preload can require nothing else
//   out/renderer/          the interface, `vite build` (vite.config.ts)
// Options: --no-renderer (main and preload only), --quiet.
import { rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));

// Electron 39 runs Node 22 and Chromium 142.
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome142';

// Native modules load from node_modules (electron-builder unpacks them from the asar); ws's
// optional speed-ups are native too and ws works without them.
const MAIN_EXTERNAL = ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate'];

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

export async function buildDesktop({ renderer = true, quiet = false } = {}) {
  const say = (line) => {
    if (!quiet) process.stdout.write(`${line}\n`);
  };
  await rm(at('out/main'), { recursive: true, force: true });
  await rm(at('out/preload'), { recursive: true, force: true });

  const common = { absWorkingDir: root, bundle: true, sourcemap: 'linked', metafile: true, logLevel: quiet ? 'silent' : 'warning', legalComments: 'none' };

  say('Processus principal (esbuild) → out/main/main.js');
  const main = await build({
    ...common,
    // The data host runs in a utilityProcess (src-main/host/), and the import reads files in a worker
    // thread (src-main/services/import/read-file.ts): each its own file beside main.js.
    entryPoints: { main: 'src-main/main.ts', host: 'src-main/host/host-process.ts', 'import-worker': 'src-main/services/import/read-worker.ts' },
    outdir: 'out/main',
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    external: MAIN_EXTERNAL,
    // Bundled CommonJS dependencies call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __bureauCreateRequire } from 'node:module'; const require = __bureauCreateRequire(import.meta.url);" },
  });
  checkInputs('out/main/main.js', main.metafile, (path) => MAIN_EXTERNAL.includes(path) || path.startsWith('node:') || builtinModules.includes(path));

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
  say('Construction terminée.');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { 'no-renderer': { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } } });
  buildDesktop({ renderer: !values['no-renderer'], quiet: values.quiet }).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
