import type { Cell } from './cell';
import { cellText } from './cell';
import { HEADER_SCAN_ROWS } from './limits';
import { matchHeader } from './mapping';

// The header row may sit under a title, a date line or blank rows (issue 10, point 3): the row
// among the first ones that names the most known fields is taken.

export interface HeaderRow {
  /** 0-based, for reading `rows`. */
  index: number;
  /** 1-based, as Excel numbers the row: what the user and the dry-run JSON see. */
  rowNumber: number;
  /** How many of its cells name a lead field; 0 when no row did (the first non-empty is taken). */
  recognised: number;
}

/** Two points per header that is a known name, one per header containing one. */
function score(row: readonly Cell[]): { points: number; recognised: number } {
  let points = 0;
  let recognised = 0;
  for (const cell of row) {
    const match = matchHeader(cellText(cell));
    if (match.field === 'ignore' || match.strength === 0) continue;
    points += match.strength;
    recognised += 1;
  }
  return { points, recognised };
}

/**
 * The header row: the best scoring of the first `scanRows` rows, the earliest on a tie. Without
 * any known header, the first non-empty row (the user maps its columns by hand). Null when the
 * rows scanned are all empty.
 */
export function findHeaderRow(rows: readonly (readonly Cell[])[], scanRows: number = HEADER_SCAN_ROWS): HeaderRow | null {
  let best: { index: number; points: number; recognised: number } | null = null;
  let firstNonEmpty: number | null = null;
  const end = Math.min(rows.length, scanRows);
  for (let index = 0; index < end; index += 1) {
    const row = rows[index] ?? [];
    if (firstNonEmpty === null && row.some((cell) => cellText(cell) !== null)) firstNonEmpty = index;
    const { points, recognised } = score(row);
    if (points > 0 && (best === null || points > best.points)) best = { index, points, recognised };
  }
  if (best) return { index: best.index, rowNumber: best.index + 1, recognised: best.recognised };
  if (firstNonEmpty !== null) return { index: firstNonEmpty, rowNumber: firstNonEmpty + 1, recognised: 0 };
  return null;
}
