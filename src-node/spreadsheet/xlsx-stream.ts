import ExcelJS from 'exceljs';
import type { Cell, CellValue, MergedRange, SheetInput } from '~shared/domain/import';
import { isEmptyCell, MAX_CELLS, MAX_ROWS } from '~shared/domain/import';
import { refusals, SpreadsheetError } from './errors';
import type { ReadProgress } from './progress';
import type { Source } from './source';
import type { ZipFacts } from './zip';
import { sharedStringsPart, type WorkbookSheet } from './xlsx-parts';
import { readingOrder } from './xlsx-reading-order';

// A large .xlsx read with exceljs's streaming reader: rows come batch by batch from the zip, and
// only the sheet being imported is kept (the chosen one, or the first that holds anything, in
// the workbook's order); exceljs is given only those sheets, in that order (xlsx-reading-order.ts
// says why). Progress is reported every PROGRESS_EVERY rows; an aborted signal stops the reading
// at the next row.
//
// Styles are not read (`styles: 'ignore'`), so a date stays the serial number Excel stores,
// as SheetJS gives it with cellDates: false: the core reads it in a date column.
//
// With a row sink, the rows are handed over one by one and not kept (the import of a full sheet
// cleans each row as it comes and holds no grid).

const PROGRESS_EVERY = 1000;
const EMPTY_ROW: readonly Cell[] = Object.freeze([]);

type StreamValue = ExcelJS.CellValue | { sharedFormula?: string; result?: unknown };

/** What exceljs's streamed worksheet yields from `parse()` (not in its types): its rows, a batch per piece of XML. */
interface SheetBatches {
  parse(): AsyncGenerator<Array<{ eventType: string; value: { number: number; values: unknown } }>, void, undefined>;
}

/** exceljs's serial of a Date (it makes one only for date-formatted cells, with styles read). */
function serialOf(date: Date, date1904: boolean): number {
  return date.getTime() / 86_400_000 + (date1904 ? 24_107 : 25_569);
}

function plainValue(value: unknown, date1904: boolean): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return serialOf(value, date1904);
  if (typeof value === 'object') {
    const object = value as { richText?: { text?: string }[]; text?: unknown; error?: unknown };
    if (Array.isArray(object.richText)) return object.richText.map((run) => run.text ?? '').join('');
    if ('error' in object) return null;
    if (typeof object.text === 'string') return object.text;
  }
  return null;
}

function cellOf(value: StreamValue, date1904: boolean): Cell {
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const object = value as { formula?: string; sharedFormula?: string; result?: unknown };
    if (typeof object.formula === 'string' || typeof object.sharedFormula === 'string') {
      return { formula: object.formula ?? object.sharedFormula ?? '', value: plainValue(object.result, date1904) };
    }
  }
  const plain = plainValue(value, date1904);
  return plain === null ? undefined : plain;
}

/**
 * Where a streamed sheet's rows go instead of being kept: called when a sheet to read starts (an
 * empty one is followed by the next), it returns what receives each row with its 0-based index.
 */
export type RowSink = (sheet: { name: string; merges: readonly MergedRange[]; date1904: boolean }) => (index: number, cells: readonly Cell[]) => void;

export interface StreamOptions {
  sheet?: string;
  rowSink?: RowSink;
  date1904: boolean;
  sheetsInOrder: WorkbookSheet[];
  facts: ZipFacts;
  onProgress?: (progress: ReadProgress) => void;
  signal?: AbortSignal;
}

export async function readXlsxStreaming(source: Source, options: StreamOptions): Promise<SheetInput | null> {
  const { signal, onProgress, date1904, facts } = options;
  // The chosen sheet, or every sheet in the workbook's order until one holds something.
  const candidates = options.sheetsInOrder.filter(
    (s): s is { name: string; part: string } => (options.sheet === undefined || s.name === options.sheet) && s.part !== null && facts.entries.has(s.part),
  );
  let bytesRead = 0;
  const order = readingOrder(source, facts, candidates.map((s) => s.part), sharedStringsPart(facts), (count) => (bytesRead += count));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(order.stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const worksheets = reader[Symbol.asyncIterator]();
  try {
    for (const { name, part } of candidates) {
      // The stream is never ended (see readingOrder), so only a failed read of the file can end
      // the wait for a sheet; a sheet missing from what exceljs hands over means a broken part.
      const next = await order.unlessFailed(worksheets.next());
      if (next.done) throw refusals.corrupt();
      const worksheet = next.value;
      const sheetFacts = facts.sheets.get(part);
      const totalRows = sheetFacts?.rows ?? null;
      const merges = sheetFacts?.merges ?? [];
      const rows: (readonly Cell[])[] = [];
      const sink = options.rowSink?.({ name, merges, date1904 });
      let cells = 0;
      let rowsRead = 0;
      let holdsSomething = false;
      // Rows come in batches, one per piece of the sheet's XML (exceljs's own batches), each
      // awaited against a failed read of the file: a file cut short in the middle of a sheet
      // would otherwise leave the reading waiting for bytes that never come.
      const batches = (worksheet as unknown as SheetBatches).parse();
      try {
        for (;;) {
          const batch = await order.unlessFailed(batches.next());
          if (batch.done) break;
          for (const { eventType, value: row } of batch.value) {
            if (eventType !== 'row') continue;
            if (signal?.aborted) throw refusals.cancelled();
            rowsRead += 1;
            if (rowsRead % PROGRESS_EVERY === 0) onProgress?.({ sheet: name, rowsRead, totalRows, bytesRead, totalBytes: source.size });
            if (row.number > MAX_ROWS) throw refusals.tooManyRows(name);
            const values = row.values as StreamValue[];
            const cellsOfRow: Cell[] = [];
            for (let column = 1; column < values.length; column += 1) cellsOfRow[column - 1] = cellOf(values[column] as StreamValue, date1904);
            cells += cellsOfRow.length;
            if (cells > MAX_CELLS) throw refusals.tooManyCells(name);
            if (!holdsSomething && !cellsOfRow.every(isEmptyCell)) holdsSomething = true;
            if (sink) {
              sink(row.number - 1, cellsOfRow);
              continue;
            }
            // Rows the file leaves out are empty rows; one shared empty array stands for each.
            while (rows.length < row.number - 1) rows.push(EMPTY_ROW);
            rows.push(cellsOfRow);
          }
        }
      } finally {
        // Not awaited, as below.
        batches.return(undefined).catch(() => {});
      }
      if (options.sheet === undefined && !holdsSomething) continue;
      onProgress?.({ sheet: name, rowsRead, totalRows: rowsRead, bytesRead: source.size, totalBytes: source.size });
      return { name, rows, merges };
    }
    return null;
  } catch (error) {
    if (error instanceof SpreadsheetError) throw error;
    throw refusals.corrupt(error);
  } finally {
    order.stream.destroy();
    // Not awaited: after a failed read, exceljs's generator may wait forever on the stream.
    worksheets.return(undefined).catch(() => {});
  }
}
