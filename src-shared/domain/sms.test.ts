import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SMS_PLACEHOLDERS, countSegments, renderSmsTemplate } from './sms';

// The reference below is written from the rules, independently of sms.ts: the GSM 03.38 table
// by code position, and segmentation as an explicit list of parts.

// Default alphabet, positions 0x00–0x7F; 0x1B (escape) is left out as it is no character.
const GSM_TABLE = [
  '@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å',
  'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', /* ESC */ 'Æ', 'æ', 'ß', 'É',
  ' ', '!', '"', '#', '¤', '%', '&', "'", '(', ')', '*', '+', ',', '-', '.', '/',
  ...'0123456789', ':', ';', '<', '=', '>', '?',
  '¡', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
  '¿', ...'abcdefghijklmnopqrstuvwxyz', 'ä', 'ö', 'ñ', 'ü', 'à',
];
const GSM_EXTENSION = ['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€'];
// Outside GSM-7, one UTF-16 unit each: what French and other languages of the office's clients use.
const NON_GSM_BMP = ['ê', 'â', 'î', 'ô', 'û', 'ç', 'ë', 'ï', 'œ', '«', '»', '’', '–', 'ș', 'ض', '中'];
// Outside the BMP: two UTF-16 units (a surrogate pair) each.
const ASTRAL = ['😀', '👍', '🇨', '𝄞', '🙂'];

interface Token {
  text: string;
  kind: 'basic' | 'ext' | 'bmp' | 'astral';
}

function expectedCount(tokens: readonly Token[]) {
  const ucs2 = tokens.some((t) => t.kind === 'bmp' || t.kind === 'astral');
  const unitsOf = (t: Token): number => (ucs2 ? t.text.length : t.kind === 'ext' ? 2 : 1);
  const total = tokens.reduce((n, t) => n + unitsOf(t), 0);
  const single = ucs2 ? 70 : 160;
  const multipart = ucs2 ? 67 : 153;
  if (total <= single) {
    return { encoding: ucs2 ? 'UCS-2' : 'GSM-7', characters: total, segments: total === 0 ? 0 : 1, perSegment: single, remainingInSegment: single - total };
  }
  // Parts as lists of whole tokens: a token that does not fit whole opens the next part.
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    const current = parts[parts.length - 1]!;
    const used = current.reduce((n, x) => n + unitsOf(x), 0);
    if (used + unitsOf(t) <= multipart) current.push(t);
    else parts.push([t]);
  }
  const last = parts[parts.length - 1]!;
  return {
    encoding: ucs2 ? 'UCS-2' : 'GSM-7',
    characters: total,
    segments: parts.length,
    perSegment: multipart,
    remainingInSegment: multipart - last.reduce((n, x) => n + unitsOf(x), 0),
  };
}

const tokenArb = (kinds: Token['kind'][]) =>
  fc.oneof(
    ...kinds.map((kind) =>
      fc
        .constantFrom(...{ basic: GSM_TABLE, ext: GSM_EXTENSION, bmp: NON_GSM_BMP, astral: ASTRAL }[kind])
        .map((text): Token => ({ text, kind })),
    ),
  );

const a = (n: number) => 'a'.repeat(n);

describe('countSegments: boundaries', () => {
  it.each([
    ['empty', '', 'GSM-7', 0, 0, 160, 160],
    ['160 GSM characters', a(160), 'GSM-7', 160, 1, 160, 0],
    ['161 GSM characters', a(161), 'GSM-7', 161, 2, 153, 145],
    ['153 × 2', a(306), 'GSM-7', 306, 2, 153, 0],
    ['153 × 2 + 1', a(307), 'GSM-7', 307, 3, 153, 152],
    ['€ as the 159th–160th septets', a(158) + '€', 'GSM-7', 160, 1, 160, 0],
    ['€ as the 160th–161st septets', a(159) + '€', 'GSM-7', 161, 2, 153, 145],
    // 152 + 2 would straddle the first part: € opens the second, the first keeps one unit unused.
    ['€ across the end of part one', a(152) + '€' + a(151), 'GSM-7', 305, 2, 153, 0],
    ['€ across the end of part one, one more', a(152) + '€' + a(152), 'GSM-7', 306, 3, 153, 152],
    ['€ just fitting part one', a(151) + '€' + a(153), 'GSM-7', 306, 2, 153, 0],
    ['form feed counts two', '\f', 'GSM-7', 2, 1, 160, 158],
    ['70 with ê', 'ê' + a(69), 'UCS-2', 70, 1, 70, 0],
    ['71 with ê', 'ê' + a(70), 'UCS-2', 71, 2, 67, 63],
    ['67 × 2 with ê', 'ê' + a(133), 'UCS-2', 134, 2, 67, 0],
    ['67 × 2 + 1 with ê', 'ê' + a(134), 'UCS-2', 135, 3, 67, 66],
    ['emoji ending a single part', a(68) + '😀', 'UCS-2', 70, 1, 70, 0],
    ['emoji one unit too many', a(69) + '😀', 'UCS-2', 71, 2, 67, 63],
    // 66 + 2 would split the surrogate pair: the emoji opens the second part.
    ['emoji across the end of part one', 'ê' + a(65) + '😀' + a(65), 'UCS-2', 133, 2, 67, 0],
    ['emoji across the end of part one, one more', 'ê' + a(65) + '😀' + a(66), 'UCS-2', 134, 3, 67, 66],
    ['€ in UCS-2 is one unit', '€ê', 'UCS-2', 2, 1, 70, 68],
  ])('%s', (_name, text, encoding, characters, segments, perSegment, remainingInSegment) => {
    expect(countSegments(text)).toEqual({ encoding, characters, segments, perSegment, remainingInSegment });
  });

  it('reads French as the office writes it', () => {
    // é, è, à, É are in GSM-7; ê, â, ç and the typographic apostrophe are not.
    expect(countSegments('Bonjour Amina, votre rendez-vous est confirmé le lundi 9 mars 2026 à 10 h 00.').encoding).toBe('GSM-7');
    expect(countSegments('Votre conseillère, Élise, vous attend.').encoding).toBe('GSM-7');
    expect(countSegments('Nous avons hâte de vous voir.').encoding).toBe('UCS-2');
    expect(countSegments('Paiement reçu.').encoding).toBe('UCS-2');
    expect(countSegments('Ça marche.').encoding).toBe('GSM-7');
    expect(countSegments('Rendez-vous d’évaluation').encoding).toBe('UCS-2');
  });
});

describe('countSegments: properties', () => {
  it('matches the reference for GSM-7 text with extension characters', () => {
    fc.assert(
      fc.property(fc.array(tokenArb(['basic', 'ext']), { maxLength: 500, size: 'max' }), (tokens) => {
        expect(countSegments(tokens.map((t) => t.text).join(''))).toEqual(expectedCount(tokens));
      }),
    );
  });

  it('matches the reference once any character leaves GSM-7', () => {
    fc.assert(
      fc.property(
        fc.array(tokenArb(['basic', 'ext', 'bmp', 'astral']), { maxLength: 300, size: 'max' }),
        tokenArb(['bmp', 'astral']),
        fc.nat(),
        (tokens, foreign, at) => {
          const all = [...tokens];
          all.splice(at % (all.length + 1), 0, foreign);
          const result = countSegments(all.map((t) => t.text).join(''));
          expect(result.encoding).toBe('UCS-2');
          expect(result).toEqual(expectedCount(all));
        },
      ),
    );
  });

  it('gives enough room for the text, and no empty part', () => {
    // A lone surrogate (as a cut-off emoji leaves) counts as one unit.
    const mixed = fc.string({ unit: fc.constantFrom(...GSM_TABLE, ...GSM_EXTENSION, 'ê', '😀', '\uD83D'), maxLength: 400, size: 'max' });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), mixed), (text) => {
        const { segments, perSegment, characters, remainingInSegment, encoding } = countSegments(text);
        if (encoding === 'UCS-2') expect(characters).toBe(text.length);
        expect(segments * perSegment).toBeGreaterThanOrEqual(characters);
        expect(remainingInSegment).toBeGreaterThanOrEqual(0);
        expect(remainingInSegment).toBeLessThan(perSegment + (segments === 0 ? 1 : 0));
        if (segments > 1) expect(characters).toBeGreaterThan((segments - 1) * perSegment - (segments - 1));
      }),
    );
  });
});

describe('renderSmsTemplate', () => {
  const body = 'Bonjour {prenom} {nom}, rendez-vous le {date} à {heure} avec {conseillere}, {bureau}, {adresse}.';

  it('fills every placeholder', () => {
    const values = {
      prenom: 'Amina',
      nom: 'Benali',
      date: 'lundi 9 mars 2026',
      heure: '10 h 00',
      conseillere: 'Julie Tremblay',
      bureau: 'Immigration Plus',
      adresse: '1000, rue Sherbrooke Ouest, Montréal',
    };
    expect(renderSmsTemplate(body, values)).toEqual({
      text: 'Bonjour Amina Benali, rendez-vous le lundi 9 mars 2026 à 10 h 00 avec Julie Tremblay, Immigration Plus, 1000, rue Sherbrooke Ouest, Montréal.',
      missing: [],
    });
  });

  it('leaves placeholders without a value in the text and lists each once, in order', () => {
    expect(renderSmsTemplate('{nom} {prenom} {nom} {heure}', { prenom: 'Amina', heure: '  ' })).toEqual({
      text: '{nom} Amina {nom} {heure}',
      missing: ['nom', 'heure'],
    });
  });

  it('leaves unknown placeholders and stray braces as typed', () => {
    expect(renderSmsTemplate('{Prenom} {foo} {prénom} { nom } {prenom', { prenom: 'Amina', nom: 'Benali' })).toEqual({
      text: '{Prenom} {foo} {prénom} { nom } {prenom',
      missing: [],
    });
  });

  it('inserts values literally and does not expand them again', () => {
    expect(renderSmsTemplate('{prenom} / {nom}', { prenom: '$& {nom}', nom: '$1' })).toEqual({ text: '$& {nom} / $1', missing: [] });
  });

  it('names exactly the placeholders of domain.md', () => {
    expect([...SMS_PLACEHOLDERS]).toEqual(['prenom', 'nom', 'date', 'heure', 'conseillere', 'bureau', 'adresse']);
  });
});
