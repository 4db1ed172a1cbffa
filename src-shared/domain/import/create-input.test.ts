import { describe, expect, it } from 'vitest';
import { leadCreateArgs } from '../mutations/args';
import { readContact } from '../mutations/lead-create';
import { normalizePhone } from '../phone';
import { leadCreateInput, phoneArgument } from './create-input';
import { readTypedPhone } from './typed-phone';
import { importRow } from '../../testing/import-rows';

const ID = '00000000-0000-4000-8000-000000000001';

describe('phoneArgument', () => {
  it('sends the typed text when the domain reads it as the import did, so the extension is kept', () => {
    const lead = { phone: '+15145551234', phoneTyped: '514 555-1234 poste 12' };
    expect(phoneArgument(lead)).toBe('514 555-1234 poste 12');
    expect(readContact({ phone: phoneArgument(lead) })).toEqual({ email: null, phoneE164: '+15145551234', phoneRaw: '514 555-1234 poste 12' });
  });

  it('sends the E.164 form when the domain would not read the typed text the same way', () => {
    // normalizePhone does not know the parenthesised extension; the import reads it.
    expect(normalizePhone('514 555-1234 (poste 12)').e164).toBeNull();
    expect(phoneArgument({ phone: '+15145551234', phoneTyped: '514 555-1234 (poste 12)' })).toBe('+15145551234');
    expect(phoneArgument({ phone: '+15145551234', phoneTyped: `514 555-1234 poste 12 ${'x'.repeat(30)}` })).toBe('+15145551234');
  });

  it('sends an unreadable number as typed, and nothing when there is none', () => {
    expect(phoneArgument({ phone: null, phoneTyped: '555-12' })).toBe('555-12');
    expect(phoneArgument({ phone: null, phoneTyped: null })).toBeNull();
  });
});

describe('the readings the worker hands to the commit (rememberLeadPhones)', () => {
  // The commit gives these to normalizePhone's memory instead of reading the numbers again: they
  // must be exactly what normalizePhone answers for the same text, or a lead would be stored with
  // another number than the preview showed.
  it('are normalizePhone’s own answers for the typed text, whatever its form', () => {
    const typed = ['514 555-1234 poste 12', '514 555-1234 (poste 12)', '(514) 555-1234', '+33 6 12 34 56 78', '0033 6 12 34 56 78', '555-12', ' 438.555.0199 ext. 7 '];
    for (const text of typed) {
      const read = readTypedPhone(text);
      expect(normalizePhone(read.typed).e164).toBe(read.wholeReads ? read.e164 : null);
      // The E.164 form, remembered as reading as itself, does.
      if (read.e164 !== null) expect(normalizePhone(read.e164)).toEqual({ e164: read.e164, raw: read.e164 });
    }
  });
});

describe('leadCreateInput', () => {
  it('gives lead.create’s arguments with the source import', () => {
    const input = leadCreateInput(importRow(4, { email: 'a@exemple.ca', phone: '+15145551234', phoneTyped: '514-555-1234 x12', utmSource: 'Salon', date: '2026-01-05' }).lead, ID);
    const parsed = leadCreateArgs.parse(input);
    expect(parsed).toMatchObject({ id: ID, source: 'import', lastName: 'Ligne 4', phone: '514-555-1234 x12', utmSource: 'Salon', consent: false });
    expect(normalizePhone(parsed.phone).e164).toBe('+15145551234');
  });

  it('leaves out the fields the row does not fill, which read back as null', () => {
    const lead = importRow(5, { email: 'b@exemple.ca', phone: null, phoneTyped: null }).lead;
    const input = leadCreateInput(lead, ID);
    expect(Object.values(input)).not.toContain(null);
    expect(leadCreateArgs.parse(input)).toEqual(leadCreateArgs.parse({ ...lead, phone: null, id: ID, source: 'import' }));
  });
});
