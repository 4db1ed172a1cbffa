import { describe, it, expect } from 'vitest';
import { formatDate, formatDayMonth, formatMoney, parseDollarsToCents } from './format';

describe('money', () => {
  it('shows cents as Québec French dollars: 12 345,67 $', () => {
    expect(formatMoney(1_234_567, 'CAD', 'fr-CA').replace(/[\u00a0\u202f]/g, ' ')).toBe('12 345,67 $');
  });

  it.each([
    ['12 345,67', 1_234_567],
    ['12345.67', 1_234_567],
    ['1 500 $', 150_000],
    ['1,234.50', 123_450],
    ['1.234,50', 123_450],
    ['99,9', 9_990],
    ['0,05', 5],
    ['250', 25_000],
  ])('reads %s as %i cents', (typed, cents) => {
    expect(parseDollarsToCents(typed)).toBe(cents);
  });

  it.each(['', 'abc', '12,345', '1,2,3,4.567', '-5', '12.3.4,567'])('refuses %s', (typed) => {
    expect(parseDollarsToCents(typed)).toBeNull();
  });
});

describe('dates', () => {
  it('shows an instant in the office time zone, not UTC', () => {
    // 2026-03-10 02:30 UTC is still March 9 in Montréal.
    expect(formatDate('2026-03-10T02:30:00Z', 'fr-CA', 'America/Toronto')).toBe('9 mars 2026');
  });
});

describe('formatDayMonth', () => {
  const now = new Date('2026-11-24T15:00:00Z');
  it('leaves the year out within the office’s current year, and says it otherwise', () => {
    expect(formatDayMonth('2026-12-07T22:30:00Z', 'fr-CA', 'America/Toronto', now)).toBe('7 déc.');
    expect(formatDayMonth('2027-01-04T15:00:00Z', 'fr-CA', 'America/Toronto', now)).toBe('4 janv. 2027');
    // 1 January 2027 at 01:00 UTC is still 31 December 2026 in Montréal.
    expect(formatDayMonth('2027-01-01T01:00:00Z', 'fr-CA', 'America/Toronto', now)).toBe('31 déc.');
  });
});
