import { describe, expect, it } from 'vitest';
import { caseName, splitFullName } from './name-case';

describe('caseName', () => {
  it.each([
    ['JEAN-FRANÇOIS DE LA FONTAINE', 'Jean-François de la Fontaine'],
    ['mcdonald', 'McDonald'],
    ["o'brien", "O'Brien"],
    ['O’BRIEN', 'O’Brien'],
    ["l'heureux", "L'Heureux"],
    ['  marie-ève   TREMBLAY'.toUpperCase(), 'Marie-Ève Tremblay'],
    ['ÉLODIE', 'Élodie'],
    ['LA SALLE', 'La Salle'],
    ['macdonald', 'Macdonald'],
    ['ludwig van beethoven', 'Ludwig van Beethoven'],
    ["valéry giscard d'estaing", "Valéry Giscard d'Estaing"],
  ])('%s → %s', (typed, cased) => {
    expect(caseName(typed)).toBe(cased);
  });

  it('keeps names already in mixed case as typed', () => {
    expect(caseName('DiCaprio')).toBe('DiCaprio');
    expect(caseName('van Gogh')).toBe('van Gogh');
    expect(caseName('MacKenzie')).toBe('MacKenzie');
  });

  it('writes a particle small after a given name, capital when the name stands alone', () => {
    expect(caseName('DE LA FONTAINE', true)).toBe('de la Fontaine');
    expect(caseName('DE LA FONTAINE')).toBe('De la Fontaine');
    expect(caseName('DE', true)).toBe('De');
  });
});

describe('splitFullName', () => {
  it.each([
    ['JEAN-FRANÇOIS DE LA FONTAINE', 'Jean-François', 'de la Fontaine'],
    ['Amina Benali', 'Amina', 'Benali'],
    ['Tremblay, Jean', 'Jean', 'Tremblay'],
    ['TREMBLAY Jean', 'Jean', 'Tremblay'],
    ['Jean-François DE LA FONTAINE', 'Jean-François', 'de la Fontaine'],
    ['Benali', '', 'Benali'],
    ['sean mcdonald', 'Sean', 'McDonald'],
    ['Tremblay,', '', 'Tremblay'],
  ])('%s → %s / %s', (full, firstName, lastName) => {
    expect(splitFullName(full)).toEqual({ firstName, lastName });
  });
});
