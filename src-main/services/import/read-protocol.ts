import type { ImportField, ImportRow, ReadSheet, RejectedCells } from '~shared/domain/import';

// What the main process and the reading worker (read-worker.ts) say to each other.

export interface ReadRequest {
  path: string;
  sheet?: string;
  mapping?: ImportField[];
}

export type WorkerMessage =
  | { type: 'progress'; rowsRead: number; totalRows: number | null }
  /** Cleaned rows, in order, sent while the rest is read; `done`'s `read.rows` holds only those not sent. */
  | { type: 'rows'; rows: ImportRow[] }
  /** Refused rows, in order, with reasons and cells, sent while the rest is read; `done`'s `read.errors` stays empty. */
  | { type: 'rejected'; rows: RejectedCells[] }
  | { type: 'done'; sheetNames: string[]; read: ReadSheet }
  /** The file cannot be imported: the reader's or the core's French sentence. */
  | { type: 'refused'; message: string }
  /** A bug, for the log; the user gets the usual "unexpected error". */
  | { type: 'failed'; message: string };

/**
 * A file read, as the main process keeps it. A sheet may refuse hundreds of thousands of rows: only
 * the first ones (the preview's) are kept as objects in `read.errors`; all of them, with their
 * cells, are kept as compact JSON batches (rejected-rows.ts) for the rejected-rows file and table.
 */
export interface FileRead {
  sheetNames: string[];
  read: ReadSheet;
  errorCount: number;
  /** Each a JSON array of RejectedCells, in the sheet's order. */
  rejected: string[];
}
