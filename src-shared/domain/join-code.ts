// The one-time code a hosting workstation shows for the office's other workstations (issue 12,
// point 2; docs/decisions.md, "First run"). Eight characters of Crockford's base 32 (no I, L, O
// or U: nothing to misread on a screen or over the phone), shown as two groups of four. A person
// may type it in lower case, with spaces or a dash, and with O for 0 or I/L for 1.

export const JOIN_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const JOIN_CODE_LENGTH = 8;

/** The code as the server keeps it (eight characters of the alphabet), or null when it cannot be one. */
export function normalizeJoinCode(typed: string): string | null {
  const code = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== JOIN_CODE_LENGTH) return null;
  for (const char of code) if (!JOIN_CODE_ALPHABET.includes(char)) return null;
  return code;
}

/** `K7QF2MZD` → `K7QF-2MZD`, as the hosting workstation shows it. */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A new code from `random` bytes (one byte per character; 256 is a multiple of 32, so no bias). */
export function joinCodeFromBytes(random: Uint8Array): string {
  if (random.length < JOIN_CODE_LENGTH) throw new Error('joinCodeFromBytes : 8 octets au moins');
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[random[i]! % JOIN_CODE_ALPHABET.length];
  return code;
}
