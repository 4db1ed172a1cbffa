import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type ServerConfig } from '../config';
import { unpackPgliteTemplate } from '~node/pglite-template';
import { migrateServerDb, openServerDatabase, pgliteFolder, type ServerDb } from '../db/connection';
import { createTemporaryDatabase } from '../db/temporary-database';
import { testTemplates } from './database-templates';

// The databases server suites run on: PGlite always, PostgreSQL too when TEST_DATABASE_URL is
// set (issue 3, point 8). Each suite gets its own fresh database: a PGlite in memory or in a
// temporary folder, or a new database on the PostgreSQL server of TEST_DATABASE_URL, dropped at
// the end; already migrated (copied from this run's template) when the suite does not test
// migrating.
//
//   describe.each(TEST_BACKENDS)('… ($name)', (backend) => {
//     let t: OpenTestDatabase;
//     beforeAll(async () => { t = await openTestDatabase(backend); });
//     afterAll(() => t.dispose());
//   });

export interface TestBackend {
  name: 'PGlite' | 'PostgreSQL';
  kind: 'pglite' | 'postgres';
}

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export const TEST_BACKENDS: TestBackend[] = [
  { name: 'PGlite', kind: 'pglite' },
  ...(TEST_DATABASE_URL ? [{ name: 'PostgreSQL', kind: 'postgres' } as const] : []),
];

/** The server's settings for a test: defaults, port 0 on loopback, no logs. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...loadConfig({}), port: 0, host: '127.0.0.1', logLevel: 'silent', ...overrides };
}

export interface TestDatabase {
  /** Settings naming the database (databaseUrl or dataDir); the database itself is not opened. */
  config: ServerConfig;
  /** Drops the PostgreSQL database or deletes the PGlite folder. Close what you opened first. */
  dispose(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * PGlite only: a temporary folder instead of memory, for tests that close and reopen the same
   * database or run a second process on it.
   */
  onDisk?: boolean;
  config?: Partial<ServerConfig>;
  /**
   * Already migrated, copied from this run's template (database-templates.ts) rather than made
   * empty, for suites that do not test migrating: whoever opens it still migrates it, which then
   * finds nothing to do, as on every start of a real office. PGlite's copy is on disk. Without a
   * template (outside `vitest run`), an empty database as usual.
   */
  migrated?: boolean;
}

/** A fresh, isolated database on `backend`, not opened: empty, or migrated when asked. */
export async function createTestDatabase(backend: TestBackend, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const templates = options.migrated ? testTemplates() : { pglite: null, postgres: null };
  if (backend.kind === 'postgres') {
    const temporary = await createTemporaryDatabase(TEST_DATABASE_URL!, { template: templates.postgres ?? undefined });
    return { config: testConfig({ ...options.config, databaseUrl: temporary.url }), dispose: temporary.drop };
  }
  if (!options.onDisk && templates.pglite === null) {
    return { config: testConfig({ ...options.config, databaseUrl: null, dataDir: 'memory://' }), dispose: async () => {} };
  }
  const folder = mkdtempSync(join(tmpdir(), 'bureau-t-'));
  if (templates.pglite !== null) await unpackPgliteTemplate(templates.pglite, pgliteFolder(folder));
  return {
    config: testConfig({ ...options.config, databaseUrl: null, dataDir: folder }),
    dispose: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

export interface OpenTestDatabase extends TestDatabase {
  db: ServerDb;
}

/** A fresh database, opened and migrated; `dispose` closes and removes it. */
export async function openTestDatabase(backend: TestBackend, options: TestDatabaseOptions = {}): Promise<OpenTestDatabase> {
  const created = await createTestDatabase(backend, { migrated: true, ...options });
  const db = await openServerDatabase(created.config);
  await migrateServerDb(db);
  return {
    ...created,
    db,
    dispose: async () => {
      await db.close();
      await created.dispose();
    },
  };
}
