// E-mail addresses are stored normalised so that duplicates are found (domain.md, "Duplicates").

/** Trimmed, NFC, lower-cased; null when nothing was typed. Does not judge validity. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const email = raw.trim().normalize('NFC').toLowerCase();
  return email === '' ? null : email;
}

// Pragmatic, not RFC 5322: one "@", no spaces, none of the characters that only appear by typo
// (comma, semicolon, colon, angle brackets, parentheses, square brackets, backslash, double
// quote), dots only between non-empty parts, and a top-level domain of two or more characters
// that are not all digits. Each repeated part is delimited by a dot its own class excludes, so
// there is no nested ambiguity and no catastrophic backtracking, whatever the input.
const PART = '[^\\s@.,;:<>()[\\]\\\\"]+';
const TOP_LEVEL = '(?!\\d+$)[^\\s@.,;:<>()[\\]\\\\"]{2,}';
const EMAIL = new RegExp(`^${PART}(?:\\.${PART})*@${PART}(?:\\.${PART})*\\.${TOP_LEVEL}$`, 'u');

const MAX_LENGTH = 254; // RFC 5321's limit for a forward path
const MAX_LOCAL_LENGTH = 64;

/** Whether the address, once trimmed, looks deliverable. */
export function isValidEmail(s: string | null | undefined): boolean {
  if (typeof s !== 'string') return false;
  const email = s.trim();
  if (email.length > MAX_LENGTH) return false;
  const at = email.indexOf('@');
  if (at < 1 || at > MAX_LOCAL_LENGTH) return false;
  return EMAIL.test(email);
}
