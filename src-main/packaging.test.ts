import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import config from '../electron.config';
import { buildDesktop, buildServer } from '../scripts/build.mjs';
import type { unneededModules } from '../scripts/packaging.mjs';
import { RUNTIME_MODULES } from '../scripts/packaging.mjs';
import { packagedFiles, type Lock } from './testing/packaged-files';

// Issue 12, point 4: what the installers carry, computed with electron-builder's own file matchers
// from electron.config.ts (packaging itself needs Electron's binary, absent here).

const root = fileURLToPath(new URL('..', import.meta.url));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lock & Parameters<typeof unneededModules>[0];

/** Top-level package names under node_modules in a list of paths. */
function packagesIn(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (match) names.add(match[1]!);
  }
  return names;
}

describe('the packaged application (electron.config.ts)', () => {
  let files: string[];

  beforeAll(async () => {
    // What `npm run dist` packages; the renderer (vite build) is checked only when already built.
    await buildDesktop({ renderer: false, quiet: true });
    await buildServer({ quiet: true });
    files = packagedFiles(root, config, lock);
  }, 300_000);

  it('carries the bundles, both sets of migrations and package.json', () => {
    for (const file of [
      'package.json',
      'out/main/main.js',
      'out/main/import-worker.js',
      'out/main/checkpoint-worker.js',
      'out/preload/index.cjs',
      'out/server/main.js',
      'out/server/office.js',
      'out/server/package.json',
      'out/server/migrations/meta/_journal.json',
      'migrations/client/meta/_journal.json',
      'node_modules/better-sqlite3-multiple-ciphers/package.json',
      'node_modules/@electric-sql/pglite/package.json',
      'node_modules/@node-rs/argon2/package.json',
    ]) {
      expect(files, file).toContain(file);
    }
    if (existsSync(join(root, 'out/renderer/index.html'))) expect(files).toContain('out/renderer/index.html');
    expect(files.some((file) => /^migrations\/client\/\d{4}_.*\.sql$/.test(file))).toBe(true);
    expect(files.some((file) => /^out\/server\/migrations\/\d{4}_.*\.sql$/.test(file))).toBe(true);
  });

  it('carries no test, source, source map, development bridge or development tool', () => {
    const forbidden = [
      /\.map$/,
      /\.(test|spec)\.[cm]?[jt]sx?$/,
      /(^|\/)(src-main|src-server|src-renderer|src-shared|src-node|scripts|e2e|bench|docs|data|release|test-results)\//,
      /dev-bridge/,
      /^[^/]+\.(ts|tsx|md)$/,
      /^(?!node_modules\/).*\.(ts|tsx|mts|cts)$/,
      /^(tsconfig|vite|vitest|playwright|drizzle|eslint)[^/]*$/,
      /^package-lock\.json$/,
      /^build\//,
    ];
    const offenders = files.filter((file) => forbidden.some((pattern) => pattern.test(file)));
    expect(offenders).toEqual([]);
  });

  it('takes from node_modules only what the bundles load at run time', () => {
    const packaged = packagesIn(files);
    for (const name of RUNTIME_MODULES) expect(packaged).toContain(name);
    for (const bundled of ['fastify', 'pino', 'drizzle-orm', 'zod', 'exceljs', 'electron-updater', 'ws', 'pg', 'prebuild-install']) {
      expect(packaged, bundled).not.toContain(bundled);
    }
    for (const dev of ['electron', 'electron-builder', 'vitest', 'typescript', 'tsx', 'react', 'vite']) expect(packaged, dev).not.toContain(dev);
    expect([...packaged].filter((name) => !/^(better-sqlite3-multiple-ciphers|bindings|file-uri-to-path|@electric-sql\/pglite|@node-rs\/argon2(-.*)?)$/.test(name))).toEqual([]);
  });

  it('leaves out whatever stray file lands in out/ or beside the sources', async () => {
    const app = await mkdtemp(join(tmpdir(), 'bureau-packaging-'));
    try {
      const decoys = [
        'out/main/main.js',
        'out/main/main.js.map',
        'out/main/replica.test.js',
        'out/dev-bridge/server.js',
        'out/server/main.js',
        'out/server/main.js.map',
        'out/server/testing/fake.js',
        'migrations/client/0000_init.sql',
        'migrations/client/migrations.test.ts',
        'migrations/server/0000_init.sql',
        'src-main/main.ts',
        'README.md',
        'package.json',
      ];
      for (const decoy of decoys) {
        await mkdir(dirname(join(app, decoy)), { recursive: true });
        await writeFile(join(app, decoy), decoy.endsWith('.json') ? await readFile(join(root, 'package.json')) : '');
      }
      expect(packagedFiles(app, config, null)).toEqual(['migrations/client/0000_init.sql', 'out/main/main.js', 'out/server/main.js', 'package.json']);
    } finally {
      await rm(app, { recursive: true, force: true });
    }
  });

  it('installs in French under a French name, with the .xlsx association and updates from the office server', () => {
    expect(config.productName).toBe('Bureau');
    expect(config.nsis).toMatchObject({ language: '1036', installerLanguages: ['fr_FR'], multiLanguageInstaller: false });
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'xlsx' })]);
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic', url: expect.stringMatching(/\/updates\/$/) })]);
  });

  it('has one icon source large enough for every size electron-builder derives (512 × 512 PNG)', () => {
    const png = readFileSync(join(root, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});
