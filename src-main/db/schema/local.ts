import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instantColumn, intColumn, jsonColumn } from './columns';

// Tables that exist only on the workstation and never travel (sync-protocol.md, "What is never
// synced"): the outbox, the server images the rebase restores, the user's refusals, the cursor.

/** Pending mutations, `id` being the mutation id (1, 2, 3, … per client, without gaps). */
export const outbox = sqliteTable('outbox', {
  id: intColumn('id').primaryKey(),
  name: text('name').notNull(),
  args: jsonColumn<unknown>('args').notNull(),
  clientTime: instantColumn('client_time').notNull(),
  queuedAt: instantColumn('queued_at').notNull(),
});

/**
 * The last server image of every row a pending mutation touched, saved when first touched, so the
 * rebase can undo optimistic writes. `image` null means the row did not exist on the server.
 */
/** WITHOUT ROWID since migration 0012, which drizzle's schema cannot say (same columns and key). */
export const savedImages = sqliteTable(
  'saved_images',
  {
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    image: jsonColumn<Record<string, unknown>>('image'),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowId] })],
);

/** Refused mutations with the args the user had entered, until the user dismisses them. */
export const refusals = sqliteTable('refusals', {
  mutationId: intColumn('mutation_id').primaryKey(),
  name: text('name').notNull(),
  args: jsonColumn<unknown>('args').notNull(),
  code: text('code').notNull(),
  message: text('message').notNull(),
  refusedAt: instantColumn('refused_at').notNull(),
  dismissedAt: instantColumn('dismissed_at'),
});

/** Small per-replica values: the pull cursor, the client id, the next mutation id, … */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: jsonColumn<unknown>('value').notNull(),
});

/**
 * The rows an import refused, kept on the workstation that imported (docs/decisions.md, « Lignes
 * refusées d'un lot »), for the Imports view to write the same .xlsx as the wizard: the file's
 * headers and, per refused row, its number, the reason and the cells as typed.
 */
export const importRejectedRows = sqliteTable('import_rejected_rows', {
  importBatchId: text('import_batch_id').primaryKey(),
  fileName: text('file_name').notNull(),
  headers: jsonColumn<Array<string | null>>('headers').notNull(),
  rows: jsonColumn<Array<{ row: number; reason: string; cells: Array<string | null> }>>('rows').notNull(),
  savedAt: instantColumn('saved_at').notNull(),
});

/**
 * Sheets opened and files exported on this workstation, waiting to reach the office server's
 * access log (issue 14, point 6): the sync engine sends them and deletes those the server took.
 * Kept here because the sheets are read from the replica, offline as often as not.
 */
export const accessEvents = sqliteTable('access_events', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  subjectId: text('subject_id'),
  detail: text('detail'),
  at: instantColumn('at').notNull(),
});
