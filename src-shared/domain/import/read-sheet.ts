import type { SheetInput } from './cell';
import { cellText, isEmptyCell } from './cell';
import type { ImportedLead } from './clean-row';
import { cleanRow } from './clean-row';
import type { HeaderRow } from './header-row';
import { findHeaderRow } from './header-row';
import type { ColumnMapping } from './mapping';
import { guessMapping, mappingProblems } from './mapping';
import { mergedCellsWarning, pickSheet, sheetRefusal, sheetWidth } from './sheet';

// A sheet read from top to bottom: the header row found, the mapping guessed (or the user's),
// every row below cleaned (issue 10, points 3, 4 and 9). What the preview and the dry run show.

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

export type ReadSheetResult = ({ ok: true } & ReadSheet) | { ok: false; error: string };

export interface ReadOptions {
  /** The user's mapping (changed on screen, or remembered for these headers); else guessed. */
  mapping?: ColumnMapping;
  defaultRegion?: string;
  date1904?: boolean;
}

/** Reads one sheet; a sheet that cannot be imported gives its French reason. */
export function readSheet(sheet: SheetInput, options: ReadOptions = {}): ReadSheetResult {
  const refusal = sheetRefusal(sheet);
  if (refusal) return { ok: false, error: refusal };
  const headerRow = findHeaderRow(sheet.rows);
  if (headerRow === null) {
    return { ok: false, error: `La feuille «\u00a0${sheet.name}\u00a0» n’a rien dans ses premières lignes\u00a0: la ligne des en-têtes est introuvable.` };
  }
  const width = sheetWidth(sheet.rows);
  const headerCells = sheet.rows[headerRow.index] ?? [];
  const headers = Array.from({ length: width }, (_, column) => cellText(headerCells[column]));
  const mapping = options.mapping ?? guessMapping(headers);
  const problems = mappingProblems(mapping);
  const merged = mergedCellsWarning(sheet.merges, headerRow.index);
  const result: ReadSheet = {
    sheet: sheet.name,
    headerRow,
    headers,
    mapping,
    mappingProblems: problems,
    warnings: merged ? [merged] : [],
    rows: [],
    errors: [],
  };
  if (problems.length > 0) return { ok: true, ...result };

  const context = { headers, defaultRegion: options.defaultRegion, date1904: options.date1904 };
  const headerKey = headers.join('\u0000');
  for (let index = headerRow.index + 1; index < sheet.rows.length; index += 1) {
    const cells = sheet.rows[index] ?? [];
    if (cells.every(isEmptyCell)) continue;
    // Header lines repeated on each printed page are not leads.
    if (Array.from({ length: width }, (_, column) => cellText(cells[column])).join('\u0000') === headerKey) continue;
    const cleaned = cleanRow(cells, mapping, context);
    if (cleaned.ok) result.rows.push({ row: index + 1, lead: cleaned.lead, warnings: cleaned.warnings });
    else result.errors.push({ row: index + 1, reason: cleaned.reason });
  }
  return { ok: true, ...result };
}

/** Reads the chosen sheet, or the first non-empty one. */
export function readWorkbook(
  sheets: readonly SheetInput[],
  options: ReadOptions & { sheetName?: string } = {},
): ReadSheetResult {
  if (options.sheetName !== undefined) {
    const chosen = sheets.find((s) => s.name === options.sheetName);
    if (!chosen) return { ok: false, error: `Le fichier n’a pas de feuille «\u00a0${options.sheetName}\u00a0».` };
    return readSheet(chosen, options);
  }
  const sheet = pickSheet(sheets);
  if (!sheet) return { ok: false, error: 'Le fichier est vide\u00a0: aucune de ses feuilles ne contient de données.' };
  return readSheet(sheet, options);
}
