import { describe, it, expect } from 'vitest';
import { formatDate, formatMoney, parseDollarsToCents } from './format';

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
