import { z } from 'zod';
import { normalizeFingerprint } from '../domain/fingerprint';

// The office server's certificate as the workstation pinned it (issue 14, point 2): the warning
// shown when the server presents another one, and an administrator's acceptance of the new one.

export const FINGERPRINT_INVALID = 'Une empreinte SHA-256 compte 64 chiffres hexadécimaux (AB:CD:…).';

/** A fingerprint as typed or copied: any case, spaces or colons; answered as AB:CD:…. */
export const fingerprintInput = z
  .string({ error: FINGERPRINT_INVALID })
  .max(200, { error: FINGERPRINT_INVALID })
  .transform((text, context) => {
    const normalized = normalizeFingerprint(text);
    if (normalized === null) {
      context.addIssue({ code: 'custom', message: FINGERPRINT_INVALID });
      return z.NEVER;
    }
    return normalized;
  });

/** The server's certificate changed: the pinned fingerprint and the one presented now. */
export interface CertificateWarning {
  serverUrl: string;
  pinned: string;
  /** Null when the server could not be reached to read it. */
  presented: string | null;
  /** Whether the signed-in user may accept it (administrators only: permissions.md). */
  canAccept: boolean;
}

export const TLS_CONTRACT = {
  /** The signed-in session's server: null while its certificate is the pinned one. */
  'tls:status': { input: z.object({}).default({}) },
  /** An administrator accepts the new certificate whose fingerprint they checked: it is pinned. */
  'tls:accept': { input: z.object({ fingerprint: fingerprintInput }) },
} as const;

export interface TlsOutput {
  'tls:status': CertificateWarning | null;
  /** The fingerprint now pinned. */
  'tls:accept': { fingerprint: string };
}
