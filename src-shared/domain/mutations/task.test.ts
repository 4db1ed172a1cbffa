import { describe, expect, it } from 'vitest';
import type { MutationInput } from './args';
import { NOW, USERS, lead, makeDb, perform, putsOf, refusalOf, rowsIn, task, testId } from './test-state';

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
