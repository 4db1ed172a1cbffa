import { Worker, type WorkerOptions } from 'node:worker_threads';
import { runsFromSource } from '../runs-from-source';

// Starts one of the main process's worker threads. In the built app each is its own file beside
// main.js and host.js (scripts/build.mjs, WORKER_ENTRIES). From the sources (tsx, vitest, the
// development bridge) it is the .ts file, loaded through tsx, unless the run bundled the workers
// once (BUILT_WORKERS_ENV).

/**
 * The URL of the folder where a run from the sources bundled the workers once (vitest's global
 * setup and the import bench set it; a child process inherits it): through tsx each start
 * compiled the worker again, 2.7 s for the import's reader, most of the import suites' time.
 * Never read by the built app, which runs its own bundle.
 */
export const BUILT_WORKERS_ENV = 'BUREAU_WORKERS';

/** The workers, by the name of their bundled file (scripts/build.mjs). */
export type WorkerName = 'import-worker' | 'checkpoint-worker';

/** `source`: the worker's .ts file, for a run from the sources without a bundle. */
export function startWorker(name: WorkerName, source: URL, options: WorkerOptions): Worker {
  const here = import.meta.url;
  if (!runsFromSource(here)) return new Worker(new URL(`./${name}.js`, here), options);
  const built = process.env[BUILT_WORKERS_ENV];
  if (built) return new Worker(new URL(`${name}.js`, built.endsWith('/') ? built : `${built}/`), options);
  // A worker does not inherit tsx's loader, so it registers it before loading.
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
