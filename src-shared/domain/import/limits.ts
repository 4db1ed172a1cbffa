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

// What a file may hold before reading it would cost more than a lead list can need. The reader
// (src-node/spreadsheet) checks them, so that a zip bomb or a stray cell at row 1 048 576 is
// refused with a sentence instead of filling the memory.

/** A file larger than this is refused before it is read (a lead list of 100 000 rows is ~10 MB). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** What the parts of an .xlsx or .ods may inflate to, all together (declared and measured). */
export const MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024;

/** Excel's own height; a row number beyond it is no sheet Excel made. */
export const MAX_ROWS = 1_048_576;

/** Cells held for the sheet being read (each row counts up to its last cell). */
export const MAX_CELLS = 10_000_000;
