// What the worker that reads .xlsx and .csv files hands to the pure import: a grid of cells.
// Parsing libraries differ; this is the shape they are all turned into.

export type CellValue = string | number | boolean | null;

/**
 * A cell with more than its value. `formula` is set when the cell holds a formula; `value` is then
 * the result Excel saved with the file, or null/undefined when the file was written by a tool
 * that never computed it.
 */
export interface RichCell {
  value?: CellValue;
  formula?: string;
}

export type Cell = CellValue | undefined | RichCell;

export interface SheetInput {
  name: string;
  rows: readonly (readonly Cell[])[];
  /** Merged ranges, 0-based and inclusive, as the workbook lists them. */
  merges?: readonly MergedRange[];
}

export interface MergedRange {
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
}

function isRich(cell: Cell): cell is RichCell {
  return typeof cell === 'object' && cell !== null;
}

/** The value of a cell: a formula's saved result counts as a value (issue 10, point 9). */
export function cellValue(cell: Cell): CellValue {
  if (isRich(cell)) return cell.value ?? null;
  return cell ?? null;
}

/** True when the cell holds a formula whose result was never saved: there is nothing to read. */
export function isUncomputedFormula(cell: Cell): boolean {
  if (!isRich(cell) || typeof cell.formula !== 'string') return false;
  const value = cell.value;
  return value === null || value === undefined || value === '';
}

/**
 * A cell as text, trimmed; null when empty. A number a phone column holds reads as its digits
 * (String(5145551234) is "5145551234").
 * Text beginning with = + - @ stays text: a string in the grid is what the file holds, and a
 * phone number "+1 514…" or a note "- rappeler" must not be read as anything else.
 */
export function cellText(cell: Cell): string | null {
  const value = cellValue(cell);
  if (value === null) return null;
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'boolean') {
    text = value ? 'VRAI' : 'FAUX';
  } else {
    text = value;
  }
  // Non-breaking and zero-width spaces come with copied text; they are spaces to a reader.
  const trimmed = text.replace(/[\u00a0\u202f\u2007]/g, ' ').replace(/[\u200b\ufeff]/g, '').trim();
  return trimmed === '' ? null : trimmed;
}

/** True when the cell holds nothing a person could read. */
export function isEmptyCell(cell: Cell): boolean {
  return cellText(cell) === null && !isUncomputedFormula(cell);
}

/** Excel's name of a 0-based column: 0 → A, 25 → Z, 26 → AA, 16383 → XFD. */
export function columnLetter(index: number): string {
  let n = Math.floor(index) + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
