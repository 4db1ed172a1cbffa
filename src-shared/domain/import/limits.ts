// Limits of the Excel import (issue 10, point 9). Named here so that the worker, the preview and
// the command line refuse the same sheets with the same words.

/** Excel's own width (column XFD). A sheet this wide is a stray cell far right, not a lead list. */
export const EXCEL_MAX_COLUMNS = 16_384;

/**
 * Widest sheet the import reads, once empty columns on the right are dropped. A lead list has a
 * few dozen columns; the mapping screen shows one line per column, and every row is walked once
 * per column, so the width bounds the work per row.
 */
export const MAX_COLUMNS = 1_024;

/** How many rows from the top may hold a title, blank lines or notes above the header row. */
export const HEADER_SCAN_ROWS = 30;

/** One cell's text beyond this is refused: no field of a lead holds more (notes: 10 000). */
export const MAX_CELL_LENGTH = 10_000;

/** Merged ranges listed one by one in a warning before it says "and N more". */
export const MAX_LISTED_MERGES = 5;
