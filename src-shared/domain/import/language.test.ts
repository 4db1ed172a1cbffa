import { describe, expect, it } from 'vitest';
import { readLanguage } from './language';

describe('readLanguage', () => {
  it.each([
    ['fr', 'fr'],
    ['Français', 'fr'],
    ['FRANCAIS', 'fr'],
    ['French', 'fr'],
    ['fr-CA', 'fr'],
    ['anglais', 'en'],
    ['English', 'en'],
    ['EN', 'en'],
    ['Espagnol', 'es'],
    ['Español', 'es'],
    ['arabe', 'ar'],
    ['Français / anglais', 'fr'],
    ['Portugais', 'other'],
  ])('%s → %s', (typed, code) => {
    expect(readLanguage(typed)).toBe(code);
  });

  it('reads an empty cell as no language', () => {
    expect(readLanguage(null)).toBeNull();
    expect(readLanguage(' - ')).toBeNull();
  });
});
