import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDataHost } from '../../scripts/build.mjs';
import { BUILT_HOST_ENV } from '../host/port';
import { BUILT_WORKERS_ENV } from '../workers/start-worker';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Once per `vitest run`, before the workers start (they inherit the environment it sets): the
// data host and its worker threads bundled as the application ships them, in one build, which
// every host and every worker of the run starts instead of compiling the sources through tsx at
// each start (host/port.ts, BUILT_HOST_ENV; workers/start-worker.ts, BUILT_WORKERS_ENV). Bundled
// afresh at each run, from the sources as they are.
export default async function setup(): Promise<() => Promise<void>> {
  // Two folders under the root, as out/main: the host finds migrations/ from there.
  await mkdir(join(ROOT, 'test-results'), { recursive: true });
  const dir = await mkdtemp(join(ROOT, 'test-results', 'vitest-bundles-'));
  const { host, workers } = await buildDataHost(dir);
  process.env[BUILT_HOST_ENV] = host;
  process.env[BUILT_WORKERS_ENV] = workers.href;
  return async () => {
    delete process.env[BUILT_HOST_ENV];
    delete process.env[BUILT_WORKERS_ENV];
    await rm(dir, { recursive: true, force: true });
  };
}
