import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImportWorker } from '../../scripts/build.mjs';
import { BUILT_READER_ENV } from '../services/import/read-file';

// Once per `vitest run`, before the workers start (they inherit the environment it sets): the
// import's reader bundled as the application ships it, which every reading of the run starts
// instead of compiling the sources through tsx at each start (read-file.ts, BUILT_READER_ENV).
// Bundled afresh at each run, from the sources as they are.
export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'bureau-test-reader-'));
  process.env[BUILT_READER_ENV] = (await buildImportWorker(dir)).href;
  return async () => {
    delete process.env[BUILT_READER_ENV];
    await rm(dir, { recursive: true, force: true });
  };
}
