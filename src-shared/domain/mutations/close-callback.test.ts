import { describe, expect, it } from 'vitest';
import type { Lead, Put, Task } from '../entities';
import type { LeadStatus } from '../statuses';
import type { MutationInput, MutationName } from './args';
import { EARLIER, NOW, USERS, appointment, lead, procedure, task, testId } from '../../testing/builders';
import { applyPuts, makeDb, perform, putsOf, rowsIn, type TestDb } from '../../testing/memory-office';

// Issue 8: a lead's open callback task completes, with its history line, when the lead is reached
// (a contact logged), booked, closed (a final status, by hand, evaluation or conversion) or given a
// new callback; nothing else of the lead's tasks, and nothing of another lead's, is touched.

const L = testId('lead', 1);
const OTHER = testId('lead', 2);
const CALLBACK = testId('task', 'callback');
const TOMORROW = '2026-03-11T14:00:00.000Z';
const LATER = '2026-03-13T14:00:00.000Z';

/** Lead L of the counselor in `status`, its open callback, and tasks that must stay as they are. */
function office(status: LeadStatus, extra: { leads?: Lead[]; tasks?: Task[] } = {}): TestDb {
  return makeDb({
    leads: [
      lead({ id: L, status, assigneeId: USERS.counselor.id, callbackAt: status === 'to_recontact' ? TOMORROW : null }),
      lead({ id: OTHER, status: 'to_recontact', assigneeId: USERS.counselor.id, callbackAt: TOMORROW }),
      ...(extra.leads ?? []),
    ],
    tasks: [
      task({ id: CALLBACK, leadId: L, kind: 'callback', title: 'Rappeler Marie Tremblay', dueAt: TOMORROW }),
      // Already done: stays as it was done.
      task({ id: testId('task', 'done'), leadId: L, kind: 'callback', dueAt: EARLIER, completedAt: EARLIER, completedById: USERS.counselor.id }),
      // A to-do about the lead is not a callback: the call does not settle it.
      task({ id: testId('task', 'todo'), leadId: L, kind: 'todo', title: 'Envoyer la liste des documents' }),
      // Another lead's callback.
      task({ id: testId('task', 'other'), leadId: OTHER, kind: 'callback', dueAt: TOMORROW }),
      ...(extra.tasks ?? []),
    ],
    procedures: [procedure()],
  });
}

function run<N extends MutationName>(db: TestDb, name: N, input: MutationInput<N>, who = USERS.counselor): { puts: Put[]; after: TestDb } {
  const puts = putsOf(perform(db, name, input, who));
  return { puts, after: applyPuts(db, puts) };
}

/** What "Mes rappels dus" and the reminder scheduler see: open callback tasks, by lead. */
function openCallbacks(db: TestDb, leadId: string): Task[] {
  return [...db.tasks.values()].filter((t) => t.leadId === leadId && t.kind === 'callback' && t.completedAt === null && t.deletedAt === null);
}

/** The callback was completed by `who` now, with a 'task_completed' line; nothing else of the tasks moved. */
function expectClosed(puts: Put[], who = USERS.counselor) {
  // Tasks created now are new callbacks, which the callers check.
  const written = rowsIn(puts, 'tasks').filter((t) => t.createdAt !== NOW);
  expect(written).toEqual([expect.objectContaining({ id: CALLBACK, completedAt: NOW, completedById: who.id, updatedAt: NOW })]);
  expect(rowsIn(puts, 'history').filter((h) => h.kind === 'task_completed')).toEqual([
    expect.objectContaining({ leadId: L, actorId: who.id, after: { taskId: CALLBACK, title: 'Rappeler Marie Tremblay' } }),
  ]);
}

const contact = (outcome: MutationInput<'lead.logContact'>['outcome'], callbackAt: string | null = null): MutationInput<'lead.logContact'> => ({
  id: testId('attempt', 1),
  leadId: L,
  channel: 'phone',
  outcome,
  callbackAt,
});

describe('the open callback of a lead completes', () => {
  it('when the person is reached: nothing is left due for that lead', () => {
    const db = office('to_recontact');
    const { puts, after } = run(db, 'lead.logContact', contact('reached'));
    expectClosed(puts);
    expect(openCallbacks(after, L)).toEqual([]);
    expect(openCallbacks(after, OTHER)).toHaveLength(1);
    expect(after.tasks.get(testId('task', 'todo'))?.completedAt).toBeNull();
    expect(after.leads.get(L)).toMatchObject({ status: 'contacted', callbackAt: null });
  });

  it('when a new callback is asked for: the new one replaces the old', () => {
    for (const outcome of ['no_answer', 'callback_requested'] as const) {
      const { puts, after } = run(office('to_recontact'), 'lead.logContact', contact(outcome, LATER));
      expectClosed(puts);
      expect(openCallbacks(after, L)).toEqual([expect.objectContaining({ kind: 'callback', dueAt: LATER, ownerId: USERS.counselor.id })]);
    }
    // The same through lead.setStatus to_recontact with a new date.
    const { puts, after } = run(office('to_recontact'), 'lead.setStatus', { leadId: L, status: 'to_recontact', callbackAt: LATER });
    expectClosed(puts);
    expect(openCallbacks(after, L).map((t) => t.dueAt)).toEqual([LATER]);
  });

  it('when the person says she is not interested, by a contact or by the status', () => {
    expectClosed(run(office('to_recontact'), 'lead.logContact', contact('not_interested')).puts);
    const { puts, after } = run(office('to_recontact'), 'lead.setStatus', { leadId: L, status: 'not_interested' });
    expectClosed(puts);
    expect(openCallbacks(after, L)).toEqual([]);
  });

  it('when an admin forces a final status, or the lead leaves to_recontact by hand', () => {
    expectClosed(run(office('to_recontact'), 'lead.setStatus', { leadId: L, status: 'not_qualified', force: true, reason: 'Hors critères.' }, USERS.admin).puts, USERS.admin);
    expectClosed(run(office('appointment_booked'), 'lead.setStatus', { leadId: L, status: 'not_interested', force: true, reason: 'A tout annulé.' }, USERS.admin).puts, USERS.admin);
    expectClosed(run(office('to_recontact'), 'lead.setStatus', { leadId: L, status: 'contacted' }).puts);
  });

  it('when an appointment is booked', () => {
    const { puts, after } = run(office('to_recontact'), 'appointment.book', {
      id: testId('appointment', 'new'),
      leadId: L,
      hostId: USERS.counselor.id,
      startsAt: LATER,
      endsAt: '2026-03-13T15:00:00.000Z',
      kind: 'phone',
    });
    expectClosed(puts);
    expect(openCallbacks(after, L)).toEqual([]);
  });

  it('when the evaluation says not qualified, and when the lead becomes a client', () => {
    const evaluated = run(office('consultation_done'), 'lead.evaluate', { leadId: L, result: 'not_qualified', notes: 'Hors critères.' });
    expectClosed(evaluated.puts);
    const converted = run(office('qualified'), 'lead.convert', {
      leadId: L,
      clientId: testId('client', 'new'),
      ownerId: USERS.counselor.id,
      payment: { amountCents: 150_000, method: 'card', paidAt: NOW },
    });
    expectClosed(converted.puts);
    expect(openCallbacks(converted.after, L)).toEqual([]);
  });

  it('when a cancelled appointment puts the lead back to be called: one callback, the new one', () => {
    const db = office('appointment_booked', { tasks: [] });
    const withAppointment = applyPuts(db, [{ table: 'appointments', row: appointment({ id: testId('appointment', 1), leadId: L }) }]);
    const { puts, after } = run(withAppointment, 'appointment.cancel', { id: testId('appointment', 1), reason: 'Empêchement.' });
    expectClosed(puts);
    expect(openCallbacks(after, L)).toEqual([expect.objectContaining({ dueAt: NOW })]);
  });
});

describe('the open callback stays', () => {
  it('when the evaluation qualifies the lead (not final), and for statuses that keep the callback', () => {
    const qualified = run(office('consultation_done'), 'lead.evaluate', { leadId: L, result: 'qualified', procedureIds: [procedure().id] });
    expect(rowsIn(qualified.puts, 'tasks')).toEqual([]);
    expect(openCallbacks(qualified.after, L)).toHaveLength(1);
  });

  it('for a lead with no open callback: nothing extra is written', () => {
    const db = makeDb({ leads: [lead({ id: L, status: 'new', assigneeId: USERS.counselor.id })] });
    const { puts } = run(db, 'lead.logContact', contact('reached'));
    expect(rowsIn(puts, 'tasks')).toEqual([]);
    expect(rowsIn(puts, 'history').map((h) => h.kind)).toEqual(['contact_logged', 'status_changed']);
  });
});
