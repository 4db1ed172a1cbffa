import { z } from 'zod';
import { MUTATION_ARGS } from './args';
import type { MutationArgs, MutationName } from './args';
import { appointmentBook, appointmentCancel, appointmentClose, appointmentReschedule } from './appointment';
import { procedureUpsert, settingsUpdate, smsTemplateUpsert } from './config';
import { leadConvert } from './convert';
import { leadEvaluate } from './evaluate';
import { leadAssign } from './lead-assign';
import { leadCreate, leadCreateMany } from './lead-create';
import { leadLogContact, leadSetStatus } from './lead-status';
import { leadUpdate } from './lead-update';
import { notificationMarkRead } from './notification';
import { smsSend } from './sms';
import { taskComplete, taskCreate, taskReschedule } from './task';
import type { Actor, MutationContext, Mutator, MutatorResult, Needs, NeedsTime, Refusal, State } from './types';

// The one table from a mutation's name to its mutator, shared by the desktop (optimistic apply
// and rebase) and the office server (authority): sync-protocol.md, "Push", step 3.

export const MUTATORS: { readonly [N in MutationName]: Mutator<N> } = {
  'lead.create': leadCreate,
  'lead.createMany': leadCreateMany,
  'lead.update': leadUpdate,
  'lead.assign': leadAssign,
  'lead.logContact': leadLogContact,
  'lead.setStatus': leadSetStatus,
  'appointment.book': appointmentBook,
  'appointment.reschedule': appointmentReschedule,
  'appointment.cancel': appointmentCancel,
  'appointment.close': appointmentClose,
  'lead.evaluate': leadEvaluate,
  'lead.convert': leadConvert,
  'task.create': taskCreate,
  'task.complete': taskComplete,
  'task.reschedule': taskReschedule,
  'sms.send': smsSend,
  'notification.markRead': notificationMarkRead,
  'procedure.upsert': procedureUpsert,
  'smsTemplate.upsert': smsTemplateUpsert,
  'settings.update': settingsUpdate,
};

export function isMutationName(name: string): name is MutationName {
  return Object.hasOwn(MUTATION_ARGS, name);
}

export type ParsedMutation =
  | { [N in MutationName]: { ok: true; name: N; args: MutationArgs<N> } }[MutationName]
  | { ok: false; refusal: Refusal };

/** How the fields of the catalogue read in a refusal (the rest show as they are named). */
const FIELD_LABELS: Readonly<Record<string, string>> = {
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
};

/** ['leads', 3, 'email'] -> ['Ligne 4', 'Courriel']; `patch` is a wrapper the user never sees. */
function fieldPath(path: readonly PropertyKey[]): string[] {
  const parts: string[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') {
      const last = parts.pop();
      parts.push(last === undefined ? `n° ${segment + 1}` : `${last} ${segment + 1}`);
    } else if (segment !== 'patch') {
      const name = String(segment);
      parts.push(FIELD_LABELS[name] ?? name);
    }
  }
  return parts;
}

const FRENCH = z.locales.fr();
// zod's French says « chaîne de caractères attendu, indéfini reçu » for a missing field.
const frenchError: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'obligatoire.' : FRENCH.localeError(issue);

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}
const MAX_LISTED_ISSUES = 5;

function invalidArgs(error: z.ZodError): Refusal {
  const lines: string[] = [];
  for (const issue of error.issues) {
    const parts = fieldPath(issue.path);
    // Messages of args.ts already name their field (« Courriel : 254 caractères au plus. »).
    const named = parts.length > 0 && issue.message.startsWith(parts.at(-1) ?? '');
    const context = (named ? parts.slice(0, -1) : parts).join(', ');
    const line = context === '' ? issue.message : named ? `${context}, ${issue.message}` : `${context} : ${issue.message}`;
    if (!lines.includes(sentence(line))) lines.push(sentence(line));
  }
  const shown = lines.slice(0, MAX_LISTED_ISSUES);
  if (lines.length > shown.length) shown.push(`… et ${lines.length - shown.length} autre(s) erreur(s).`);
  return { code: 'invalid_args', message: shown.join(' ') };
}

/** Validates a mutation as it arrives (push, outbox): a name of the catalogue and its args. */
export function parseMutation(name: string, rawArgs: unknown): ParsedMutation {
  if (!isMutationName(name)) {
    return {
      ok: false,
      refusal: { code: 'unknown_mutation', message: `Opération inconnue : « ${name} ». Mettez l’application à jour.` },
    };
  }
  const schema: z.ZodType = MUTATION_ARGS[name];
  const parsed = schema.safeParse(rawArgs, { error: frenchError });
  if (!parsed.success) return { ok: false, refusal: invalidArgs(parsed.error) };
  return { ok: true, name, args: parsed.data } as ParsedMutation;
}

/** The rows `name` needs for these args (see Mutator.needs for `at`). */
export function mutationNeeds<N extends MutationName>(name: N, args: MutationArgs<N>, actor: Actor, at?: NeedsTime): Needs {
  const mutator = MUTATORS[name] as Mutator<N>;
  return mutator.needs(args, actor, at);
}

/** Applies parsed args to the state: the rows to write, or the refusal. */
export function runMutator<N extends MutationName>(
  name: N,
  args: MutationArgs<N>,
  state: State,
  ctx: MutationContext,
): MutatorResult {
  const mutator = MUTATORS[name] as Mutator<N>;
  return mutator.apply(state, ctx, args);
}
