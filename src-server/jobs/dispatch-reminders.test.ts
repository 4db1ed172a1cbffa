import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchGroupKey } from '~shared/domain/mutations/effects';
import { openServerDatabase, type ServerDb } from '../db/connection';
import { createLogger } from '../log';
import { openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../testing/databases';
import { dailyDispatchGroupKey } from './dispatch-reminders';
import { startScheduler, type Scheduler } from './scheduler';
import { act, book, createLead, notificationsLike, setUpOffice, testClock, type TestPeople } from '../testing/office';

// The secretary rule (domain.md): after her consultation, "dispatch required" reaches her and the
// admins until a counselor has the lead — the first alert when the appointment is closed, then one
// a day at the office's reminder hour, then the unread ones are closed once the lead is reassigned.

const silent = createLogger({ level: 'silent' });

describe.each(TEST_BACKENDS)('alertes d’attribution après consultation ($name)', (backend) => {
  let t: OpenTestDatabase;
  let people: TestPeople;
  let other: ServerDb;
  const clock = testClock('2026-06-08T13:00:00.000Z');
  const schedulers: Scheduler[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(backend);
    people = await setUpOffice(t.db, clock.now());
    other = backend.kind === 'pglite' ? t.db : await openServerDatabase(t.config);
  });
  afterAll(async () => {
    for (const scheduler of schedulers) await scheduler.stop();
    if (other !== undefined && other !== t?.db) await other.close();
    await t?.dispose();
  });

  function scheduler(db: ServerDb = t.db): Scheduler {
    const started = startScheduler({ db, log: silent, now: clock.now, intervalMs: null });
    schedulers.push(started);
    return started;
  }

  it('reminds the secretary and the admins each day until a counselor has the lead', async () => {
    const leadId = await createLead(t.db, people.admin, clock.now(), { firstName: 'Inès', lastName: 'Roy' });
    await act(t.db, people.admin, 'lead.assign', { assignments: [{ leadId, assigneeId: people.accueil.id }] }, clock.now());
    // Wednesday 10 June 2026, 10:00 EDT, with the secretary.
    const appointmentId = await book(t.db, people.accueil, clock.now(), { leadId, hostId: people.accueil.id, startsAt: '2026-06-10T14:00:00.000Z' });
    clock.set('2026-06-10T15:30:00.000Z');
    await act(t.db, people.accueil, 'appointment.close', { id: appointmentId, outcome: 'attended' }, clock.now());
    const firstAlert = await notificationsLike(t.db, 'dispatch_required', dispatchGroupKey(leadId));
    expect(firstAlert.map((n) => n.userId).sort()).toEqual([people.accueil.id, people.admin.id, people.admin2.id].sort());

    const daily = () => notificationsLike(t.db, 'dispatch_required', `${dispatchGroupKey(leadId)}:`);
    const tick = scheduler();
    const otherTick = scheduler(other);

    // The day of the consultation had its alert already.
    clock.set('2026-06-10T23:00:00.000Z');
    await tick.runOnce();
    expect(await daily()).toHaveLength(0);

    // Thursday: nothing at 08:59, then one each for her and both admins (not the director).
    clock.set('2026-06-11T12:59:00.000Z');
    await tick.runOnce();
    expect(await daily()).toHaveLength(0);
    clock.set('2026-06-11T13:00:00.000Z');
    await Promise.all([tick.runOnce(), otherTick.runOnce()]);
    clock.set('2026-06-11T16:00:00.000Z');
    await Promise.all([tick.runOnce(), otherTick.runOnce()]);
    const thursday = await daily();
    expect(thursday.map((n) => n.userId).sort()).toEqual([people.accueil.id, people.admin.id, people.admin2.id].sort());
    expect(new Set(thursday.map((n) => n.groupKey))).toEqual(new Set([dailyDispatchGroupKey(leadId, '2026-06-11')]));
    expect(thursday[0]).toMatchObject({ leadId, readAt: null, createdAt: '2026-06-11T13:00:00.000Z', payload: { name: 'Inès Roy', secretaryId: people.accueil.id } });

    // Friday: one more each.
    clock.set('2026-06-12T13:30:00.000Z');
    await Promise.all([tick.runOnce(), otherTick.runOnce()]);
    expect(await daily()).toHaveLength(6);

    // She hands the lead to Marie: the alerts stop, and those still unread are closed.
    clock.set('2026-06-12T14:00:00.000Z');
    await act(t.db, people.accueil, 'lead.assign', { assignments: [{ leadId, assigneeId: people.marie.id }] }, clock.now());
    clock.set('2026-06-12T14:05:00.000Z');
    await tick.runOnce();
    const closed = await daily();
    expect(closed).toHaveLength(6);
    expect(closed.every((n) => n.readAt === '2026-06-12T14:05:00.000Z')).toBe(true);
    expect((await notificationsLike(t.db, 'dispatch_required', dispatchGroupKey(leadId))).every((n) => n.readAt !== null)).toBe(true);

    clock.set('2026-06-13T13:30:00.000Z');
    await tick.runOnce();
    expect(await daily()).toHaveLength(6);
  });

  it('keeps reminding after the secretary evaluates her lead, even "not qualified": evaluating is no hand-over', async () => {
    clock.set('2026-08-03T13:00:00.000Z');
    const leadId = await createLead(t.db, people.admin, clock.now(), { lastName: 'Évaluée' });
    await act(t.db, people.admin, 'lead.assign', { assignments: [{ leadId, assigneeId: people.accueil.id }] }, clock.now());
    const appointmentId = await book(t.db, people.accueil, clock.now(), { leadId, hostId: people.accueil.id, startsAt: '2026-08-04T14:00:00.000Z' });
    clock.set('2026-08-04T15:30:00.000Z');
    await act(t.db, people.accueil, 'appointment.close', { id: appointmentId, outcome: 'attended' }, clock.now());
    await act(t.db, people.accueil, 'lead.evaluate', { leadId, result: 'not_qualified', notes: 'Aucun programme ne convient.' }, clock.now());
    const daily = () => notificationsLike(t.db, 'dispatch_required', `${dispatchGroupKey(leadId)}:`);

    clock.set('2026-08-05T13:30:00.000Z');
    await scheduler().runOnce();
    const wednesday = await daily();
    expect(wednesday.map((n) => n.userId).sort()).toEqual([people.accueil.id, people.admin.id, people.admin2.id].sort());
    expect(wednesday.every((n) => n.readAt === null)).toBe(true);

    // An admin gives it to Marie: the unread alerts close.
    await act(t.db, people.admin, 'lead.assign', { assignments: [{ leadId, assigneeId: people.marie.id }] }, clock.now());
    clock.set('2026-08-05T14:00:00.000Z');
    await scheduler().runOnce();
    expect((await daily()).every((n) => n.readAt === '2026-08-05T14:00:00.000Z')).toBe(true);
  });

  it('says nothing of a consultation held by a counselor', async () => {
    clock.set('2026-07-06T13:00:00.000Z');
    const leadId = await createLead(t.db, people.admin, clock.now(), { lastName: 'Conseillée' });
    await act(t.db, people.admin, 'lead.assign', { assignments: [{ leadId, assigneeId: people.marie.id }] }, clock.now());
    const appointmentId = await book(t.db, people.marie, clock.now(), { leadId, hostId: people.marie.id, startsAt: '2026-07-07T14:00:00.000Z' });
    clock.set('2026-07-07T15:30:00.000Z');
    await act(t.db, people.marie, 'appointment.close', { id: appointmentId, outcome: 'attended' }, clock.now());
    clock.set('2026-07-08T14:00:00.000Z');
    await scheduler().runOnce();
    expect(await notificationsLike(t.db, 'dispatch_required', dispatchGroupKey(leadId))).toHaveLength(0);
  });
});
