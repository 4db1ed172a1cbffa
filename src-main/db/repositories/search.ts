// Turns what a user types into the search box into an FTS5 query on leads_fts
// (migrations/client/0001_leads_fts.sql: names, e-mail, phones, notes; accents folded).
// Search as you type: every word is a prefix ("trem" finds Tremblay) and all words must match,
// in any column. The input is never passed to FTS5 as syntax: each word is quoted, so quotes,
// stars, parentheses or NEAR typed by the user are plain characters.

const WORD = /[\p{L}\p{N}]+/gu;
/** A search made only of what people type in a phone number. */
const PHONE_LIKE = /^[\d\s().+\-/]+$/;
/** An area code and the first three digits: from there the E.164 form narrows to a few numbers. */
const MIN_E164_DIGITS = 6;
/** A pathological input must not become a huge query; twelve words is more than anyone types. */
const MAX_WORDS = 12;

/** The FTS5 MATCH expression for `text`, or null when it holds nothing searchable. */
export function ftsQuery(text: string | null | undefined): string | null {
  if (!text) return null;
  const words = (text.normalize('NFKC').match(WORD) ?? []).slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  const allWords = words.map((word) => `"${word}"*`).join(' AND ');
  if (!PHONE_LIKE.test(text)) return allWords;

  // A phone typed in pieces ("514 555-01") matches a phone_raw typed the same way, word by word;
  // the digits joined match a number typed without spaces, and, past the area code, the E.164
  // form (tokenised without its "+": "15145550199"). Shorter digit runs do not try the E.164
  // form: every phone is its own token there, and "1514"* would merge tens of thousands of them.
  const digits = words.join('');
  const alternatives = new Set([words.length > 1 ? `(${allWords})` : allWords, `"${digits}"*`]);
  if (digits.length >= MIN_E164_DIGITS && !digits.startsWith('1')) alternatives.add(`"1${digits}"*`);
  return [...alternatives].join(' OR ');
}
