import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_FIRST_NAME } from '~shared/domain/anonymise';
import type { HistoryEntry, Lead } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { anonymisations, history, leads } from '../db/schema';
import { createLogger } from '../log';
import { setLegalHold, writeRetentionRules } from '../privacy/store';
import { openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../testing/databases';
import { act, createLead, setUpOffice, testClock, type TestPeople } from '../testing/office';
import { startScheduler } from './scheduler';

// Retention (issue 14, point 5): « pas intéressé » anonymised after 24 months, as the admin chose;
// once, even when the scheduler runs again or restarts; never a lead under a legal hold; never a
// lead whose status has not been its own long enough, nor a status without a rule.

const silent = createLogger({ level: 'silent' });

describe.each(TEST_BACKENDS)('conservation ($name)', (backend) => {
  let t: OpenTestDatabase;
  let people: TestPeople;
  const clock = testClock('2024-01-10T15:00:00.000Z');
  const ids = { due: '', held: '', recent: '', otherStatus: '' };

  async function notInterested(at: Date, lastName: string): Promise<string> {
    const id = await createLead(t.db, people.marie, at, { lastName, email: `${lastName.toLowerCase()}@exemple.ca` });
    await act(t.db, people.marie, 'lead.logContact', { id: newId(), leadId: id, channel: 'phone', outcome: 'not_interested' }, at);
    return id;
  }

  async function lead(id: string): Promise<Lead> {
    const [row] = (await t.db.db.select().from(leads).where(eq(leads.id, id))) as Lead[];
    return row!;
  }

  async function tick() {
    const scheduler = startScheduler({ db: t.db, log: silent, now: clock.now, intervalMs: null });
    try {
      await scheduler.runOnce();
    } finally {
      await scheduler.stop();
    }
  }

  beforeAll(async () => {
    t = await openTestDatabase(backend);
    people = await setUpOffice(t.db, clock.now());
    ids.due = await notInterested(clock.now(), 'Duetemps');
    ids.held = await notInterested(clock.now(), 'Retenu');
    ids.otherStatus = await createLead(t.db, people.marie, clock.now(), { lastName: 'Nouveau' });
    ids.recent = await notInterested(clock.set('2025-03-01T15:00:00.000Z'), 'Recent');
    await setLegalHold(t.db, ids.held, { held: true, reason: 'Plainte au syndic' }, people.admin.id, clock.now());
    await writeRetentionRules(t.db, { not_interested: 24, not_qualified: null }, people.admin.id, clock.now());
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('n’anonymise rien avant le délai', async () => {
    clock.set('2026-01-09T15:00:00.000Z');
    await tick();
    expect((await lead(ids.due)).lastName).toBe('Duetemps');
  });

  it('anonymise après 24 mois, une seule fois même quand le planificateur repart, et respecte la conservation légale', async () => {
    clock.set('2026-01-10T15:00:01.000Z');
    await tick();
    expect(await lead(ids.due)).toMatchObject({ firstName: ANONYMOUS_FIRST_NAME, email: null, status: 'not_interested' });
    expect((await lead(ids.held)).lastName).toBe('Retenu');
    expect((await lead(ids.recent)).lastName).toBe('Recent');
    expect((await lead(ids.otherStatus)).lastName).toBe('Nouveau');

    const versionAfterFirst = (await lead(ids.due)).version;
    // Later ticks, a "restart" (a new scheduler on the same database): nothing is written again.
    clock.set('2026-02-10T15:00:00.000Z');
    await tick();
    await tick();
    expect((await lead(ids.due)).version).toBe(versionAfterFirst);
    const lines = (await t.db.db.select().from(history).where(eq(history.leadId, ids.due))) as HistoryEntry[];
    expect(lines.filter((h) => h.kind === 'anonymized')).toHaveLength(1);
    const [claim] = await t.db.db.select().from(anonymisations).where(eq(anonymisations.leadId, ids.due));
    expect(claim).toMatchObject({ reason: 'retention', byId: null });

    // The hold lifted, the held lead goes at the next tick.
    await setLegalHold(t.db, ids.held, { held: false }, people.admin.id, clock.now());
    await tick();
    expect((await lead(ids.held)).firstName).toBe(ANONYMOUS_FIRST_NAME);
  });

  it('waits for the clock’s tick: a run after a commit (a wake) anonymises nothing, the next tick does', async () => {
    // Two years after « Recent » stopped being a prospect: due, but a commit does not make it so.
    clock.set('2027-03-02T15:00:00.000Z');
    const scheduler = startScheduler({ db: t.db, log: silent, now: clock.now, intervalMs: null });
    try {
      await scheduler.wake();
      expect((await lead(ids.recent)).lastName).toBe('Recent');
      await scheduler.runOnce();
      expect((await lead(ids.recent)).firstName).toBe(ANONYMOUS_FIRST_NAME);
    } finally {
      await scheduler.stop();
    }
  });
});
