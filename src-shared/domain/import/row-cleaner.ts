import type { Cell } from './cell';
import { cellText } from './cell';
import type { CleanContext } from './clean-row';
import { cleanRow } from './clean-row';
import type { ColumnMapping } from './mapping';
import type { ImportRow, RejectedCells, RowError } from './sheet-stream';

// The rows below a sheet's header row, cleaned one by one and handed on in batches. SheetStream
// finds the header and which rows are leads to read; what it hands here may as well be cleaned in
// another thread (the desktop's reader parses in one worker and cleans in a second, on the other
// core): everything a row's cleaning needs is in CleanSetup, which crosses threads as it is.

export interface CleanSetup extends CleanContext {
  mapping: ColumnMapping;
}

/** Where SheetStream sends each row to clean: `width` is the row's (up to its last non-empty cell). */
export interface RowSink {
  push(index: number, cells: readonly Cell[], width: number): void;
  /** Hands on what a batch still holds (the sheet's end). */
  flush(): void;
}

export interface CleanedOutput {
  /** Receives the cleaned rows in order, `batch` at a time; without it they stay in `rows`. */
  onRows?: (rows: ImportRow[]) => void;
  /** Receives the refused rows in order with their cells; without it they stay in `errors` and `rejected`. */
  onRejected?: (rows: RejectedCells[]) => void;
  batch?: number;
}

export function cellTexts(cells: readonly Cell[]): (string | null)[] {
  return Array.from(cells, (cell) => cellText(cell));
}

export class RowCleaner implements RowSink {
  readonly rows: ImportRow[] = [];
  readonly errors: RowError[] = [];
  /** The refused rows' cells, by error (kept only without `onRejected`). */
  readonly rejected: (string | null)[][] = [];
  private readonly rejectedOut: RejectedCells[] = [];
  private readonly batch: number;

  constructor(
    private readonly setup: CleanSetup,
    private readonly output: CleanedOutput = {},
  ) {
    this.batch = output.batch ?? 5_000;
  }

  push(index: number, cells: readonly Cell[], width: number): void {
    const cleaned = cleanRow(cells, this.setup.mapping, this.setup);
    if (cleaned.ok) {
      this.rows.push({ row: index + 1, lead: cleaned.lead, warnings: cleaned.warnings });
      if (this.output.onRows && this.rows.length >= this.batch) this.flush();
    } else if (this.output.onRejected) {
      this.rejectedOut.push({ row: index + 1, reason: cleaned.reason, cells: cellTexts(cells).slice(0, width) });
      if (this.rejectedOut.length >= this.batch) this.flush();
    } else {
      this.errors.push({ row: index + 1, reason: cleaned.reason });
      this.rejected.push(cellTexts(cells));
    }
  }

  flush(): void {
    if (this.output.onRows && this.rows.length > 0) this.output.onRows(this.rows.splice(0, this.rows.length));
    if (this.output.onRejected && this.rejectedOut.length > 0) this.output.onRejected(this.rejectedOut.splice(0, this.rejectedOut.length));
  }
}
