import type { ImportField, ImportRow, ReadSheet } from '~shared/domain/import';

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
  | { type: 'done'; sheetNames: string[]; read: ReadSheet; rejectedCells: (string | null)[][] }
  /** The file cannot be imported: the reader's or the core's French sentence. */
  | { type: 'refused'; message: string }
  /** A bug, for the log; the user gets the usual "unexpected error". */
  | { type: 'failed'; message: string };

export type FileRead = Extract<WorkerMessage, { type: 'done' }>;
