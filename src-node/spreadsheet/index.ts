// Spreadsheet files, Node only, shared by the desktop's main process and the office server's
// command line: reading them for the Excel import (issue 10) and writing the styled exports.
export * from './errors';
export * from './progress';
export { readSpreadsheet, STREAM_FROM_BYTES } from './read';
export type { ReadSpreadsheetOptions, SpreadsheetFormat, SpreadsheetRead } from './read';
export type { RowSink } from './xlsx-stream';
export { sheetName, writeStyledWorkbook } from './styled-workbook';
export type { StyledColumn, StyledKind, StyledSheet, StyledValue, StyledWorkbookOptions } from './styled-workbook';
