import type { LANGUAGES, LEAD_SOURCES } from './entities';

// French labels of the lead's coded fields, for what the main process and the server write
// themselves (Excel exports, the import template, reports); the interface has its own in
// src-renderer/locales.

export const SOURCE_LABELS: Record<(typeof LEAD_SOURCES)[number], string> = {
  manual: 'Saisie',
  web_form: 'Formulaire web',
  import: 'Importation',
  referral: 'Recommandation',
};

/** As the import reads them back (import/language.ts): a template's list must round-trip. */
export const LANGUAGE_LABELS: Record<(typeof LANGUAGES)[number], string> = {
  fr: 'Français',
  en: 'Anglais',
  es: 'Espagnol',
  ar: 'Arabe',
  other: 'Autre',
};
