import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { USERS, actorOf, testId } from '~shared/testing/builders';
import { replicaHost, sessionUser, type ReplicaHost } from '../testing/replica-host';
import type { Agenda } from '../tray/agenda';
import type { DesktopNote } from './select';
import { ShownNotifications } from './shown-store';
import { NotificationWatcher } from './watcher';

// From a row pulled into the replica to a desktop notification and the tray's count, through the
// real services, as main.ts wires it (with `show` and `onUnread` recorded instead of Electron's).

const NOW = '2026-03-10T15:00:00.000Z';
const clock = () => new Date(NOW);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(host: ReplicaHost, dir?: string) {
  const dataDir = dir ?? (await mkdtemp(join(tmpdir(), 'bureau-watcher-')));
  if (dir === undefined) cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const shown: DesktopNote[] = [];
  const unread: number[] = [];
  const agendas: Array<Agenda | null> = [];
  const errors: unknown[] = [];
  const watcher = new NotificationWatcher({
    host,
    shown: await ShownNotifications.open(dataDir),
    show: (note) => shown.push(note),
    onUnread: (count) => unread.push(count),
    onAgenda: (agenda) => agendas.push(agenda),
    clock,
    onError: (error) => errors.push(error),
  });
  cleanups.push(() => watcher.stop());
  return { watcher, shown, unread, agendas, errors, dataDir };
}

function newHost() {
  const host = replicaHost({ user: sessionUser(USERS.admin), clock });
  cleanups.push(() => host.close());
  host.pull();
  return host;
}

/** The secretary types a lead on her workstation: the office tells admins and directors. */
function secretaryCreatesLead(host: ReplicaHost, n: number, firstName: string) {
  const result = host.office.perform(
    actorOf(USERS.secretary),
    'lead.create',
    { id: testId('lead', `watch-${n}`), firstName, lastName: 'Tremblay', phone: `514 555-01${10 + n}`, source: 'manual' },
    NOW,
  );
  expect(result.ok).toBe(true);
}

describe('NotificationWatcher', () => {
  it('shows a new lead to the admin once, opening it, and counts it unread', async () => {
    const host = newHost();
    const { watcher, shown, unread, errors } = await setup(host);
    watcher.start();
    await watcher.refresh();
    expect(shown).toEqual([]);
    expect(unread.at(-1)).toBe(0);

    secretaryCreatesLead(host, 1, 'Hélène');
    host.pull();
    await watcher.refresh();
    expect(shown).toEqual([
      expect.objectContaining({ title: 'Nouveau lead : Hélène Tremblay', body: 'Saisi à la main.', leadId: testId('lead', 'watch-1') }),
    ]);
    expect(unread.at(-1)).toBe(1);

    // Another pull, another change to the table: nothing new to say.
    host.emit({ type: 'changed', tables: ['notifications'] });
    await watcher.refresh();
    expect(shown).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('does not show again after a restart, and the count falls when the notification is read', async () => {
    const host = newHost();
    const first = await setup(host);
    first.watcher.start();
    secretaryCreatesLead(host, 2, 'Amina');
    host.pull();
    await first.watcher.refresh();
    expect(first.shown).toHaveLength(1);
    await first.watcher.stop();

    const restarted = await setup(host, first.dataDir);
    restarted.watcher.start();
    await restarted.watcher.refresh();
    expect(restarted.shown).toEqual([]);
    expect(restarted.unread.at(-1)).toBe(1);

    const id = first.shown[0]!.notificationId!;
    expect(await host.invoke('mutations:run', { name: 'notification.markRead', args: { ids: [id] } })).toMatchObject({ ok: true });
    await restarted.watcher.refresh();
    expect(restarted.unread.at(-1)).toBe(0);
  });

  it('tells nothing to a user the notification is not for, and clears the count when signed out', async () => {
    const host = replicaHost({ user: sessionUser(USERS.counselor), clock });
    cleanups.push(() => host.close());
    const { watcher, shown, unread } = await setup(host);
    watcher.start();
    secretaryCreatesLead(host, 3, 'Karim');
    host.pull();
    await watcher.refresh();
    expect(shown).toEqual([]);
    expect(unread.at(-1)).toBe(0);

    host.signIn(null);
    await watcher.refresh();
    expect(unread.at(-1)).toBe(0);
  });

  it('folds a burst of new leads into one summary', async () => {
    const host = newHost();
    const { watcher, shown, unread } = await setup(host);
    watcher.start();
    for (let n = 10; n < 15; n += 1) secretaryCreatesLead(host, n, `Personne${n}`);
    host.pull();
    await watcher.refresh();
    expect(shown).toEqual([{ title: '5 nouvelles notifications', body: 'Ouvrez Bureau pour les voir.', notificationId: null, leadId: null }]);
    expect(unread.at(-1)).toBe(5);
  });

  it('stops listening when stopped', async () => {
    const host = newHost();
    const { watcher, shown } = await setup(host);
    watcher.start();
    await watcher.stop();
    secretaryCreatesLead(host, 20, 'Lucas');
    host.pull();
    await watcher.refresh();
    expect(shown).toEqual([]);
  });

  it('keeps the tray’s agenda of the day: my appointments still ahead and my open callbacks, then nothing once signed out', async () => {
    const host = replicaHost({ user: sessionUser(USERS.counselor), clock });
    cleanups.push(() => host.close());
    const { watcher, agendas, errors } = await setup(host);
    const counselor = actorOf(USERS.counselor);
    const lead = (n: string, lastName: string) => {
      const id = testId('lead', `agenda-${n}`);
      expect(host.office.perform(counselor, 'lead.create', { id, firstName: 'Karim', lastName, source: 'manual', assigneeId: USERS.counselor.id }, NOW).ok).toBe(true);
      return id;
    };
    const book = (leadId: string, n: number, startsAt: string, hostId: string) =>
      expect(
        host.office.perform(actorOf(USERS.admin), 'appointment.book', { id: testId('appointment', `agenda-${n}`), leadId, hostId, startsAt, endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(), kind: 'phone' }, NOW).ok,
      ).toBe(true);
    // 15:00 UTC is 11:00 in Montréal: one at 14:00 today, one tomorrow, one of a colleague's, one over.
    book(lead('a', 'Aujourdhui'), 1, '2026-03-10T18:00:00.000Z', USERS.counselor.id);
    book(lead('b', 'Demain'), 2, '2026-03-11T18:00:00.000Z', USERS.counselor.id);
    book(lead('c', 'Collegue'), 3, '2026-03-10T19:00:00.000Z', USERS.admin.id);
    book(lead('d', 'Passe'), 4, '2026-03-10T13:00:00.000Z', USERS.counselor.id);
    const callback = { id: testId('contact', 'agenda'), leadId: lead('e', 'Rappel'), channel: 'phone', outcome: 'no_answer', callbackAt: '2026-03-10T20:30:00.000Z' } as const;
    expect(host.office.perform(counselor, 'lead.logContact', callback, NOW).ok).toBe(true);
    host.pull();
    watcher.start();
    await watcher.refresh();
    expect(agendas.at(-1)).toEqual({
      items: [
        { at: '2026-03-10T18:00:00.000Z', leadId: testId('lead', 'agenda-a'), label: '14 h 00 · Rendez-vous · Karim Aujourdhui' },
        { at: '2026-03-10T20:30:00.000Z', leadId: testId('lead', 'agenda-e'), label: '16 h 30 · Rappel · Karim Rappel' },
      ],
      more: 0,
    });
    host.signIn(null);
    await watcher.refresh();
    expect(agendas.at(-1)).toBeNull();
    expect(errors).toEqual([]);
  });
});
