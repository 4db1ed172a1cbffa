import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS, type Notification } from '~shared/domain/entities';
import { USERS, notification, testId } from '~shared/testing/builders';
import { MAX_AGE_MS, MAX_AT_ONCE, planDesktopNotes, shownKey } from './select';

// Which notification rows become desktop notifications on this workstation: the user's own,
// unread, recent, once.

const NOW = new Date('2026-03-10T15:00:00.000Z');
const ME = USERS.counselor.id;
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

function row(n: number, overrides: Partial<Notification> = {}): Notification {
  return notification({
    id: testId('notification', n),
    userId: ME,
    createdAt: minutesAgo(60 - n),
    kind: 'lead_created',
    leadId: testId('lead', n),
    payload: { name: `Personne ${n}` },
    ...overrides,
  });
}

function plan(rows: Notification[], shown: ReadonlySet<string> = new Set()) {
  return planDesktopNotes(rows, { userId: ME, now: NOW, timeZone: 'America/Toronto', wasShown: (key) => shown.has(key) });
}

describe('planDesktopNotes', () => {
  it('announces my new unread notifications, oldest first, each opening its lead', () => {
    const result = plan([row(2), row(1)]);
    expect(result.notes).toEqual([
      { title: 'Nouveau lead : Personne 1', body: '', notificationId: testId('notification', 1), leadId: testId('lead', 1) },
      { title: 'Nouveau lead : Personne 2', body: '', notificationId: testId('notification', 2), leadId: testId('lead', 2) },
    ]);
    expect(result.shown).toEqual([shownKey(row(1)), shownKey(row(2))]);
  });

  it('leaves out someone else’s, read, deleted, too old, and already shown rows', () => {
    const rows = [
      row(1, { userId: USERS.admin.id }),
      row(2, { readAt: minutesAgo(1) }),
      row(3, { deletedAt: minutesAgo(1) }),
      row(4, { createdAt: new Date(NOW.getTime() - MAX_AGE_MS - 1).toISOString() }),
      row(5),
    ];
    expect(plan(rows, new Set([shownKey(row(5))]))).toEqual({ notes: [], shown: [] });
  });

  it('announces an alert raised again under the same id, not a row that only grew', () => {
    const first = row(1, { kind: 'leads_imported', count: 100, leadId: null, payload: {} });
    const shown = new Set([shownKey(first)]);
    expect(plan([{ ...first, count: 250 }], shown).notes).toEqual([]);
    const raisedAgain = row(2, { kind: 'dispatch_required' });
    const seen = new Set([shownKey(raisedAgain)]);
    expect(plan([{ ...raisedAgain, createdAt: minutesAgo(0) }], seen).notes).toHaveLength(1);
  });

  it('folds a burst into one summary and records every row of it', () => {
    const rows = Array.from({ length: MAX_AT_ONCE + 2 }, (_, i) => row(i + 1));
    const result = plan(rows);
    expect(result.notes).toEqual([{ title: `${MAX_AT_ONCE + 2} nouvelles notifications`, body: 'Ouvrez Bureau pour les voir.', notificationId: null, leadId: null }]);
    expect(new Set(result.shown)).toEqual(new Set(rows.map(shownKey)));
    expect(plan(rows.slice(0, MAX_AT_ONCE)).notes).toHaveLength(MAX_AT_ONCE);
  });

  it('never announces a row twice and announces every eligible row once (property)', () => {
    const arbitraryRow = fc.record({
      n: fc.integer({ min: 1, max: 40 }),
      mine: fc.boolean(),
      read: fc.boolean(),
      deleted: fc.boolean(),
      ageMinutes: fc.integer({ min: 0, max: 2 * 24 * 60 }),
      kind: fc.constantFrom(...NOTIFICATION_KINDS),
    });
    fc.assert(
      fc.property(fc.array(arbitraryRow, { maxLength: 30 }), fc.array(fc.array(fc.nat(29), { maxLength: 10 }), { maxLength: 4 }), (specs, arrivals) => {
        const rows = specs.map((s) =>
          row(s.n, {
            userId: s.mine ? ME : USERS.admin.id,
            readAt: s.read ? minutesAgo(0) : null,
            deletedAt: s.deleted ? minutesAgo(0) : null,
            createdAt: minutesAgo(s.ageMinutes),
            kind: s.kind,
          }),
        );
        // The rows arrive in several pulls; each pass sees what has arrived so far.
        const shown = new Set<string>();
        const recorded: string[] = [];
        const passes = [...arrivals.map((indexes) => rows.filter((_, i) => indexes.includes(i))), rows];
        for (const visible of passes) {
          const result = plan(visible, shown);
          for (const key of result.shown) {
            expect(shown.has(key)).toBe(false);
            shown.add(key);
            recorded.push(key);
          }
          expect(result.notes.length).toBeLessThanOrEqual(MAX_AT_ONCE);
          if (result.shown.length > 0) expect(result.notes.length).toBeGreaterThan(0);
        }
        const eligible = rows.filter((r) => r.userId === ME && r.readAt === null && r.deletedAt === null && NOW.getTime() - Date.parse(r.createdAt) <= MAX_AGE_MS);
        expect(new Set(recorded)).toEqual(new Set(eligible.map(shownKey)));
      }),
      { numRuns: 200 },
    );
  });
});
