import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_ID, SYNCED_TABLE_NAMES, SYNCED_TABLES } from '~shared/domain/entities';
import { MUTATION_NAMES, type MutationInput, type MutationName } from '~shared/domain/mutations/args';
import type { RefusalCode } from '~shared/domain/mutations/types';
import { newId } from '~shared/ids';
import { notifications, syncClients, syncResults } from '../db/schema';
import { TEST_BACKENDS } from '../testing/databases';
import { Fixtures, fromNow, IN_FOUR_DAYS, uuidsIn } from '../testing/catalogue-fixtures';
import { startSyncOffice, type PersonKey, type SyncOffice } from '../testing/office';
import { anotherReplica } from '../testing/sync-client';

// The mutation catalogue (sync-protocol.md) pushed over HTTP by each role, against the server's
// own rows: every mutation applied at least once and refused at least once, the refusals with
// their code and the French message the user reads (permissions.md, domain.md). A refused
// mutation leaves every row it names as it was; an applied one leaves the rows users rely on.
// Last, everyone pulls the whole office: each row carries exactly its entity's fields.

type Then<N extends MutationName> =
  | { applied: (f: Fixtures, args: MutationInput<N>) => Promise<void> }
  | { code: RefusalCode; message: string | RegExp };

interface Case<N extends MutationName> {
  name: N;
  as: PersonKey;
  what: string;
  args: (f: Fixtures) => Promise<MutationInput<N>>;
  then: Then<N>;
}

type AnyCase = { [N in MutationName]: Case<N> }[MutationName];
const when = <N extends MutationName>(c: Case<N>): AnyCase => c as unknown as AnyCase;

const refused = (code: RefusalCode, message: string | RegExp) => ({ code, message });

const lead = (f: Fixtures, id: string) => f.row('leads', id);

const CASES: AnyCase[] = [
  // ---- lead.create ---------------------------------------------------------------------------
  when<'lead.create'>({
    name: 'lead.create',
    as: 'accueil',
    what: 'a lead typed by hand, hers at once, managers told',
    args: async () => ({ id: newId(), firstName: 'Élodie', lastName: 'Côté', phone: '(514) 555-0199', source: 'manual' }),
    then: { applied: async (f, args) => {
      expect(await lead(f, args.id)).toMatchObject({ status: 'new', assigneeId: f.id('accueil'), phoneE164: '+15145550199', createdById: f.id('accueil') });
      const told = (await f.rowsOfLead('notifications', args.id)).map((n) => n.userId).sort();
      expect(told).toEqual([f.id('admin'), f.id('director')].sort());
      expect((await f.rowsOfLead('history', args.id)).map((h) => h.kind).sort()).toEqual(['assigned', 'created']);
    } },
  }),
  when<'lead.create'>({
    name: 'lead.create',
    as: 'director',
    what: 'a lead typed by hand and given to a counselor, who is told',
    args: async (f) => ({ id: newId(), lastName: 'Donné', source: 'referral', assigneeId: f.id('marie') }),
    then: { applied: async (f, args) => {
      expect(await lead(f, args.id)).toMatchObject({ assigneeId: f.id('marie'), createdById: f.id('director') });
      const assigned = (await f.rowsOfLead('notifications', args.id)).filter((n) => n.kind === 'leads_assigned');
      expect(assigned.map((n) => n.userId)).toEqual([f.id('marie')]);
    } },
  }),
  when<'lead.create'>({
    name: 'lead.create',
    as: 'marie',
    what: 'a counselor typing a lead for another counselor',
    args: async (f) => ({ id: newId(), lastName: 'Pour Julie', source: 'manual', assigneeId: f.id('julie') }),
    then: refused('forbidden', /^Un lead créé par une conseillère lui est attribué\u00a0: elle ne peut pas le créer au nom de quelqu’un d’autre\./),
  }),
  when<'lead.create'>({
    name: 'lead.create',
    as: 'marie',
    what: 'source « import » by a counselor',
    args: async () => ({ id: newId(), lastName: 'Importée', source: 'import' }),
    then: refused('forbidden', "Seuls l'administrateur et le directeur peuvent importer un fichier Excel."),
  }),
  when<'lead.create'>({
    name: 'lead.create',
    as: 'julie',
    what: 'source « formulaire web » by a person',
    args: async () => ({ id: newId(), lastName: 'Web', source: 'web_form' }),
    then: refused('forbidden', /réservée au formulaire du site/),
  }),
  when<'lead.create'>({
    name: 'lead.create',
    as: 'director',
    what: 'an e-mail that cannot be an address',
    args: async () => ({ id: newId(), lastName: 'Courriel', email: 'pas une adresse', source: 'manual' }),
    then: refused('invalid_args', 'Courriel invalide : « pas une adresse ». Corrigez-le ou laissez-le vide.'),
  }),

  // ---- lead.createMany -----------------------------------------------------------------------
  when<'lead.createMany'>({
    name: 'lead.createMany',
    as: 'director',
    what: 'an import chunk of two leads',
    args: async () => ({
      importBatchId: newId(),
      fileName: 'salon-2026.xlsx',
      leads: [
        { id: newId(), lastName: 'Roy', source: 'import' },
        { id: newId(), lastName: 'Morin', source: 'import' },
      ],
    }),
    then: { applied: async (f, args) => {
      for (const input of args.leads) expect(await lead(f, input.id)).toMatchObject({ source: 'import', importBatchId: args.importBatchId });
      expect(await f.row('import_batches', args.importBatchId)).toMatchObject({ rowCount: 2, fileName: 'salon-2026.xlsx' });
    } },
  }),
  when<'lead.createMany'>({
    name: 'lead.createMany',
    as: 'accueil',
    what: 'an import by the secretary',
    args: async () => ({ importBatchId: newId(), fileName: 'liste.xlsx', leads: [{ id: newId(), lastName: 'Fortin', source: 'import' }] }),
    then: refused('forbidden', "Seuls l'administrateur et le directeur peuvent importer un fichier Excel."),
  }),

  // ---- importBatch.revert --------------------------------------------------------------------
  when<'importBatch.revert'>({
    name: 'importBatch.revert',
    as: 'director',
    what: 'an import distributed to Marie, one of its leads worked since',
    args: async (f) => {
      const { batchId, leadIds } = await f.importBatch('marie');
      await anotherReplica(f.office.people.marie.client).apply('lead.update', { id: leadIds[0]!, patch: { notes: 'Rappelée' } });
      return { importBatchId: batchId, reason: 'Fichier importé deux fois' };
    },
    then: { applied: async (f, args) => {
      expect(await f.row('import_batches', args.importBatchId)).toMatchObject({
        revertedById: f.id('director'),
        revertReason: 'Fichier importé deux fois',
        removedCount: 1,
        keptCount: 1,
      });
      const told = await f.office.server.db.db.select().from(notifications).where(eq(notifications.groupKey, `import-revert:${args.importBatchId}`));
      expect(told.map((n) => [n.userId, n.kind, n.count])).toEqual([[f.id('marie'), 'import_reverted', 1]]);
    } },
  }),
  when<'importBatch.revert'>({
    name: 'importBatch.revert',
    as: 'accueil',
    what: 'the secretary undoing an import',
    args: async (f) => ({ importBatchId: (await f.importBatch('accueil')).batchId, reason: 'Erreur' }),
    then: refused('forbidden', "Seuls l'administrateur et le directeur peuvent annuler un import."),
  }),
  when<'importBatch.revert'>({
    name: 'importBatch.revert',
    as: 'julie',
    what: 'a counselor undoing an import',
    args: async (f) => ({ importBatchId: (await f.importBatch('julie')).batchId, reason: 'Erreur' }),
    then: refused('forbidden', "Seuls l'administrateur et le directeur peuvent annuler un import."),
  }),
  when<'importBatch.revert'>({
    name: 'importBatch.revert',
    as: 'admin',
    what: 'an import undone already',
    args: async (f) => {
      const { batchId } = await f.importBatch('marie');
      await f.admin.apply('importBatch.revert', { importBatchId: batchId, reason: 'Première fois' });
      return { importBatchId: batchId, reason: 'Deuxième fois' };
    },
    then: refused('already_closed', /^L’import «\u00a0salon-\d+\.xlsx\u00a0» a déjà été annulé le .+ par .+\u00a0: rien n’a changé\.$/),
  }),

  // ---- lead.update ---------------------------------------------------------------------------
  when<'lead.update'>({
    name: 'lead.update',
    as: 'marie',
    what: 'her own lead’s city',
    args: async (f) => ({ id: await f.lead({ assignee: 'marie' }), patch: { city: 'Laval' } }),
    then: { applied: async (f, args) => {
      expect(await lead(f, args.id)).toMatchObject({ city: 'Laval', firstName: 'Camille' });
      const updated = (await f.rowsOfLead('history', args.id)).filter((h) => h.kind === 'updated');
      expect(updated.map((h) => h.after)).toEqual([{ city: 'Laval' }]);
    } },
  }),
  when<'lead.update'>({
    name: 'lead.update',
    as: 'director',
    what: 'anyone’s lead',
    args: async (f) => ({ id: await f.lead({ assignee: 'julie' }), patch: { email: 'Camille@Exemple.CA' } }),
    then: { applied: async (f, args) => expect(await lead(f, args.id)).toMatchObject({ email: 'camille@exemple.ca' }) },
  }),
  when<'lead.update'>({
    name: 'lead.update',
    as: 'marie',
    what: 'a lead not hers',
    args: async (f) => ({ id: await f.lead({ assignee: 'julie' }), patch: { city: 'Laval' } }),
    then: refused('forbidden', 'Une conseillère ne peut modifier que les leads qui lui sont attribués.'),
  }),
  when<'lead.update'>({
    name: 'lead.update',
    as: 'accueil',
    what: 'a lead not hers',
    args: async (f) => ({ id: await f.lead(), patch: { notes: 'Rappeler' } }),
    then: refused('forbidden', 'La secrétaire ne peut modifier que les leads qui lui sont attribués.'),
  }),
  when<'lead.update'>({
    name: 'lead.update',
    as: 'admin',
    what: 'a lead that does not exist',
    args: async () => ({ id: newId(), patch: { city: 'Gatineau' } }),
    then: refused('not_found', 'Ce lead n’existe pas ou a été archivé.'),
  }),

  // ---- lead.assign ---------------------------------------------------------------------------
  when<'lead.assign'>({
    name: 'lead.assign',
    as: 'accueil',
    what: 'her own lead to a counselor',
    args: async (f) => ({ assignments: [{ leadId: await f.lead({ assignee: 'accueil' }), assigneeId: f.id('marie') }] }),
    then: { applied: async (f, args) => {
      const leadId = args.assignments[0]!.leadId;
      expect(await lead(f, leadId)).toMatchObject({ assigneeId: f.id('marie') });
      // Marie is told; the secretary who handed it over is not told of her own act.
      const told = (await f.rowsOfLead('notifications', leadId)).filter((n) => n.kind === 'leads_assigned' && n.userId !== f.id('accueil'));
      expect(told.map((n) => [n.userId, n.count])).toEqual([[f.id('marie'), 1]]);
    } },
  }),
  when<'lead.assign'>({
    name: 'lead.assign',
    as: 'director',
    what: 'three leads to one counselor, told once',
    args: async (f) => {
      const leadIds = [await f.lead(), await f.lead(), await f.lead()];
      return { assignments: leadIds.map((leadId) => ({ leadId, assigneeId: f.id('julie') })) };
    },
    then: { applied: async (f, args) => {
      const leadIds = args.assignments.map((a) => a.leadId);
      for (const leadId of leadIds) expect(await lead(f, leadId)).toMatchObject({ assigneeId: f.id('julie') });
      const told = (await f.office.server.db.db.select().from(notifications).where(eq(notifications.userId, f.id('julie')))).filter(
        (n) => n.kind === 'leads_assigned' && leadIds.some((id) => JSON.stringify(n.payload).includes(id)),
      );
      expect(told.map((n) => [n.count, n.payload])).toEqual([[3, { leadIds }]]);
    } },
  }),
  when<'lead.assign'>({
    name: 'lead.assign',
    as: 'accueil',
    what: 'her own lead to the director',
    args: async (f) => ({ assignments: [{ leadId: await f.lead({ assignee: 'accueil' }), assigneeId: f.id('director') }] }),
    then: refused('forbidden', /^Lead Camille Gagnon-\d+\u00a0: La secrétaire ne peut attribuer ses leads qu'à une conseillère\.$/),
  }),
  when<'lead.assign'>({
    name: 'lead.assign',
    as: 'accueil',
    what: 'a lead not hers',
    args: async (f) => ({ assignments: [{ leadId: await f.lead({ assignee: 'julie' }), assigneeId: f.id('marie') }] }),
    then: refused('forbidden', /^Lead Camille Gagnon-\d+\u00a0: La secrétaire ne peut attribuer que les leads qui lui sont attribués/),
  }),
  when<'lead.assign'>({
    name: 'lead.assign',
    as: 'marie',
    what: 'a counselor distributing',
    args: async (f) => ({ assignments: [{ leadId: await f.lead(), assigneeId: f.id('marie') }] }),
    then: refused('forbidden', /^Lead Camille Gagnon-\d+\u00a0: Seuls l'administrateur et le directeur attribuent et distribuent les leads/),
  }),
  when<'lead.assign'>({
    name: 'lead.assign',
    as: 'director',
    what: 'a client to the secretary',
    args: async (f) => ({ assignments: [{ leadId: await f.clientLead('marie'), assigneeId: f.id('accueil') }] }),
    then: refused('secretary_rule', /^Lead Camille Gagnon-\d+\u00a0: Sophie Accueil ne peut pas recevoir ce client\. La secrétaire ne peut jamais être propriétaire d'un client/),
  }),

  // ---- lead.logContact -----------------------------------------------------------------------
  when<'lead.logContact'>({
    name: 'lead.logContact',
    as: 'marie',
    what: 'her own lead reached by phone',
    args: async (f) => ({ id: newId(), leadId: await f.lead({ assignee: 'marie' }), channel: 'phone', outcome: 'reached' }),
    then: { applied: async (f, args) => {
      expect(await lead(f, args.leadId)).toMatchObject({ status: 'contacted' });
      expect(await f.row('contact_attempts', args.id)).toMatchObject({ outcome: 'reached', userId: f.id('marie') });
    } },
  }),
  when<'lead.logContact'>({
    name: 'lead.logContact',
    as: 'accueil',
    what: 'her own lead, no answer, callback set',
    args: async (f) => ({
      id: newId(),
      leadId: await f.lead({ assignee: 'accueil' }),
      channel: 'phone',
      outcome: 'no_answer',
      callbackAt: fromNow(IN_FOUR_DAYS),
    }),
    then: { applied: async (f, args) => {
      expect(await lead(f, args.leadId)).toMatchObject({ status: 'to_recontact', callbackAt: args.callbackAt });
      const callbacks = (await f.rowsOfLead('tasks', args.leadId)).filter((t) => t.kind === 'callback');
      expect(callbacks.map((t) => t.ownerId)).toEqual([f.id('accueil')]);
    } },
  }),
  when<'lead.logContact'>({
    name: 'lead.logContact',
    as: 'julie',
    what: 'a lead not hers',
    args: async (f) => ({ id: newId(), leadId: await f.lead({ assignee: 'marie' }), channel: 'email', outcome: 'reached' }),
    then: refused('forbidden', /^Une conseillère ne peut noter une tentative de contact ou changer le statut que pour les leads qui lui sont attribués/),
  }),
  when<'lead.logContact'>({
    name: 'lead.logContact',
    as: 'marie',
    what: 'no answer without a callback date',
    args: async (f) => ({ id: newId(), leadId: await f.lead({ assignee: 'marie' }), channel: 'phone', outcome: 'no_answer' }),
    then: refused('callback_required', /exige une date de rappel/),
  }),

  // ---- lead.setStatus ------------------------------------------------------------------------
  when<'lead.setStatus'>({
    name: 'lead.setStatus',
    as: 'marie',
    what: 'her own lead not interested',
    args: async (f) => ({ leadId: await f.lead({ assignee: 'marie' }), status: 'not_interested' }),
    then: { applied: async (f, args) => expect(await lead(f, args.leadId)).toMatchObject({ status: 'not_interested' }) },
  }),
  when<'lead.setStatus'>({
    name: 'lead.setStatus',
    as: 'admin',
    what: 'a forced reopening, with its reason in history',
    args: async (f) => {
      const leadId = await f.lead({ assignee: 'marie' });
      await f.admin.apply('lead.setStatus', { leadId, status: 'not_interested' });
      return { leadId, status: 'contacted', force: true, reason: 'Le client a rappelé' };
    },
    then: { applied: async (f, args) => {
      expect(await lead(f, args.leadId)).toMatchObject({ status: 'contacted' });
      const forced = (await f.rowsOfLead('history', args.leadId)).filter((h) => h.kind === 'status_changed' && h.note === 'Le client a rappelé');
      expect(forced.map((h) => h.after)).toEqual([{ status: 'contacted', forced: true }]);
    } },
  }),
  when<'lead.setStatus'>({
    name: 'lead.setStatus',
    as: 'marie',
    what: 'a counselor forcing',
    args: async (f) => ({ leadId: await f.lead({ assignee: 'marie' }), status: 'qualified', force: true, reason: 'Pressée' }),
    then: refused('forbidden', /^Seuls l'administrateur et le directeur peuvent forcer un changement de statut/),
  }),
  when<'lead.setStatus'>({
    name: 'lead.setStatus',
    as: 'director',
    what: 'forcing without a reason',
    args: async (f) => ({ leadId: await f.lead(), status: 'contacted', force: true }),
    then: refused('reason_required', /exige un motif écrit/),
  }),
  when<'lead.setStatus'>({
    name: 'lead.setStatus',
    as: 'marie',
    what: 'a status reached only by a record',
    args: async (f) => ({ leadId: await f.lead({ assignee: 'marie' }), status: 'consultation_done' }),
    then: refused('invalid_transition', 'Le statut « Consultation effectuée » ne se choisit pas à la main : fermez le rendez-vous.'),
  }),

  // ---- appointment.book ----------------------------------------------------------------------
  when<'appointment.book'>({
    name: 'appointment.book',
    as: 'accueil',
    what: 'any lead (she keeps the calendar)',
    args: async (f) => ({
      id: newId(),
      leadId: await f.lead({ assignee: 'marie' }),
      hostId: f.id('marie'),
      startsAt: fromNow(IN_FOUR_DAYS),
      endsAt: fromNow(IN_FOUR_DAYS + 1),
      kind: 'video',
    }),
    then: { applied: async (f, args) => {
      expect(await f.row('appointments', args.id)).toMatchObject({ state: 'scheduled', hostId: f.id('marie'), bookedById: f.id('accueil') });
      expect(await lead(f, args.leadId)).toMatchObject({ status: 'appointment_booked' });
    } },
  }),
  when<'appointment.book'>({
    name: 'appointment.book',
    as: 'julie',
    what: 'a lead not hers',
    args: async (f) => ({
      id: newId(),
      leadId: await f.lead({ assignee: 'marie' }),
      hostId: f.id('julie'),
      startsAt: fromNow(IN_FOUR_DAYS),
      endsAt: fromNow(IN_FOUR_DAYS + 1),
      kind: 'phone',
    }),
    then: refused('forbidden', 'Une conseillère ne peut créer, déplacer ou annuler un rendez-vous que pour les leads qui lui sont attribués.'),
  }),
  when<'appointment.book'>({
    name: 'appointment.book',
    as: 'admin',
    what: 'an end before the start',
    args: async (f) => ({
      id: newId(),
      leadId: await f.lead({ assignee: 'marie' }),
      hostId: f.id('marie'),
      startsAt: fromNow(IN_FOUR_DAYS + 1),
      endsAt: fromNow(IN_FOUR_DAYS),
      kind: 'in_person',
    }),
    then: refused('invalid_time', 'La fin du rendez-vous doit être après son début.'),
  }),

  // ---- appointment.reschedule ----------------------------------------------------------------
  when<'appointment.reschedule'>({
    name: 'appointment.reschedule',
    as: 'accueil',
    what: 'a counselor’s appointment',
    args: async (f) => {
      const id = await f.appointment(await f.lead({ assignee: 'marie' }), 'marie');
      return { id, startsAt: fromNow(IN_FOUR_DAYS + 24), endsAt: fromNow(IN_FOUR_DAYS + 25) };
    },
    then: { applied: async (f, args) => expect(await f.row('appointments', args.id)).toMatchObject({ startsAt: args.startsAt, endsAt: args.endsAt }) },
  }),
  when<'appointment.reschedule'>({
    name: 'appointment.reschedule',
    as: 'julie',
    what: 'an appointment on a lead not hers',
    args: async (f) => {
      const id = await f.appointment(await f.lead({ assignee: 'marie' }), 'marie');
      return { id, startsAt: fromNow(IN_FOUR_DAYS + 24), endsAt: fromNow(IN_FOUR_DAYS + 25) };
    },
    then: refused('forbidden', /^Une conseillère ne peut créer, déplacer ou annuler un rendez-vous/),
  }),

  // ---- appointment.cancel --------------------------------------------------------------------
  when<'appointment.cancel'>({
    name: 'appointment.cancel',
    as: 'marie',
    what: 'an appointment on her own lead',
    args: async (f) => ({ id: await f.appointment(await f.lead({ assignee: 'marie' }), 'marie'), reason: 'Empêchement' }),
    then: { applied: async (f, args) => {
      const appointment = await f.row('appointments', args.id);
      expect(appointment).toMatchObject({ state: 'cancelled', cancelReason: 'Empêchement' });
      expect(await lead(f, appointment!.leadId)).toMatchObject({ status: 'to_recontact' });
    } },
  }),
  when<'appointment.cancel'>({
    name: 'appointment.cancel',
    as: 'julie',
    what: 'an appointment on a lead not hers',
    args: async (f) => ({ id: await f.appointment(await f.lead({ assignee: 'marie' }), 'marie') }),
    then: refused('forbidden', /^Une conseillère ne peut créer, déplacer ou annuler un rendez-vous/),
  }),

  // ---- appointment.close ---------------------------------------------------------------------
  when<'appointment.close'>({
    name: 'appointment.close',
    as: 'marie',
    what: 'the consultation she held',
    args: async (f) => ({ id: await f.appointment(await f.lead({ assignee: 'marie' }), 'marie', { startsInHours: -1 }), outcome: 'attended' }),
    then: { applied: async (f, args) => {
      const appointment = await f.row('appointments', args.id);
      expect(appointment).toMatchObject({ state: 'attended' });
      expect(await lead(f, appointment!.leadId)).toMatchObject({ status: 'consultation_done' });
    } },
  }),
  when<'appointment.close'>({
    name: 'appointment.close',
    as: 'director',
    what: 'a missed consultation: the assignee is told',
    args: async (f) => ({ id: await f.appointment(await f.lead({ assignee: 'julie' }), 'julie', { startsInHours: -2 }), outcome: 'missed' }),
    then: { applied: async (f, args) => {
      const appointment = await f.row('appointments', args.id);
      expect(await lead(f, appointment!.leadId)).toMatchObject({ status: 'consultation_missed' });
      const told = (await f.rowsOfLead('notifications', appointment!.leadId)).filter((n) => n.kind === 'consultation_missed');
      expect(told.map((n) => n.userId)).toContain(f.id('julie'));
    } },
  }),
  when<'appointment.close'>({
    name: 'appointment.close',
    as: 'accueil',
    what: 'an appointment she does not host',
    args: async (f) => ({ id: await f.appointment(await f.lead({ assignee: 'marie' }), 'marie', { startsInHours: -1 }), outcome: 'attended' }),
    then: refused('forbidden', /^La secrétaire ne peut marquer une consultation effectuée ou manquée que pour les rendez-vous qu'elle tient elle-même/),
  }),
  when<'appointment.close'>({
    name: 'appointment.close',
    as: 'marie',
    what: 'a consultation still to come',
    args: async (f) => ({ id: await f.appointment(await f.lead({ assignee: 'marie' }), 'marie'), outcome: 'attended' }),
    then: refused('invalid_time', /n’a pas encore eu lieu/),
  }),

  // ---- lead.evaluate -------------------------------------------------------------------------
  when<'lead.evaluate'>({
    name: 'lead.evaluate',
    as: 'marie',
    what: 'her own lead qualified, with a procedure',
    args: async (f) => ({
      id: newId(),
      leadId: await f.lead({ assignee: 'marie', status: 'consultation_done' }),
      result: 'qualified',
      procedureIds: [await f.activeProcedureId()],
      notes: 'Bon profil',
    }),
    then: { applied: async (f, args) => {
      expect(await lead(f, args.leadId)).toMatchObject({ status: 'qualified' });
      expect(await f.row('evaluations', args.id!)).toMatchObject({ result: 'qualified', procedureIds: args.procedureIds, evaluatedById: f.id('marie') });
    } },
  }),
  when<'lead.evaluate'>({
    name: 'lead.evaluate',
    as: 'marie',
    what: 'qualified without any procedure',
    args: async (f) => ({ leadId: await f.lead({ assignee: 'marie', status: 'consultation_done' }), result: 'qualified', procedureIds: [], notes: '' }),
    then: refused('procedure_required', 'Un lead qualifié doit avoir au moins une procédure recommandée.'),
  }),
  when<'lead.evaluate'>({
    name: 'lead.evaluate',
    as: 'julie',
    what: 'a lead not hers',
    args: async (f) => ({ leadId: await f.lead({ assignee: 'marie', status: 'consultation_done' }), result: 'not_qualified', procedureIds: [], notes: '' }),
    then: refused('forbidden', 'Une conseillère ne peut évaluer que les leads qui lui sont attribués.'),
  }),

  // ---- lead.convert --------------------------------------------------------------------------
  when<'lead.convert'>({
    name: 'lead.convert',
    as: 'marie',
    what: 'her own qualified lead, with the initial payment',
    args: async (f) => ({
      leadId: await f.lead({ assignee: 'marie', status: 'qualified' }),
      clientId: newId(),
      ownerId: f.id('marie'),
      payment: { amountCents: 125_000, method: 'card', paidAt: fromNow(0) },
    }),
    then: { applied: async (f, args) => {
      expect(await lead(f, args.leadId)).toMatchObject({ status: 'client', assigneeId: f.id('marie') });
      const client = await f.row('clients', args.clientId);
      expect(client).toMatchObject({ ownerId: f.id('marie'), leadId: args.leadId });
      expect(client!.fileNumber).toMatch(/^\d{4}-\d{4}$/);
      expect((await f.rowsOfLead('payments', args.leadId)).map((p) => p.amountCents)).toEqual([125_000]);
    } },
  }),
  when<'lead.convert'>({
    name: 'lead.convert',
    as: 'accueil',
    what: 'the secretary converting her own lead',
    args: async (f) => ({
      leadId: await f.lead({ assignee: 'accueil', status: 'qualified' }),
      clientId: newId(),
      ownerId: f.id('marie'),
      payment: { amountCents: 125_000, method: 'cash', paidAt: fromNow(0) },
    }),
    then: refused('secretary_rule', 'La secrétaire ne peut pas convertir un lead en client : une conseillère doit en être propriétaire.'),
  }),
  when<'lead.convert'>({
    name: 'lead.convert',
    as: 'julie',
    what: 'a lead not hers',
    args: async (f) => ({
      leadId: await f.lead({ assignee: 'marie', status: 'qualified' }),
      clientId: newId(),
      ownerId: f.id('julie'),
      payment: { amountCents: 125_000, method: 'card', paidAt: fromNow(0) },
    }),
    then: refused('forbidden', 'Une conseillère ne peut convertir en client que les leads qui lui sont attribués.'),
  }),
  when<'lead.convert'>({
    name: 'lead.convert',
    as: 'admin',
    what: 'the director as the client’s owner',
    args: async (f) => ({
      leadId: await f.lead({ assignee: 'marie', status: 'qualified' }),
      clientId: newId(),
      ownerId: f.id('director'),
      payment: { amountCents: 125_000, method: 'wire', paidAt: fromNow(0) },
    }),
    then: refused('owner_not_counselor', /Seule une conseillère peut être propriétaire d'un client/),
  }),
  when<'lead.convert'>({
    name: 'lead.convert',
    as: 'director',
    what: 'without a payment',
    args: async (f) => ({
      leadId: await f.lead({ assignee: 'marie', status: 'qualified' }),
      clientId: newId(),
      ownerId: f.id('marie'),
      payment: { amountCents: 0, method: 'card', paidAt: fromNow(0) },
    }),
    then: refused('invalid_args', /Le paiement initial doit être supérieur à zéro\.$/),
  }),

  // ---- task.create / task.complete -----------------------------------------------------------
  when<'task.create'>({
    name: 'task.create',
    as: 'marie',
    what: 'a to-do for herself',
    args: async (f) => ({ id: newId(), ownerId: f.id('marie'), dueAt: fromNow(IN_FOUR_DAYS), title: 'Relire le dossier' }),
    then: { applied: async (f, args) => expect(await f.row('tasks', args.id)).toMatchObject({ ownerId: f.id('marie'), kind: 'todo', completedAt: null }) },
  }),
  when<'task.create'>({
    name: 'task.create',
    as: 'accueil',
    what: 'a to-do for a counselor (she keeps the calendar)',
    args: async (f) => ({ id: newId(), leadId: await f.lead({ assignee: 'marie' }), ownerId: f.id('marie'), dueAt: fromNow(IN_FOUR_DAYS), title: 'Appeler' }),
    then: { applied: async (f, args) => expect(await f.row('tasks', args.id)).toMatchObject({ ownerId: f.id('marie'), leadId: args.leadId }) },
  }),
  when<'task.create'>({
    name: 'task.create',
    as: 'marie',
    what: 'a to-do for another counselor',
    args: async (f) => ({ id: newId(), ownerId: f.id('julie'), dueAt: fromNow(IN_FOUR_DAYS), title: 'À faire' }),
    then: refused('forbidden', 'Une conseillère ne crée des tâches que pour elle-même.'),
  }),
  when<'task.complete'>({
    name: 'task.complete',
    as: 'marie',
    what: 'her own task',
    args: async (f) => ({ id: await f.task('marie') }),
    then: { applied: async (f, args) => expect(await f.row('tasks', args.id)).toMatchObject({ completedById: f.id('marie') }) },
  }),
  when<'task.complete'>({
    name: 'task.complete',
    as: 'julie',
    what: 'another counselor’s task',
    args: async (f) => ({ id: await f.task('marie') }),
    then: refused('forbidden', 'Seuls la personne à qui la tâche revient, l’administrateur et le directeur peuvent la terminer.'),
  }),

  when<'task.reschedule'>({
    name: 'task.reschedule',
    as: 'marie',
    what: 'her own task, to a later day',
    args: async (f) => ({ id: await f.task('marie'), dueAt: fromNow(IN_FOUR_DAYS + 24) }),
    then: { applied: async (f, args) => expect(await f.row('tasks', args.id)).toMatchObject({ dueAt: args.dueAt, reminderSentAt: null, completedAt: null }) },
  }),
  when<'task.reschedule'>({
    name: 'task.reschedule',
    as: 'julie',
    what: 'another counselor’s task',
    args: async (f) => ({ id: await f.task('marie'), dueAt: fromNow(IN_FOUR_DAYS + 24) }),
    then: refused('forbidden', 'Seuls la personne à qui la tâche revient, l’administrateur et le directeur peuvent la déplacer.'),
  }),

  // ---- sms.send ------------------------------------------------------------------------------
  when<'sms.send'>({
    name: 'sms.send',
    as: 'marie',
    what: 'to her own lead',
    args: async (f) => ({ id: newId(), leadId: await f.lead({ assignee: 'marie' }), to: '514 555-0142', body: 'Bonjour, ici Marie du cabinet.' }),
    then: { applied: async (f, args) => {
      expect(await f.row('sms_messages', args.id)).toMatchObject({ to: '+15145550142', sentById: f.id('marie'), segments: 1 });
      expect((await f.rowsOfLead('history', args.leadId)).map((h) => h.kind)).toContain('sms_queued');
    } },
  }),
  when<'sms.send'>({
    name: 'sms.send',
    as: 'accueil',
    what: 'for an appointment she booked, on a lead not hers',
    args: async (f) => {
      const leadId = await f.lead({ assignee: 'marie' });
      const appointmentId = await f.appointment(leadId, 'marie', { bookedBy: anotherReplica(f.office.people.accueil.client) });
      return { id: newId(), leadId, appointmentId, to: '+1 438 555 0101', body: 'Votre rendez-vous est confirmé.' };
    },
    then: { applied: async (f, args) => expect(await f.row('sms_messages', args.id)).toMatchObject({ appointmentId: args.appointmentId }) },
  }),
  when<'sms.send'>({
    name: 'sms.send',
    as: 'julie',
    what: 'to a lead not hers',
    args: async (f) => ({ id: newId(), leadId: await f.lead({ assignee: 'marie' }), to: '514 555-0142', body: 'Bonjour' }),
    then: refused('forbidden', "Une conseillère ne peut envoyer un SMS qu'aux leads qui lui sont attribués."),
  }),
  when<'sms.send'>({
    name: 'sms.send',
    as: 'marie',
    what: 'to a number that cannot be read',
    args: async (f) => ({ id: newId(), leadId: await f.lead({ assignee: 'marie' }), to: '12', body: 'Bonjour' }),
    then: refused('invalid_args', /^Numéro de téléphone invalide/),
  }),

  // ---- notification.markRead -----------------------------------------------------------------
  when<'notification.markRead'>({
    name: 'notification.markRead',
    as: 'admin',
    what: 'his own notification',
    args: async (f) => ({ ids: [await f.notificationOf('admin')] }),
    then: { applied: async (f, args) => expect((await f.row('notifications', args.ids[0]!))?.readAt).not.toBeNull() },
  }),
  when<'notification.markRead'>({
    name: 'notification.markRead',
    as: 'marie',
    what: 'someone else’s notification',
    args: async (f) => ({ ids: [await f.notificationOf('director')] }),
    then: refused('forbidden', 'Chacun ne marque comme lues que ses propres notifications.'),
  }),

  // ---- office configuration ------------------------------------------------------------------
  when<'procedure.upsert'>({
    name: 'procedure.upsert',
    as: 'director',
    what: 'a new procedure',
    args: async () => ({ id: newId(), code: 'PVT', nameFr: 'Programme vacances-travail', nameEn: 'Working holiday', sortOrder: 40 }),
    then: { applied: async (f, args) => expect(await f.row('procedures', args.id)).toMatchObject({ code: 'PVT', active: true }) },
  }),
  when<'procedure.upsert'>({
    name: 'procedure.upsert',
    as: 'marie',
    what: 'a counselor editing the catalogue',
    args: async () => ({ id: newId(), code: 'X', nameFr: 'X', nameEn: 'X' }),
    then: refused('forbidden', "Seuls l'administrateur et le directeur peuvent modifier le catalogue des procédures."),
  }),
  when<'smsTemplate.upsert'>({
    name: 'smsTemplate.upsert',
    as: 'director',
    what: 'a new template',
    args: async () => ({ id: newId(), key: 'relance', name: 'Relance', bodyFr: 'Bonjour {prenom}, {bureau} vous rappelle.', bodyEn: 'Hello {prenom}, {bureau} will call.' }),
    then: { applied: async (f, args) => expect(await f.row('sms_templates', args.id)).toMatchObject({ key: 'relance' }) },
  }),
  when<'smsTemplate.upsert'>({
    name: 'smsTemplate.upsert',
    as: 'accueil',
    what: 'the secretary editing templates',
    args: async () => ({ id: newId(), key: 'k', name: 'K', bodyFr: 'Bonjour', bodyEn: 'Hello' }),
    then: refused('forbidden', "Seuls l'administrateur et le directeur peuvent modifier les modèles de SMS."),
  }),
  when<'smsTemplate.upsert'>({
    name: 'smsTemplate.upsert',
    as: 'admin',
    what: 'a misspelt placeholder',
    args: async () => ({ id: newId(), key: 'k2', name: 'K2', bodyFr: 'Bonjour {prénom}', bodyEn: 'Hello {prenom}' }),
    then: refused('invalid_args', /^Variable inconnue dans le texte français\u00a0: \{prénom\}/),
  }),
  when<'settings.update'>({
    name: 'settings.update',
    as: 'admin',
    what: 'the office’s name',
    args: async () => ({ officeName: 'Cabinet Test' }),
    then: { applied: async (f) => expect(await f.row('settings', SETTINGS_ID)).toMatchObject({ officeName: 'Cabinet Test' }) },
  }),
  when<'settings.update'>({
    name: 'settings.update',
    as: 'director',
    what: 'the director',
    args: async () => ({ officeName: 'Autre nom' }),
    then: refused('forbidden', "Seul l'administrateur peut modifier les paramètres du bureau."),
  }),
];

describe('the catalogue table', () => {
  it('applies and refuses every mutation of the catalogue at least once', () => {
    for (const name of MUTATION_NAMES) {
      const cases = CASES.filter((c) => c.name === name);
      expect(cases.some((c) => 'applied' in c.then), `${name} appliquée`).toBe(true);
      expect(cases.some((c) => 'code' in c.then), `${name} refusée`).toBe(true);
    }
  });
});

describe.each(TEST_BACKENDS)('the catalogue over HTTP ($name)', (backend) => {
  let office: SyncOffice;
  let f: Fixtures;

  beforeAll(async () => {
    office = await startSyncOffice(backend);
    f = new Fixtures(office);
  });
  afterAll(async () => {
    await office?.stop();
  });

  for (const c of CASES) {
    const outcome = 'code' in c.then ? `refused (${c.then.code})` : 'applied';
    it(`${c.name} by ${c.as}: ${c.what} → ${outcome}`, async () => {
      const args = await c.args(f);
      const client = office.people[c.as].client;
      const named = [...uuidsIn(args), SETTINGS_ID];
      const before = await f.rowsNamedBy(named);

      const result = await client.send(c.name, args as never);

      if ('code' in c.then) {
        expect(result).toMatchObject({ status: 'refused', code: c.then.code });
        if (typeof c.then.message === 'string') expect(result.message).toBe(c.then.message);
        else expect(result.message).toMatch(c.then.message);
        // Nothing the mutation names moved; the refusal itself is kept for the user.
        expect(await f.rowsNamedBy(named)).toEqual(before);
        const [recorded] = await office.server.db.db
          .select()
          .from(syncResults)
          .where(and(eq(syncResults.clientId, client.clientId), eq(syncResults.mutationId, result.id)));
        expect(recorded).toMatchObject({ status: 'refused', code: c.then.code, message: result.message, name: c.name });
      } else {
        expect(result, result.message).toEqual({ id: expect.any(Number), status: 'applied' });
        await c.then.applied(f, args as never);
      }
      const [clientRow] = await office.server.db.db.select().from(syncClients).where(eq(syncClients.clientId, client.clientId));
      expect(clientRow?.lastMutationId).toBe(result.id);
    });
  }

  it('pulls to everyone every synced table with exactly its entity’s fields, and only their own notifications', async () => {
    const seen = new Set<string>();
    for (const person of Object.values(office.people)) {
      const replica = anotherReplica(person.client);
      const pages = await replica.pullToEnd(500);
      for (const page of pages) {
        for (const { table, row } of page.rows) {
          seen.add(table);
          const schema = SYNCED_TABLES[table];
          expect(Object.keys(row).sort(), table).toEqual(Object.keys(schema.shape).sort());
          expect(() => schema.strict().parse(row), `${table} ${JSON.stringify(row)}`).not.toThrow();
          if (table === 'notifications') expect(row['userId']).toBe(person.id);
        }
      }
    }
    expect([...seen].sort()).toEqual([...SYNCED_TABLE_NAMES].sort());
  });
});
