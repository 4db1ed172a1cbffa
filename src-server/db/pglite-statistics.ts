import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import * as schema from './schema';

// PGlite has no autovacuum: without statistics, pulls scan whole tables (seconds at 100k leads),
// so the server refreshes them at each start. Only the office's own tables: a bare `analyze`
// also samples every table of PostgreSQL's catalog, which cost more than all of ours together
// on a new office (≈ 470 ms of CPU against ≈ 140 ms; issue 12, point 2, docs/benchmarks.md).

/** The tables of the office's schema, quoted, in a stable order. */
export const OFFICE_TABLES: readonly string[] = (Object.values(schema) as unknown[])
  .filter((value): value is PgTable => is(value, PgTable))
  .map((table) => `"${getTableName(table)}"`)
  .sort();

/** The `analyze` statement for the office's own tables. */
export const ANALYZE_OFFICE_TABLES = `analyze ${OFFICE_TABLES.join(', ')}`;
