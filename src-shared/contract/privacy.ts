import { z } from 'zod';
import { RETENTION_MAX_MONTHS, RETENTION_STATUSES } from '../domain/anonymise';
import type { LeadStatus } from '../domain/statuses';
import type { ExportedFile } from './exports';

// A person's rights (issue 14, point 5; server-api.md, "A person's rights"): the bodies and answers
// of /api/admin/people/* and /api/admin/privacy/*, and the desktop's privacy:* channels, written
// once for both ends with their French messages.

export const PRIVACY_ADMIN_ONLY = 'Seuls les administrateurs exercent les droits des personnes (export, anonymisation, conservation).';
export const PRIVACY_NEEDS_SERVER =
  'Le serveur du bureau ne répond pas : l’export, l’anonymisation et la conservation se font sur le serveur. Réessayez quand il sera joignable.';

export const CONSENT_WORDING_MAX = 2000;
export const HOLD_REASON_MAX = 500;

const leadId = z.uuid({ message: 'Identifiant de lead invalide.' });

export const personParams = z.object({ leadId });
export const personExportQuery = z.object({ format: z.enum(['json', 'xlsx'], { message: 'Format inconnu\u00a0: «\u00a0json\u00a0» ou «\u00a0xlsx\u00a0».' }).default('json') });

/** The word « ANONYMISER », typed by the admin: an anonymisation cannot be undone. */
export const anonymiseBody = z.object({
  confirm: z.literal('ANONYMISER', { message: 'Tapez ANONYMISER pour confirmer\u00a0: l’anonymisation est définitive.' }),
});

export const holdBody = z.discriminatedUnion('held', [
  z.object({
    held: z.literal(true),
    reason: z
      .string({ message: 'Indiquez la raison de la conservation légale.' })
      .trim()
      .min(1, { message: 'Indiquez la raison de la conservation légale.' })
      .max(HOLD_REASON_MAX, { message: `La raison compte au plus ${HOLD_REASON_MAX} caractères.` }),
  }),
  z.object({ held: z.literal(false) }),
]);
export type HoldBody = z.infer<typeof holdBody>;

const months = z
  .number({ message: 'Un délai est un nombre de mois.' })
  .int({ message: 'Un délai est un nombre entier de mois.' })
  .min(1, { message: 'Un délai compte au moins un mois.' })
  .max(RETENTION_MAX_MONTHS, { message: `Un délai compte au plus ${RETENTION_MAX_MONTHS} mois\u00a0: choisissez «\u00a0jamais\u00a0» sinon.` })
  .nullable();

/** Per final status, months before anonymisation, or null for « jamais ». */
export const retentionBody = z.object({
  rules: z.object(Object.fromEntries(RETENTION_STATUSES.map((s) => [s, months])) as Record<LeadStatus, typeof months>).partial().strict(),
});
export type RetentionRules = Partial<Record<LeadStatus, number | null>>;

export const consentWordingBody = z.object({
  webFormConsentWording: z
    .string()
    .trim()
    .min(1, { message: 'Le texte du consentement est obligatoire.' })
    .max(CONSENT_WORDING_MAX, { message: `Le texte compte au plus ${CONSENT_WORDING_MAX} caractères.` }),
});

export const personSummary = z.object({
  leadId: z.string(),
  name: z.string(),
  status: z.string(),
  legalHold: z.object({ reason: z.string(), setAt: z.string(), setById: z.string() }).nullable(),
  anonymisedAt: z.string().nullable(),
  counts: z.record(z.string(), z.number()),
});
export type PersonSummary = z.infer<typeof personSummary>;

export const privacySettingsAnswer = z.object({
  rules: z.record(z.string(), z.number().nullable()),
  webFormConsentWording: z.string(),
});
export type PrivacySettingsAnswer = z.infer<typeof privacySettingsAnswer>;

export const anonymiseAnswer = z.object({ leadId: z.string(), anonymisedAt: z.string() });

// ---- the desktop's channels -------------------------------------------------------------------

export const PRIVACY_CONTRACT = {
  /** What the server holds about one person: counts, hold, anonymised or not. */
  'privacy:person': { input: personParams },
  /** The person's file, saved where the admin chooses. */
  'privacy:export': { input: personParams.extend({ format: z.enum(['json', 'xlsx']) }) },
  'privacy:anonymise': { input: personParams.and(anonymiseBody) },
  'privacy:hold': { input: personParams.and(holdBody) },
  'privacy:settings': { input: z.object({}).default({}) },
  'privacy:retention': { input: retentionBody },
  'privacy:consentWording': { input: consentWordingBody },
} as const;

/** What the web form's consent box says until an admin writes the office's own wording. */
export const DEFAULT_WEB_FORM_CONSENT_WORDING =
  'J’accepte que le cabinet conserve mes renseignements et les utilise pour me recontacter au sujet de mon projet d’immigration.';

/** What the privacy:* channels answer (inside IpcResult). */
export interface PrivacyOutput {
  'privacy:person': PersonSummary;
  'privacy:export': ExportedFile;
  'privacy:anonymise': PersonSummary;
  'privacy:hold': PersonSummary;
  'privacy:settings': PrivacySettingsAnswer;
  'privacy:retention': PrivacySettingsAnswer;
  'privacy:consentWording': PrivacySettingsAnswer;
}
