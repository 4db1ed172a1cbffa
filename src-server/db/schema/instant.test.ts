import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantFromPg } from './instant';

describe('instantFromPg', () => {
  it('reads timestamptz text in any session time zone as the same UTC instant', () => {
    expect(instantFromPg('2026-01-01 10:00:00+00')).toBe('2026-01-01T10:00:00.000Z');
    expect(instantFromPg('2026-01-01 05:00:00-05')).toBe('2026-01-01T10:00:00.000Z');
    expect(instantFromPg('2026-03-08 03:30:00.25-04')).toBe('2026-03-08T07:30:00.250Z');
    expect(instantFromPg('2026-01-01 15:30:00.123+05:30')).toBe('2026-01-01T10:00:00.123Z');
    expect(instantFromPg('1883-11-18 12:00:00-04:56:02')).toBe('1883-11-18T16:56:02.000Z');
    expect(instantFromPg('2026-01-01T10:00:00.000Z')).toBe('2026-01-01T10:00:00.000Z');
    expect(instantFromPg(new Date('2026-01-01T10:00:00Z'))).toBe('2026-01-01T10:00:00.000Z');
  });

  it('refuses what is not an instant rather than guessing', () => {
    expect(() => instantFromPg('infinity')).toThrow();
    expect(() => instantFromPg('2026-01-01 10:00:00')).toThrow();
  });

  it('reads UTC text as PostgreSQL prints it (fraction trimmed or absent) as the same instant', () => {
    expect(instantFromPg('2026-01-01 10:00:00+00')).toBe('2026-01-01T10:00:00.000Z');
    expect(instantFromPg('2026-01-01 10:00:00.5+00')).toBe('2026-01-01T10:00:00.500Z');
    expect(instantFromPg('2026-01-01 10:00:00.05+00')).toBe('2026-01-01T10:00:00.050Z');
    // More digits than a millisecond: rounded by the general way, as before.
    expect(instantFromPg('2026-01-01 10:00:00.1236+00')).toBe('2026-01-01T10:00:00.124Z');
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (date) => {
        // PostgreSQL's text: a space for the T, the fraction's trailing zeros dropped, "+00".
        const text = date.toISOString().replace('T', ' ').replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits ? `.${digits}` : '')) + '+00';
        expect(instantFromPg(text)).toBe(date.toISOString());
      }),
    );
  });

  it('round-trips every millisecond instant written with any whole-minute offset', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          const local = new Date(date.getTime() + offsetMinutes * 60_000);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const text =
            `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
            `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}` +
            `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
          expect(instantFromPg(text)).toBe(date.toISOString());
        },
      ),
    );
  });
});
