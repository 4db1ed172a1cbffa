// A certificate's SHA-256 fingerprint as people compare it between two screens (issue 14, point 2):
// 32 bytes in upper-case hexadecimal pairs joined by colons (AB:CD:…), the way `openssl x509
// -fingerprint -sha256` and Node's `X509Certificate.fingerprint256` print it.

export const FINGERPRINT_PATTERN = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/** The canonical spelling of a fingerprint typed or pasted any way (case, spaces, colons), or null. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}
