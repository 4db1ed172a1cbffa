import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '~shared/domain/entities';
import { countSegments } from '~shared/domain/sms';
import { currentVersion, openServerDatabase, type ServerDb } from '../db/connection';
import { appointments } from '../db/schema';
import { createLogger } from '../log';
import { openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../testing/databases';
import { reminderGroupKey } from './appointment-reminders';
import { startScheduler, type Scheduler } from './scheduler';
import { act, book, createLead, notificationsLike, setUpOffice, testClock, type TestPeople } from '../testing/office';

// Appointment reminders (domain.md, "Notifications"): the host is told the day before at 09:00
// office time (America/Toronto), or at once when booked later than that; exactly once across
// restarts and several schedulers on one database; again for a new time after a reschedule.

const HOUR = 60 * 60 * 1000;
const silent = createLogger({ level: 'silent' });

describe.each(TEST_BACKENDS)('rappels de rendez-vous ($name)', (backend) => {
  let t: OpenTestDatabase;
  let people: TestPeople;
  const clock = testClock('2026-03-01T15:00:00.000Z');
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

  /** Another connection to the same database: another server process, as far as locks go. */
  async function secondConnection(): Promise<ServerDb> {
    if (backend.kind === 'pglite') return t.db; // one process holds a PGlite database
    const db = await openServerDatabase(t.config);
    extraDbs.push(db);
    return db;
  }

  async function appointment(id: string): Promise<Appointment> {
    const [row] = await t.db.db.select().from(appointments).where(eq(appointments.id, id));
    return row as Appointment;
  }

  const reminders = (appointmentId: string) => notificationsLike(t.db, 'appointment_reminder', `reminder:${appointmentId}:`);

  /** Runs a tick every `step` from `from` to `to`, checking there is exactly one reminder from `due` on. */
  async function stepThrough(tick: Scheduler, appointmentId: string, from: string, to: string, due: string, step = HOUR) {
    for (let at = Date.parse(from); at <= Date.parse(to); at += step) {
      clock.set(new Date(at).toISOString());
      await tick.runOnce();
      const expected = at >= Date.parse(due) ? 1 : 0;
      expect((await reminders(appointmentId)).length, `à ${new Date(at).toISOString()}`).toBe(expected);
    }
  }

  it('reminds the host once, the day before at 09:00 EDT, across the spring DST change', async () => {
    clock.set('2026-03-01T15:00:00.000Z');
    const leadId = await createLead(t.db, people.admin, clock.now(), { firstName: 'Zoé', lastName: 'Lévesque', language: 'fr', phone: '514 555 0101' });
    // Monday 9 March 2026, 10:00 in Montréal, the day after clocks spring forward (EDT, UTC-4).
    const id = await book(t.db, people.admin, clock.now(), { leadId, hostId: people.marie.id, startsAt: '2026-03-09T14:00:00.000Z' });
    const tick = scheduler();
    // What the poke bus listens to (sync/poke-bus.ts): workstations hear of the reminder at once.
    const committed: number[] = [];
    const unsubscribe = t.db.onCommit((version) => committed.push(version));

    // Sunday 8 March 09:00 EDT is 13:00 UTC; 09:00 EST would have been 14:00 UTC.
    await stepThrough(tick, id, '2026-03-07T05:00:00.000Z', '2026-03-08T12:00:00.000Z', '2026-03-08T13:00:00.000Z');
    clock.set('2026-03-08T12:59:59.999Z');
    await tick.runOnce();
    expect(await reminders(id)).toHaveLength(0);
    await stepThrough(tick, id, '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z', '2026-03-08T13:00:00.000Z');

    const [reminder] = await reminders(id);
    expect(reminder).toMatchObject({
      userId: people.marie.id,
      kind: 'appointment_reminder',
      leadId,
      groupKey: reminderGroupKey({ id, startsAt: '2026-03-09T14:00:00.000Z' }),
      readAt: null,
      createdAt: '2026-03-08T13:00:00.000Z',
    });
    const payload = reminder!.payload as { appointmentId: string; startsAt: string; sms: { text: string; segments: number; encoding: string; language: string } };
    expect(payload).toMatchObject({ appointmentId: id, leadId, startsAt: '2026-03-09T14:00:00.000Z' });
    // The confirmation SMS, rendered in the lead's language with the office's clock, and counted.
    expect(payload.sms.language).toBe('fr');
    expect(payload.sms.text).toContain('Bonjour Zoé Lévesque');
    expect(payload.sms.text).toContain('lundi 9 mars 2026 à 10 h 00');
    expect(payload.sms.text).toContain('Marie Conseillère');
    expect(payload.sms.segments).toBe(countSegments(payload.sms.text).segments);
    expect(payload.sms.encoding).toBe('UCS-2');
    expect((await appointment(id)).reminderSentAt).toBe('2026-03-08T13:00:00.000Z');
    unsubscribe();
    expect(committed).toHaveLength(1);
    expect(committed[0]).toBeGreaterThanOrEqual(Math.max(reminder!.version, (await appointment(id)).version));
  });

  it('reminds the host once, the day before at 09:00 EST, across the autumn DST change', async () => {
    clock.set('2026-10-20T15:00:00.000Z');
    const leadId = await createLead(t.db, people.admin, clock.now(), { firstName: 'John', lastName: 'Smith', language: 'en' });
    // Monday 2 November 2026, 10:00 in Montréal, the day after clocks fall back (EST, UTC-5).
    const id = await book(t.db, people.admin, clock.now(), { leadId, hostId: people.marie.id, startsAt: '2026-11-02T15:00:00.000Z' });
    const tick = scheduler();

    // Sunday 1 November 09:00 EST is 14:00 UTC; 09:00 EDT would have been 13:00 UTC.
    await stepThrough(tick, id, '2026-10-31T05:00:00.000Z', '2026-11-01T13:00:00.000Z', '2026-11-01T14:00:00.000Z');
    clock.set('2026-11-01T13:59:59.999Z');
    await tick.runOnce();
    expect(await reminders(id)).toHaveLength(0);
    await stepThrough(tick, id, '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z', '2026-11-01T14:00:00.000Z');

    const [reminder] = await reminders(id);
    expect(reminder!.createdAt).toBe('2026-11-01T14:00:00.000Z');
    const sms = (reminder!.payload as { sms: { text: string; language: string; encoding: string } }).sms;
    expect(sms.language).toBe('en');
    expect(sms.text).toContain('Hello John Smith');
    expect(sms.text).toContain('Monday, November 2, 2026 at 10:00 a.m.');
  });

  it('reminds at once an appointment booked after the reminder hour, and waits for one booked earlier', async () => {
    // Sunday 8 March, 16:00 EDT: tomorrow's appointment is past its reminder hour already.
    clock.set('2026-03-08T20:00:00.000Z');
    const late = await createLead(t.db, people.admin, clock.now(), { lastName: 'Tardif' });
    const tomorrow = await book(t.db, people.admin, clock.now(), { leadId: late, hostId: people.julie.id, startsAt: '2026-03-09T15:00:00.000Z' });
    const sameDay = await createLead(t.db, people.admin, clock.now(), { lastName: 'Pressé' });
    const tonight = await book(t.db, people.admin, clock.now(), { leadId: sameDay, hostId: people.julie.id, startsAt: '2026-03-08T22:00:00.000Z' });
    const early = await createLead(t.db, people.admin, clock.now(), { lastName: 'Prévoyant' });
    const inTwoDays = await book(t.db, people.admin, clock.now(), { leadId: early, hostId: people.julie.id, startsAt: '2026-03-10T15:00:00.000Z' });

    const tick = scheduler();
    await tick.runOnce();
    expect(await reminders(tomorrow)).toHaveLength(1);
    expect(await reminders(tonight)).toHaveLength(1);
    expect((await reminders(tomorrow))[0]!.createdAt).toBe('2026-03-08T20:00:00.000Z');
    expect(await reminders(inTwoDays)).toHaveLength(0);

    clock.set('2026-03-09T13:00:00.000Z');
    await tick.runOnce();
    expect(await reminders(inTwoDays)).toHaveLength(1);
    expect(await reminders(tomorrow)).toHaveLength(1);
  });

  it('never reminds twice: two schedulers at once, then a restart', async () => {
    clock.set('2026-04-01T15:00:00.000Z');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const leadId = await createLead(t.db, people.admin, clock.now(), { lastName: `Concurrent ${i}` });
      ids.push(await book(t.db, people.admin, clock.now(), { leadId, hostId: people.marie.id, startsAt: `2026-04-03T1${i}:00:00.000Z` }));
    }
    clock.set('2026-04-02T13:30:00.000Z');
    const first = scheduler();
    const second = scheduler(await secondConnection());
    const before = await currentVersion(t.db.db);
    await Promise.all([first.runOnce(), second.runOnce(), first.runOnce(), second.runOnce()]);
    // Each appointment and its reminder written once: one version each, no rewrite by the other.
    expect((await currentVersion(t.db.db)) - before).toBe(ids.length * 2);

    const versions = new Map<string, number>();
    for (const id of ids) {
      const rows = await reminders(id);
      expect(rows, id).toHaveLength(1);
      versions.set(id, rows[0]!.version);
      versions.set(`appointment ${id}`, (await appointment(id)).version);
    }

    // A restart: these stop, a new scheduler starts on the same database, later that day.
    await first.stop();
    await second.stop();
    clock.set('2026-04-02T18:00:00.000Z');
    const restarted = scheduler();
    await restarted.runOnce();
    await restarted.runOnce();
    for (const id of ids) {
      const rows = await reminders(id);
      expect(rows).toHaveLength(1);
      // Not even rewritten: same row version, and the appointment untouched.
      expect(rows[0]!.version).toBe(versions.get(id));
      expect((await appointment(id)).version).toBe(versions.get(`appointment ${id}`));
    }
  });

  it('reminds again for the new time after a reschedule, never for a cancelled appointment', async () => {
    clock.set('2026-05-01T15:00:00.000Z');
    const leadId = await createLead(t.db, people.admin, clock.now(), { lastName: 'Déplacé' });
    const id = await book(t.db, people.admin, clock.now(), { leadId, hostId: people.marie.id, startsAt: '2026-05-06T14:00:00.000Z' });
    const tick = scheduler();
    clock.set('2026-05-05T13:00:00.000Z');
    await tick.runOnce();
    expect(await reminders(id)).toHaveLength(1);

    // Moved to Thursday the 7th: the reminder state is reset, the next one comes Wednesday 09:00.
    clock.set('2026-05-05T14:00:00.000Z');
    await act(t.db, people.accueil, 'appointment.reschedule', { id, startsAt: '2026-05-07T14:00:00.000Z', endsAt: '2026-05-07T15:00:00.000Z' }, clock.now());
    expect((await appointment(id)).reminderSentAt).toBeNull();
    clock.set('2026-05-06T12:59:00.000Z');
    await tick.runOnce();
    expect(await reminders(id)).toHaveLength(1);
    clock.set('2026-05-06T13:00:00.000Z');
    await tick.runOnce();
    await tick.runOnce();
    const rows = await reminders(id);
    expect(rows.map((r) => r.groupKey)).toEqual([
      reminderGroupKey({ id, startsAt: '2026-05-06T14:00:00.000Z' }),
      reminderGroupKey({ id, startsAt: '2026-05-07T14:00:00.000Z' }),
    ]);
    expect((rows[1]!.payload as { startsAt: string }).startsAt).toBe('2026-05-07T14:00:00.000Z');

    const otherLead = await createLead(t.db, people.admin, clock.now(), { lastName: 'Annulé' });
    const cancelled = await book(t.db, people.admin, clock.now(), { leadId: otherLead, hostId: people.marie.id, startsAt: '2026-05-08T14:00:00.000Z' });
    await act(t.db, people.admin, 'appointment.cancel', { id: cancelled, reason: 'Empêchement' }, clock.now());
    clock.set('2026-05-07T13:00:00.000Z');
    await tick.runOnce();
    expect(await reminders(cancelled)).toHaveLength(0);
    expect((await appointment(cancelled)).reminderSentAt).toBeNull();
  });
});
