import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { startTestServer } from '../testing/http';
import { book, createLead, notificationsLike, setUpOffice, testClock } from '../testing/office';

// The scheduler inside the office server: what fell due while the server was stopped goes out when
// it starts again (before it listens), and a further restart sends nothing twice.

describe.each(TEST_BACKENDS)('planificateur du serveur ($name)', (backend) => {
  let database: TestDatabase;
  let server: RunningServer | null = null;
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it('sends at start-up what fell due while stopped, and never twice across restarts', async () => {
    database = await createTestDatabase(backend, { onDisk: true, migrated: true });
    const clock = testClock('2026-03-01T15:00:00.000Z');
    server = await startTestServer(database.config, { now: clock.now });
    const people = await setUpOffice(server.db, clock.now());
    const leadId = await createLead(server.db, people.admin, clock.now());
    const id = await book(server.db, people.admin, clock.now(), { leadId, hostId: people.marie.id, startsAt: '2026-03-09T14:00:00.000Z' });
    await server.stop();

    // Down over the reminder hour (Sunday 8 March, 09:00 EDT); back at 09:30.
    clock.set('2026-03-08T13:30:00.000Z');
    server = await startTestServer(database.config, { now: clock.now });
    const sent = await notificationsLike(server.db, 'appointment_reminder', `reminder:${id}:`);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ userId: people.marie.id, createdAt: '2026-03-08T13:30:00.000Z' });
    await server.stop();

    clock.set('2026-03-08T14:30:00.000Z');
    server = await startTestServer(database.config, { now: clock.now });
    const again = await notificationsLike(server.db, 'appointment_reminder', `reminder:${id}:`);
    expect(again).toHaveLength(1);
    expect(again[0]!.version).toBe(sent[0]!.version);
    await server.stop();
    server = null;
  });

  it('reminds an appointment booked after its reminder hour within seconds, not at the next 30-second tick', async () => {
    const fresh = await createTestDatabase(backend, { migrated: true });
    // Monday 9 March 2026, 11:00 in Montréal: a 15:00 appointment booked now is due at once.
    const clock = testClock('2026-03-09T15:00:00.000Z');
    const running = await startTestServer(fresh.config, { now: clock.now });
    try {
      const people = await setUpOffice(running.db, clock.now());
      const leadId = await createLead(running.db, people.admin, clock.now());
      const id = await book(running.db, people.admin, clock.now(), { leadId, hostId: people.marie.id, startsAt: '2026-03-09T19:00:00.000Z' });
      // The interval's tick is 30 s away; the commit's wake comes after WAKE_DELAY_MS (2 s).
      await expect.poll(() => notificationsLike(running.db, 'appointment_reminder', `reminder:${id}:`), { timeout: 15_000, interval: 250 }).toHaveLength(1);
    } finally {
      await running.stop();
      await fresh.dispose();
    }
  });
});
