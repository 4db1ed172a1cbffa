import { describe, expect, it } from 'vitest';
import { excelSerialToDate, readDate } from './excel-date';

describe('excelSerialToDate', () => {
  it('reads the 1900 system, with its phantom 29 February 1900', () => {
    expect(excelSerialToDate(1)).toBe('1900-01-01');
    expect(excelSerialToDate(59)).toBe('1900-02-28');
    expect(excelSerialToDate(60)).toBeNull();
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(45_658)).toBe('2025-01-01');
    expect(excelSerialToDate(46_027.75)).toBe('2026-01-05');
    expect(excelSerialToDate(2_958_465)).toBe('9999-12-31');
  });

  it('reads the 1904 system', () => {
    expect(excelSerialToDate(0, true)).toBe('1904-01-01');
    expect(excelSerialToDate(44_196, true)).toBe('2025-01-01');
  });

  it('refuses what is no day', () => {
    expect(excelSerialToDate(0)).toBeNull();
    expect(excelSerialToDate(-3)).toBeNull();
    expect(excelSerialToDate(3_000_000)).toBeNull();
    expect(excelSerialToDate(Number.NaN)).toBeNull();
  });
});

describe('readDate', () => {
  it('reads ISO dates, with or without a time', () => {
    expect(readDate('2026-01-05')).toBe('2026-01-05');
    expect(readDate('2026-01-05T14:30:00Z')).toBe('2026-01-05');
    expect(readDate('2026/1/5 10:23:11')).toBe('2026-01-05');
  });

  it('reads dd/mm/yyyy day first', () => {
    expect(readDate('05/01/2026')).toBe('2026-01-05');
    expect(readDate('5-1-26')).toBe('2026-01-05');
    expect(readDate('31.12.1999')).toBe('1999-12-31');
    expect(readDate('29/02/2024')).toBe('2024-02-29');
  });

  it('refuses impossible and month-first dates', () => {
    expect(readDate('01/13/2026')).toBeNull();
    expect(readDate('29/02/2026')).toBeNull();
    expect(readDate('31/04/2026')).toBeNull();
    expect(readDate('demain')).toBeNull();
    expect(readDate(true)).toBeNull();
  });

  it('reads serial numbers, also as text from a CSV', () => {
    expect(readDate(45_658)).toBe('2025-01-01');
    expect(readDate('45658')).toBe('2025-01-01');
  });
});
