import { buildDuplicateIndex, duplicateKeys, findDuplicateInIndex } from '../duplicates';
import { isValidEmail, normalizeEmail } from '../email';
import type { ImportBatch, Lead, Put } from '../entities';
import { normalizePhone } from '../phone';
import { refuseUnless } from '../permissions';
import { leadCreateArgs, leadCreateManyArgs } from './args';
import type { MutationArgs } from './args';
import {
  ID_TAKEN,
  MANAGERS,
  actorUserId,
  created,
  fail,
  groupedNotificationPut,
  historyPut,
  leadName,
  notifyPuts,
  recipients,
  touched,
} from './effects';
import type { Actor, MutationContext, Mutator, Refusal, State } from './types';
import { applied, refuse } from './types';

// lead.create and lead.createMany (sync-protocol.md, catalogue; domain.md, "How leads are created").

type LeadInput = MutationArgs<'lead.create'>;

interface Contact {
  email: string | null;
  phoneE164: string | null;
  phoneRaw: string | null;
}

/**
 * The stored forms of what was typed. An e-mail that cannot be an address is refused (the user
 * fixes it); a phone number that cannot be read is kept as typed with no E.164 form, because
 * the number may still be useful to a person (domain.md, "SMS": stored beside what was typed).
 */
export function readContact(input: { email?: string | null; phone?: string | null }): Contact | Refusal {
  const email = normalizeEmail(input.email);
  if (email !== null && !isValidEmail(email)) {
    return { code: 'invalid_args', message: `Courriel invalide : « ${input.email ?? ''} ». Corrigez-le ou laissez-le vide.` };
  }
  const phone = normalizePhone(input.phone);
  return { email, phoneE164: phone.e164, phoneRaw: phone.raw };
}

function isRefusal(x: Contact | Refusal): x is Refusal {
  return 'code' in x;
}

function contactNeeds(inputs: readonly LeadInput[]) {
  const phones = new Set<string>();
  const emails = new Set<string>();
  for (const input of inputs) {
    const phone = normalizePhone(input.phone).e164;
    if (phone) phones.add(phone);
    const email = normalizeEmail(input.email);
    if (email) emails.add(email);
  }
  return { phones: [...phones], emails: [...emails] };
}

function buildLead(
  input: LeadInput,
  contact: Contact,
  ctx: MutationContext,
  extra: Pick<Lead, 'source' | 'importBatchId' | 'duplicateOfId'>,
): Lead {
  return {
    id: input.id,
    ...created(ctx),
    firstName: input.firstName,
    lastName: input.lastName,
    ...contact,
    language: input.language,
    city: input.city,
    country: input.country,
    programOfInterest: input.programOfInterest,
    notes: input.notes,
    status: 'new',
    statusChangedAt: ctx.now,
    assigneeId: null,
    ...extra,
    utmSource: input.utmSource,
    utmMedium: input.utmMedium,
    utmCampaign: input.utmCampaign,
    consent: input.consent,
    callbackAt: null,
    createdById: actorUserId(ctx),
  };
}

/** The duplicate is flagged, never dropped: the user sees it and chooses (domain.md, "Duplicates"). */
function createdHistory(ctx: MutationContext, lead: Lead, duplicate: Lead | null): Put {
  const after: Record<string, unknown> = { status: 'new', source: lead.source };
  if (duplicate) after['duplicateOfId'] = duplicate.id;
  return historyPut(ctx, lead.id, {
    kind: 'created',
    after,
    note: duplicate ? `Doublon possible de ${leadName(duplicate)} (même téléphone ou courriel).` : null,
  });
}

/** `leads` too: a lead made earlier in the same web-form transaction is in `leads` only. */
function conflictIfExists(state: State, id: string): Refusal | null {
  return state.leads.has(id) || state.takenIds.has(id) ? ID_TAKEN : null;
}

/**
 * Who may create a lead from which source: 'import' is the Excel import (permissions.md: admin
 * and director), 'web_form' only the office server's public form (the system actor); a person
 * typing a lead chooses 'manual' or 'referral'.
 */
function sourceRefusal(actor: Actor, source: Lead['source']): Refusal | null {
  const base = refuseUnless(actor, 'lead.create');
  if (base) return base;
  if (source === 'import') return refuseUnless(actor, 'lead.import');
  if (source === 'web_form' && actor.role !== 'system') {
    return {
      code: 'forbidden',
      message: 'La source « formulaire web » est réservée au formulaire du site : choisissez « manuel » ou « référence ».',
    };
  }
  return null;
}

export const leadCreate: Mutator<'lead.create'> = {
  name: 'lead.create',
  args: leadCreateArgs,
  needs: (args) => ({ leads: [args.id], leadsByContact: contactNeeds([args]), newIds: [args.id] }),
  apply(state, ctx, args) {
    const refusal = sourceRefusal(ctx.actor, args.source) ?? conflictIfExists(state, args.id);
    if (refusal) return fail(refusal);
    const contact = readContact(args);
    if (isRefusal(contact)) return fail(contact);

    const duplicate = findDuplicateInIndex({ id: args.id, ...contact }, buildDuplicateIndex(state.contactMatches));
    const lead = buildLead(args, contact, ctx, {
      source: args.source,
      importBatchId: args.importBatchId,
      duplicateOfId: duplicate?.id ?? null,
    });
    // domain.md, "Notifications": admins and directors are told of every new lead at once.
    const told = recipients(state, ctx, { roles: MANAGERS });
    return applied([
      { table: 'leads', row: lead },
      createdHistory(ctx, lead, duplicate),
      ...notifyPuts(ctx, told, {
        kind: 'lead_created',
        leadId: lead.id,
        payload: { name: leadName(lead), source: lead.source },
      }),
    ]);
  },
};

export function importGroupKey(batchId: string): string {
  return `import:${batchId}`;
}

/**
 * One chunk of an Excel import. The batch row counts the rows of every chunk; each lead is made
 * as lead.create would make it, with source 'import'; duplicates are looked for among open leads
 * and the earlier rows of the chunk (earlier chunks are already leads). A chunk is all or
 * nothing: a bad row refuses it, naming the row, so the import can be corrected and resent.
 */
export const leadCreateMany: Mutator<'lead.createMany'> = {
  name: 'lead.createMany',
  args: leadCreateManyArgs,
  needs: (args) => ({
    leads: args.leads.map((lead) => lead.id),
    leadsByContact: contactNeeds(args.leads),
    notificationsByGroup: [importGroupKey(args.importBatchId)],
    importBatches: [args.importBatchId],
    // The batch id too: a batch is grown by its next chunk, but never made under another row's id.
    newIds: [...args.leads.map((lead) => lead.id), args.importBatchId],
  }),
  apply(state, ctx, args) {
    const forbidden = refuseUnless(ctx.actor, 'lead.import');
    if (forbidden) return fail(forbidden);

    const existing = buildDuplicateIndex(state.contactMatches);
    const inChunk = new Map<string, Lead>();
    const seenIds = new Set<string>();
    const puts: Put[] = [];
    for (const [index, input] of args.leads.entries()) {
      const row = `Ligne ${index + 1} (${leadName(input)})`;
      if (seenIds.has(input.id)) return refuse('invalid_args', `${row} : identifiant répété dans le même envoi.`);
      seenIds.add(input.id);
      // A lead that already exists means this chunk was already applied: never write it twice.
      const conflict = conflictIfExists(state, input.id);
      if (conflict) return refuse('conflict', `${row} : ${conflict.message}`);
      const contact = readContact(input);
      if (isRefusal(contact)) return refuse(contact.code, `${row} : ${contact.message}`);

      const keys = duplicateKeys(contact);
      const duplicate =
        findDuplicateInIndex({ id: input.id, ...contact }, existing) ??
        keys.map((key) => inChunk.get(key)).find((lead) => lead !== undefined) ??
        null;
      const lead = buildLead(input, contact, ctx, {
        source: 'import',
        importBatchId: args.importBatchId,
        duplicateOfId: duplicate?.id ?? null,
      });
      for (const key of keys) if (!inChunk.has(key)) inChunk.set(key, lead);
      puts.push({ table: 'leads', row: lead }, createdHistory(ctx, lead, duplicate));
    }

    const previous = state.importBatches.get(args.importBatchId);
    if (!previous && state.takenIds.has(args.importBatchId)) return fail(ID_TAKEN);
    const batch: ImportBatch = previous
      ? touched(previous, { fileName: args.fileName, rowCount: previous.rowCount + args.leads.length }, ctx)
      : {
          id: args.importBatchId,
          ...created(ctx),
          fileName: args.fileName,
          createdById: ctx.actor.id,
          rowCount: args.leads.length,
        };
    puts.unshift({ table: 'import_batches', row: batch });

    // domain.md, "Notifications": an import gives one summary per batch, not one per row; each
    // chunk grows it and makes it unread again.
    const groupKey = importGroupKey(args.importBatchId);
    for (const userId of recipients(state, ctx, { roles: MANAGERS })) {
      puts.push(
        groupedNotificationPut(state, ctx, userId, groupKey, {
          kind: 'leads_imported',
          count: args.leads.length,
          payload: { importBatchId: args.importBatchId, fileName: args.fileName },
          grow: true,
        }),
      );
    }
    return applied(puts);
  },
};
