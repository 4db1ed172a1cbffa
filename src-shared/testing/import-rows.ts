import type { ImportedLead } from '../domain/import/clean-row';
import type { ImportRow } from '../domain/import/sheet-stream';

// Accepted rows for the tests of duplicates, choices and the summary (as builders.ts does for the rows of the office).

export function importRow(row: number, over: Partial<ImportedLead> = {}): ImportRow {
  return {
    row,
    warnings: [],
    lead: {
      firstName: 'Amina',
      lastName: `Ligne ${row}`,
      email: null,
      phone: null,
      phoneTyped: null,
      language: null,
      city: null,
      country: null,
      programOfInterest: null,
      notes: null,
      utmSource: null,
      date: null,
      ...over,
    },
  };
}
