import { isValidEmail } from '~shared/domain/email';
import type { MutationInput } from '~shared/domain/mutations/args';
import type { LANGUAGES } from '~shared/domain/entities';

// The public web form's fields (server-api.md, "The web form endpoint"): French or English names,
// values as a browser form or a JSON client sends them. Errors are keyed by the name the sender
// used, in French, so that the office's website can show them beside its own fields.

type Field =
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'phone'
  | 'language'
  | 'programOfInterest'
  | 'message'
  | 'consent'
  | 'utmSource'
  | 'utmMedium'
  | 'utmCampaign';

/** Accepted names per field, the French one first (it names the field in errors by default). */
const NAMES: Record<Field, readonly string[]> = {
  firstName: ['prenom', 'prénom', 'firstName', 'first_name'],
  lastName: ['nom', 'lastName', 'last_name'],
  email: ['courriel', 'email', 'e-mail'],
  phone: ['telephone', 'téléphone', 'phone'],
  language: ['langue', 'language'],
  programOfInterest: ['programme', 'programOfInterest', 'program'],
  message: ['message'],
  consent: ['consentement', 'consent'],
  utmSource: ['utm_source'],
  utmMedium: ['utm_medium'],
  utmCampaign: ['utm_campaign'],
};

const MAX_LENGTH: Record<Field, number> = {
  firstName: 100,
  lastName: 100,
  email: 254,
  phone: 40,
  language: 40,
  programOfInterest: 200,
  message: 5000,
  consent: 10,
  utmSource: 200,
  utmMedium: 200,
  utmCampaign: 200,
};

export const HONEYPOT_FIELD = 'website';

const LANGUAGE_WORDS: Record<string, (typeof LANGUAGES)[number]> = {
  fr: 'fr',
  francais: 'fr',
  french: 'fr',
  en: 'en',
  anglais: 'en',
  english: 'en',
  es: 'es',
  espagnol: 'es',
  spanish: 'es',
  espanol: 'es',
  ar: 'ar',
  arabe: 'ar',
  arabic: 'ar',
};

const YES = new Set(['on', 'oui', 'yes', 'true', '1', 'o', 'y']);

export type WebFormResult =
  | { ok: true; lead: Omit<MutationInput<'lead.create'>, 'id'> }
  | { ok: false; fields: Record<string, string> };

/** True when a bot filled the hidden field that people never see. */
export function isHoneypotFilled(body: Record<string, unknown>): boolean {
  const value = single(body[HONEYPOT_FIELD]);
  return value !== undefined && value.trim() !== '';
}

export function readWebForm(body: Record<string, unknown>): WebFormResult {
  const fields: Record<string, string> = {};
  const values = {} as Record<Field, string | undefined>;
  const usedName = {} as Record<Field, string>;

  for (const field of Object.keys(NAMES) as Field[]) {
    const name = NAMES[field].find((n) => body[n] !== undefined) ?? (NAMES[field][0] as string);
    usedName[field] = name;
    const raw = body[name];
    if (raw === undefined || raw === null) continue;
    const value = single(raw);
    if (value === undefined) {
      fields[name] = 'Une seule valeur texte est attendue.';
      continue;
    }
    const trimmed = value.trim();
    if (trimmed.length > MAX_LENGTH[field]) {
      fields[name] = `${MAX_LENGTH[field]} caractères au plus.`;
      continue;
    }
    if (trimmed !== '') values[field] = trimmed;
  }

  if (values.lastName === undefined && fields[usedName.lastName] === undefined) {
    fields[usedName.lastName] = 'Le nom est obligatoire.';
  }
  if (values.email !== undefined && !isValidEmail(values.email)) {
    fields[usedName.email] = 'Adresse courriel invalide.';
  }
  if (values.phone !== undefined && (values.phone.match(/\d/g) ?? []).length < 7) {
    fields[usedName.phone] = 'Numéro de téléphone invalide.';
  }
  if (values.email === undefined && values.phone === undefined && fields[usedName.email] === undefined && fields[usedName.phone] === undefined) {
    fields[usedName.email] = 'Indiquez un courriel ou un numéro de téléphone.';
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };

  return {
    ok: true,
    lead: {
      firstName: values.firstName ?? '',
      lastName: values.lastName as string,
      email: values.email ?? null,
      phone: values.phone ?? null,
      language: values.language === undefined ? null : (LANGUAGE_WORDS[fold(values.language)] ?? 'other'),
      programOfInterest: values.programOfInterest ?? null,
      // What the person wrote stays exactly as written: escaping is the interface's job.
      notes: values.message ?? null,
      source: 'web_form',
      consent: values.consent !== undefined && YES.has(fold(values.consent)),
      utmSource: values.utmSource ?? null,
      utmMedium: values.utmMedium ?? null,
      utmCampaign: values.utmCampaign ?? null,
    },
  };
}

/** A form field's text: strings and booleans pass; a repeated field takes its first value. */
function single(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'boolean' || typeof raw === 'number') return String(raw);
  if (Array.isArray(raw) && raw.length > 0 && typeof raw[0] === 'string') return raw[0];
  return undefined;
}

function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
