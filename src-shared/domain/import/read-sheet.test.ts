import { describe, expect, it } from 'vitest';
import type { Cell } from './cell';
import { readSheet, readWorkbook } from './read-sheet';

const rows: Cell[][] = [
  ['Leads du salon — janvier 2026'],
  [],
  ['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Ville', null],
  ['amina', 'BENALI', 'amina@exemple.ca', '514 555-1234', 'Montréal'],
  [null, null, null],
  ['Jean', 'Tremblay', null, null, 'Laval'],
  ['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Ville'],
  ['Sofia', 'García', 'sofia@', '438 555-0000 ext. 3', 'Québec'],
];

describe('readSheet', () => {
  it('finds the header under a title, guesses the mapping, cleans rows and numbers errors by sheet row', () => {
    const result = readSheet({ name: 'Salon', rows });
    if (!result.ok) throw new Error(result.error);
    expect(result.headerRow.rowNumber).toBe(3);
    expect(result.headers).toEqual(['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Ville']);
    expect(result.mapping).toEqual(['firstName', 'lastName', 'email', 'phone', 'city']);
    expect(result.rows.map((r) => [r.row, r.lead.firstName, r.lead.lastName])).toEqual([[4, 'Amina', 'Benali']]);
    expect(result.errors).toEqual([
      { row: 6, reason: 'Ni téléphone ni courriel\u00a0: il faut l’un ou l’autre pour joindre la personne.' },
      { row: 8, reason: 'Courriel invalide\u00a0: «\u00a0sofia@\u00a0». Corrigez-le ou videz la cellule.' },
    ]);
  });

  it('uses the user’s mapping when given', () => {
    const result = readSheet({ name: 'Salon', rows }, { mapping: ['firstName', 'lastName', 'ignore', 'phone', 'ignore'] });
    if (!result.ok) throw new Error(result.error);
    expect(result.rows.map((r) => r.row)).toEqual([4, 8]);
    expect(result.rows[1]?.lead).toMatchObject({ email: null, phone: '+14385550000', phoneTyped: '438 555-0000 ext. 3', city: null });
  });

  it('reads no row while the mapping lacks a name or a contact column', () => {
    const result = readSheet({ name: 'Salon', rows }, { mapping: ['firstName', 'ignore', 'email'] });
    expect(result.ok && result.mappingProblems).toHaveLength(1);
    expect(result.ok && result.rows).toEqual([]);
  });

  it('warns of merged cells among the leads', () => {
    const result = readSheet({ name: 'Salon', rows, merges: [{ startRow: 0, startColumn: 0, endRow: 0, endColumn: 4 }, { startRow: 3, startColumn: 4, endRow: 5, endColumn: 4 }] });
    expect(result.ok && result.warnings).toHaveLength(1);
    expect(result.ok && result.warnings[0]).toContain('E4:E6');
  });

  it('refuses an empty sheet and a sheet too wide in French', () => {
    expect(readSheet({ name: 'Feuil2', rows: [] })).toEqual({ ok: false, error: 'La feuille «\u00a0Feuil2\u00a0» est vide\u00a0: choisissez la feuille qui contient les leads.' });
    const wide: Cell[] = new Array<Cell>(16_384).fill('x');
    const result = readSheet({ name: 'Large', rows: [wide] });
    expect(result.ok).toBe(false);
  });
});

describe('readWorkbook', () => {
  it('reads the first non-empty sheet by default, or the one named', () => {
    const sheets = [
      { name: 'Vide', rows: [[null]] },
      { name: 'Salon', rows },
      { name: 'Web', rows: [['Name', 'Email'], ['John Smith', 'john@example.com']] },
    ];
    expect(readWorkbook(sheets).ok && (readWorkbook(sheets) as { sheet: string }).sheet).toBe('Salon');
    const web = readWorkbook(sheets, { sheetName: 'Web' });
    expect(web.ok && web.rows[0]?.lead).toMatchObject({ firstName: 'John', lastName: 'Smith', email: 'john@example.com' });
    expect(readWorkbook(sheets, { sheetName: 'Autre' })).toEqual({ ok: false, error: 'Le fichier n’a pas de feuille «\u00a0Autre\u00a0».' });
    expect(readWorkbook([{ name: 'Feuil1', rows: [] }])).toEqual({
      ok: false,
      error: 'Le fichier est vide\u00a0: aucune de ses feuilles ne contient de données.',
    });
  });
});
