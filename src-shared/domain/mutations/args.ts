import { z } from 'zod';
import {
  APPOINTMENT_KINDS,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  CURRENCIES,
  EVALUATION_RESULTS,
  LANGUAGES,
  LEAD_SOURCES,
  PAYMENT_METHODS,
  instant as instantText,
  uuid,
} from '../entities';
import { LEAD_STATUSES } from '../statuses';

// The arguments of every mutation of the catalogue (sync-protocol.md, "The mutation catalogue").
// Names and listed arguments are the contract; optional extras are ours. Messages are French
// because a refusal for invalid arguments reaches the user as it is.

// Instants are compared as text in SQLite and sorted as text on the wire: store one spelling,
// `toISOString()` (UTC, milliseconds, 'Z'), whatever offset or precision the caller sent.
const instant = instantText.transform((v) => new Date(v).toISOString());

const text = (max: number, label: string) =>
  z.string().trim().max(max, { message: `${label} : ${max} caractères au plus.` });
const optionalText = (max: number, label: string) =>
  text(max, label)
    .nullish()
    .transform((v) => (v == null || v === '' ? null : v));

export const leadFieldsSchema = z.object({
  firstName: text(100, 'Prénom').default(''),
  lastName: text(100, 'Nom').min(1, { message: 'Le nom est obligatoire.' }),
  email: optionalText(254, 'Courriel'),
  phone: optionalText(40, 'Téléphone'),
  language: z.enum(LANGUAGES).nullish().transform((v) => v ?? null),
  city: optionalText(100, 'Ville'),
  country: optionalText(100, 'Pays'),
  programOfInterest: optionalText(200, 'Programme'),
  notes: optionalText(10_000, 'Notes'),
});

/** One new lead, as lead.create and each row of lead.createMany carry it. */
export const newLeadArgs = leadFieldsSchema.extend({
  id: uuid,
  source: z.enum(LEAD_SOURCES),
  importBatchId: uuid.nullish().transform((v) => v ?? null),
  utmSource: optionalText(200, 'Source de campagne'),
  utmMedium: optionalText(200, 'Support de campagne'),
  utmCampaign: optionalText(200, 'Campagne'),
  consent: z.boolean().default(false),
  /**
   * The exact wording the person agreed to (issue 14, point 5): the web form's (an office setting),
   * the New lead dialog's checkbox, or the import's. Recorded in the `created` history line.
   */
  consentWording: optionalText(2000, 'Texte du consentement'),
});

/**
 * `assigneeId` is ours (docs/decisions.md): a lead typed by a counselor or the secretary is hers
 * at once; an admin or director may give it to someone. An import stays unassigned (no such field).
 */
export const leadCreateArgs = newLeadArgs.extend({
  assigneeId: uuid.nullish().transform((v) => v ?? null),
});

export const MAX_BATCH = 5000;

export const leadCreateManyArgs = z.object({
  importBatchId: uuid,
  fileName: text(255, 'Nom du fichier').min(1, { message: 'Le nom du fichier est obligatoire.' }),
  leads: z
    .array(newLeadArgs)
    .min(1, { message: 'Aucun lead à importer.' })
    .max(MAX_BATCH, { message: `${MAX_BATCH} leads au plus par envoi.` }),
  /**
   * Ours: rows of the file the importer could not read (the Imports view's « erreurs »), the whole
   * file's count, sent with every chunk; the latest chunk's value stands.
   */
  rejectedCount: z.number().int().nonnegative().max(1_000_000).optional(),
});

// A patch names only what changes: firstName's default ('') must not fill a field the user did
// not touch, or every edit would erase the first name.
// `note` is ours: a line for the lead's history saying why it changed (an import's merge names the
// rows of the file it came from), written even when no field was empty to fill.
export const leadUpdateArgs = z
  .object({
    id: uuid,
    patch: leadFieldsSchema.extend({ firstName: text(100, 'Prénom') }).partial(),
    note: optionalText(2000, 'Note'),
  })
  .refine((a) => Object.keys(a.patch).length > 0 || a.note !== null, { message: 'Aucun champ à modifier.', path: ['patch'] });

export const leadAssignArgs = z.object({
  assignments: z
    .array(z.object({ leadId: uuid, assigneeId: uuid }))
    .min(1, { message: 'Aucun lead à attribuer.' })
    .max(MAX_BATCH, { message: `${MAX_BATCH} attributions au plus par envoi.` }),
});

export const leadLogContactArgs = z.object({
  id: uuid,
  leadId: uuid,
  channel: z.enum(CONTACT_CHANNELS),
  outcome: z.enum(CONTACT_OUTCOMES),
  note: optionalText(5000, 'Note'),
  callbackAt: instant.nullish().transform((v) => v ?? null),
});

export const leadSetStatusArgs = z.object({
  leadId: uuid,
  status: z.enum(LEAD_STATUSES),
  reason: optionalText(2000, 'Motif'),
  callbackAt: instant.nullish().transform((v) => v ?? null),
  force: z.boolean().default(false),
});

export const appointmentBookArgs = z.object({
  id: uuid,
  leadId: uuid,
  hostId: uuid,
  startsAt: instant,
  endsAt: instant,
  kind: z.enum(APPOINTMENT_KINDS),
  location: optionalText(300, 'Lieu'),
  note: optionalText(5000, 'Note'),
});

export const appointmentRescheduleArgs = z.object({ id: uuid, startsAt: instant, endsAt: instant });

export const appointmentCancelArgs = z.object({ id: uuid, reason: optionalText(2000, 'Motif') });

export const appointmentCloseArgs = z.object({ id: uuid, outcome: z.enum(['attended', 'missed']) });

export const leadEvaluateArgs = z.object({
  leadId: uuid,
  result: z.enum(EVALUATION_RESULTS),
  procedureIds: z.array(uuid).max(50).default([]),
  notes: text(20_000, 'Notes').default(''),
  /** Id of the evaluation row; made by the caller like every entity id. */
  id: uuid.optional(),
});

export const leadConvertArgs = z.object({
  leadId: uuid,
  clientId: uuid,
  ownerId: uuid,
  payment: z.object({
    amountCents: z
      .number()
      .int({ message: 'Le montant doit être en cents.' })
      .positive({ message: 'Le paiement initial doit être supérieur à zéro.' })
      .max(100_000_000, { message: 'Montant trop élevé.' }),
    currency: z.enum(CURRENCIES).default('CAD'),
    method: z.enum(PAYMENT_METHODS),
    paidAt: instant,
  }),
  paymentId: uuid.optional(),
});

export const taskCreateArgs = z.object({
  id: uuid,
  leadId: uuid.nullish().transform((v) => v ?? null),
  ownerId: uuid,
  dueAt: instant,
  title: text(300, 'Titre').min(1, { message: 'Le titre est obligatoire.' }),
});

export const taskCompleteArgs = z.object({ id: uuid });

/** Beyond the catalogue (docs/decisions.md): a task moved to a new due time. */
export const taskRescheduleArgs = z.object({ id: uuid, dueAt: instant });

export const smsSendArgs = z.object({
  id: uuid,
  leadId: uuid,
  appointmentId: uuid.nullish().transform((v) => v ?? null),
  templateId: uuid.nullish().transform((v) => v ?? null),
  to: text(40, 'Numéro').min(1, { message: 'Le numéro est obligatoire.' }),
  body: z
    .string()
    .min(1, { message: 'Le message est vide.' })
    .max(1600, { message: 'Message trop long (1 600 caractères au plus).' }),
});

export const notificationMarkReadArgs = z.object({
  ids: z.array(uuid).min(1).max(MAX_BATCH),
});

export const procedureUpsertArgs = z.object({
  id: uuid,
  code: text(40, 'Code').min(1, { message: 'Le code est obligatoire.' }),
  nameFr: text(200, 'Nom (français)').min(1, { message: 'Le nom français est obligatoire.' }),
  nameEn: text(200, 'Nom (anglais)').min(1, { message: 'Le nom anglais est obligatoire.' }),
  active: z.boolean().default(true),
  sortOrder: z.number().int().default(0),
});

export const smsTemplateUpsertArgs = z.object({
  id: uuid,
  key: text(60, 'Clé').min(1, { message: 'La clé est obligatoire.' }),
  name: text(200, 'Nom').min(1, { message: 'Le nom est obligatoire.' }),
  bodyFr: z.string().min(1, { message: 'Le texte français est obligatoire.' }).max(1600),
  bodyEn: z.string().min(1, { message: 'Le texte anglais est obligatoire.' }).max(1600),
  active: z.boolean().default(true),
});

export const settingsUpdateArgs = z.object({
  officeName: text(200, 'Nom du bureau').min(1).optional(),
  address: text(500, 'Adresse').optional(),
  phone: optionalText(40, 'Téléphone').optional(),
  timeZone: z.string().min(1).max(64).optional(),
  reminderMinuteOfDay: z.number().int().min(0).max(1439).optional(),
  defaultLanguage: z.enum(['fr', 'en']).optional(),
});

/** Undo an import (sync-protocol.md, catalogue): the reason is required, it is what the batch shows. */
export const importBatchRevertArgs = z.object({
  importBatchId: uuid,
  reason: text(2000, 'Motif').min(1, { message: 'Indiquez pourquoi vous annulez cet import.' }),
});

export const MUTATION_ARGS = {
  'lead.create': leadCreateArgs,
  'lead.createMany': leadCreateManyArgs,
  'importBatch.revert': importBatchRevertArgs,
  'lead.update': leadUpdateArgs,
  'lead.assign': leadAssignArgs,
  'lead.logContact': leadLogContactArgs,
  'lead.setStatus': leadSetStatusArgs,
  'appointment.book': appointmentBookArgs,
  'appointment.reschedule': appointmentRescheduleArgs,
  'appointment.cancel': appointmentCancelArgs,
  'appointment.close': appointmentCloseArgs,
  'lead.evaluate': leadEvaluateArgs,
  'lead.convert': leadConvertArgs,
  'task.create': taskCreateArgs,
  'task.complete': taskCompleteArgs,
  'task.reschedule': taskRescheduleArgs,
  'sms.send': smsSendArgs,
  'notification.markRead': notificationMarkReadArgs,
  'procedure.upsert': procedureUpsertArgs,
  'smsTemplate.upsert': smsTemplateUpsertArgs,
  'settings.update': settingsUpdateArgs,
} as const;

export type MutationName = keyof typeof MUTATION_ARGS;
export const MUTATION_NAMES = Object.keys(MUTATION_ARGS) as MutationName[];
/** Arguments as the caller sends them (before defaults). */
export type MutationInput<N extends MutationName> = z.input<(typeof MUTATION_ARGS)[N]>;
/** Arguments once parsed: what a mutator receives. */
export type MutationArgs<N extends MutationName> = z.output<(typeof MUTATION_ARGS)[N]>;
