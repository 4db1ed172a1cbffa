import { z } from 'zod';
import { frenchSpacing } from '../french-spacing';

// One way to turn zod's issues into what the user reads (style.md point 6), shared by the office
// server's 400 answers, the main process's IPC refusals and the mutation catalogue's refusals:
// a French message per field, keyed by the field's path as the form names it, and one summary.
//
// zod's French is passed to each parse (`parseInFrench`), never set with `z.config`: a global
// setting would change every other module's parses from the moment this file is imported.

const FRENCH = z.locales.fr();

/** zod's French, but « obligatoire. » for a missing field (its own says « indéfini reçu »). */
export const frenchIssue: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'obligatoire.' : frenchText(FRENCH.localeError(issue));

/** zod's French message, with fr-CA's no-break spaces (its locale writes plain ones). */
function frenchText(message: ReturnType<typeof FRENCH.localeError>): ReturnType<typeof FRENCH.localeError> {
  if (typeof message === 'string') return frenchSpacing(message);
  if (message && typeof message === 'object' && typeof message.message === 'string') return { ...message, message: frenchSpacing(message.message) };
  return message;
}

/** `schema.safeParse`, with French messages for the rules whose schema gives none. */
export function parseInFrench<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  return schema.safeParse(value, { error: frenchIssue }) as z.ZodSafeParseResult<z.output<S>>;
}

/** How the fields read in a summary (the others show as they are named). */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  id: 'Identifiant',
  firstName: 'Prénom',
  lastName: 'Nom',
  email: 'Courriel',
  phone: 'Téléphone',
  language: 'Langue',
  city: 'Ville',
  country: 'Pays',
  programOfInterest: 'Programme',
  notes: 'Notes',
  note: 'Note',
  source: 'Source',
  consent: 'Consentement',
  importBatchId: 'Lot d’import',
  fileName: 'Nom du fichier',
  leads: 'Ligne',
  assignments: 'Attribution',
  leadId: 'Lead',
  assigneeId: 'Personne attribuée',
  channel: 'Moyen de contact',
  outcome: 'Résultat',
  callbackAt: 'Date de rappel',
  status: 'Statut',
  reason: 'Motif',
  force: 'Forcer',
  hostId: 'Hôte',
  startsAt: 'Début',
  endsAt: 'Fin',
  kind: 'Type',
  location: 'Lieu',
  result: 'Résultat',
  procedureIds: 'Procédures',
  clientId: 'Client',
  ownerId: 'Propriétaire',
  payment: 'Paiement',
  amountCents: 'Montant',
  currency: 'Devise',
  method: 'Mode de paiement',
  paidAt: 'Date du paiement',
  paymentId: 'Paiement',
  dueAt: 'Échéance',
  title: 'Titre',
  appointmentId: 'Rendez-vous',
  templateId: 'Modèle',
  to: 'Numéro',
  body: 'Message',
  ids: 'Notifications',
  code: 'Code',
  nameFr: 'Nom (français)',
  nameEn: 'Nom (anglais)',
  active: 'Actif',
  sortOrder: 'Ordre',
  key: 'Clé',
  name: 'Nom',
  bodyFr: 'Texte français',
  bodyEn: 'Texte anglais',
  officeName: 'Nom du bureau',
  address: 'Adresse',
  timeZone: 'Fuseau horaire',
  reminderMinuteOfDay: 'Heure des rappels',
  defaultLanguage: 'Langue par défaut',
  password: 'Mot de passe',
  role: 'Rôle',
  serverUrl: 'Adresse du serveur',
};

/** Wrappers the user never sees: lead.update's `patch.email` is the form's `email`. */
const WRAPPERS: ReadonlySet<string> = new Set(['patch']);

/** Where an issue with no path (the whole value) is filed. */
export const WHOLE_VALUE = '_';

export const MAX_LISTED_ISSUES = 5;

export interface FieldErrors {
  /** French sentences, one per field (the first few), to show above a form or in a refusal. */
  message: string;
  /** One French message per field, by dotted path ('leads.3.email'; '_' for the whole value). */
  fields: Record<string, string>;
}

const NBSP = '\u00a0';

function visible(path: readonly PropertyKey[]): PropertyKey[] {
  return path.filter((segment) => typeof segment !== 'string' || !WRAPPERS.has(segment));
}

/** ['leads', 3, 'email'] -> ['Ligne 4', 'Courriel']. */
function labelled(path: readonly PropertyKey[], labels: Readonly<Record<string, string>>): string[] {
  const parts: string[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') {
      const last = parts.pop();
      parts.push(last === undefined ? `n° ${segment + 1}` : `${last} ${segment + 1}`);
    } else {
      const name = String(segment);
      parts.push(Object.hasOwn(labels, name) ? labels[name]! : name);
    }
  }
  return parts;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function capitalized(text: string): string {
  return text.charAt(0).toLocaleUpperCase('fr-CA') + text.slice(1);
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether the message already names its field (« Le nom est obligatoire. », « Courriel : … »). */
function names(message: string, label: string): boolean {
  return message.startsWith(label) || new RegExp(`(^|[^\\p{L}])${escaped(label)}($|[^\\p{L}])`, 'iu').test(message);
}

/**
 * The French field errors of a failed parse: the first message of each field, and a summary
 * naming each field by its label (« Ligne 2, Courriel : 254 caractères au plus. »).
 */
export function fieldErrors(error: z.ZodError, labels: Readonly<Record<string, string>> = FIELD_LABELS): FieldErrors {
  const fields: Record<string, string> = {};
  const lines: string[] = [];
  for (const issue of error.issues) {
    const path = visible(issue.path);
    const key = path.length > 0 ? path.map(String).join('.') : WHOLE_VALUE;
    if (Object.hasOwn(fields, key)) continue;
    fields[key] = capitalized(sentence(issue.message));

    const parts = labelled(path, labels);
    const last = parts.at(-1);
    const named = last !== undefined && names(issue.message, last);
    const context = (named ? parts.slice(0, -1) : parts).join(', ');
    const line = context === '' ? issue.message : named ? `${context}, ${issue.message}` : `${context}${NBSP}: ${issue.message}`;
    if (!lines.includes(sentence(line))) lines.push(sentence(line));
  }
  const shown = lines.slice(0, MAX_LISTED_ISSUES);
  if (lines.length > shown.length) shown.push(`… et ${lines.length - shown.length} autre(s) erreur(s).`);
  return { message: shown.join(' '), fields };
}
