import { createHmac, timingSafeEqual } from 'node:crypto';

// Twilio's webhook signature (https://www.twilio.com/docs/usage/security#validating-requests):
// the full URL Twilio requested, then each POST parameter's name followed by its value, sorted by
// name (a repeated name: its values in order of value), HMAC-SHA1 keyed with the account's auth
// token, base64, in the X-Twilio-Signature header. The comparison takes the same time whatever
// the first differing byte, so an attacker cannot guess the signature one byte at a time.

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

export type FormParams = ReadonlyArray<readonly [string, string]>;

export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  const sorted = [...params].sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0));
  let data = url;
  for (const [key, value] of sorted) data += key + value;
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function isValidTwilioSignature(authToken: string, url: string, params: FormParams, signature: string | undefined): boolean {
  if (signature === undefined || signature === '') return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
