import { describe, expect, it } from 'vitest';
import { leadCreateArgs, leadUpdateArgs } from '../mutations/args';
import { readContact } from '../mutations/lead-create';
import { lead, testId } from '../../testing/builders';
import { applyChoices } from './choices';
import { findDuplicates } from './duplicate-groups';
import { importRow } from '../../testing/import-rows';

const P1 = '+15145551234';
const existing = lead({ id: testId('lead', 1), firstName: '', phoneE164: P1, phoneRaw: '514-555-1234', email: null, city: 'Laval', notes: null });

// Row 2 is new; rows 3 and 6 match the existing lead by phone; rows 4 and 5 are one person twice.
const rows = [
  importRow(2, { email: 'new@exemple.ca' }),
  importRow(3, { phone: P1, phoneTyped: '514 555 1234', firstName: 'Amina', email: 'amina@exemple.ca', city: 'Montréal' }),
  importRow(4, { email: 'sofia@exemple.ca', firstName: 'Sofia' }),
  importRow(5, { email: 'sofia@exemple.ca', phone: '+14385550000', phoneTyped: '438 555-0000 poste 3', language: 'es' }),
  importRow(6, { phone: P1, notes: 'Vu au salon', language: 'fr' }),
];
const report = findDuplicates(rows, [existing]);
const existingGroup = `lead:${existing.id}`;
const fileGroup = 'rows:4';

describe('applyChoices', () => {
  it('skips every duplicate by default: new rows and the first of a file group are created', () => {
    const plan = applyChoices(report);
    expect(plan.create.map((c) => c.row)).toEqual([2, 4]);
    expect(plan.merge).toEqual([]);
    expect(plan.skip).toEqual([
      { row: 3, reason: 'Doublon de Tremblay, déjà enregistré (même téléphone ou courriel).' },
      { row: 5, reason: 'Doublon de la ligne 4 (même téléphone ou courriel).' },
      { row: 6, reason: 'Doublon de Tremblay, déjà enregistré (même téléphone ou courriel).' },
    ]);
  });

  it('creates anyway, flagged and linked to the existing lead or to the first row', () => {
    const plan = applyChoices(report, { all: 'create' });
    expect(plan.create.map((c) => [c.row, c.duplicateOf])).toEqual([
      [2, null],
      [3, { leadId: existing.id }],
      [4, null],
      [5, { row: 4 }],
      [6, { leadId: existing.id }],
    ]);
    expect(plan.skip).toEqual([]);
  });

  it('merges into the existing lead only the fields empty on it, earliest row first, with a history line', () => {
    const plan = applyChoices(report, { all: 'merge' });
    expect(plan.merge).toEqual([
      {
        leadId: existing.id,
        rows: [3, 6],
        patch: { firstName: 'Amina', email: 'amina@exemple.ca', notes: 'Vu au salon' },
        phoneTyped: null,
        note: 'Fusionné avec l’import (lignes 3, 6).',
      },
    ]);
    // The existing lead's language and city are not empty: they stay.
    expect(leadUpdateArgs.safeParse({ id: existing.id, patch: plan.merge[0]?.patch }).success).toBe(true);
  });

  it('merges the rows of a file group into the first before it is created', () => {
    const plan = applyChoices(report, { all: 'merge' });
    const sofia = plan.create.find((c) => c.row === 4);
    expect(sofia?.mergedRows).toEqual([5]);
    expect(sofia?.lead).toMatchObject({ firstName: 'Sofia', email: 'sofia@exemple.ca', phone: '+14385550000', phoneTyped: '438 555-0000 poste 3', language: 'es' });
    expect(leadCreateArgs.safeParse({ ...sofia?.lead, id: testId('lead', 9), source: 'import' }).success).toBe(true);
  });

  it('takes a choice per group over the choice for all', () => {
    const plan = applyChoices(report, { all: 'create', byGroup: { [existingGroup]: 'skip', [fileGroup]: 'merge' } });
    expect(plan.create.map((c) => c.row)).toEqual([2, 4]);
    expect(plan.skip.map((s) => s.row)).toEqual([3, 6]);
    expect(plan.create.find((c) => c.row === 4)?.mergedRows).toEqual([5]);
  });

  it('says so in the history line when a merge has nothing to fill', () => {
    const full = lead({ id: testId('lead', 2), email: 'full@exemple.ca', phoneE164: '+15145559999', language: 'fr', programOfInterest: 'PEQ', notes: 'x', country: 'Canada' });
    const plan = applyChoices(findDuplicates([importRow(8, { email: 'full@exemple.ca', city: 'Laval' })], [full]), { all: 'merge' });
    expect(plan.merge[0]?.patch).toEqual({});
    expect(plan.merge[0]?.note).toBe('Fusionné avec l’import (ligne 8)\u00a0: aucun champ vide à remplir.');
  });

  it('fills an empty phone with what lead.update will read as the row’s number, keeping the extension', () => {
    const noPhone = lead({ id: testId('lead', 3), email: 'sofia@exemple.ca' });
    const row = importRow(9, { email: 'sofia@exemple.ca', phone: '+14385550000', phoneTyped: '438 555-0000 poste 3' });
    const plan = applyChoices(findDuplicates([row], [noPhone]), { all: 'merge' });
    expect(plan.merge[0]).toMatchObject({ patch: { phone: '438 555-0000 poste 3' }, phoneTyped: '438 555-0000 poste 3' });
    expect(readContact({ phone: plan.merge[0]?.patch.phone })).toMatchObject({ phoneE164: '+14385550000' });
  });
});
