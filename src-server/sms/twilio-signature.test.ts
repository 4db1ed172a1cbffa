import { describe, expect, it } from 'vitest';
import { isValidTwilioSignature, twilioSignature } from './twilio-signature';

// Twilio's documented example (https://www.twilio.com/docs/usage/security#validating-requests):
// auth token 12345, URL https://mycompany.com/myapp.php?foo=1&bar=2 and these parameters give
// GvWf1cFY/Q7PnoempGyD5oXAezc=. The page's caller is +14158675310; twilio-node's own test uses
// +14158675309 and gets RSOYDt4T1cUTdK1PDd93/VVr8B8=. (With +12349013030, as a copy of the example
// had it, the signature is another one: the vector only holds with the documented numbers.)

const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = (caller: string): Array<[string, string]> => [
  ['CallSid', 'CA1234567890ABCDE'],
  ['Caller', caller],
  ['Digits', '1234'],
  ['From', caller],
  ['To', '+18005551212'],
];

describe('twilioSignature', () => {
  it('reproduces Twilio’s documented example', () => {
    expect(twilioSignature('12345', URL, params('+14158675310'))).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
    expect(twilioSignature('12345', URL, params('+14158675309'))).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('sorts the parameters by name, whatever order they came in', () => {
    expect(twilioSignature('12345', URL, params('+14158675310').reverse())).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
  });

  it('accepts the right signature only: another token, URL, value or a truncated signature fails', () => {
    const good = 'GvWf1cFY/Q7PnoempGyD5oXAezc=';
    expect(isValidTwilioSignature('12345', URL, params('+14158675310'), good)).toBe(true);
    expect(isValidTwilioSignature('12346', URL, params('+14158675310'), good)).toBe(false);
    expect(isValidTwilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=3', params('+14158675310'), good)).toBe(false);
    expect(isValidTwilioSignature('12345', URL, params('+14158675311'), good)).toBe(false);
    expect(isValidTwilioSignature('12345', URL, [...params('+14158675310'), ['Extra', '1']], good)).toBe(false);
    expect(isValidTwilioSignature('12345', URL, params('+14158675310'), good.slice(0, -1))).toBe(false);
    expect(isValidTwilioSignature('12345', URL, params('+14158675310'), undefined)).toBe(false);
    expect(isValidTwilioSignature('12345', URL, params('+14158675310'), '')).toBe(false);
  });
});
