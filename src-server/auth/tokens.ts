import { createHash, randomBytes } from 'node:crypto';

// Bearer tokens and calendar secrets (server-api.md): random, ≥ 128 bits, url-safe. Only a
// token's SHA-256 is stored, so a copy of the database lets nobody sign in; a plain hash is
// enough because the token itself is 256 random bits, not a guessable password.

/** A new session token: 32 random bytes, base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the sessions table stores and looks tokens up by. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The `<secret>` of a user's `/calendar/<secret>.ics`: 24 random bytes (192 bits), base64url. */
export function newCalendarSecret(): string {
  return randomBytes(24).toString('base64url');
}
