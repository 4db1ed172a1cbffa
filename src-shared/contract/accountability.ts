import { z } from 'zod';

// Accountability under Loi 25 (issue 14, point 6): the wire shapes of the access log (who opened
// which lead or client sheet, who exported what) and of the register of privacy incidents, shared
// by the office server's routes (server-api.md, "Access log and incidents"), the desktop's HTTP
// client that parses the answers, and the IPC contract of the admin panels.

// ---- access log -------------------------------------------------------------------------------

export const ACCESS_KINDS = ['lead.open', 'client.open', 'export'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

/** At most this many events per POST /api/access-log; a workstation sends its queue in batches. */
export const ACCESS_BATCH_MAX = 200;
/** The route's body limit: 200 events of a few hundred bytes fit with room; more is a 413. */
export const ACCESS_BATCH_MAX_BYTES = 128 * 1024;
export const ACCESS_DETAIL_MAX_LENGTH = 300;
/**
 * A workstation's clock may run a little ahead of the server's; an event dated further ahead than
 * this is stamped with the server's time of receipt instead (docs/decisions.md).
 */
export const ACCESS_FUTURE_TOLERANCE_MS = 5 * 60_000;

const instant = z.iso.datetime({ offset: true, error: 'Date invalide (ISO 8601 attendu).' });

/** One event as the workstation queued it. The user is never in it: the server takes the token's. */
export const accessEventSchema = z.strictObject({
  /** Made by the workstation: the same event sent twice is stored once. */
  id: z.uuid({ error: 'Identifiant d’événement invalide.' }),
  kind: z.enum(ACCESS_KINDS, { error: `Genre d’accès inconnu\u00a0: ${ACCESS_KINDS.join(', ')}.` }),
  /** The lead (lead.open), the client (client.open) or the person exported, when there is one. */
  subjectId: z.uuid({ error: 'Identifiant de fiche invalide.' }).nullable().default(null),
  /** What was exported (« Leads — 124 lignes »): never a person's data beyond a file name. */
  detail: z.string().max(ACCESS_DETAIL_MAX_LENGTH, { error: `Détail trop long\u00a0: au plus ${ACCESS_DETAIL_MAX_LENGTH} caractères.` }).nullable().default(null),
  at: instant,
});
export type AccessEvent = z.infer<typeof accessEventSchema>;

/** POST /api/access-log. */
export const accessBatchBody = z.strictObject({
  events: z
    .array(accessEventSchema)
    .min(1, { error: 'Le lot ne contient aucun événement.' })
    .max(ACCESS_BATCH_MAX, { error: `Au plus ${ACCESS_BATCH_MAX} événements par envoi.` }),
});
export type AccessBatchBody = z.infer<typeof accessBatchBody>;

/** Its answer: how many events were new; the others were already stored (a retry). */
export const accessBatchAnswer = z.object({ received: z.number().int(), stored: z.number().int() });
export type AccessBatchAnswer = z.infer<typeof accessBatchAnswer>;

export const ACCESS_PAGE_MAX = 200;

/** GET /api/admin/access-log's query, and the admin panel's IPC input. */
export const accessLogQuery = z.object({
  userId: z.uuid({ error: 'Utilisateur invalide.' }).optional(),
  leadId: z.uuid({ error: 'Lead invalide.' }).optional(),
  kind: z.enum(ACCESS_KINDS, { error: 'Genre d’accès inconnu.' }).optional(),
  from: instant.optional(),
  to: instant.optional(),
  /** The `next` of the previous page. */
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(ACCESS_PAGE_MAX).default(50),
});
export type AccessLogQuery = z.infer<typeof accessLogQuery>;

export const accessLogEntrySchema = z.object({
  id: z.uuid(),
  kind: z.enum(ACCESS_KINDS),
  /** Null for what the server did on its own (a backup by the command line). */
  userId: z.uuid().nullable(),
  userName: z.string().nullable(),
  subjectId: z.uuid().nullable(),
  /** The lead the sheet belongs to (a client's lead), to open it from the log. */
  leadId: z.uuid().nullable(),
  leadName: z.string().nullable(),
  detail: z.string().nullable(),
  /** When it happened, by the workstation's clock (bounded by the server's; see above). */
  at: z.string(),
  receivedAt: z.string(),
  source: z.enum(['desktop', 'server']),
});
export type AccessLogEntry = z.infer<typeof accessLogEntrySchema>;

export const accessLogPage = z.object({ entries: z.array(accessLogEntrySchema), next: z.string().nullable() });
export type AccessLogPage = z.infer<typeof accessLogPage>;

// ---- privacy incidents ------------------------------------------------------------------------

export const INCIDENT_TEXT_MAX = 4000;
export const INCIDENT_LEADS_MAX = 500;

const day = (required: string) =>
  z.iso.date({ error: (issue) => (issue.input === undefined || issue.input === null || issue.input === '' ? required : 'Date invalide (AAAA-MM-JJ).') });
const optionalDay = z.iso.date({ error: 'Date invalide (AAAA-MM-JJ).' }).nullable().default(null);
const longText = () => z.string({ error: 'Texte attendu.' }).trim().max(INCIDENT_TEXT_MAX, { error: `Au plus ${INCIDENT_TEXT_MAX} caractères.` });
const requiredText = (required: string) =>
  z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .max(INCIDENT_TEXT_MAX, { error: `Au plus ${INCIDENT_TEXT_MAX} caractères.` });

/**
 * An incident as an admin writes it (Loi 25, s. 3.8: the register holds its date, its nature, the
 * people concerned, the measures taken and the notifications made).
 */
export const incidentFields = z
  .strictObject({
    occurredAt: day('La date de l’incident est obligatoire.'),
    discoveredAt: day('La date de découverte est obligatoire.'),
    nature: requiredText('Décrivez la nature de l’incident.'),
    peopleConcerned: requiredText('Indiquez les personnes concernées (ou leur nombre).'),
    /** The leads concerned, when they are known one by one. */
    leadIds: z.array(z.uuid({ error: 'Lead invalide.' })).max(INCIDENT_LEADS_MAX, { error: `Au plus ${INCIDENT_LEADS_MAX} leads.` }).default([]),
    measures: longText().default(''),
    /** A risk of serious injury makes notifying the CAI and the people concerned mandatory. */
    seriousRisk: z.boolean({ error: 'Indiquez s’il y a un risque de préjudice sérieux.' }).default(false),
    caiNotifiedAt: optionalDay,
    peopleNotifiedAt: optionalDay,
  })
  .superRefine((body, ctx) => {
    // The order of the dates is the same rule on both sides; "not in the future" needs the
    // office's today (incidentDateProblems below).
    if (body.discoveredAt < body.occurredAt) {
      ctx.addIssue({ code: 'custom', path: ['discoveredAt'], message: 'La découverte ne peut précéder l’incident.' });
    }
    for (const key of ['caiNotifiedAt', 'peopleNotifiedAt'] as const) {
      const value = body[key];
      if (value !== null && value < body.discoveredAt) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'Un avis ne peut précéder la découverte de l’incident.' });
      }
    }
  });
export type IncidentFields = z.infer<typeof incidentFields>;
export type IncidentInput = z.input<typeof incidentFields>;

/** Dates later than the office's today, by field, in French (the server and the form both ask). */
export function incidentDateProblems(body: IncidentFields, today: string): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const key of ['occurredAt', 'discoveredAt', 'caiNotifiedAt', 'peopleNotifiedAt'] as const) {
    const value = body[key];
    if (value !== null && value > today) problems[key] = 'Cette date est dans le futur.';
  }
  return problems;
}

/** PUT /api/admin/incidents/:id: the whole incident again, and the version it was read at. */
export const incidentUpdateBody = z.strictObject({
  fields: incidentFields,
  version: z.number({ error: 'Version attendue.' }).int().min(1),
});
export type IncidentUpdateBody = z.infer<typeof incidentUpdateBody>;

export const incidentVersionSchema = z.object({
  version: z.number().int(),
  occurredAt: z.string(),
  discoveredAt: z.string(),
  nature: z.string(),
  peopleConcerned: z.string(),
  leadIds: z.array(z.string()),
  measures: z.string(),
  seriousRisk: z.boolean(),
  caiNotifiedAt: z.string().nullable(),
  peopleNotifiedAt: z.string().nullable(),
  editedAt: z.string(),
  editedById: z.string().nullable(),
  editedByName: z.string().nullable(),
});
export type IncidentVersion = z.infer<typeof incidentVersionSchema>;

/** An incident as the register shows it: its latest version, with who opened it. */
export const incidentSchema = incidentVersionSchema.extend({
  id: z.uuid(),
  createdAt: z.string(),
  createdById: z.string().nullable(),
  createdByName: z.string().nullable(),
});
export type Incident = z.infer<typeof incidentSchema>;

/** What an admin edits of an incident's latest version (the form's starting values). */
export function incidentFieldsOf(version: IncidentVersion): IncidentFields {
  const { occurredAt, discoveredAt, nature, peopleConcerned, leadIds, measures, seriousRisk, caiNotifiedAt, peopleNotifiedAt } = version;
  return { occurredAt, discoveredAt, nature, peopleConcerned, leadIds, measures, seriousRisk, caiNotifiedAt, peopleNotifiedAt };
}

export const incidentListAnswer = z.object({ incidents: z.array(incidentSchema) });
export const incidentHistoryAnswer = z.object({ versions: z.array(incidentVersionSchema) });

// ---- the admin panels' channels (src-shared/contract/ipc.ts) ----------------------------------

/** Administration → Confidentialité: both go to the office server at once (admins only). */
export const ACCOUNTABILITY_CONTRACT = {
  'accessLog:list': { input: accessLogQuery },
  'incidents:list': { input: z.object({}).default({}) },
  'incidents:history': { input: z.object({ id: z.uuid() }) },
  /** A new incident (no id), or the next version of one read at `version`. */
  'incidents:save': { input: z.object({ id: z.uuid().optional(), version: z.number().int().min(1).optional(), fields: incidentFields }) },
} as const;

export interface AccountabilityOutput {
  'accessLog:list': AccessLogPage;
  'incidents:list': Incident[];
  'incidents:history': IncidentVersion[];
  'incidents:save': Incident;
}
