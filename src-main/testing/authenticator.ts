// The authenticator app of the two-factor tests: the office server's own TOTP (RFC 6238), fed the
// secret the set-up answered, as a phone would be. Test code only (src-main/testing/office.ts).
/* eslint-disable no-restricted-imports */
import { base32Decode, totp } from '~server/auth/totp';
/* eslint-enable no-restricted-imports */

/** The code an authenticator app shows for `secret` (base32) at `at`. */
export function authenticatorCode(secret: string, at: Date): string {
  return totp(base32Decode(secret), at);
}
