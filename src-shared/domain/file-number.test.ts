import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFileNumber, highestFileSeq, nextFileNumber, parseFileNumber } from './file-number';

describe('file numbers', () => {
  it.each([
    [2026, 1, '2026-0001'],
    [2026, 42, '2026-0042'],
    [2026, 9999, '2026-9999'],
    [2026, 10000, '2026-10000'],
    [2027, 123456, '2027-123456'],
  ])('%i / %i → %s', (year, seq, text) => {
    expect(formatFileNumber(year, seq)).toBe(text);
    expect(parseFileNumber(text)).toEqual({ year, seq });
  });

  it('refuses a sequence below 1 or a year that is not four digits', () => {
    for (const [year, seq] of [[2026, 0], [2026, -1], [2026, 1.5], [2026, Number.NaN], [999, 1], [10000, 1], [2026.5, 1]] as const) {
      expect(() => formatFileNumber(year, seq)).toThrow(RangeError);
    }
  });

  it.each(['', '2026', '2026-', '2026-042', '2026-0000', '2026-00042', '26-0042', '2026/0042', '2026-0042a', 'x2026-0042', '0999-0001'])(
    'does not read %j',
    (text) => {
      expect(parseFileNumber(text)).toBeNull();
    },
  );

  it('reads a number with spaces around it', () => {
    expect(parseFileNumber(' 2026-0042 ')).toEqual({ year: 2026, seq: 42 });
  });

  it('continues after the highest sequence used', () => {
    expect(nextFileNumber(2026, 0)).toBe('2026-0001');
    expect(nextFileNumber(2026, 41)).toBe('2026-0042');
    expect(nextFileNumber(2026, 9999)).toBe('2026-10000');
    expect(() => nextFileNumber(2026, -1)).toThrow(RangeError);
  });

  it('finds the highest sequence of a year, other years and foreign text ignored', () => {
    const numbers = ['2025-0907', '2026-0003', '2026-0041', 'ancien-12', '2026-0007', '2027-0001'];
    expect(highestFileSeq(2026, numbers)).toBe(41);
    expect(highestFileSeq(2028, numbers)).toBe(0);
    expect(nextFileNumber(2026, highestFileSeq(2026, numbers))).toBe('2026-0042');
  });

  it('round-trips, and the next number is the following sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 2_000_000 }), (year, seq) => {
        const text = formatFileNumber(year, seq);
        expect(parseFileNumber(text)).toEqual({ year, seq });
        expect(nextFileNumber(year, seq)).not.toBe(text);
        expect(parseFileNumber(nextFileNumber(year, seq))).toEqual({ year, seq: seq + 1 });
      }),
    );
  });

  it('issues distinct numbers when each client takes the next one (deleted ones included)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (clients) => {
        const issued: string[] = [];
        for (let i = 0; i < clients; i += 1) issued.push(nextFileNumber(2026, highestFileSeq(2026, issued)));
        expect(new Set(issued).size).toBe(clients);
      }),
    );
  });
});
