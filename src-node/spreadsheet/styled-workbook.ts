import { TZDate } from '@date-fns/tz';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { LEAD_STATUSES, STATUS_INFO, type LeadStatus } from '~shared/domain/statuses';

// The styled .xlsx every export of Bureau writes (issue 10, point 8; issue 13, point 2): typed
// columns, a bold frozen header with an autofilter, widths fitted to the content, status cells in
// the app's colours (domain.md), real Excel dates and amounts, and drop-down lists for a template.
// Node only (main process and office server); written with exceljs's streaming writer so that an
// export of the whole office (200,000 leads) never holds a second copy of the workbook in memory.
//
// Formula injection (OWASP "CSV injection"): a value a lead typed on the web form such as
// `=HYPERLINK(…)` must never become a formula. exceljs only writes a formula for a `{ formula }`
// value, and every text cell here is also formatted as Text (`@`), so Excel keeps it as text even
// when the user edits the cell and presses Enter.

/**
 * - text: a string, kept as text whatever it begins with;
 * - date: a calendar day ('YYYY-MM-DD') or an instant, shown as its office-local day;
 * - dateTime: an instant, shown at the office's wall-clock time;
 * - money: an amount (a number) in the column's currency;
 * - count, decimal, percent (a ratio, 0.25 for 25 %): numbers;
 * - status: a lead status code, written as its label on the status's colour.
 */
export type StyledKind = 'text' | 'date' | 'dateTime' | 'money' | 'count' | 'decimal' | 'percent' | 'status';

export interface StyledColumn {
  header: string;
  kind: StyledKind;
  /** Characters; fitted to the header and the content when absent. */
  width?: number;
  /** Money only: ISO 4217 code, CAD by default (domain.md, the initial payment). */
  currency?: string;
  /** A drop-down list of allowed values (data validation), for a template to fill in. */
  list?: readonly string[];
}

export type StyledValue = string | number | null | undefined;

export interface StyledSheet {
  /** At most 31 characters; characters Excel refuses are replaced. */
  name: string;
  columns: readonly StyledColumn[];
  rows: Iterable<readonly StyledValue[]>;
  /** How many rows under the header get the columns' drop-down lists (a template's blank rows). */
  listRows?: number;
}

export interface StyledWorkbookOptions {
  sheets: readonly StyledSheet[];
  /** The office's time zone: dates are written as its wall clock (Excel dates have no zone). */
  timeZone: string;
  locale?: 'fr' | 'en';
  /** Workbook properties. */
  creator?: string;
  now?: Date;
}

const TEXT_FORMAT = '@';
const DATE_FORMAT = 'yyyy-mm-dd';
const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
const COUNT_FORMAT = '#,##0';
const DECIMAL_FORMAT = '#,##0.0';
const PERCENT_FORMAT = '0.0 %';
const HEADER_FILL = 'FFE9ECEF';
const MAX_WIDTH = 60;
const MIN_WIDTH = 8;
/** Rows looked at to fit a column's width: enough to be representative, cheap at 200,000 rows. */
const WIDTH_SAMPLE = 2_000;

function moneyFormat(currency = 'CAD'): string {
  // fr-CA writes the symbol after the amount; Excel puts the office's own separators in.
  const symbol = currency === 'CAD' || currency === 'USD' ? '$' : currency;
  return `#,##0.00 "${symbol}"`;
}

function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}

/** Excel's sheet names: 31 characters at most, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  const clean = name.replace(/[:\\/?*[\]]/g, '-').trim().slice(0, 31);
  return clean === '' ? 'Feuille' : clean;
}

/** A date Excel shows as the office's wall clock: its UTC fields are the office-local ones. */
function officeWallClock(instant: string, timeZone: string): Date | null {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return null;
  const local = new TZDate(ms, timeZone);
  return new Date(
    Date.UTC(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds()),
  );
}

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

function dateValue(value: string, kind: 'date' | 'dateTime', timeZone: string): Date | null {
  if (CALENDAR_DAY.test(value)) return new Date(`${value}T00:00:00Z`);
  const clock = officeWallClock(value, timeZone);
  if (clock === null || kind === 'dateTime') return clock;
  return new Date(Date.UTC(clock.getUTCFullYear(), clock.getUTCMonth(), clock.getUTCDate()));
}

function isStatus(value: string): value is LeadStatus {
  return (LEAD_STATUSES as readonly string[]).includes(value);
}

/** What a cell shows, for fitting widths. */
function shownLength(value: StyledValue, column: StyledColumn, locale: 'fr' | 'en'): number {
  if (value === null || value === undefined) return 0;
  switch (column.kind) {
    case 'date':
      return 10;
    case 'dateTime':
      return 16;
    case 'money':
      return String(Math.round(Number(value))).length + 6;
    case 'status':
      return typeof value === 'string' && isStatus(value) ? STATUS_INFO[value][locale].length : String(value).length;
    default:
      return String(value).length;
  }
}

function fittedWidths(sheet: StyledSheet, sample: readonly (readonly StyledValue[])[], locale: 'fr' | 'en'): number[] {
  return sheet.columns.map((column, index) => {
    if (column.width !== undefined) return column.width;
    let widest = column.header.length + 3; // room for the autofilter's button
    for (const row of sample) widest = Math.max(widest, shownLength(row[index], column, locale) + 1);
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest));
  });
}

function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const LISTS_SHEET = 'Listes';

/** Writes the workbook and answers its bytes. */
export async function writeStyledWorkbook(options: StyledWorkbookOptions): Promise<Buffer> {
  const locale = options.locale ?? 'fr';
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: true });
  workbook.creator = options.creator ?? 'Bureau';
  workbook.created = options.now ?? new Date();

  // Drop-down lists live on one hidden sheet: an inline list is limited to 255 characters, which
  // the office's fourteen procedures exceed.
  const lists: Array<{ values: readonly string[]; ref: string }> = [];
  const listRef = (values: readonly string[]): string => {
    const letter = columnLetter(lists.length);
    const ref = `'${LISTS_SHEET}'!$${letter}$1:$${letter}$${Math.max(1, values.length)}`;
    lists.push({ values, ref });
    return ref;
  };

  for (const sheet of options.sheets) {
    const rows = Array.isArray(sheet.rows) ? (sheet.rows as readonly (readonly StyledValue[])[]) : [...sheet.rows];
    const widths = fittedWidths(sheet, rows.slice(0, WIDTH_SAMPLE), locale);
    const lastColumn = columnLetter(sheet.columns.length - 1);
    const worksheet = workbook.addWorksheet(sheetName(sheet.name), {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }],
    });
    worksheet.autoFilter = `A1:${lastColumn}1`;
    worksheet.columns = sheet.columns.map((column, index) => ({
      header: column.header,
      width: widths[index],
      style: { numFmt: formatOf(column) },
    }));
    const header = worksheet.getRow(1);
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    header.alignment = { vertical: 'middle' };
    header.commit();

    for (const values of rows) {
      const row = worksheet.addRow([]);
      sheet.columns.forEach((column, index) => writeCell(row.getCell(index + 1), values[index], column, options.timeZone, locale));
      row.commit();
    }

    const listed = sheet.columns.map((column, index) => ({ column, index })).filter(({ column }) => column.list !== undefined);
    const last = 1 + Math.max(rows.length, sheet.listRows ?? 0);
    for (const { column, index } of listed) {
      const formula = listRef(column.list!);
      const letter = columnLetter(index);
      rangeValidations(worksheet).add(`${letter}2:${letter}${last}`, {
        type: 'list',
        allowBlank: true,
        formulae: [formula],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: locale === 'fr' ? 'Valeur inconnue' : 'Unknown value',
        error: locale === 'fr' ? 'Choisissez une valeur de la liste.' : 'Choose a value from the list.',
      });
    }
    worksheet.commit();
  }

  if (lists.length > 0) {
    const listSheet = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
    const height = Math.max(...lists.map((list) => list.values.length));
    for (let r = 0; r < height; r++) {
      const row = listSheet.addRow([]);
      lists.forEach((list, c) => {
        const value = list.values[r];
        if (value !== undefined) {
          const cell = row.getCell(c + 1);
          cell.value = value;
          cell.numFmt = TEXT_FORMAT;
        }
      });
      row.commit();
    }
    listSheet.commit();
  }

  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}

/**
 * The streaming worksheet validates a whole range in one rule (its typings only know the cell by
 * cell form, which would write one rule per row).
 */
function rangeValidations(worksheet: ExcelJS.Worksheet): { add(range: string, validation: ExcelJS.DataValidation): void } {
  return (worksheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
}

function formatOf(column: StyledColumn): string {
  switch (column.kind) {
    case 'date':
      return DATE_FORMAT;
    case 'dateTime':
      return DATE_TIME_FORMAT;
    case 'money':
      return moneyFormat(column.currency);
    case 'count':
      return COUNT_FORMAT;
    case 'decimal':
      return DECIMAL_FORMAT;
    case 'percent':
      return PERCENT_FORMAT;
    case 'text':
    case 'status':
      return TEXT_FORMAT;
  }
}

/** A string kept as text: never a formula, formatted as Text so that editing it keeps it so. */
function writeText(cell: ExcelJS.Cell, value: string): void {
  cell.value = value;
  cell.numFmt = TEXT_FORMAT;
}

function writeCell(cell: ExcelJS.Cell, value: StyledValue, column: StyledColumn, timeZone: string, locale: 'fr' | 'en'): void {
  if (value === null || value === undefined || value === '') return;
  switch (column.kind) {
    case 'text':
      writeText(cell, String(value));
      return;
    case 'status': {
      const code = String(value);
      if (!isStatus(code)) return writeText(cell, code);
      writeText(cell, STATUS_INFO[code][locale]);
      // The app's badge: white bold text on the status's colour (each hex reads on white text).
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(STATUS_INFO[code].hex) } };
      cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
      return;
    }
    case 'date':
    case 'dateTime': {
      const date = typeof value === 'string' ? dateValue(value, column.kind, timeZone) : null;
      if (date === null) return writeText(cell, String(value));
      cell.value = date;
      cell.numFmt = formatOf(column);
      return;
    }
    default: {
      const number = typeof value === 'number' ? value : Number.NaN;
      if (!Number.isFinite(number)) return writeText(cell, String(value));
      cell.value = number;
      cell.numFmt = formatOf(column);
    }
  }
}
