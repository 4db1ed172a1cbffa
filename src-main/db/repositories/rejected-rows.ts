import type Database from 'better-sqlite3';
import type { RejectedRow } from '~node/spreadsheet/rejected-rows';
import { statement } from '../statements';

// The rows an import refused, kept by the workstation that imported, by batch (local table
// `import_rejected_rows`, never synced: docs/decisions.md, « Lignes refusées d'un lot »).

export interface KeptRejectedRows {
  importBatchId: string;
  fileName: string;
  headers: Array<string | null>;
  rows: RejectedRow[];
}

/**
 * Once per batch: the first chunk saved keeps them; a later call for the same batch changes nothing.
 * The rows come already as a JSON array of RejectedRow: an import may refuse hundreds of thousands.
 */
export function keepRejectedRows(sqlite: Database.Database, kept: Omit<KeptRejectedRows, 'rows'> & { rows: string }, savedAt: string): void {
  statement(
    sqlite,
    'insert into import_rejected_rows (import_batch_id, file_name, headers, rows, saved_at) values (?, ?, ?, ?, ?) on conflict (import_batch_id) do nothing',
  ).run(kept.importBatchId, kept.fileName, JSON.stringify(kept.headers), kept.rows, savedAt);
}

export function rejectedRowsOf(sqlite: Database.Database, importBatchId: string): KeptRejectedRows | null {
  const row = statement(sqlite, 'select file_name as fileName, headers, rows from import_rejected_rows where import_batch_id = ?').get(importBatchId) as
    | { fileName: string; headers: string; rows: string }
    | undefined;
  if (!row) return null;
  return { importBatchId, fileName: row.fileName, headers: JSON.parse(row.headers) as Array<string | null>, rows: JSON.parse(row.rows) as RejectedRow[] };
}

/** The batches whose refused rows this workstation holds. */
export function batchesWithRejectedRows(sqlite: Database.Database): Set<string> {
  return new Set(statement(sqlite, 'select import_batch_id from import_rejected_rows').pluck().all() as string[]);
}
