import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/pglite';
import { migrateServerDatabase, type ServerDatabase } from './migrate';
import * as schema from './schema';

// The prepared data folder a new embedded office starts from (src-node/pglite-template.ts): an
// empty office database, migrated, with its planner statistics, as PGlite's own gzipped tar. Made
// at build time (`npm run build`; scripts/test-e2e.mjs and the bench make their own when needed):
//   node --import tsx src-server/db/pglite-template.ts out/pglite/office-template.tar.gz
// What an office writes at its first start (settings, catalogue, its administrator) is not in it:
// the server writes those itself, as on any new database.

export async function writePgliteTemplate(outFile: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const client = await PGlite.create();
  try {
    await migrateServerDatabase(drizzle({ client, schema }) as unknown as ServerDatabase<typeof schema>);
    await client.query('analyze');
    const archive = await client.dumpDataDir('gzip');
    mkdirSync(dirname(resolve(outFile)), { recursive: true });
    writeFileSync(outFile, Buffer.from(await archive.arrayBuffer()));
  } finally {
    await client.close();
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (out === undefined) {
    process.stderr.write('Usage : node --import tsx src-server/db/pglite-template.ts FICHIER.tar.gz\n');
    process.exitCode = 2;
  } else {
    writePgliteTemplate(out).catch((error: unknown) => {
      process.stderr.write(`Modèle PGlite non créé : ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
  }
}
