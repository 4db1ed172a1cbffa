import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePuts } from '../db/puts';
import { createLogger } from '../log';
import { optOutPuts } from '../sms/opt-out';
import { openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../testing/databases';
import { book, createLead, notificationsLike, setUpOffice, testClock, type TestPeople } from '../testing/office';
import { startScheduler } from './scheduler';

// SMS opt-out honoured everywhere (issue 14, point 5): the host's reminder of an appointment offers
// the confirmation SMS, except to a number that answered STOP — sending it would be refused anyway
// (sms.send and the dispatcher check), so the reminder must not offer it.

const silent = createLogger({ level: 'silent' });

describe.each(TEST_BACKENDS)('rappel et refus des SMS ($name)', (backend) => {
  let t: OpenTestDatabase;
  let people: TestPeople;
  const clock = testClock('2026-03-02T15:00:00.000Z');

  beforeAll(async () => {
    t = await openTestDatabase(backend);
    people = await setUpOffice(t.db, clock.now());
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('n’offre pas le SMS de confirmation à un numéro qui a répondu STOP, et l’offre aux autres', async () => {
    const stopped = await createLead(t.db, people.marie, clock.now(), { lastName: 'Arrêt', phone: '514 555 0177' });
    const willing = await createLead(t.db, people.marie, clock.now(), { lastName: 'Oui', phone: '514 555 0178' });
    const stoppedAppointment = await book(t.db, people.marie, clock.now(), { leadId: stopped, hostId: people.marie.id, startsAt: '2026-03-03T15:00:00.000Z' });
    const willingAppointment = await book(t.db, people.marie, clock.now(), { leadId: willing, hostId: people.marie.id, startsAt: '2026-03-03T16:00:00.000Z' });
    await t.db.writeTransaction(async (tx, versions) => writePuts(tx, versions, await optOutPuts(tx, '+15145550177', 'reply', clock.now())));

    const scheduler = startScheduler({ db: t.db, log: silent, now: clock.now, intervalMs: null });
    await scheduler.runOnce();
    await scheduler.stop();

    const [toStopped] = await notificationsLike(t.db, 'appointment_reminder', `reminder:${stoppedAppointment}:`);
    const [toWilling] = await notificationsLike(t.db, 'appointment_reminder', `reminder:${willingAppointment}:`);
    expect(toStopped?.payload['sms']).toBeNull();
    expect(toWilling?.payload['sms']).toMatchObject({ text: expect.any(String) });
  });
});
