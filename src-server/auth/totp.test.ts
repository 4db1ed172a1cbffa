import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUri, totp, type HmacAlgorithm } from './totp';

// RFC 6238, appendix B: the seeds are the ASCII strings below, 8 digits, at the given Unix times.
const SEEDS: Record<HmacAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890', 'ascii'),
  sha256: Buffer.from('12345678901234567890123456789012', 'ascii'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii'),
};
const VECTORS: Array<[number, string, HmacAlgorithm]> = [
  [59, '94287082', 'sha1'],
  [59, '46119246', 'sha256'],
  [59, '90693936', 'sha512'],
  [1111111109, '07081804', 'sha1'],
  [1111111109, '68084774', 'sha256'],
  [1111111109, '25091201', 'sha512'],
  [1111111111, '14050471', 'sha1'],
  [1111111111, '67062674', 'sha256'],
  [1111111111, '99943326', 'sha512'],
  [1234567890, '89005924', 'sha1'],
  [1234567890, '91819424', 'sha256'],
  [1234567890, '93441116', 'sha512'],
  [2000000000, '69279037', 'sha1'],
  [2000000000, '90698825', 'sha256'],
  [2000000000, '38618901', 'sha512'],
  [20000000000, '65353130', 'sha1'],
  [20000000000, '77737706', 'sha256'],
  [20000000000, '47863826', 'sha512'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('at %i s gives %s with %s (RFC 6238 appendix B)', (seconds, code, algorithm) => {
    expect(totp(SEEDS[algorithm], new Date(seconds * 1000), 8, algorithm)).toBe(code);
  });

  it('gives RFC 4226 appendix D HOTP values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(SEEDS.sha1, counter))).toEqual(expected);
  });

  it('round-trips base32 as RFC 4648 writes it', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw 6ytb oi').toString()).toBe('foobar');
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
  });

  it('accepts the code of now or of one step either side, once, and nothing else', () => {
    const secret = newTotpSecret();
    const key = base32Decode(secret);
    const now = new Date('2026-12-06T15:00:10Z');
    const step = Math.floor(now.getTime() / 30_000);
    const at = (offset: number) => new Date(now.getTime() + offset * 30_000);

    expect(matchTotp(secret, totp(key, now), now, null)).toBe(step);
    expect(matchTotp(secret, totp(key, at(-1)), now, null)).toBe(step - 1);
    expect(matchTotp(secret, totp(key, at(1)).replace(/^(\d{3})/, '$1 '), now, null)).toBe(step + 1);
    expect(matchTotp(secret, totp(key, at(-2)), now, null)).toBeNull();
    expect(matchTotp(secret, totp(key, at(2)), now, null)).toBeNull();
    // Replayed, or older than a code already used: refused.
    expect(matchTotp(secret, totp(key, now), now, step)).toBeNull();
    expect(matchTotp(secret, totp(key, at(-1)), now, step - 1)).toBeNull();
    expect(matchTotp(secret, totp(key, at(1)), now, step)).toBe(step + 1);
    for (const typed of ['', '12345', '1234567', 'abcdef']) expect(matchTotp(secret, typed, now, null)).toBeNull();
  });

  it('writes the otpauth address authenticator apps read', () => {
    const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'marie@bureau.demo', 'Bureau Immigration Tremblay'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Bureau Immigration Tremblay:marie@bureau.demo');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: 'Bureau Immigration Tremblay',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
