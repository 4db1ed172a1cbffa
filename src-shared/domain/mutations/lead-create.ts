import { buildDuplicateIndex, duplicateKeys, findDuplicateInIndex } from '../duplicates';
import { isValidEmail, normalizeEmail } from '../email';
import type { ImportBatch, Lead, Put } from '../entities';
import { normalizePhone } from '../phone';
import { refuseUnless } from '../permissions';
import type { z } from 'zod';
import { leadCreateArgs, leadCreateManyArgs } from './args';
import type { newLeadArgs } from './args';
import {
  ID_TAKEN,
  MANAGERS,
  actorUserId,
  created,
  fail,
  findActiveUser,
  groupedNotificationPut,
  historyPut,
  leadName,
  notifyPuts,
  recipients,
  touched,
} from './effects';
import type { Found } from './effects';
import type { Actor, MutationContext, Mutator, Refusal, State } from './types';
import { applied, refuse } from './types';

// lead.create and lead.createMany (sync-protocol.md, catalogue; domain.md, "How leads are created").

type LeadInput = z.output<typeof newLeadArgs>;

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
    return {
      code: 'invalid_args',
      message: `Courriel invalide : « ${input.email ?? ''} ». Corrigez-le ou laissez-le vide.`,
      // Under the form's e-mail input, beside what was typed.
      fields: { email: 'Adresse courriel invalide\u00a0: corrigez-la ou laissez le champ vide.' },
    };
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
  extra: Pick<Lead, 'source' | 'importBatchId' | 'duplicateOfId'> & Partial<Pick<Lead, 'assigneeId'>>,
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
    smsOptOutAt: null,
  };
}

/** The duplicate is flagged, never dropped: the user sees it and chooses (domain.md, "Duplicates"). */
function createdHistory(ctx: MutationContext, lead: Lead, duplicate: Lead | null, consentWording: string | null): Put {
  const after: Record<string, unknown> = { status: 'new', source: lead.source };
  // The consent's record (Loi 25, s. 14): given or not, by which way (the lead's source, with its
  // import batch), when, and in which words; the words come with the arguments, never made up here.
  if (lead.consent) after['consent'] = { source: lead.source, at: ctx.now, wording: consentWording, importBatchId: lead.importBatchId };
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
      message: 'La source « formulaire web » est réservée au formulaire du site : choisissez « manuel » ou « référence ».',
    };
  }
  return null;
}

/**
 * A lead joins an import batch only as part of that import: an undo of the batch removes its
 * untouched leads, so a lead typed by hand slipped into someone's batch would be removed with it.
 */
function batchRefusal(state: State, source: Lead['source'], importBatchId: string | null): Refusal | null {
  if (importBatchId === null) return null;
  if (source !== 'import') {
    return { code: 'invalid_args', message: 'Seul un lead importé peut appartenir à un import\u00a0: retirez le lot ou choisissez la source «\u00a0import\u00a0».' };
  }
  const batch = state.importBatches.get(importBatchId);
  if (!batch) return { code: 'not_found', message: 'Cet import n’existe pas (ou pas encore sur ce poste)\u00a0: synchronisez, puis réessayez.' };
  if (batch.revertedAt !== null) {
    return { code: 'already_closed', message: `L’import «\u00a0${batch.fileName}\u00a0» a été annulé\u00a0: on ne peut plus y ajouter de lead.` };
  }
  return null;
}

/**
 * Whom a lead typed by hand belongs to from the start (issue 8). A counselor or the secretary
 * works what she typed: it is hers, and naming someone else is refused (she hands a lead on by
 * lead.assign, under its rules). An admin or director gives it to whoever lead.assign would
 * accept, or to nobody. The server on its own (web form) names nobody.
 */
function creationAssignee(state: State, actor: Actor, assigneeId: string | null): Found<string | null> {
  if (actor.role === 'counselor' || actor.role === 'secretary') {
    if (assigneeId !== null && assigneeId !== actor.id) {
      // What she can do instead differs: the secretary hands her leads to a counselor herself.
      const message =
        actor.role === 'counselor'
          ? 'Un lead créé par une conseillère lui est attribué : elle ne peut pas le créer au nom de quelqu’un d’autre. Créez-le, puis demandez à l’administrateur ou au directeur de le réattribuer.'
          : 'Un lead créé par la secrétaire lui est attribué : elle ne peut pas le créer au nom de quelqu’un d’autre. Créez-le, puis confiez-le à une conseillère.';
      return { ok: false, refusal: { code: 'forbidden', message } };
    }
    return { ok: true, row: actor.id };
  }
  if (assigneeId === null) return { ok: true, row: null };
  const found = findActiveUser(state, assigneeId);
  if (!found.ok) return found;
  const assignee = found.row;
  const forbidden = refuseUnless(actor, 'lead.assign', { lead: { assigneeId: null }, assignee: { id: assignee.id, role: assignee.role } });
  if (forbidden) return { ok: false, refusal: forbidden };
  return { ok: true, row: assignee.id };
}

export const leadCreate: Mutator<'lead.create'> = {
  name: 'lead.create',
  args: leadCreateArgs,
  needs: (args) => ({
    leads: [args.id],
    leadsByContact: contactNeeds([args]),
    newIds: [args.id],
    ...(args.importBatchId === null ? {} : { importBatches: [args.importBatchId] }),
  }),
  apply(state, ctx, args) {
    const refusal =
      sourceRefusal(ctx.actor, args.source) ?? batchRefusal(state, args.source, args.importBatchId) ?? conflictIfExists(state, args.id);
    if (refusal) return fail(refusal);
    const contact = readContact(args);
    if (isRefusal(contact)) return fail(contact);
    const assignee = creationAssignee(state, ctx.actor, args.assigneeId);
    if (!assignee.ok) return fail(assignee.refusal);

    const duplicate = findDuplicateInIndex({ id: args.id, ...contact }, buildDuplicateIndex(state.contactMatches));
    const lead = buildLead(args, contact, ctx, {
      source: args.source,
      importBatchId: args.importBatchId,
      duplicateOfId: duplicate?.id ?? null,
      assigneeId: assignee.row,
    });
    // domain.md, "Notifications": admins and directors are told of every new lead at once.
    const told = recipients(state, ctx, { roles: MANAGERS });
    const puts: Put[] = [{ table: 'leads', row: lead }, createdHistory(ctx, lead, duplicate, args.consentWording)];
    // As lead.assign writes it: its own history line, and the assignee told unless she chose herself.
    if (lead.assigneeId !== null) {
      puts.push(historyPut(ctx, lead.id, { kind: 'assigned', before: { assigneeId: null }, after: { assigneeId: lead.assigneeId } }));
    }
    puts.push(
      ...notifyPuts(ctx, told, {
        kind: 'lead_created',
        leadId: lead.id,
        payload: { name: leadName(lead), source: lead.source },
      }),
    );
    if (lead.assigneeId !== null && lead.assigneeId !== ctx.actor.id) {
      puts.push(
        ...notifyPuts(ctx, [lead.assigneeId], {
          kind: 'leads_assigned',
          leadId: lead.id,
          count: 1,
          payload: { leadIds: [lead.id] },
        }),
      );
    }
    return applied(puts);
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
      if (seenIds.has(input.id)) return refuse('invalid_args', `${row} : identifiant répété dans le même envoi.`);
      seenIds.add(input.id);
      // A lead that already exists means this chunk was already applied: never write it twice.
      const conflict = conflictIfExists(state, input.id);
      if (conflict) return refuse('conflict', `${row} : ${conflict.message}`);
      const contact = readContact(input);
      if (isRefusal(contact)) return refuse(contact.code, `${row} : ${contact.message}`);

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
      // The file's own consent column is what the person agreed to; the file says where it came from.
      const wording = input.consentWording ?? `Consentement indiqué dans le fichier importé «\u00a0${args.fileName}\u00a0».`;
      puts.push({ table: 'leads', row: lead }, createdHistory(ctx, lead, duplicate, wording));
    }

    const previous = state.importBatches.get(args.importBatchId);
    if (!previous && state.takenIds.has(args.importBatchId)) return fail(ID_TAKEN);
    // An undone import stays undone: its next chunk would bring back what was removed.
    if (previous && previous.revertedAt !== null) {
      return refuse('already_closed', `L’import «\u00a0${previous.fileName}\u00a0» a été annulé\u00a0: relancez l’import du fichier pour en créer un nouveau.`);
    }
    const rejectedCount = args.rejectedCount ?? previous?.rejectedCount ?? 0;
    const batch: ImportBatch = previous
      ? touched(previous, { fileName: args.fileName, rowCount: previous.rowCount + args.leads.length, rejectedCount }, ctx)
      : {
          id: args.importBatchId,
          ...created(ctx),
          fileName: args.fileName,
          createdById: ctx.actor.id,
          rowCount: args.leads.length,
          rejectedCount,
          revertedAt: null,
          revertedById: null,
          revertReason: null,
          removedCount: null,
          keptCount: null,
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
