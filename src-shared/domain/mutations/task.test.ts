import { describe, expect, it } from 'vitest';
import type { MutationInput } from './args';
import { NOW, USERS, lead, task, testId } from '../../testing/builders';
import { makeDb, perform, putsOf, refusalOf, rowsIn } from '../../testing/memory-office';

const TASK = testId('task', 'new');
const create = (extra: Partial<MutationInput<'task.create'>> = {}): MutationInput<'task.create'> => ({
  id: TASK,
  ownerId: USERS.counselor.id,
  dueAt: '2026-03-11T14:00:00Z',
  title: 'Envoyer la liste des documents',
  ...extra,
});

describe('task.create', () => {
  it('creates a to-do, with history when it is about a lead', () => {
    const db = makeDb({ leads: [lead()] });
    const puts = putsOf(perform(db, 'task.create', create({ leadId: testId('lead', 1) }), USERS.counselor));
    expect(rowsIn(puts, 'tasks')).toEqual([
      expect.objectContaining({ id: TASK, kind: 'todo', ownerId: USERS.counselor.id, leadId: testId('lead', 1), dueAt: '2026-03-11T14:00:00.000Z', completedAt: null, version: 0, createdAt: NOW }),
    ]);
    expect(rowsIn(puts, 'history')).toEqual([expect.objectContaining({ kind: 'task_created', leadId: testId('lead', 1) })]);
    expect(rowsIn(putsOf(perform(db, 'task.create', create(), USERS.counselor)), 'history')).toEqual([]);
  });

  it('lets a counselor plan for herself only; admin, director and secretary for anyone', () => {
    const db = makeDb();
    expect(refusalOf(perform(db, 'task.create', create({ ownerId: USERS.counselor2.id }), USERS.counselor)).code).toBe('forbidden');
    for (const who of [USERS.admin, USERS.director, USERS.secretary]) {
      expect(putsOf(perform(db, 'task.create', create({ ownerId: USERS.counselor2.id }), who))).toHaveLength(1);
    }
  });

  it('needs an active owner and an existing lead', () => {
    const db = makeDb();
    expect(refusalOf(perform(db, 'task.create', create({ ownerId: USERS.inactive.id }), USERS.admin)).code).toBe('inactive_user');
    expect(refusalOf(perform(db, 'task.create', create({ leadId: testId('lead', 'ghost') }), USERS.admin)).code).toBe('not_found');
  });
});

describe('task.complete', () => {
  const db = makeDb({ tasks: [task({ leadId: testId('lead', 1) })] });

  it('completes the task once; completing it again writes nothing', () => {
    const puts = putsOf(perform(db, 'task.complete', { id: testId('task', 1) }, USERS.counselor));
    expect(rowsIn(puts, 'tasks')[0]).toMatchObject({ completedAt: NOW, completedById: USERS.counselor.id, updatedAt: NOW });
    expect(rowsIn(puts, 'history')).toEqual([expect.objectContaining({ kind: 'task_completed', leadId: testId('lead', 1) })]);
    const done = makeDb({ tasks: [task({ completedAt: NOW, completedById: USERS.counselor.id })] });
    expect(putsOf(perform(done, 'task.complete', { id: testId('task', 1) }, USERS.counselor))).toEqual([]);
  });

  it('belongs to the owner, admins and directors', () => {
    expect(refusalOf(perform(db, 'task.complete', { id: testId('task', 1) }, USERS.secretary)).code).toBe('forbidden');
    expect(refusalOf(perform(db, 'task.complete', { id: testId('task', 1) }, USERS.counselor2)).code).toBe('forbidden');
    expect(putsOf(perform(db, 'task.complete', { id: testId('task', 1) }, USERS.director))).not.toHaveLength(0);
    expect(refusalOf(perform(db, 'task.complete', { id: testId('task', 'ghost') }, USERS.admin)).code).toBe('not_found');
  });
});

describe('task.reschedule', () => {
  const T = testId('task', 1);
  const L = testId('lead', 1);
  const MOVED = '2026-03-12T13:30:00.000Z';
  const callback = task({ id: T, leadId: L, kind: 'callback', title: 'Rappeler Marie Tremblay', dueAt: '2026-03-10T14:00:00.000Z', reminderSentAt: '2026-03-10T14:00:00.000Z' });
  const db = makeDb({ leads: [lead({ id: L, status: 'to_recontact', assigneeId: USERS.counselor.id, callbackAt: callback.dueAt })], tasks: [callback] });

  it('moves the task, sends its reminder again for the new time, and moves the lead’s callback date with it', () => {
    const puts = putsOf(perform(db, 'task.reschedule', { id: T, dueAt: '2026-03-12T09:30:00-04:00' }, USERS.counselor));
    expect(rowsIn(puts, 'tasks')).toEqual([expect.objectContaining({ id: T, dueAt: MOVED, reminderSentAt: null, completedAt: null, updatedAt: NOW })]);
    expect(rowsIn(puts, 'leads')).toEqual([expect.objectContaining({ id: L, callbackAt: MOVED, status: 'to_recontact' })]);
    expect(rowsIn(puts, 'history')).toEqual([
      expect.objectContaining({ leadId: L, kind: 'task_rescheduled', actorId: USERS.counselor.id, before: { dueAt: callback.dueAt }, after: { taskId: T, title: callback.title, dueAt: MOVED } }),
    ]);
  });

  it('leaves the lead alone for a to-do, or once the lead left to_recontact', () => {
    const todo = makeDb({ leads: [lead({ id: L, status: 'to_recontact', callbackAt: callback.dueAt })], tasks: [task({ id: T, leadId: L })] });
    expect(rowsIn(putsOf(perform(todo, 'task.reschedule', { id: T, dueAt: MOVED }, USERS.counselor)), 'leads')).toEqual([]);
    const contacted = makeDb({ leads: [lead({ id: L, status: 'contacted' })], tasks: [callback] });
    expect(rowsIn(putsOf(perform(contacted, 'task.reschedule', { id: T, dueAt: MOVED }, USERS.counselor)), 'leads')).toEqual([]);
    // A task about no lead has no history to write.
    const alone = makeDb({ tasks: [task({ id: T })] });
    expect(putsOf(perform(alone, 'task.reschedule', { id: T, dueAt: MOVED }, USERS.counselor)).map((p) => p.table)).toEqual(['tasks']);
  });

  it('belongs to the owner, admins and directors', () => {
    for (const who of [USERS.secretary, USERS.counselor2]) {
      expect(refusalOf(perform(db, 'task.reschedule', { id: T, dueAt: MOVED }, who))).toEqual({
        code: 'forbidden',
        message: 'Seuls la personne à qui la tâche revient, l’administrateur et le directeur peuvent la déplacer.',
      });
    }
    for (const who of [USERS.admin, USERS.director]) expect(putsOf(perform(db, 'task.reschedule', { id: T, dueAt: MOVED }, who))).not.toHaveLength(0);
  });

  it('refuses a finished task, a time already past and a task that does not exist; the same time writes nothing', () => {
    const done = makeDb({ tasks: [{ ...callback, completedAt: NOW, completedById: USERS.counselor.id }] });
    expect(refusalOf(perform(done, 'task.reschedule', { id: T, dueAt: MOVED }, USERS.counselor)).code).toBe('already_closed');
    expect(refusalOf(perform(db, 'task.reschedule', { id: T, dueAt: NOW }, USERS.counselor))).toEqual({ code: 'invalid_time', message: 'La nouvelle échéance doit être dans le futur.' });
    expect(refusalOf(perform(db, 'task.reschedule', { id: testId('task', 'ghost'), dueAt: MOVED }, USERS.admin)).code).toBe('not_found');
    const later = makeDb({ tasks: [{ ...callback, dueAt: MOVED }] });
    expect(putsOf(perform(later, 'task.reschedule', { id: T, dueAt: MOVED }, USERS.counselor))).toEqual([]);
  });
});
