import { readdirSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Configuration } from 'electron-builder';

// The files electron-builder would put in the app (app.asar and app.asar.unpacked), computed with
// electron-builder's own matchers (app-builder-lib's fileMatcher: the `files` patterns with its
// default exclusions, and the node_modules matcher that keeps only `!` patterns) over the project
// and the production dependencies of package-lock.json. Packaging itself needs Electron's binary,
// absent here; the choice of files does not.

type Filter = (file: string, stat: Stats) => boolean;
interface Matcher {
  createFilter(): Filter;
}
interface FileMatcherModule {
  getMainFileMatchers(
    appDir: string,
    destination: string,
    macroExpander: (pattern: string) => string,
    platformOptions: object,
    platformPackager: object,
    outDir: string,
    isElectronCompile: boolean,
  ): Matcher[];
  getNodeModuleFileMatcher(appDir: string, destination: string, macroExpander: (pattern: string) => string, platformOptions: object, packager: object): Matcher;
}

export interface Lock {
  packages: Record<string, { dev?: boolean; optional?: boolean }>;
}

const require = createRequire(import.meta.url);
const matchers = require('app-builder-lib/out/fileMatcher') as FileMatcherModule;

function walk(root: string, dir: string, filter: Filter, into: string[]): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined || !filter(path, stat)) continue;
    if (stat.isDirectory()) walk(root, path, filter, into);
    else into.push(path.slice(root.length + 1).replaceAll('\\', '/'));
  }
}

/** Paths relative to `appDir`, sorted: the project's files, then node_modules' (production only). */
export function packagedFiles(project: string, config: Configuration, lock: Lock | null): string[] {
  const appDir = resolve(project);
  const info = {
    projectDir: appDir,
    buildResourcesDir: config.directories?.buildResources ?? 'build',
    isPrepackedAppAsar: false,
    config,
    debugLogger: { isEnabled: false },
  };
  const expand = (pattern: string) => pattern;
  const outDir = join(appDir, config.directories?.output ?? 'dist');
  const files: string[] = [];
  for (const matcher of matchers.getMainFileMatchers(appDir, '/app', expand, {}, { info }, outDir, false)) {
    walk(appDir, appDir, matcher.createFilter(), files);
  }
  if (lock !== null) {
    const filter = matchers.getNodeModuleFileMatcher(appDir, '/app', expand, {}, info).createFilter();
    // What electron-builder copies: every installed package of the production tree.
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (key === '' || entry.dev === true) continue;
      const dir = join(appDir, key);
      const stat = statSync(dir, { throwIfNoEntry: false });
      if (stat === undefined || !filter(dir, stat)) continue;
      walk(appDir, dir, (file, fileStat) => !file.slice(dir.length).includes('/node_modules/') && filter(file, fileStat), files);
    }
  }
  return files.sort();
}
