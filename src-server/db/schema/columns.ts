import { bigint, boolean, integer, jsonb, uuid } from 'drizzle-orm/pg-core';
import { instant } from './instant';

// Column kinds of the office database, named as in src-main/db/schema/columns.ts so the two
// schemas read alike; schema-parity.test.ts keeps both equal to src-shared's entities.

export const uuidColumn = (name: string) => uuid(name);
export const instantColumn = (name: string) => instant(name);
export const boolColumn = (name: string) => boolean(name);
export const intColumn = (name: string) => integer(name);
export const jsonColumn = <T>(name: string) => jsonb(name).$type<T>();
/** Counter values (versions, mutation ids) outgrow 32 bits in principle; read as numbers (< 2^53). */
export const counterColumn = (name: string) => bigint(name, { mode: 'number' });

/** What every synced row carries (sync-protocol.md: `version`, soft deletion by `deletedAt`). */
export function syncedColumns() {
  return {
    id: uuidColumn('id').primaryKey(),
    version: counterColumn('version').notNull(),
    deletedAt: instantColumn('deleted_at'),
  };
}

export function stampedColumns() {
  return {
    ...syncedColumns(),
    createdAt: instantColumn('created_at').notNull(),
    updatedAt: instantColumn('updated_at').notNull(),
  };
}
