import type { MessagePort } from 'node:worker_threads';
import type { Cell, CleanSetup, ImportField, ImportRow, ReadSheet, RejectedCells } from '~shared/domain/import';

// What the main process and the reading workers (read-worker.ts) say to each other. A reading has
// two: one parses the file (and finds the header row), the other cleans the rows it is handed, on
// the machine's other core; the parser's rows cross to the cleaner by a port of their own.

export interface ReadRequest {
  path: string;
  sheet?: string;
  mapping?: ImportField[];
}

/** What each of the two workers is started with. */
export type WorkerStart =
  | { role: 'parse'; request: ReadRequest; toCleaner: MessagePort; inFlight: SharedArrayBuffer }
  | { role: 'clean'; fromParser: MessagePort; inFlight: SharedArrayBuffer };

/** A row to clean: its 0-based index, its cells, and its width (to its last non-empty cell). */
export type RawRow = [index: number, cells: Cell[], width: number];

/** From the parser to the cleaner. */
export type CleanerMessage =
  | { type: 'setup'; setup: CleanSetup }
  | { type: 'rows'; rows: RawRow[] }
  /** Nothing more to clean: the cleaner hands on what it holds and says `cleaned`. */
  | { type: 'end' };

export type WorkerMessage =
  | { type: 'progress'; rowsRead: number; totalRows: number | null }
  /** From the cleaner: cleaned rows, in order, sent while the rest is read (`done`'s `read.rows` stays empty). */
  | { type: 'rows'; rows: ImportRow[] }
  /** From the cleaner: refused rows, in order, with reasons and cells (`done`'s `read.errors` stays empty). */
  | { type: 'rejected'; rows: RejectedCells[] }
  | { type: 'done'; sheetNames: string[]; read: ReadSheet }
  /** From the cleaner: every row it was handed is cleaned and sent. */
  | { type: 'cleaned' }
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
