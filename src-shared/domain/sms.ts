// SMS segment counting and templates (domain.md, "SMS"): the count shown beside the confirmation
// SMS before it is sent. GSM-7: 160 septets alone, 153 per part once split (the concatenation
// header takes the rest); any character outside GSM-7 makes the whole message UCS-2: 70 UTF-16
// code units alone, 67 per part.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsCount {
  encoding: SmsEncoding;
  /** Length in the encoding's units: septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  characters: number;
  segments: number;
  /** Capacity of each segment at the current size: 160 / 70 while one segment, 153 / 67 once split. */
  perSegment: number;
  /** Units still free in the last segment before another one is needed. */
  remainingInSegment: number;
}

// 3GPP TS 23.038 default alphabet. Position 0x09 is written Ç in the standard; lower-case ç is
// not in it, so "reçu" goes out in UCS-2 (a provider that maps ç to Ç would send fewer parts than
// shown, never more). The escape character 0x1B is not listed: it only introduces the extension.
// The alphabet itself, character by character: not French text.
const GSM7_BASIC =
  // eslint-disable-next-line bureau/french-typography
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// The extension table: each of these is sent as escape + character, two septets.
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

const LIMITS: Readonly<Record<SmsEncoding, { single: number; multipart: number }>> = {
  'GSM-7': { single: 160, multipart: 153 },
  'UCS-2': { single: 70, multipart: 67 },
};

/** Units of each character, or null for GSM-7 when a character is outside it. */
function gsm7Widths(text: string): number[] | null {
  const widths: number[] = [];
  for (const ch of text) {
    if (BASIC.has(ch)) widths.push(1);
    else if (EXTENSION.has(ch)) widths.push(2);
    else return null;
  }
  return widths;
}

function ucs2Widths(text: string): number[] {
  // Iterating a string yields code points: a surrogate pair comes as one item of length 2 and
  // stays whole, a lone surrogate as one of length 1.
  return Array.from(text, (ch) => ch.length);
}

export function countSegments(text: string): SmsCount {
  const gsm = gsm7Widths(text);
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  const widths = gsm ?? ucs2Widths(text);
  const { single, multipart } = LIMITS[encoding];
  const characters = widths.reduce((sum, w) => sum + w, 0);

  if (characters <= single) {
    return {
      encoding,
      characters,
      segments: characters === 0 ? 0 : 1,
      perSegment: single,
      remainingInSegment: single - characters,
    };
  }

  // Phones do not split an escape sequence or a surrogate pair across two parts: a character
  // that does not fit whole starts the next part, leaving a unit unused in the previous one.
  let segments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > multipart) {
      segments += 1;
      used = 0;
    }
    used += w;
  }
  return { encoding, characters, segments, perSegment: multipart, remainingInSegment: multipart - used };
}

export const SMS_PLACEHOLDERS = ['prenom', 'nom', 'date', 'heure', 'conseillere', 'bureau', 'adresse'] as const;
export type SmsPlaceholder = (typeof SMS_PLACEHOLDERS)[number];
export type SmsTemplateValues = Partial<Record<SmsPlaceholder, string>>;

const PLACEHOLDER_NAMES: ReadonlySet<string> = new Set(SMS_PLACEHOLDERS);
const PLACEHOLDER = /\{([a-z_]+)\}/g;

function isPlaceholder(name: string): name is SmsPlaceholder {
  return PLACEHOLDER_NAMES.has(name);
}

/**
 * Fills `{prenom}`, `{nom}`, … in one pass (a value containing braces is not filled again).
 * A placeholder without a value (absent or blank) stays as typed so the user sees it in the
 * editable text, and is listed in `missing` once, in order of appearance; unknown names such as
 * `{foo}` are left as typed and not listed.
 */
export function renderSmsTemplate(body: string, values: SmsTemplateValues): { text: string; missing: SmsPlaceholder[] } {
  const missing: SmsPlaceholder[] = [];
  const text = body.replace(PLACEHOLDER, (whole: string, name: string) => {
    if (!isPlaceholder(name)) return whole;
    const value = values[name];
    if (value === undefined || value.trim() === '') {
      if (!missing.includes(name)) missing.push(name);
      return whole;
    }
    return value;
  });
  return { text, missing };
}

/** The template the day-before reminder offers, and the SMS dialog picks for an appointment. */
export const CONFIRMATION_TEMPLATE_KEY = 'appointment_confirmation';
