import type { Cell, MergedRange } from './cell';
import { cellText, isEmptyCell } from './cell';
import type { ImportedLead } from './clean-row';
import type { HeaderRow } from './header-row';
import { findHeaderRow } from './header-row';
import { HEADER_SCAN_ROWS, MAX_COLUMNS } from './limits';
import type { ColumnMapping, ImportField } from './mapping';
import { guessMapping, mappingProblems } from './mapping';
import type { CleanedOutput, CleanSetup, RowSink } from './row-cleaner';
import { cellTexts, RowCleaner } from './row-cleaner';
import { mergedCellsWarning, widthRefusal } from './sheet';

// A sheet read from top to bottom, one row at a time (issue 10, points 2, 3, 4 and 9): the first
// rows are held until the header row is found, every row below is cleaned as it comes and let go.
// A full sheet (1,048,576 rows) is never held as a grid: a reader that streams the file hands its
// rows here, and the cleaned leads can leave in batches (`onRows`) as they are made.
//
// The sheet's width (up to its last non-empty column) is known only at its end; columns right of
// the header row's width have no header, so a guessed mapping ignores them: the mapping is padded
// with 'ignore' at the end, and rows cleaned before give the same leads as rows cleaned after.

export interface ImportRow {
  /** 1-based row of the sheet, as Excel numbers it. */
  row: number;
  lead: ImportedLead;
  warnings: string[];
}

export interface RowError {
  /** 1-based row of the sheet, as Excel numbers it. */
  row: number;
  reason: string;
}

export interface ReadSheet {
  sheet: string;
  headerRow: HeaderRow;
  headers: (string | null)[];
  mapping: ColumnMapping;
  /** Why the mapping cannot import (no name column…); rows are not read while there are any. */
  mappingProblems: string[];
  /** About the whole sheet (merged cells). */
  warnings: string[];
  rows: ImportRow[];
  errors: RowError[];
}

/** A refused row as the rejected-rows file shows it: its reason and its cells as typed. */
export interface RejectedCells extends RowError {
  /** Up to the row's last non-empty cell (the sheet's width is known only at its end). */
  cells: (string | null)[];
}

export type ReadSheetResult = ({ ok: true } & ReadSheet) | { ok: false; error: string };

export interface ReadOptions {
  /** The user's mapping (changed on screen, or remembered for these headers); else guessed. */
  mapping?: ColumnMapping;
  defaultRegion?: string;
  date1904?: boolean;
}

/**
 * `onRows` / `onRejected` (CleanedOutput): the cleaned rows, and the refused ones with their reasons
 * and cells, handed on in order `batch` at a time instead of the result's `rows`, `errors` and
 * `rejectedCells` (which then stay empty): what a worker thread sends on while it reads the rest (a
 * sheet may refuse hundreds of thousands of rows, and they must not pile up where it is read).
 */
export interface SheetStreamOptions extends ReadOptions, CleanedOutput {
  name: string;
  merges?: readonly MergedRange[];
  /**
   * Where the rows to clean go once the header row is known, instead of being cleaned here (the
   * result's rows and errors then stay empty: the sink hands them on).
   */
  cleanIn?: (setup: CleanSetup) => RowSink;
}

/** The sheet's result, and the cells of each refused row (the rejected-rows file), by error. */
export interface SheetStreamEnd {
  result: ReadSheetResult;
  rejectedCells: (string | null)[][];
}

/** Columns up to the last non-empty one of this row. */
function rowWidth(cells: readonly Cell[]): number {
  for (let column = cells.length - 1; column >= 0; column -= 1) if (!isEmptyCell(cells[column])) return column + 1;
  return 0;
}

export class SheetStream {
  private readonly options: SheetStreamOptions;
  /** The first rows, by 0-based index, until the header row is known. */
  private head: Array<readonly Cell[] | undefined> | null = [];
  private header: { row: HeaderRow; texts: (string | null)[]; mapping: ColumnMapping; problems: string[] } | null = null;
  private width = 0;
  private lastIndex = -1;
  /** Set with the header row; the rows below go there to be cleaned. */
  private sink: RowSink | null = null;

  constructor(options: SheetStreamOptions) {
    this.options = options;
  }

  /** The row at 0-based `index`; rows must come in order, and a row not given is an empty row. */
  push(index: number, cells: readonly Cell[]): void {
    if (index <= this.lastIndex) throw new Error(`SheetStream : ligne ${index + 1} reçue après la ligne ${this.lastIndex + 1}.`);
    this.lastIndex = index;
    const width = rowWidth(cells);
    if (width > this.width) this.width = width;
    if (this.head !== null) {
      if (index < HEADER_SCAN_ROWS) {
        this.head[index] = cells;
        return;
      }
      this.findHeader();
    }
    this.clean(index, cells, width);
  }

  /** Ends the sheet: its refusal, or what was read. */
  end(): SheetStreamEnd {
    const { name } = this.options;
    const refused = (error: string): SheetStreamEnd => ({ result: { ok: false, error }, rejectedCells: [] });
    const refusal = widthRefusal(name, this.width);
    if (refusal !== null) return refused(refusal);
    if (this.head !== null) this.findHeader();
    const header = this.header;
    if (header === null) {
      return refused(`La feuille «\u00a0${name}\u00a0» n’a rien dans ses premières lignes\u00a0: la ligne des en-têtes est introuvable.`);
    }
    this.sink?.flush();
    const local = this.sink instanceof RowCleaner ? this.sink : null;
    const pad = <T>(list: readonly T[], filler: T): T[] => Array.from({ length: Math.max(this.width, list.length) }, (_, i) => list[i] ?? filler);
    const headers = Array.from({ length: this.width }, (_, column) => header.texts[column] ?? null);
    const merged = mergedCellsWarning(this.options.merges, header.row.index);
    return {
      result: {
        ok: true,
        sheet: name,
        headerRow: header.row,
        headers,
        mapping: this.options.mapping ?? pad<ImportField>(header.mapping, 'ignore'),
        mappingProblems: header.problems,
        warnings: merged ? [merged] : [],
        rows: local?.rows ?? [],
        errors: local?.errors ?? [],
      },
      rejectedCells: (local?.rejected ?? []).map((cells) => Array.from({ length: this.width }, (_, column) => cells[column] ?? null)),
    };
  }

  private findHeader(): void {
    const head = this.head ?? [];
    this.head = null;
    const scanned = Array.from({ length: head.length }, (_, i) => head[i] ?? []);
    const row = findHeaderRow(scanned);
    if (row === null) return;
    const headerTexts = cellTexts(scanned[row.index] ?? []);
    const mapping = this.options.mapping ?? guessMapping(Array.from({ length: this.width }, (_, column) => headerTexts[column] ?? null));
    const problems = mappingProblems(mapping);
    this.header = { row, texts: headerTexts, mapping, problems };
    if (problems.length === 0) {
      const { defaultRegion, date1904, cleanIn } = this.options;
      const setup: CleanSetup = { mapping, headers: headerTexts, defaultRegion, date1904 };
      this.sink = cleanIn ? cleanIn(setup) : new RowCleaner(setup, this.options);
    }
    for (let index = row.index + 1; index < scanned.length; index += 1) {
      const cells = scanned[index] ?? [];
      this.clean(index, cells, rowWidth(cells));
    }
  }

  /** Header lines repeated on each printed page are not leads. */
  private repeatsHeader(cells: readonly Cell[], headerTexts: readonly (string | null)[]): boolean {
    const width = Math.max(cells.length, headerTexts.length);
    for (let column = 0; column < width; column += 1) if (cellText(cells[column]) !== (headerTexts[column] ?? null)) return false;
    return true;
  }

  private clean(index: number, cells: readonly Cell[], width: number): void {
    const header = this.header;
    // A sheet too wide is refused at its end: its rows are not worth cleaning.
    if (header === null || header.problems.length > 0 || index <= header.row.index || this.width > MAX_COLUMNS) return;
    if (width === 0) return;
    if (this.repeatsHeader(cells, header.texts)) return;
    this.sink?.push(index, cells, width);
  }
}
