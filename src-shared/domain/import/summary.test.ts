import { describe, expect, it } from 'vitest';
import { lead, testId } from '../../testing/builders';
import type { Cell } from './cell';
import { applyChoices } from './choices';
import { findDuplicates } from './duplicate-groups';
import { readWorkbook } from './read-sheet';
import { mappingByHeader, summarise } from './summary';

describe('summarise', () => {
  it('gives the dry run’s JSON: sheet, 1-based header row, mapping by header, counts, errors and rows', () => {
    const rows: Cell[][] = [
      ['Import janvier'],
      [],
      ['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Ville', 'Langue', 'Programme', 'Notes', 'Code postal'],
      ['JEAN-FRANÇOIS', 'DE LA FONTAINE', 'JF@Exemple.ca', '514 555-1234 poste 12', 'Montréal', 'Français', 'PEQ', 'Salon', 'H2X 1Y4'],
      ['Amina', 'Benali', null, '438 555 0000', 'Laval', 'anglais', null, null, null],
      ['Amina', 'Benali', 'amina@exemple.ca', '438-555-0000', 'Laval', null, null, null, null],
      ['Sans', null, 'sans@exemple.ca'],
      ['Marie', 'Tremblay', 'marie@exemple.ca'],
    ];
    const read = readWorkbook([{ name: 'Vide', rows: [] }, { name: 'Leads', rows }]);
    if (!read.ok) throw new Error(read.error);
    const existing = lead({ id: testId('lead', 1), email: 'marie@exemple.ca' });
    const report = findDuplicates(read.rows, [existing]);
    const summary = summarise(read, report, applyChoices(report, { all: 'skip' }));
    expect(JSON.parse(JSON.stringify(summary))).toEqual({
      sheet: 'Leads',
      headerRow: 3,
      mapping: {
        Prénom: 'firstName',
        Nom: 'lastName',
        Courriel: 'email',
        Téléphone: 'phone',
        Ville: 'city',
        Langue: 'language',
        Programme: 'programOfInterest',
        Notes: 'notes',
        'Code postal': 'ignore',
      },
      toCreate: 2,
      duplicates: { inFile: 1, existing: 1 },
      errors: [{ row: 7, reason: 'Nom manquant (prénom seul\u00a0: «\u00a0Sans\u00a0»).' }],
      rows: [
        {
          firstName: 'Jean-François',
          lastName: 'de la Fontaine',
          email: 'jf@exemple.ca',
          phone: '+15145551234',
          phoneTyped: '514 555-1234 poste 12',
          city: 'Montréal',
          language: 'fr',
          program: 'PEQ',
          notes: 'Salon',
        },
        {
          firstName: 'Amina',
          lastName: 'Benali',
          email: null,
          phone: '+14385550000',
          phoneTyped: '438 555 0000',
          city: 'Laval',
          language: 'en',
          program: null,
          notes: null,
        },
      ],
    });
  });
});

describe('mappingByHeader', () => {
  it('names columns without a header by their letter and repeated headers with it', () => {
    expect(mappingByHeader(['Téléphone', null, 'Téléphone'], ['phone', 'ignore', 'phone'])).toEqual({
      'Téléphone (A)': 'phone',
      'Colonne B': 'ignore',
      'Téléphone (C)': 'phone',
    });
  });
});
