import { describe, expect, it } from 'vitest';
import { findHeaderRow } from './header-row';

describe('findHeaderRow', () => {
  it('finds the header row under a title and blank rows (1-based row number for the user)', () => {
    const rows = [
      ['Liste des leads — Salon de l’immigration 2026'],
      [],
      ['Exporté le 5 janvier', null, null],
      [null, null],
      ['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Ville'],
      ['Amina', 'Benali', 'amina@exemple.ca', '514 555-1234', 'Montréal'],
    ];
    expect(findHeaderRow(rows)).toEqual({ index: 4, rowNumber: 5, recognised: 5 });
  });

  it('finds an English header on the first row', () => {
    const rows = [
      ['First name', 'Last name', 'E-mail'],
      ['John', 'Smith', 'john@example.com'],
    ];
    expect(findHeaderRow(rows)).toEqual({ index: 0, rowNumber: 1, recognised: 3 });
  });

  it('prefers the row naming the most fields over a title containing a field word', () => {
    const rows = [['Ville de Montréal — leads'], ['Nom complet', 'Courriel', 'Téléphone']];
    expect(findHeaderRow(rows)?.rowNumber).toBe(2);
  });

  it('falls back to the first non-empty row when no header is known, and null for an empty top', () => {
    expect(findHeaderRow([[], ['Colonne 1', 'Colonne 2'], ['a', 'b']])).toEqual({ index: 1, rowNumber: 2, recognised: 0 });
    expect(findHeaderRow([[], [null, '  ']])).toBeNull();
  });

  it('only scans the first rows', () => {
    const rows = [['titre'], ['x'], ['Prénom', 'Nom']];
    expect(findHeaderRow(rows, 2)?.rowNumber).toBe(1);
  });
});
