import type { RejectedRow } from '~node/spreadsheet/rejected-rows';
import { PREVIEW_ERRORS } from '~shared/contract/import';
import type { RejectedCells, RowError } from '~shared/domain/import';

// The refused rows of a file read, as the worker sends them (issue 10, point 11). A full sheet may
// refuse hundreds of thousands of rows: as objects they would weigh ten times their text, so each
// batch is kept as one JSON string, and only the first errors (the preview's) stay objects.

export class RejectedBatches {
  readonly batches: string[] = [];
  readonly first: RowError[] = [];
  count = 0;

  add(rows: readonly RejectedCells[]): void {
    if (rows.length === 0) return;
    for (const { row, reason } of rows) {
      if (this.first.length >= PREVIEW_ERRORS) break;
      this.first.push({ row, reason });
    }
    this.count += rows.length;
    this.batches.push(JSON.stringify(rows));
  }
}

/** Cells up to the sheet's width, as the rejected-rows file shows them under its headers. */
function padded(rows: readonly RejectedCells[], width: number): RejectedRow[] {
  return rows.map(({ row, reason, cells }) => ({ row, reason, cells: Array.from({ length: width }, (_, column) => cells[column] ?? null) }));
}

export function rejectedRowsOfBatches(batches: readonly string[], width: number): RejectedRow[] {
  return batches.flatMap((batch) => padded(JSON.parse(batch) as RejectedCells[], width));
}

/** The same rows as one JSON array, written a batch at a time (never all of them as objects at once). */
export function rejectedRowsJson(batches: readonly string[], width: number): string {
  return `[${batches.map((batch) => JSON.stringify(padded(JSON.parse(batch) as RejectedCells[], width)).slice(1, -1)).join(',')}]`;
}
