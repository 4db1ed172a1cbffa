import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { PHONE_READINGS_KEPT, formatPhoneForDisplay, isValidE164, normalizePhone, rememberPhone } from './phone';

describe('normalizePhone', () => {
  it.each([
    // Montréal, Laval, Québec, Ottawa, Toronto, in the ways people type them
    ['514 555-1234', '+15145551234'],
    ['(438) 555 0199', '+14385550199'],
    ['514.555.1234', '+15145551234'],
    ['5145551234', '+15145551234'],
    ['1 514 555 1234', '+15145551234'],
    ['+1 (514) 555-1234', '+15145551234'],
    ['450-555-0147', '+14505550147'],
    ['418 555 0110', '+14185550110'],
    ['613-555-0123', '+16135550123'],
    ['416 555 0199', '+14165550199'],
    // toll-free
    ['1-800-463-6868', '+18004636868'],
    ['1 888 555 0000', '+18885550000'],
    // extensions are not part of the number
    ['514 555-1234 ext 22', '+15145551234'],
    ['(514) 555-1234 poste 204', '+15145551234'],
    ['514 555-1234 p. 204', '+15145551234'],
    // abroad
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33 1 23 45 67 89', '+33123456789'],
    ['011 33 6 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['+212 6 12 34 56 78', '+212612345678'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+52 55 1234 5678', '+525512345678'],
    ['+1 212 555 1234', '+12125551234'],
  ])('reads %j as %s and keeps what was typed', (typed, e164) => {
    expect(normalizePhone(typed)).toEqual({ e164, raw: typed });
  });

  it.each([
    '555-1234', // no area code
    '514 123 4567', // exchange cannot start with 1
    '514 555 12345', // one digit too many
    '+1 (555) 555-1234', // 555 is not an area code
    '+1 876 000 1234', // not a Jamaican number (the small metadata would accept it)
    '1-800-O-CANADA',
    'abc',
    '+',
    'à rappeler',
  ])('keeps %j as typed when it cannot be read', (typed) => {
    expect(normalizePhone(typed)).toEqual({ e164: null, raw: typed });
  });

  it('trims what was typed', () => {
    expect(normalizePhone('  514 555-1234 \n')).toEqual({ e164: '+15145551234', raw: '514 555-1234' });
    expect(normalizePhone('  n/a ')).toEqual({ e164: null, raw: 'n/a' });
  });

  it('gives nothing for nothing', () => {
    for (const empty of [null, undefined, '', '   ', '\t\n']) {
      expect(normalizePhone(empty)).toEqual({ e164: null, raw: null });
    }
  });

  it('reads national numbers in the given default region', () => {
    expect(normalizePhone('06 12 34 56 78', 'FR').e164).toBe('+33612345678');
    expect(normalizePhone('06 12 34 56 78').e164).toBeNull();
  });

  it('reads only international numbers when the default region is unknown', () => {
    expect(normalizePhone('514 555 1234', 'ZZ').e164).toBeNull();
    expect(normalizePhone('+1 514 555 1234', 'ZZ').e164).toBe('+15145551234');
  });

  it('keeps overlong input as typed', () => {
    const typed = '514 555 1234 '.repeat(40).trim();
    expect(normalizePhone(typed)).toEqual({ e164: null, raw: typed });
  });

  // Strings that look like phone numbers, so that many of them are valid and reach the E.164 path.
  const phoneLike = fc.string({
    unit: fc.constantFrom(...'0123456789+()-. x'.split(''), ' poste ', '00', '1 514 ', '+33 6'),
    maxLength: 30,
  });

  it('never throws, keeps the trimmed input and is idempotent (any string)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), phoneLike), (typed) => {
        const { e164, raw } = normalizePhone(typed);
        expect(raw).toBe(typed.trim() === '' ? null : typed.trim());
        if (e164 !== null) {
          expect(e164).toMatch(/^\+[1-9]\d{1,14}$/);
          expect(normalizePhone(e164).e164).toBe(e164);
          expect(normalizePhone(raw).e164).toBe(e164);
        }
      }),
    );
  });

  it('reads every valid Canadian number written in any common way', () => {
    const areaCodes = ['514', '438', '450', '579', '418', '581', '819', '873', '613', '416', '647', '604'];
    fc.assert(
      fc.property(
        fc.constantFrom(...areaCodes),
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 9999 }),
        fc.constantFrom('a b-c', '(a) b-c', 'a.b.c', 'abc', '1 a b c', '+1 a b c', '1-a-b-c'),
        (area, firstDigit, rest, line, layout) => {
          const exchange = `${firstDigit}${String(rest).padStart(2, '0')}`;
          const lineText = String(line).padStart(4, '0');
          const typed = layout.replace('a', area).replace('b', exchange).replace('c', lineText);
          const expected = `+1${area}${exchange}${lineText}`;
          // N11 exchanges (411, 911, …) are service codes, not numbers.
          fc.pre(!/^[2-9]11$/.test(exchange));
          expect(normalizePhone(typed).e164).toBe(expected);
        },
      ),
    );
  });

  // The usual North American forms are read without the library's text parser (phone.ts,
  // readNorthAmerican): whatever the digits — area codes and exchanges that cannot exist, N11,
  // toll-free, the Caribbean, one digit too many — the answer is the parser's own.
  it('reads the usual North American forms exactly as the full parser does', () => {
    const read = (text: string) => {
      const number = parsePhoneNumberFromString(text, { defaultCountry: 'CA' });
      return number?.isValid() ? number.number : null;
    };
    // The parser, and the rescue of numbers typed the European way (« 0033 … »), as normalizePhone has it.
    const parsed = (text: string) => read(text) ?? (/^00[1-9]/.test(text) ? read(`+${text.slice(2)}`) : null);
    const layouts = [
      'abc', 'a b c', 'a-b-c', 'a.b.c', '(a) b-c', '(a)b-c', '(a) bc', '1abc', '1 a b c', '1-a-b-c', '1.a.b.c',
      '+1abc', '+1 a b c', '+1-a-b-c', '+1 (a) b-c', '1(a)b-c', '+1(a) b-c', 'a b-c', 'ab-c', 'a-bc',
      // Near the usual forms, left to the parser: the answers must still agree.
      'a  b c', '(a) - b - c', '2 a b c', '+2 a b c', '1 a b c1', 'a b c 0', '(a b-c', '11 a b c',
    ];
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{3}$/),
        fc.stringMatching(/^\d{3}$/),
        fc.stringMatching(/^\d{4}$/),
        fc.constantFrom(...layouts),
        (area, exchange, line, layout) => {
          const typed = layout.replace('a', area).replace('b', exchange).replace('c', line);
          expect(normalizePhone(typed).e164).toBe(parsed(typed));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe('isValidE164', () => {
  it.each([
    ['+15145551234', true],
    ['+33612345678', true],
    ['+442079460958', true],
    ['15145551234', false], // no plus
    ['+1 514 555 1234', false], // not the stored form
    ['+1514555123', false], // too short
    ['+15555551234', false], // well-formed but not a number
    ['', false],
    [null, false],
  ])('%j → %s', (s, valid) => {
    expect(isValidE164(s)).toBe(valid);
  });

  it('holds for every E.164 that normalizePhone produces', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789+ '.split('')), maxLength: 16 }), (typed) => {
        const { e164 } = normalizePhone(typed);
        if (e164 !== null) expect(isValidE164(e164)).toBe(true);
      }),
    );
  });
});

describe('formatPhoneForDisplay', () => {
  it.each([
    ['+15145551234', '514 555-1234'],
    ['+14385550199', '438 555-0199'],
    ['+18004636868', '800 463-6868'],
    ['+12125551234', '212 555-1234'],
    ['+33612345678', '+33 6 12 34 56 78'],
    ['+442079460958', '+44 20 7946 0958'],
    ['+18765551234', '+1 876 555 1234'], // Jamaica shares +1 but is abroad
  ])('%s → %s', (e164, shown) => {
    expect(formatPhoneForDisplay(e164)).toBe(shown);
  });

  it('returns anything that is not a valid E.164 number unchanged', () => {
    for (const s of ['', 'n/a', '514 555-1234', '+15555551234']) expect(formatPhoneForDisplay(s)).toBe(s);
  });
});

describe('the memory of readings (rememberPhone)', () => {
  // A made-up reading for a text the library reads otherwise, so that the answer shows whether it
  // came from the memory; the test then fills the memory until it is forgotten again.
  const marker = 'numéro témoin de la mémoire';
  const remembered = { e164: '+15145550000', raw: marker };
  const fill = (count: number, tag: string) => {
    for (let i = 0; i < count; i += 1) rememberPhone(`${tag} ${i}`, 'CA', { e164: null, raw: `${tag} ${i}` });
  };

  it('still knows a reading after PHONE_READINGS_KEPT others, and forgets it in the end', () => {
    expect(normalizePhone(marker).e164).toBeNull();
    fill(60_000, 'avant');
    rememberPhone(marker, 'CA', remembered);
    fill(PHONE_READINGS_KEPT - 1, 'après');
    expect(normalizePhone(marker)).toEqual(remembered);
    fill(60_000, 'ensuite');
    expect(normalizePhone(marker).e164).toBeNull();
  });

  it('keeps no text longer than a typed number, so that its size stays bounded', () => {
    const long = `${marker} ${'x'.repeat(64)}`;
    rememberPhone(long, 'CA', { e164: '+15145550000', raw: long });
    expect(normalizePhone(long)).toEqual({ e164: null, raw: long });
  });
});
