/** Vite's `resolve.alias` entries for the path aliases of tsconfig.base.json. */
export function pathAliases(): Array<{ find: RegExp; replacement: string }>;
