import { describe, expect, it } from 'vitest';
import { readTypedPhone, splitExtension } from './typed-phone';

describe('readTypedPhone', () => {
  it.each([
    '514 555-1234 poste 12',
    '514 555-1234, poste 12',
    '514 555-1234 (poste 12)',
    '514.555.1234 p. 12',
    '514 555 1234 ext. 12',
    '514-555-1234 x12',
    '(514) 555-1234 #12',
    '+1 514 555 1234 Ext: 12',
  ])('reads %s as +15145551234 and keeps the extension typed', (typed) => {
    const phone = readTypedPhone(typed);
    expect(phone.e164).toBe('+15145551234');
    expect(phone.typed).toBe(typed);
    expect(phone.extension).toBe('12');
  });

  it('reads numbers without extension, in the default region CA or with their country code', () => {
    expect(readTypedPhone('5145551234')).toEqual({ e164: '+15145551234', typed: '5145551234', extension: null, wholeReads: true });
    expect(readTypedPhone('+33 6 12 34 56 78').e164).toBe('+33612345678');
    expect(readTypedPhone('0033 6 12 34 56 78').e164).toBe('+33612345678');
  });

  it('keeps what cannot be read, with no E.164', () => {
    expect(readTypedPhone('555-12')).toEqual({ e164: null, typed: '555-12', extension: null, wholeReads: false });
    expect(readTypedPhone('poste 12')).toEqual({ e164: null, typed: 'poste 12', extension: null, wholeReads: false });
  });
});

describe('splitExtension', () => {
  it('leaves a number without extension alone', () => {
    expect(splitExtension('514 555-1234')).toEqual({ number: '514 555-1234', extension: null });
    expect(splitExtension('514 555-1234 poste 204')).toEqual({ number: '514 555-1234', extension: '204' });
  });
});
