#!/usr/bin/env node
// `npm run test:e2e`: builds the renderer when out/renderer is missing or older than its sources,
// then runs Playwright (playwright.config.ts) with the arguments given after `--`.
// `--if-chromium` (what `npm test` passes): on a developer's machine without Debian's Chromium the
// journeys are skipped with a warning; in CI (CI set) a missing Chromium fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = join(root, 'out', 'renderer', 'index.html');
/** What the renderer's build is made of. */
const SOURCES = ['src-renderer', 'src-shared', 'vite.config.ts', 'package.json'];

function newestChange(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const args = process.argv.slice(2);
const ifChromium = args.includes('--if-chromium');
const chromium = chromiumPath();
if (!existsSync(chromium)) {
  const message =
    `Chromium introuvable (${chromium}) : installez le paquet Debian « chromium » (apt-get install chromium) ou indiquez son chemin dans CHROMIUM_PATH.\n` +
    `Chromium not found (${chromium}): install Debian's "chromium" package (apt-get install chromium) or set CHROMIUM_PATH.`;
  if (ifChromium && !process.env.CI) {
    console.warn(`${message}\nParcours Playwright sautés. / Playwright journeys skipped.`);
    process.exit(0);
  }
  console.error(message);
  process.exit(1);
}

const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
const changedAt = Math.max(...SOURCES.map((s) => newestChange(join(root, s))));
if (builtAt < changedAt || process.env.E2E_BUILD === 'always') {
  console.log('Construction de l’interface (vite build)…');
  const status = run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
  if (status !== 0) process.exit(status);
}

// The prepared office database a workstation's new office starts from (scripts/build.mjs makes
// it too): the first-run journey creates an office without waiting for initdb.
const template = join(root, 'out', 'pglite', 'office-template.tar.gz');
const templateAt = existsSync(template) ? statSync(template).mtimeMs : 0;
if (templateAt < newestChange(join(root, 'migrations', 'server'))) {
  console.log('Modèle de base du bureau (PGlite)…');
  const status = run(process.execPath, ['--import', 'tsx', join(root, 'src-server', 'db', 'pglite-template.ts'), template]);
  if (status !== 0) process.exit(status);
}

process.exit(run(process.execPath, [join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', ...args.filter((a) => a !== '--if-chromium')]));
