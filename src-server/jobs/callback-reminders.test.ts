import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src-shared/domain/entities';
import { newId } from '../../src-shared/ids';
import { updateUser } from '../auth/users';
import { currentVersion, openServerDatabase, type ServerDb } from '../db/connection';
import { tasks } from '../db/schema';
import { createLogger } from '../log';
import { openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../test/databases';
import { callbackGroupKey } from './callback-reminders';
import { startScheduler, type Scheduler } from './scheduler';
import { act, createLead, notificationsLike, setUpOffice, testClock, type TestPeople } from './test-office';

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
