import type { LANGUAGES } from '../entities';
import { normaliseHeader } from './header-text';

// The language cell read as the codes a lead holds (fr, en, es, ar, other), from French and
// English words and codes (issue 10, point 4).

export type LeadLanguage = (typeof LANGUAGES)[number];

const WORDS: Record<string, LeadLanguage> = {
  fr: 'fr',
  fra: 'fr',
  fre: 'fr',
  francais: 'fr',
  francaise: 'fr',
  french: 'fr',
  en: 'en',
  eng: 'en',
  ang: 'en',
  anglais: 'en',
  anglaise: 'en',
  english: 'en',
  es: 'es',
  esp: 'es',
  spa: 'es',
  espagnol: 'es',
  espanol: 'es',
  spanish: 'es',
  castellano: 'es',
  ar: 'ar',
  ara: 'ar',
  arabe: 'ar',
  arabic: 'ar',
  'العربية': 'ar',
};

/**
 * The lead's language. The first word known wins (« Français / anglais » → fr; « fr-CA » → fr);
 * any other language named is `other`. Null when the cell is empty.
 */
export function readLanguage(text: string | null): LeadLanguage | null {
  if (text === null) return null;
  const words = normaliseHeader(text).split(' ').filter((w) => w !== '');
  if (words.length === 0) return null;
  for (const word of words) {
    const code = WORDS[word];
    if (code) return code;
  }
  return 'other';
}
