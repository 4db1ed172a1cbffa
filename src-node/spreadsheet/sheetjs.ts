import * as XLSX from '@e965/xlsx';
import type { Cell, CellValue, SheetInput } from '~shared/domain/import';
import { MAX_CELLS, MAX_ROWS } from '~shared/domain/import';
import { refusals } from './errors';

// .xls, .ods and small .xlsx through SheetJS, the whole workbook at once (such files are small:
// an .xls holds 65 536 rows at most). Dates stay Excel serial numbers (cellDates: false), which
// the import's core reads as dates in a date column (excel-date.ts); formulas come with the value
// Excel saved (cellFormula), so that a formula never computed is told apart from an empty cell.

export interface WorkbookRead {
  sheetNames: string[];
  sheets: SheetInput[];
  date1904: boolean;
}

function cellOf(cell: XLSX.CellObject | undefined): Cell {
  if (cell === undefined) return undefined;
  let value: CellValue = null;
  if (cell.t === 's' || cell.t === 'n' || cell.t === 'b') value = (cell.v as CellValue | undefined) ?? null;
  if (typeof value === 'number' && !Number.isFinite(value)) value = null;
  // 'e' (an error such as #N/A) and 'z' (a stub) hold no value.
  if (typeof cell.f === 'string' && cell.f !== '') return { formula: cell.f, value };
  return value === null ? undefined : value;
}

function isPasswordError(error: unknown): boolean {
  return /password|encrypt/i.test((error as Error)?.message ?? '');
}

export function readWithSheetJs(bytes: Buffer, wantedSheet?: string): WorkbookRead {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellDates: false,
      cellFormula: true,
      cellHTML: false,
      cellStyles: false,
      cellText: false,
      // A formula never computed is a stub ('z'): without stubs SheetJS would drop it as empty.
      sheetStubs: true,
      sheets: wantedSheet,
      WTF: false,
    });
  } catch (error) {
    throw isPasswordError(error) ? refusals.password() : refusals.corrupt(error);
  }
  const sheetNames = [...workbook.SheetNames];
  if (wantedSheet !== undefined && !sheetNames.includes(wantedSheet)) throw refusals.noSuchSheet(wantedSheet, sheetNames);
  const sheets: SheetInput[] = [];
  for (const name of wantedSheet === undefined ? sheetNames : [wantedSheet]) {
    const sheet = workbook.Sheets[name];
    if (!sheet) continue;
    const data = (sheet['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
    if (data.length > MAX_ROWS) throw refusals.tooManyRows(name);
    let cells = 0;
    const rows: Cell[][] = [];
    for (const row of data) {
      cells += row?.length ?? 0;
      if (cells > MAX_CELLS) throw refusals.tooManyCells(name);
      rows.push(row ? Array.from(row, cellOf) : []);
    }
    const merges = (sheet['!merges'] ?? []).map((m) => ({ startRow: m.s.r, startColumn: m.s.c, endRow: m.e.r, endColumn: m.e.c }));
    sheets.push({ name, rows, merges });
  }
  return { sheetNames, sheets, date1904: Boolean(workbook.Workbook?.WBProps?.date1904) };
}
