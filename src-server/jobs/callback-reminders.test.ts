import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { updateUser } from '../auth/users';
import { currentVersion, openServerDatabase, type ServerDb } from '../db/connection';
import { tasks } from '../db/schema';
import { createLogger } from '../log';
import { openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../testing/databases';
import { callbackGroupKey, dueCallbackIds, remindInOneTransaction } from './callback-reminders';
import { startScheduler, type Scheduler } from './scheduler';
import { act, book, createLead, notificationsLike, setUpOffice, testClock, type TestPeople } from '../testing/office';

// Callbacks due (domain.md: a to_recontact callback "raises a reminder when due"; told: the
// assignee, at the callback time): once per callback, to the task's owner.

const silent = createLogger({ level: 'silent' });

describe.each(TEST_BACKENDS)('rappels à faire ($name)', (backend) => {
  let t: OpenTestDatabase;
  let people: TestPeople;
  const clock = testClock('2026-06-01T13:00:00.000Z');
  const schedulers: Scheduler[] = [];
  const extraDbs: ServerDb[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(backend);
    people = await setUpOffice(t.db, clock.now());
  });
  afterAll(async () => {
    for (const scheduler of schedulers) await scheduler.stop();
    for (const db of extraDbs) await db.close();
    await t?.dispose();
  });

  function scheduler(db: ServerDb = t.db): Scheduler {
    const started = startScheduler({ db, log: silent, now: clock.now, intervalMs: null });
    schedulers.push(started);
    return started;
  }

  async function tasksOf(leadId: string): Promise<Task[]> {
    return (await t.db.db.select().from(tasks).where(eq(tasks.leadId, leadId))) as Task[];
  }

  /** A lead of Marie's whose call went unanswered: a callback task at `callbackAt`, hers. */
  async function unanswered(lastName: string, callbackAt: string): Promise<{ leadId: string; task: Task }> {
    const leadId = await createLead(t.db, people.admin, clock.now(), { firstName: 'Karim', lastName });
    await act(t.db, people.admin, 'lead.assign', { assignments: [{ leadId, assigneeId: people.marie.id }] }, clock.now());
    await act(t.db, people.marie, 'lead.logContact', { id: newId(), leadId, channel: 'phone', outcome: 'no_answer', callbackAt }, clock.now());
    const [task] = await tasksOf(leadId);
    expect(task).toMatchObject({ kind: 'callback', ownerId: people.marie.id, dueAt: callbackAt });
    return { leadId, task: task! };
  }

  const callbacks = (taskId: string) => notificationsLike(t.db, 'callback_due', `callback:${taskId}:`);

  it('tells the owner once when the callback time comes, never before', async () => {
    clock.set('2026-06-01T13:00:00.000Z');
    const { leadId, task } = await unanswered('Haddad', '2026-06-02T18:30:00.000Z');
    const tick = scheduler();

    clock.set('2026-06-02T18:29:59.999Z');
    await tick.runOnce();
    expect(await callbacks(task.id)).toHaveLength(0);

    clock.set('2026-06-02T18:30:00.000Z');
    await tick.runOnce();
    clock.set('2026-06-02T19:30:00.000Z');
    await tick.runOnce();
    const rows = await callbacks(task.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      userId: people.marie.id,
      kind: 'callback_due',
      leadId,
      groupKey: callbackGroupKey(task),
      createdAt: '2026-06-02T18:30:00.000Z',
      payload: { taskId: task.id, leadId, dueAt: task.dueAt, name: 'Karim Haddad' },
    });
    expect((await tasksOf(leadId))[0]!.reminderSentAt).toBe('2026-06-02T18:30:00.000Z');
  });

  it('says nothing of a callback completed before its time', async () => {
    clock.set('2026-06-03T13:00:00.000Z');
    const { task } = await unanswered('Fait', '2026-06-03T20:00:00.000Z');
    await act(t.db, people.marie, 'task.complete', { id: task.id }, clock.now());
    clock.set('2026-06-03T21:00:00.000Z');
    await scheduler().runOnce();
    expect(await callbacks(task.id)).toHaveLength(0);
  });

  it('says nothing once the lead was reached, booked or closed: its callback is done', async () => {
    clock.set('2026-06-06T13:00:00.000Z');
    const reached = await unanswered('Joint', '2026-06-06T20:00:00.000Z');
    await act(t.db, people.marie, 'lead.logContact', { id: newId(), leadId: reached.leadId, channel: 'phone', outcome: 'reached' }, clock.now());
    const booked = await unanswered('Réservé', '2026-06-06T20:00:00.000Z');
    await book(t.db, people.marie, clock.now(), { leadId: booked.leadId, hostId: people.marie.id, startsAt: '2026-06-08T14:00:00.000Z' });
    const closed = await unanswered('Fermé', '2026-06-06T20:00:00.000Z');
    await act(t.db, people.marie, 'lead.setStatus', { leadId: closed.leadId, status: 'not_interested' }, clock.now());

    for (const { leadId, task } of [reached, booked, closed]) {
      expect(await tasksOf(leadId)).toEqual([expect.objectContaining({ id: task.id, completedAt: clock.now().toISOString(), completedById: people.marie.id })]);
    }
    clock.set('2026-06-06T21:00:00.000Z');
    await scheduler().runOnce();
    for (const { task } of [reached, booked, closed]) expect(await callbacks(task.id)).toHaveLength(0);
  });

  it('reminds only the newest callback when a new one replaced it', async () => {
    clock.set('2026-06-07T13:00:00.000Z');
    const { leadId, task: first } = await unanswered('Relance', '2026-06-07T15:00:00.000Z');
    await act(t.db, people.marie, 'lead.logContact', { id: newId(), leadId, channel: 'phone', outcome: 'no_answer', callbackAt: '2026-06-07T18:00:00.000Z' }, clock.now());
    const open = (await tasksOf(leadId)).filter((task) => task.completedAt === null);
    expect(open).toEqual([expect.objectContaining({ kind: 'callback', dueAt: '2026-06-07T18:00:00.000Z' })]);

    clock.set('2026-06-07T18:00:00.000Z');
    await scheduler().runOnce();
    expect(await callbacks(first.id)).toHaveLength(0);
    expect((await callbacks(open[0]!.id)).map((n) => n.userId)).toEqual([people.marie.id]);
  });

  it('says nothing of a callback completed after the tick found it due but before it wrote the reminder', async () => {
    clock.set('2026-06-08T13:00:00.000Z');
    const reached = await unanswered('Entre-deux', '2026-06-08T15:00:00.000Z');
    const ticked = await unanswered('Coché', '2026-06-08T15:00:00.000Z');
    const at = clock.set('2026-06-08T15:30:00.000Z');
    const found = await dueCallbackIds(t.db, at);
    expect(found).toEqual(expect.arrayContaining([reached.task.id, ticked.task.id]));

    // Between the read and the write: one lead is reached, the other callback ticked done.
    await act(t.db, people.marie, 'lead.logContact', { id: newId(), leadId: reached.leadId, channel: 'phone', outcome: 'reached' }, at);
    await act(t.db, people.marie, 'task.complete', { id: ticked.task.id }, at);
    await remindInOneTransaction(t.db, [reached.task.id, ticked.task.id], at);

    for (const { leadId, task } of [reached, ticked]) {
      expect(await callbacks(task.id)).toHaveLength(0);
      expect((await tasksOf(leadId))[0]).toMatchObject({ reminderSentAt: null, completedById: people.marie.id });
    }
  });

  it('reminds a moved callback at its new time, again if the old time had reminded', async () => {
    clock.set('2026-06-09T13:00:00.000Z');
    const { leadId, task } = await unanswered('Déplacé', '2026-06-09T15:00:00.000Z');
    clock.set('2026-06-09T15:00:00.000Z');
    const tick = scheduler();
    await tick.runOnce();
    expect(await callbacks(task.id)).toHaveLength(1);

    await act(t.db, people.marie, 'task.reschedule', { id: task.id, dueAt: '2026-06-10T14:00:00.000Z' }, clock.now());
    expect((await tasksOf(leadId))[0]).toMatchObject({ dueAt: '2026-06-10T14:00:00.000Z', reminderSentAt: null });
    clock.set('2026-06-10T13:59:00.000Z');
    await tick.runOnce();
    expect(await callbacks(task.id)).toHaveLength(1);
    clock.set('2026-06-10T14:00:00.000Z');
    await tick.runOnce();
    const rows = await callbacks(task.id);
    expect(rows.map((n) => n.groupKey)).toEqual([`callback:${task.id}:2026-06-09T15:00:00.000Z`, `callback:${task.id}:2026-06-10T14:00:00.000Z`]);
    expect(rows[1]).toMatchObject({ userId: people.marie.id, payload: { dueAt: '2026-06-10T14:00:00.000Z' } });
  });

  it('tells the lead’s assignee when the owner’s account was closed', async () => {
    clock.set('2026-06-04T13:00:00.000Z');
    const { leadId, task } = await unanswered('Orphelin', '2026-06-04T20:00:00.000Z');
    await act(t.db, people.admin, 'lead.assign', { assignments: [{ leadId, assigneeId: people.julie.id }] }, clock.now());
    await updateUser(t.db, people.marie.id, { active: false }, clock.now());
    try {
      clock.set('2026-06-04T20:00:00.000Z');
      await scheduler().runOnce();
      expect((await callbacks(task.id)).map((n) => n.userId)).toEqual([people.julie.id]);
    } finally {
      await updateUser(t.db, people.marie.id, { active: true }, clock.now());
    }
  });

  it('never tells twice, with two schedulers at once', async () => {
    clock.set('2026-06-05T13:00:00.000Z');
    const due = [];
    for (let i = 0; i < 4; i++) due.push((await unanswered(`Concurrent ${i}`, `2026-06-05T1${5 + i}:00:00.000Z`)).task);
    clock.set('2026-06-05T20:00:00.000Z');
    const other = backend.kind === 'pglite' ? t.db : await openServerDatabase(t.config);
    if (other !== t.db) extraDbs.push(other);
    const before = await currentVersion(t.db.db);
    await Promise.all([scheduler().runOnce(), scheduler(other).runOnce()]);
    for (const task of due) expect(await callbacks(task.id)).toHaveLength(1);
    expect((await currentVersion(t.db.db)) - before).toBe(due.length * 2);
  });
});
