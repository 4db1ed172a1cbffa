import { describe, expect, it } from 'vitest';
import type { MutationInput, MutationName } from './args';
import { groupedNotificationId } from './effects';
import { importRevertGroupKey } from './import-revert';
import { importGroupKey } from './lead-create';
import { NOW, USERS, lead, testId } from '../../testing/builders';
import { applyPuts, makeDb, perform, putsOf, refusalOf, rowsIn, type TestDb } from '../../testing/memory-office';
import type { Actor } from './types';
import type { User } from '../entities';

// importBatch.revert (issue 16): what goes, what stays, who is told, and who may.

const BATCH = testId('batch', 'salon');
const LATER = '2026-03-11T15:00:00.000Z';
const leadId = (n: number) => testId('lead', n);

/** Runs `name` and writes its puts, as the server would; throws on a refusal. */
function run<N extends MutationName>(db: TestDb, name: N, input: MutationInput<N>, actor: User | Actor, seed: string): TestDb {
  return applyPuts(db, putsOf(perform(db, name, input, actor, { seed })));
}

/** Eight leads imported by the admin, distributed to two counselors, five of them worked since. */
function officeWithWorkedBatch(): TestDb {
  let db = makeDb();
  const leads = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
    id: leadId(n),
    firstName: `Prénom${n}`,
    lastName: `Nom${n}`,
    phone: `514555010${n}`,
    source: 'import' as const,
  }));
  db = run(db, 'lead.createMany', { importBatchId: BATCH, fileName: 'salon.xlsx', leads }, USERS.admin, 'import');
  db = run(
    db,
    'lead.assign',
    { assignments: leads.map((l, i) => ({ leadId: l.id, assigneeId: i % 2 === 0 ? USERS.counselor.id : USERS.counselor2.id })) },
    USERS.admin,
    'assign',
  );
  // 1: a contact attempt; 2: an appointment; 3: a status change; 4: an edit; 5: a callback task.
  db = run(db, 'lead.logContact', { id: testId('contact', 1), leadId: leadId(1), channel: 'phone', outcome: 'reached' }, USERS.counselor, 'w1');
  db = run(
    db,
    'appointment.book',
    { id: testId('appointment', 2), leadId: leadId(2), hostId: USERS.counselor2.id, startsAt: LATER, endsAt: '2026-03-11T16:00:00.000Z', kind: 'phone' },
    USERS.secretary,
    'w2',
  );
  db = run(db, 'lead.setStatus', { leadId: leadId(3), status: 'not_interested' }, USERS.counselor, 'w3');
  db = run(db, 'lead.update', { id: leadId(4), patch: { city: 'Laval' } }, USERS.counselor2, 'w4');
  db = run(db, 'task.create', { id: testId('task', 5), leadId: leadId(5), ownerId: USERS.counselor.id, dueAt: LATER, title: 'Rappeler' }, USERS.counselor, 'w5');
  return db;
}

const revert = { importBatchId: BATCH, reason: 'Mauvais fichier (doublon du salon de mars)' };

describe('importBatch.revert', () => {
  it('removes exactly the untouched leads (assigned or not), keeps the worked ones, and records the revert', () => {
    const db = officeWithWorkedBatch();
    const puts = putsOf(perform(db, 'importBatch.revert', revert, USERS.director, { seed: 'revert' }));

    const removed = rowsIn(puts, 'leads');
    expect(removed.map((l) => l.id).sort()).toEqual([6, 7, 8].map(leadId).sort());
    expect(removed.every((l) => l.deletedAt === NOW)).toBe(true);
    // History is kept and grows: one line per removed lead, with the reason.
    const history = rowsIn(puts, 'history');
    expect(history.map((h) => [h.leadId, h.kind, h.actorId])).toEqual(removed.map((l) => [l.id, 'removed_by_import_revert', USERS.director.id]));
    expect(history[0]!.note).toBe('Import «\u00a0salon.xlsx\u00a0» annulé\u00a0: Mauvais fichier (doublon du salon de mars)');
    expect(rowsIn(puts, 'import_batches')).toEqual([
      expect.objectContaining({
        id: BATCH,
        revertedAt: NOW,
        revertedById: USERS.director.id,
        revertReason: revert.reason,
        removedCount: 3,
        keptCount: 5,
        rowCount: 8,
        deletedAt: null,
      }),
    ]);
    // Nothing else of the office is touched: no appointment, task or contact row is written.
    expect(new Set(puts.map((p) => p.table))).toEqual(new Set(['import_batches', 'leads', 'history', 'notifications']));
  });

  it('an evaluation alone, an SMS alone, a status other than new alone, each make a lead worked', () => {
    let db = officeWithWorkedBatch();
    const at = { version: 1, deletedAt: null, at: NOW, actorId: USERS.counselor.id, before: null, after: null, note: null };
    db = applyPuts(db, [
      { table: 'history', row: { ...at, id: testId('history', 'e'), leadId: leadId(6), kind: 'evaluated' } },
      { table: 'history', row: { ...at, id: testId('history', 's'), leadId: leadId(7), kind: 'sms_queued' } },
      { table: 'leads', row: { ...db.leads.get(leadId(8))!, status: 'contacted' } },
    ]);
    const puts = putsOf(perform(db, 'importBatch.revert', revert, USERS.admin));
    expect(rowsIn(puts, 'leads')).toEqual([]);
    expect(rowsIn(puts, 'import_batches')[0]).toMatchObject({ removedCount: 0, keptCount: 8 });
  });

  it('never removes a lead typed by hand that names the batch', () => {
    // lead.create now refuses such a lead; one written before that rule must still be safe.
    const typed = lead({ id: leadId(20), lastName: 'Saisie', source: 'manual', importBatchId: BATCH, assigneeId: USERS.counselor.id });
    const db = applyPuts(officeWithWorkedBatch(), [{ table: 'leads', row: typed }]);
    const puts = putsOf(perform(db, 'importBatch.revert', revert, USERS.admin));
    expect(rowsIn(puts, 'leads').map((l) => l.id)).not.toContain(leadId(20));
    expect(rowsIn(puts, 'import_batches')[0]).toMatchObject({ removedCount: 3, keptCount: 5 });
  });

  it('tells each counselor who had received removed leads once, and marks the batch notification undone', () => {
    const db = officeWithWorkedBatch();
    const puts = putsOf(perform(db, 'importBatch.revert', revert, USERS.admin, { seed: 'revert' }));
    const notes = rowsIn(puts, 'notifications');
    const told = notes.filter((n) => n.kind === 'import_reverted');
    // Of the removed 6, 7 and 8, Marie had received 7, Julie 6 and 8.
    expect(told.map((n) => [n.userId, n.count, n.id]).sort()).toEqual(
      [
        [USERS.counselor.id, 1, groupedNotificationId(importRevertGroupKey(BATCH), USERS.counselor.id)],
        [USERS.counselor2.id, 2, groupedNotificationId(importRevertGroupKey(BATCH), USERS.counselor2.id)],
      ].sort(),
    );
    expect(told[0]!.payload).toMatchObject({ fileName: 'salon.xlsx', reason: revert.reason });
    // The managers' import notification (the director's: the admin imported) says it was undone.
    const batchNote = notes.find((n) => n.groupKey === importGroupKey(BATCH));
    expect(batchNote).toMatchObject({ userId: USERS.director.id, readAt: null, payload: { revertedAt: NOW, removedCount: 3, keptCount: 5 } });
    expect(notes).toHaveLength(3);
  });

  it('twice is once: the second answers when and by whom, and changes nothing', () => {
    const db = run(officeWithWorkedBatch(), 'importBatch.revert', revert, USERS.director, 'first');
    const again = refusalOf(perform(db, 'importBatch.revert', { ...revert, reason: 'Encore' }, USERS.admin, { now: LATER }));
    expect(again).toEqual({
      code: 'already_closed',
      message: 'L’import «\u00a0salon.xlsx\u00a0» a déjà été annulé le mardi 10 mars 2026 par Diane Directrice\u00a0: rien n’a changé.',
    });
    // And the import cannot be grown again under the undone batch.
    const chunk = { importBatchId: BATCH, fileName: 'salon.xlsx', leads: [{ id: leadId(9), lastName: 'Neuf', source: 'import' as const }] };
    expect(refusalOf(perform(db, 'lead.createMany', chunk, USERS.admin)).code).toBe('already_closed');
  });

  it('a change to a removed lead is refused in French, naming the lead and why', () => {
    const db = run(officeWithWorkedBatch(), 'importBatch.revert', revert, USERS.admin, 'first');
    const refusal = refusalOf(perform(db, 'lead.update', { id: leadId(6), patch: { city: 'Québec' } }, USERS.counselor2));
    expect(refusal).toEqual({
      code: 'not_found',
      message: 'Prénom6 Nom6 a été retiré du bureau par l’annulation de son import\u00a0: votre changement n’a pas été enregistré.',
    });
  });

  it('follows permissions.md: admins and directors only; a reason and a real batch are required', () => {
    const db = officeWithWorkedBatch();
    for (const actor of [USERS.counselor, USERS.secretary]) {
      expect(refusalOf(perform(db, 'importBatch.revert', revert, actor))).toEqual({
        code: 'forbidden',
        message: 'Seuls l\'administrateur et le directeur peuvent annuler un import.',
      });
    }
    for (const actor of [USERS.admin, USERS.director]) expect(perform(db, 'importBatch.revert', revert, actor).ok).toBe(true);
    expect(refusalOf(perform(db, 'importBatch.revert', { importBatchId: BATCH, reason: '  ' }, USERS.admin))).toMatchObject({
      code: 'invalid_args',
      fields: { reason: 'Indiquez pourquoi vous annulez cet import.' },
    });
    expect(refusalOf(perform(db, 'importBatch.revert', { ...revert, importBatchId: testId('batch', 'ghost') }, USERS.admin)).code).toBe('not_found');
  });
});
