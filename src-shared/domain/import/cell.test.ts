import { describe, expect, it } from 'vitest';
import { cellText, columnLetter, isEmptyCell, isUncomputedFormula } from './cell';

describe('cellText', () => {
  it('trims, turns odd spaces into spaces, and reads empty as null', () => {
    expect(cellText('  Amina\u00a0 ')).toBe('Amina');
    expect(cellText('\u200b')).toBeNull();
    expect(cellText('   ')).toBeNull();
    expect(cellText(null)).toBeNull();
    expect(cellText(undefined)).toBeNull();
  });

  it('reads a number as its digits, so a phone stored as a number stays a phone', () => {
    expect(cellText(5145551234)).toBe('5145551234');
    expect(cellText(Number.NaN)).toBeNull();
  });

  it('keeps text beginning with = + - @ as text', () => {
    expect(cellText('=SOMME(A1:A3)')).toBe('=SOMME(A1:A3)');
    expect(cellText('+1 514 555 1234')).toBe('+1 514 555 1234');
    expect(cellText('- rappeler lundi')).toBe('- rappeler lundi');
    expect(cellText('@amina')).toBe('@amina');
  });

  it('reads a formula by its saved result', () => {
    expect(cellText({ formula: 'A2&" "&B2', value: 'Amina Benali' })).toBe('Amina Benali');
    expect(isUncomputedFormula({ formula: 'A2&" "&B2', value: 'Amina Benali' })).toBe(false);
    expect(isUncomputedFormula({ formula: 'A2&" "&B2' })).toBe(true);
    expect(isEmptyCell({ formula: 'A2' })).toBe(false);
    expect(isEmptyCell({ value: null })).toBe(true);
  });
});

describe('columnLetter', () => {
  it('names columns as Excel does', () => {
    expect([0, 25, 26, 701, 702, 16_383].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA', 'XFD']);
  });
});
