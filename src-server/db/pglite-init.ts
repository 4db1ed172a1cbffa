import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Creating a PGlite database runs initdb, compiled to WebAssembly, whose memory the process then
// keeps: a server that initialised its own database stayed near 900 MB resident, against about
// 300 MB for one that opened an existing database (measured for issue 3). So a new data folder
// is initialised by a short-lived child process (about 850 MB for a few seconds, once) and the
// server only ever opens it.

const run = promisify(execFile);

/** Initialises `folder` as a PGlite database unless it already is one. */
export async function initializePgliteFolder(folder: string): Promise<void> {
  if (existsSync(join(folder, 'PG_VERSION'))) return;
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script = 'const { PGlite } = require(process.argv[1]); PGlite.create(process.argv[2]).then((db) => db.close());';
  try {
    await run(process.execPath, ['-e', script, entry, folder], { timeout: 120_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`Impossible de créer la base PGlite dans ${folder} : ${stderr.trim() || (error as Error).message}`);
  }
}
