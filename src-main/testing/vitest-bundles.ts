import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDataHost, buildImportWorker } from '../../scripts/build.mjs';
import { BUILT_HOST_ENV } from '../host/port';
import { BUILT_READER_ENV } from '../services/import/read-file';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Once per `vitest run`, before the workers start (they inherit the environment it sets): the
// import's reader and the data host bundled as the application ships them, which every reading and
// every host of the run starts instead of compiling the sources through tsx at each start
// (read-file.ts, BUILT_READER_ENV; host/port.ts, BUILT_HOST_ENV). Bundled afresh at each run, from
// the sources as they are.
export default async function setup(): Promise<() => Promise<void>> {
  const readerDir = await mkdtemp(join(tmpdir(), 'bureau-test-reader-'));
  // Two folders under the root, as out/main: the host finds migrations/ from there.
  await mkdir(join(ROOT, 'test-results'), { recursive: true });
  const hostDir = await mkdtemp(join(ROOT, 'test-results', 'vitest-host-'));
  process.env[BUILT_READER_ENV] = (await buildImportWorker(readerDir)).href;
  process.env[BUILT_HOST_ENV] = await buildDataHost(hostDir);
  return async () => {
    delete process.env[BUILT_READER_ENV];
    delete process.env[BUILT_HOST_ENV];
    await rm(readerDir, { recursive: true, force: true });
    await rm(hostDir, { recursive: true, force: true });
  };
}
