import { basename } from 'node:path';
import type { SheetInput } from '~shared/domain/import';
import { isEmptyCell, MAX_CELLS, MAX_FILE_BYTES, MAX_ROWS } from '~shared/domain/import';
import { csvCells, decodeText, detectSeparator, parseCsv } from './csv';
import { refusals } from './errors';
import type { ReadProgress } from './progress';
import { readWithSheetJs } from './sheetjs';
import type { Source } from './source';
import { bufferSource, fileSource } from './source';
import { isDate1904, workbookSheets } from './xlsx-parts';
import { readXlsxStreaming, type RowSink } from './xlsx-stream';
import { inspectZip } from './zip';

// readSpreadsheet: a file, on disk or in memory, turned into the grid of cells the import's core
// reads (src-shared/domain/import), or a SpreadsheetError with its French sentence. Checks come
// before work: the size before reading, what the bytes are before parsing, what a zip inflates to
// before any parser sees it.

export type SpreadsheetFormat = 'xlsx' | 'xls' | 'ods' | 'csv';

export interface ReadSpreadsheetOptions {
  /** Only this sheet (by name); otherwise every sheet, or, streaming, the first that holds anything. */
  sheet?: string;
  onProgress?: (progress: ReadProgress) => void;
  signal?: AbortSignal;
  /** .xlsx files from this size on are read streaming (exceljs); smaller ones whole (SheetJS). */
  streamFromBytes?: number;
  /** Where the rows of a streamed .xlsx go instead of `sheets` (see `streamed`). */
  rowSink?: RowSink;
}

export interface SpreadsheetRead {
  /** The file's name (for the import batch); null for bytes without one. */
  fileName: string | null;
  format: SpreadsheetFormat;
  /** Every sheet of the workbook, in order. */
  sheetNames: string[];
  /** The sheets read: all of them, or the chosen one, or (streaming) the first that holds anything. */
  sheets: SheetInput[];
  /** Dates counted from 1904 (old Excel for Mac): the core's ReadOptions.date1904. */
  date1904: boolean;
  /** The sheet was streamed into `rowSink`: `sheets` names it but holds none of its rows. */
  streamed: boolean;
}

/** Above this an .xlsx is streamed: SheetJS would hold the whole workbook model at once. */
export const STREAM_FROM_BYTES = 2 * 1024 * 1024;

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from('PK\u0003\u0004', 'latin1');
const EMPTY_ZIP = Buffer.from('PK\u0005\u0006', 'latin1');
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

/** Text a person could have saved as CSV: no NUL byte, few control characters. */
function looksLikeText(head: Buffer): boolean {
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 9 || (byte > 13 && byte < 32)) control += 1;
  }
  return control <= head.length / 100;
}

function isUtf16Text(head: Buffer): boolean {
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

function checkSheets(sheets: readonly SheetInput[]): void {
  for (const sheet of sheets) {
    if (sheet.rows.length > MAX_ROWS) throw refusals.tooManyRows(sheet.name);
    let cells = 0;
    for (const row of sheet.rows) cells += row.length;
    if (cells > MAX_CELLS) throw refusals.tooManyCells(sheet.name);
  }
}

function holdsSomething(sheet: SheetInput): boolean {
  return sheet.rows.some((row) => !row.every(isEmptyCell));
}

type Read = Omit<SpreadsheetRead, 'fileName' | 'streamed'> & { streamed?: boolean };

async function readZip(source: Source, options: ReadSpreadsheetOptions): Promise<Read> {
  const facts = await inspectZip(source, options.signal);
  if (facts.texts.get('mimetype')?.trim() === ODS_MIME || facts.entries.has('content.xml')) {
    if (/encryption-data/.test(facts.texts.get('META-INF/manifest.xml') ?? '')) throw refusals.password();
    return { format: 'ods', ...readWithSheetJs(await source.all(), options.sheet) };
  }
  if (!facts.entries.has('xl/workbook.xml')) throw refusals.notSpreadsheet();
  const sheetsInOrder = workbookSheets(facts);
  const sheetNames = sheetsInOrder.map((s) => s.name);
  if (options.sheet !== undefined && !sheetNames.includes(options.sheet)) throw refusals.noSuchSheet(options.sheet, sheetNames);
  if (source.size < (options.streamFromBytes ?? STREAM_FROM_BYTES)) {
    return { format: 'xlsx', ...readWithSheetJs(await source.all(), options.sheet) };
  }
  const date1904 = isDate1904(facts);
  const { rowSink, onProgress, signal } = options;
  const sheet = await readXlsxStreaming(source, { sheet: options.sheet, date1904, sheetsInOrder, facts, onProgress, signal, rowSink });
  if (sheet === null) {
    if (options.sheet !== undefined) throw refusals.noSuchSheet(options.sheet, sheetNames);
    throw refusals.empty();
  }
  return { format: 'xlsx', sheetNames, sheets: [sheet], date1904, streamed: rowSink !== undefined };
}

async function readBytes(source: Source, options: ReadSpreadsheetOptions): Promise<Read> {
  if (source.size === 0) throw refusals.empty();
  if (source.size > MAX_FILE_BYTES) throw refusals.tooLarge(source.size);
  const head = await source.bytes(0, Math.min(source.size, 8192));
  if (head.subarray(0, 4).equals(ZIP) || head.subarray(0, 4).equals(EMPTY_ZIP)) return readZip(source, options);
  if (head.subarray(0, 8).equals(OLE)) {
    const bytes = await source.all();
    // An .xlsx saved with a password is no zip: Office wraps it, encrypted, in an OLE container.
    if (bytes.includes(ENCRYPTED_PACKAGE)) throw refusals.password();
    return { format: 'xls', ...readWithSheetJs(bytes, options.sheet) };
  }
  if (!isUtf16Text(head) && !looksLikeText(head)) throw refusals.notSpreadsheet();
  const text = decodeText(await source.all());
  const separator = detectSeparator(text);
  const rows = csvCells(parseCsv(text, separator));
  const name = 'CSV';
  if (options.sheet !== undefined && options.sheet !== name) throw refusals.noSuchSheet(options.sheet, [name]);
  options.onProgress?.({ sheet: name, rowsRead: rows.length, totalRows: rows.length, bytesRead: source.size, totalBytes: source.size });
  return { format: 'csv', sheetNames: [name], sheets: [{ name, rows }], date1904: false };
}

/**
 * Reads a spreadsheet file (.xlsx, .xls, .ods, .csv), by path or as bytes. Throws a
 * SpreadsheetError (French message) when the file cannot be imported; never returns half a file.
 */
export async function readSpreadsheet(file: string | Uint8Array, options: ReadSpreadsheetOptions = {}): Promise<SpreadsheetRead> {
  if (options.signal?.aborted) throw refusals.cancelled();
  const source = typeof file === 'string' ? await fileSource(file) : bufferSource(file);
  // Checked before anything is read: a 200 MB file is refused at once.
  if (source.size > MAX_FILE_BYTES) throw refusals.tooLarge(source.size);
  const read = await readBytes(source, options);
  checkSheets(read.sheets);
  if (options.signal?.aborted) throw refusals.cancelled();
  const streamed = read.streamed === true;
  // A streamed sheet was returned because it held something (its rows went to the sink).
  if (!streamed && read.sheets.length > 0 && options.sheet === undefined && !read.sheets.some(holdsSomething)) throw refusals.empty();
  return { fileName: typeof file === 'string' ? basename(file) : null, ...read, streamed };
}

