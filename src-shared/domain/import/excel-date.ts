import type { CellValue } from './cell';

// Dates as spreadsheets hold them (issue 10, point 4): Excel serial numbers, ISO text, and the
// day-first dd/mm/yyyy of Québec and France. The result is a calendar date, 'YYYY-MM-DD'.

/** The last day Excel can show, 9999-12-31, as a serial of the 1900 system. */
const MAX_SERIAL = 2_958_465;
/** Days between the 1900 and the 1904 systems (Excel for Mac workbooks made before 2011). */
const DAYS_1904_OFFSET = 1_462;
const MS_PER_DAY = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const check = new Date(Date.UTC(2000, month - 1, day));
  // Date.UTC rolls 31 April over to 1 May; a leap year stands in for the year's February.
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (check.getUTCMonth() !== month - 1) return null;
  if (month === 2 && day === 29 && !leap) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * The calendar date of an Excel serial number; the time of day (the fraction) is dropped.
 * Excel's 1900 system counts 29 February 1900, a day that never was (Lotus 1-2-3's bug, kept for
 * compatibility): serial 60 is that day, so it is refused, and from serial 61 on the count is one
 * day ahead of the calendar.
 */
export function excelSerialToDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(serial);
  const days1900 = date1904 ? day + DAYS_1904_OFFSET : day;
  if (days1900 < 1 || days1900 > MAX_SERIAL || (!date1904 && day === 60)) return null;
  // Serial 1 is 1900-01-01; from 61, day 0 is 1899-12-30 because of the phantom 29 February.
  const epoch = days1900 < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const d = new Date(epoch + days1900 * MS_PER_DAY);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:$|\s)/;

/** Two-digit years: 00–69 are this century, 70–99 the last one (as Excel reads them). */
function fullYear(text: string): number {
  const n = Number(text);
  if (text.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

/**
 * A cell read as a date: numbers as Excel serials, text as ISO (2026-01-05, with or without a
 * time) or day first (05/01/2026, 5-1-26, 05.01.2026). Month-first dates are not guessed: 05/01 is
 * the 5th of January, and 01/13/2026 is no date. Null when the cell is no date.
 */
export function readDate(value: CellValue, options: { date1904?: boolean } = {}): string | null {
  if (typeof value === 'number') return excelSerialToDate(value, options.date1904);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const iso = ISO.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = DAY_FIRST.exec(text);
  if (dayFirst) return isoDate(fullYear(dayFirst[3] ?? ''), Number(dayFirst[2]), Number(dayFirst[1]));
  // A CSV may hold the serial as text.
  if (/^\d{1,7}(?:\.\d+)?$/.test(text)) return excelSerialToDate(Number(text), options.date1904);
  return null;
}
