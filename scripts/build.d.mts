/** Builds the desktop application into out/ (main, preload and, unless told otherwise, the renderer). */
export function buildDesktop(options?: { renderer?: boolean; quiet?: boolean }): Promise<void>;
/** Bundles the main process's worker threads alone into `outdir`; the folder's URL (BUILT_WORKERS_ENV). */
export function buildWorkers(outdir: string): Promise<URL>;
/** Bundles the data host and its worker threads into `outdir` (two folders under the root): host.js's path, the folder's URL. */
export function buildDataHost(outdir: string): Promise<{ host: string; workers: URL }>;
/** What the server bundle leaves to node_modules. */
export const SERVER_EXTERNAL: string[];
/** The package.json written beside the server bundle. */
export function serverPackageJson(): Promise<{ name: string; version: string; type: string; dependencies: Record<string, string> }>;
/** Bundles the office server into `outDir` (out/server by default). */
export function buildServer(options?: { quiet?: boolean; outDir?: string }): Promise<void>;
