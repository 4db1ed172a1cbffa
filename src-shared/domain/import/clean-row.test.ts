import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadCreateArgs, leadCreateManyArgs } from '../mutations/args';
import type { Cell } from './cell';
import { cellText } from './cell';
import type { ImportedLead } from './clean-row';
import { cleanRow } from './clean-row';
import { leadCreateInput } from './create-input';
import { normalizePhone } from '../phone';
import type { ImportField } from './mapping';
import { IMPORT_FIELDS, guessMapping } from './mapping';

const ID = '00000000-0000-4000-8000-000000000001';
const BATCH = '00000000-0000-4000-8000-0000000000b1';

/** The cleaned lead as it is, with an id and the source: it must already be lead.create's shape. */
function asCreateArgs(lead: ImportedLead) {
  return { ...lead, id: ID, source: 'import' as const };
}

/** What the mutator will store for the phone the import sends: the E.164 the preview showed. */
function storedPhone(lead: ImportedLead): string | null {
  return normalizePhone(leadCreateArgs.parse(leadCreateInput(lead, ID)).phone).e164;
}

const headers = ['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Ville', 'Pays', 'Langue', 'Programme', 'Commentaires', 'Source', 'Date'];
const mapping = guessMapping(headers);
const context = { headers };

function clean(row: Cell[]) {
  return cleanRow(row, mapping, context);
}

describe('cleanRow', () => {
  it('cleans a full row into lead.create’s shape', () => {
    const result = clean([
      '  AMINA ',
      'BENALI',
      ' Amina.Benali@Exemple.CA ',
      '514 555-1234 poste 12',
      'Montréal',
      'Maroc',
      'Français',
      'Entrée express',
      'Rappeler le soir',
      'Salon 2026',
      46_027,
    ]);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      lead: {
        firstName: 'Amina',
        lastName: 'Benali',
        email: 'amina.benali@exemple.ca',
        phone: '+15145551234',
        phoneTyped: '514 555-1234 poste 12',
        phoneTypedReads: true,
        language: 'fr',
        city: 'Montréal',
        country: 'Maroc',
        programOfInterest: 'Entrée express',
        notes: 'Rappeler le soir',
        utmSource: 'Salon 2026',
        date: '2026-01-05',
      },
    });
    if (!result.ok) return;
    expect(leadCreateArgs.safeParse(asCreateArgs(result.lead)).success).toBe(true);
    expect(
      leadCreateManyArgs.safeParse({ importBatchId: BATCH, fileName: 'leads.xlsx', leads: [asCreateArgs(result.lead)] }).success,
    ).toBe(true);
  });

  it('reads an English sheet', () => {
    const english = ['First name', 'Last name', 'E-mail', 'Phone', 'Language', 'Date'];
    const result = cleanRow(['john', "o'brien", 'JOHN@EXAMPLE.COM', '+1 (416) 555-0199 ext. 7', 'English', '2026-02-03'], guessMapping(english), {
      headers: english,
    });
    expect(result.ok && result.lead).toMatchObject({
      firstName: 'John',
      lastName: "O'Brien",
      email: 'john@example.com',
      phone: '+14165550199',
      phoneTyped: '+1 (416) 555-0199 ext. 7',
      language: 'en',
      date: '2026-02-03',
    });
  });

  it('splits a full name when there is no last-name column', () => {
    const h = ['Nom complet', 'Tél.'];
    const result = cleanRow(['JEAN-FRANÇOIS DE LA FONTAINE', '438-555-0000'], guessMapping(h), { headers: h });
    expect(result.ok && [result.lead.firstName, result.lead.lastName]).toEqual(['Jean-François', 'de la Fontaine']);
  });

  it('cases a last name after its first name without breaking particles and prefixes', () => {
    const result = clean(['jean', 'mcdonald', 'j@exemple.ca']);
    expect(result.ok && result.lead.lastName).toBe('McDonald');
    const particle = clean(['JEAN', 'DE LA FONTAINE', 'j@exemple.ca']);
    expect(particle.ok && particle.lead.lastName).toBe('de la Fontaine');
    const mixed = clean(['Jean', 'DiCaprio', 'j@exemple.ca']);
    expect(mixed.ok && mixed.lead.lastName).toBe('DiCaprio');
  });

  it('takes a number stored as a number as a phone', () => {
    const result = clean(['Amina', 'Benali', null, 5145551234]);
    expect(result.ok && result.lead.phone).toBe('+15145551234');
    expect(result.ok && result.lead.phoneTyped).toBe('5145551234');
  });

  it('keeps an unreadable phone as typed when the e-mail is valid, with a warning', () => {
    const result = clean(['Amina', 'Benali', 'a@exemple.ca', '555-12']);
    expect(result).toMatchObject({ ok: true, lead: { phone: null, phoneTyped: '555-12' } });
    expect(result.ok && result.warnings).toEqual(['Téléphone illisible\u00a0: «\u00a0555-12\u00a0», gardé tel quel.']);
  });

  it.each<[string, Cell[], string]>([
    ['no name', ['Amina', null, 'a@exemple.ca'], 'Nom manquant (prénom seul\u00a0: «\u00a0Amina\u00a0»).'],
    ['no name at all', [null, '  ', 'a@exemple.ca'], 'Nom manquant.'],
    ['neither phone nor e-mail', ['Amina', 'Benali', null, null, 'Montréal'], 'Ni téléphone ni courriel\u00a0: il faut l’un ou l’autre pour joindre la personne.'],
    [
      'an unreadable phone and no e-mail',
      ['Amina', 'Benali', null, '555-12'],
      'Téléphone illisible\u00a0: «\u00a0555-12\u00a0», et aucun courriel. Corrigez le numéro ou ajoutez un courriel.',
    ],
    ['an invalid e-mail', ['Amina', 'Benali', 'amina@exemple', '514 555-1234'], 'Courriel invalide\u00a0: «\u00a0amina@exemple\u00a0». Corrigez-le ou videz la cellule.'],
    ['a name too long', ['Amina', 'B'.repeat(101), 'a@exemple.ca'], 'Nom : 100 caractères au plus.'],
    ['nothing in the imported columns', [null, ''], 'Rien dans les colonnes importées.'],
    [
      'an unreadable phone too long to keep',
      ['Amina', 'Benali', 'a@exemple.ca', `appeler ${'x'.repeat(40)}`],
      `Téléphone illisible\u00a0: «\u00a0appeler ${'x'.repeat(40)}\u00a0» (40 caractères au plus).`,
    ],
  ])('refuses a row with %s, in French', (_, row, reason) => {
    expect(clean(row)).toEqual({ ok: false, reason });
  });

  it('refuses a formula never computed, and reads a computed one by its value', () => {
    const refused = clean([{ formula: 'PROPER(L2)' }, 'Benali', 'a@exemple.ca']);
    expect(refused).toEqual({
      ok: false,
      reason:
        'Colonne «\u00a0Prénom\u00a0»\u00a0: la formule «\u00a0=PROPER(L2)\u00a0» n’a pas de valeur enregistrée. Ouvrez le fichier dans Excel, enregistrez-le, puis importez-le de nouveau.',
    });
    const computed = clean([{ formula: 'PROPER(L2)', value: 'Amina' }, 'Benali', 'a@exemple.ca']);
    expect(computed.ok && computed.lead.firstName).toBe('Amina');
  });

  it('keeps text beginning with = + - @ as text', () => {
    const result = clean(['Amina', 'Benali', 'a@exemple.ca', '+1 514 555 1234', '=Laval', null, null, null, '- rappeler', '@salon']);
    expect(result.ok && result.lead).toMatchObject({ phone: '+15145551234', city: '=Laval', notes: '- rappeler', utmSource: '@salon' });
  });

  it('keeps every phone, e-mail and note: the first valid is the lead’s, the others go to the notes', () => {
    const h = ['Nom', 'Prénom', 'Téléphone', 'Cellulaire', 'Courriel', 'Notes', 'Remarques'];
    const result = cleanRow(['Benali', 'Amina', '555-12', '438 555-0000', 'a@exemple.ca', 'Rappeler', 'VIP'], guessMapping(h), { headers: h });
    expect(result.ok && result.lead).toMatchObject({
      phone: '+14385550000',
      phoneTyped: '438 555-0000',
      notes: 'Notes\u00a0: Rappeler\nRemarques\u00a0: VIP\nAutre téléphone\u00a0: 555-12',
    });
  });

  it('warns of a date it cannot read, without refusing the lead', () => {
    const result = clean(['Amina', 'Benali', 'a@exemple.ca', null, null, null, null, null, null, null, '31/02/2026']);
    expect(result).toMatchObject({ ok: true, lead: { date: null } });
    expect(result.ok && result.warnings[0]).toContain('Date illisible');
  });

  it('never throws on arbitrary cells, and every lead it accepts is a valid lead.create', () => {
    const text = fc.oneof(
      { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
      {
        arbitrary: fc.constantFrom('514 555-1234 poste 12', '+33 6 12 34 56 78', 'a@b.ca', 'JEAN DE LA FONTAINE', "o'brien", '=1+2', '  ', 'Français', '05/01/2026'),
        weight: 3,
      },
      { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 },
    );
    const cell: fc.Arbitrary<Cell> = fc.oneof(
      { arbitrary: text, weight: 4 },
      { arbitrary: fc.constant(null), weight: 4 },
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(undefined),
      fc.record({ formula: fc.string({ maxLength: 10 }), value: fc.option(text, { nil: undefined }) }, { requiredKeys: ['formula'] }),
    );
    const field = fc.constantFrom<ImportField>(...IMPORT_FIELDS);
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 12 }), fc.oneof(fc.constant(mapping), fc.array(field, { maxLength: 12 })), fc.array(fc.option(fc.string({ maxLength: 15 })), { maxLength: 12 }), (row, map, hs) => {
        const result = cleanRow(row, map, { headers: hs });
        if (!result.ok) {
          expect(result.reason.length).toBeGreaterThan(0);
          return;
        }
        accepted += 1;
        expect(leadCreateArgs.safeParse(asCreateArgs(result.lead)).success).toBe(true);
        expect(storedPhone(result.lead)).toBe(result.lead.phone);
        expect(result.lead.lastName).not.toBe('');
        expect(result.lead.phone !== null || result.lead.email !== null).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // The property says something only if some rows were accepted.
    expect(accepted).toBeGreaterThan(0);
  });

  it('accepts every row with a name and a valid e-mail, whatever its other cells hold', () => {
    const name = fc.string({ minLength: 1, maxLength: 90 }).filter((s) => cellText(s) !== null);
    const other: fc.Arbitrary<Cell> = fc.oneof(fc.string({ maxLength: 40 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(other, name, other, other, other, other, other, other, other, other, (given, family, ...rest) => {
        const [phone, ...tail] = rest;
        const result = clean([given, family, 'Amina@Exemple.ca', phone, ...tail]);
        expect(result).toMatchObject({ ok: true, lead: { email: 'amina@exemple.ca' } });
        if (!result.ok) return;
        expect(leadCreateArgs.safeParse(asCreateArgs(result.lead)).success).toBe(true);
        expect(storedPhone(result.lead)).toBe(result.lead.phone);
      }),
      { numRuns: 1000 },
    );
  });
});
