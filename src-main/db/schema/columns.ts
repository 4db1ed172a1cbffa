import { integer, text } from 'drizzle-orm/sqlite-core';

// Column kinds of the local replica. SQLite has no uuid or timestamp type: ids and instants are
// the wire's own strings (ISO-8601 instants, see docs/decisions.md "Instants"), kept verbatim so a
// pulled row reads back exactly as the server sent it. The names mirror src-server/db/schema so
// the two schemas read alike; schema-parity.test.ts keeps them equal to src-shared's entities.

export const uuidColumn = (name: string) => text(name);
export const instantColumn = (name: string) => text(name);
export const boolColumn = (name: string) => integer(name, { mode: 'boolean' });
export const intColumn = (name: string) => integer(name, { mode: 'number' });
export const jsonColumn = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();

/** What every synced row carries (sync-protocol.md: `version`, soft deletion by `deletedAt`). */
export function syncedColumns() {
  return {
    id: uuidColumn('id').primaryKey(),
    version: intColumn('version').notNull(),
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
