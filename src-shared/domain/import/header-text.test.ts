import { describe, expect, it } from 'vitest';
import { compactHeader, normaliseHeader } from './header-text';

describe('header normalisation', () => {
  it('ignores accents, case, spacing and punctuation', () => {
    expect(normaliseHeader('  Prénom(s)  ')).toBe('prenom s');
    expect(normaliseHeader('TÉLÉPHONE  cellulaire')).toBe('telephone cellulaire');
    expect(compactHeader('E-mail')).toBe('email');
    expect(compactHeader('e mail')).toBe('email');
    expect(compactHeader('Tél.')).toBe('tel');
    expect(compactHeader('Programme d’intérêt')).toBe(compactHeader("programme d'interet"));
  });
});
