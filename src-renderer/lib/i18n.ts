import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import frCA from '../locales/fr-CA.json';
import en from '../locales/en.json';

// French (fr-CA) first, English second (issue 5). Every string of the interface is in these two
// files; `i18next.d.ts` types the keys from fr-CA.json so that a missing key is a type error.

export const UI_LANGUAGES = ['fr-CA', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

const STORAGE_KEY = 'bureau.language';

export function savedLanguage(): UiLanguage {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    return saved === 'en' ? 'en' : 'fr-CA';
  } catch {
    return 'fr-CA';
  }
}

export function saveLanguage(instance: i18n, language: UiLanguage): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // A locked-down profile may refuse storage: the choice then lasts for this session only.
  }
  document.documentElement.lang = language;
  void instance.changeLanguage(language);
}

export function createI18n(language: UiLanguage = 'fr-CA', onMissingKey?: (key: string) => void): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { 'fr-CA': { translation: frCA }, en: { translation: en } },
    lng: language,
    fallbackLng: 'fr-CA',
    supportedLngs: [...UI_LANGUAGES],
    initAsync: false,
    // React escapes every text node; escaping here too would show `&lt;` to the user.
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: onMissingKey !== undefined,
    missingKeyHandler: onMissingKey ? (_lngs, _ns, key) => onMissingKey(key) : false,
  });
  return instance;
}

/** The interface's language as an Intl locale: fr-CA or en-CA. */
export function intlLocale(language: string): string {
  return language.startsWith('en') ? 'en-CA' : 'fr-CA';
}
