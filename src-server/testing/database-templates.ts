import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { migrateServerDb, openServerDatabase } from '../db/connection';
import { SERVER_MIGRATIONS_FOLDER } from '../db/migrate';
import { writePgliteTemplate } from '../db/pglite-template';
import { createTemporaryDatabase } from '../db/temporary-database';

// Migrated databases for the server suites without migrating each one (docs/architecture.md,
// "Test suite time"). Once per `vitest run` (vitest-global-setup.ts) the migrations run into a
// PGlite data folder archived as PGlite's prepared template (the same archive a new embedded
// office starts from, src-server/db/pglite-template.ts; kept between runs while the migrations
// stay the same), and into a PostgreSQL database every other test database is then copied from
// (CREATE DATABASE … TEMPLATE), dropped at the end. Creating PGlite's database (initdb in
// WebAssembly) and replaying every migration took seconds per suite.
// Suites that check migrating itself still ask createTestDatabase for an empty database.

const PGLITE_TEMPLATE_ENV = 'BUREAU_TEST_PGLITE_TEMPLATE';
const POSTGRES_TEMPLATE_ENV = 'BUREAU_TEST_POSTGRES_TEMPLATE';

export interface TestTemplates {
  /** The gzipped PGlite data folder, migrated; null outside a run that prepared it. */
  pglite: string | null;
  /** The migrated PostgreSQL database to copy; null outside such a run or without PostgreSQL. */
  postgres: string | null;
}

/** The templates this run prepared (set in the environment the test workers inherit). */
export function testTemplates(): TestTemplates {
  return { pglite: process.env[PGLITE_TEMPLATE_ENV] || null, postgres: process.env[POSTGRES_TEMPLATE_ENV] || null };
}

/** Prepares both templates for this run and tells the workers where they are; returns the cleanup. */
export async function prepareTestTemplates(databaseUrl: string | undefined): Promise<() => Promise<void>> {
  const [archive, postgres] = await Promise.allSettled([pgliteArchive(), databaseUrl ? migratedPostgres(databaseUrl) : null]);
  const drop = postgres.status === 'fulfilled' && postgres.value !== null ? postgres.value.drop : async () => {};
  if (archive.status === 'rejected' || postgres.status === 'rejected') {
    await drop();
    throw archive.status === 'rejected' ? archive.reason : (postgres as PromiseRejectedResult).reason;
  }
  process.env[PGLITE_TEMPLATE_ENV] = archive.value;
  if (postgres.value !== null) process.env[POSTGRES_TEMPLATE_ENV] = postgres.value.name;
  return drop;
}

/**
 * The PGlite archive for the migrations as they stand, kept between runs in the temporary folder
 * under a name that is the hash of the migrations and of PGlite's version: a run that follows
 * another with the same migrations skips initdb altogether; any change to them makes a new one.
 */
async function pgliteArchive(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(readFileSync(pglitePackageJson()));
  for (const file of readdirSync(SERVER_MIGRATIONS_FOLDER, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(SERVER_MIGRATIONS_FOLDER, file);
    if (statSync(path).isFile()) hash.update(file).update(readFileSync(path));
  }
  const folder = join(tmpdir(), 'bureau-test-templates');
  const archive = join(folder, `pglite-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  if (existsSync(archive)) return archive;
  mkdirSync(folder, { recursive: true });
  // Written aside then renamed: another run at the same moment never reads half an archive.
  const partial = `${archive}.${process.pid}.partial`;
  try {
    await writePgliteTemplate(partial);
    renameSync(partial, archive);
  } finally {
    rmSync(partial, { force: true });
  }
  return archive;
}

/** PGlite's package.json (its `exports` do not list it): up from the module's entry. */
function pglitePackageJson(): string {
  for (let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && basename(dir) === 'pglite') return join(dir, 'package.json');
  }
  throw new Error('package.json de @electric-sql/pglite introuvable');
}

async function migratedPostgres(databaseUrl: string): Promise<{ name: string; drop: () => Promise<void> }> {
  const temporary = await createTemporaryDatabase(databaseUrl);
  try {
    const db = await openServerDatabase({ databaseUrl: temporary.url, dataDir: 'memory://' });
    try {
      await migrateServerDb(db);
    } finally {
      // No connection may stay on a template while it is copied.
      await db.close();
    }
  } catch (error) {
    await temporary.drop();
    throw error;
  }
  return { name: new URL(temporary.url).pathname.slice(1), drop: temporary.drop };
}
