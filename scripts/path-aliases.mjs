// The path aliases of tsconfig.base.json (`~shared/…` for src-shared/…, and so on), written once
// there and given here to the tools that do not read tsconfig paths themselves: Vite and Vitest
// (their own tsconfigPaths follows tsconfig.json's `files`, which lists none). tsx, esbuild and
// TypeScript read them from tsconfig.json / tsconfig.base.json directly.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const base = JSON.parse(readFileSync(new URL('../tsconfig.base.json', import.meta.url), 'utf8'));

/** Vite's `resolve.alias` entries: `~shared/ids` → <repo>/src-shared/ids. */
export function pathAliases() {
  return Object.entries(base.compilerOptions.paths).map(([pattern, [target]]) => ({
    find: new RegExp(`^${pattern.replace('/*', '/')}`),
    replacement: fileURLToPath(new URL(`../${target.replace('*', '')}`, import.meta.url)),
  }));
}
