import { describe, expect, it } from 'vitest';
import { leadCreateArgs } from '../mutations/args';
import { readContact } from '../mutations/lead-create';
import { normalizePhone } from '../phone';
import { leadCreateInput, phoneArgument } from './create-input';
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

describe('leadCreateInput', () => {
  it('gives lead.create’s arguments with the source import', () => {
    const input = leadCreateInput(importRow(4, { email: 'a@exemple.ca', phone: '+15145551234', phoneTyped: '514-555-1234 x12', utmSource: 'Salon', date: '2026-01-05' }).lead, ID);
    const parsed = leadCreateArgs.parse(input);
    expect(parsed).toMatchObject({ id: ID, source: 'import', lastName: 'Ligne 4', phone: '514-555-1234 x12', utmSource: 'Salon', consent: false });
    expect(normalizePhone(parsed.phone).e164).toBe('+15145551234');
  });
});
