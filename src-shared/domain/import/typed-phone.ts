import { DEFAULT_PHONE_REGION, normalizePhone } from '../phone';

// Phone numbers of a sheet (issue 10, point 4): stored E.164 (default region CA) beside exactly
// what was typed. An extension (« poste 12 », « p. 12 », « ext. 12 », « x12 », « #12 ») is no
// error: it stays in the typed text, which is what a person dials from; E.164 has no room for it.

export interface TypedPhone {
  /** E.164 when the number could be read, else null. */
  e164: string | null;
  /** What the cell held, trimmed. */
  typed: string;
  /** The extension's digits, when one was written. */
  extension: string | null;
  /**
   * Whether `normalizePhone(typed, region)` itself reads the whole text as `e164` (else it reads
   * nothing: the number was found without its extension): the commit hands it to rememberPhone.
   */
  wholeReads: boolean;
}

// After the number, optionally inside parentheses and after a comma: « (poste 12) », « , ext. 12 ».
const EXTENSION = /[\s,;]*(?:\(\s*)?(?:poste|p\.|extension|ext\.?|x|#)\s*[:.]?\s*(\d{1,7})\s*\)?$/i;

/** Longer text is no phone number (normalizePhone stops there too); it also bounds the search. */
const MAX_PHONE_LENGTH = 250;

/** The number and its extension, apart. */
export function splitExtension(typed: string): { number: string; extension: string | null } {
  if (typed.length > MAX_PHONE_LENGTH) return { number: typed, extension: null };
  const match = EXTENSION.exec(typed);
  if (!match || match.index === 0) return { number: typed, extension: null };
  return { number: typed.slice(0, match.index).trim(), extension: match[1] ?? null };
}

/** Reads a phone cell; never throws. */
export function readTypedPhone(typed: string, defaultRegion = DEFAULT_PHONE_REGION): TypedPhone {
  const { number, extension } = splitExtension(typed.trim());
  // normalizePhone reads most extensions itself; the number alone is read as a fallback for the
  // forms it does not know, such as « (poste 12) ».
  const whole = normalizePhone(typed, defaultRegion).e164;
  const e164 = whole ?? (extension ? normalizePhone(number, defaultRegion).e164 : null);
  return { e164, typed: typed.trim(), extension, wholeReads: whole !== null };
}
