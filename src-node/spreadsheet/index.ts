// Reading spreadsheet files for the Excel import (issue 10): Node only, shared by the desktop's
// main process and the office server's command line.
export * from './errors';
export * from './progress';
export { readSpreadsheet, STREAM_FROM_BYTES } from './read';
export type { ReadSpreadsheetOptions, SpreadsheetFormat, SpreadsheetRead } from './read';
