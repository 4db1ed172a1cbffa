import { describe, expect, it } from 'vitest';
import { formatJoinCode, joinCodeFromBytes, normalizeJoinCode } from './join-code';

describe('code pour rejoindre le bureau', () => {
  it('se lit comme une personne le tape', () => {
    expect(normalizeJoinCode('k7qf-2mzd')).toBe('K7QF2MZD');
    expect(normalizeJoinCode(' K7QF 2MZD ')).toBe('K7QF2MZD');
    // O, I and L are not in the alphabet: they are the digits they look like.
    expect(normalizeJoinCode('OOII-LLAB')).toBe('001111AB');
  });

  it('refuse ce qui ne peut pas en être un', () => {
    expect(normalizeJoinCode('')).toBeNull();
    expect(normalizeJoinCode('K7QF-2MZ')).toBeNull();
    expect(normalizeJoinCode('K7QF-2MZDX')).toBeNull();
    expect(normalizeJoinCode('K7QF-2MZU')).toBeNull();
  });

  it('s’affiche en deux groupes de quatre et se relit à l’identique', () => {
    const code = joinCodeFromBytes(Uint8Array.from([0, 31, 32, 63, 200, 255, 7, 100]));
    expect(code).toMatch(/^[0-9A-Z]{8}$/);
    expect(formatJoinCode(code)).toMatch(/^.{4}-.{4}$/);
    expect(normalizeJoinCode(formatJoinCode(code))).toBe(code);
  });
});
