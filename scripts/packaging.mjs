// What the installers carry (electron.config.ts), computed from package-lock.json.
//
// The main process, the preload and the office server are bundled by esbuild (scripts/build.mjs),
// so of the application's production dependencies only the ones those bundles leave outside are
// needed at run time. electron-builder copies every production dependency and lets `files` only
// exclude from node_modules (app-builder-lib's getNodeModuleFileMatcher keeps `!` patterns alone),
// so the others are named here, one exclusion each.

/**
 * Loaded from node_modules by the packaged app: better-sqlite3-multiple-ciphers (the data host's
 * encrypted replica, issue 14), PGlite and argon2 (out/server).
 */
export const RUNTIME_MODULES = ['better-sqlite3-multiple-ciphers', '@electric-sql/pglite', '@node-rs/argon2'];
/** Dependencies only used while installing (SQLite's native module downloads its prebuilt binary with it). */
const INSTALL_ONLY = new Set(['prebuild-install']);

/** The lock's entry for `name` as seen from the package at `from` (node's nested lookup). */
function locate(lock, from, name) {
  let base = from;
  for (;;) {
    const key = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (lock.packages[key] !== undefined) return key;
    if (base === '') return null;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** Names of the packages `roots` need at run time, with their dependencies, optional ones included. */
function closure(lock, roots, skip = new Set()) {
  const names = new Set();
  const queue = roots.map((name) => ['', name]);
  while (queue.length > 0) {
    const [from, name] = queue.shift();
    if (skip.has(name)) continue;
    const key = locate(lock, from, name);
    if (key === null || names.has(key)) continue;
    names.add(key);
    const entry = lock.packages[key];
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) queue.push([key, dep]);
  }
  return new Set([...names].map((key) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)));
}

/** Production packages (by name) the packaged app does not need: bundled, or install-time only. */
export function unneededModules(lock) {
  const root = lock.packages[''];
  const production = closure(lock, Object.keys({ ...root.dependencies, ...root.optionalDependencies }));
  // devOptional: development packages that are also optional peers of production ones (drizzle-orm's
  // @types/better-sqlite3): electron-builder may count them in.
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (entry.devOptional === true) production.add(key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
  }
  const needed = closure(lock, RUNTIME_MODULES, INSTALL_ONLY);
  return [...production].filter((name) => !needed.has(name)).sort();
}

/** `files` exclusions for those packages, wherever they sit in node_modules. */
export function unneededModulePatterns(lock) {
  return unneededModules(lock).map((name) => `!**/node_modules/${name}{,/**/*}`);
}
