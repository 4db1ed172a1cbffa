import { afterAll, describe, expect, it } from 'vitest';
import type { Put } from '~shared/domain/entities';
import {
  DEFAULT_TEST_SETTINGS,
  USERS,
  appointment,
  lead,
  notification,
  task,
  testId,
} from '~shared/testing/builders';
import { awaitsDispatch } from '~shared/domain/dispatch';
import { openLocalDatabase } from '../migrate';
import { rowStore } from '../rows';
import { dashboard } from './dashboard';
import { emptyStatusCounts } from './leads';

// "Ma journée" by role (issue 5; domain.md "The secretary rule"; permissions.md "dashboards").
// Montréal is on daylight time from 8 March 2026: 15:00 UTC on 10 March is 11:00 at the office,
// and the office's day runs from 04:00 UTC to 03:59:59.999 UTC the next morning.

const NOW = new Date('2026-03-10T15:00:00.000Z');
const { counselor: marie, counselor2: julie, secretary: sophie, secretary2: sarah, admin, director } = USERS;
const id = (kind: string, name: string) => testId(kind, `dash-${name}`);

const rows: Put[] = [
  ...Object.values(USERS).map((row): Put => ({ table: 'users', row })),
  { table: 'settings', row: DEFAULT_TEST_SETTINGS },
  // Leads
  ...[
    lead({ id: id('lead', 'sophie-consulted'), status: 'consultation_done', assigneeId: sophie.id }),
    lead({ id: id('lead', 'sarah-consulted'), status: 'consultation_done', assigneeId: sarah.id }),
    lead({ id: id('lead', 'marie-consulted'), status: 'consultation_done', assigneeId: marie.id }),
    // Evaluated by the secretary herself, either way: still hers to hand on (docs/decisions.md).
    lead({ id: id('lead', 'sophie-qualified'), status: 'qualified', assigneeId: sophie.id }),
    lead({ id: id('lead', 'sophie-not-qualified'), status: 'not_qualified', assigneeId: sophie.id }),
    lead({ id: id('lead', 'sophie-not-interested'), status: 'not_interested', assigneeId: sophie.id }),
    lead({ id: id('lead', 'sophie-archived'), status: 'consultation_done', assigneeId: sophie.id, deletedAt: '2026-03-01T00:00:00.000Z' }),
    lead({ id: id('lead', 'marie-qualified'), status: 'qualified', assigneeId: marie.id }),
    lead({ id: id('lead', 'marie-new'), status: 'new', assigneeId: marie.id }),
    lead({ id: id('lead', 'marie-contacted'), status: 'contacted', assigneeId: marie.id }),
    lead({ id: id('lead', 'marie-archived'), status: 'contacted', assigneeId: marie.id, deletedAt: '2026-03-01T00:00:00.000Z' }),
    lead({ id: id('lead', 'new-1'), status: 'new', createdAt: '2026-03-09T10:00:00.000Z' }),
    lead({ id: id('lead', 'new-2'), status: 'new', createdAt: '2026-03-10T10:00:00.000Z' }),
    lead({ id: id('lead', 'new-archived'), status: 'new', deletedAt: '2026-03-01T00:00:00.000Z' }),
    lead({ id: id('lead', 'unassigned-contacted'), status: 'contacted' }),
  ].map((row): Put => ({ table: 'leads', row })),
  // Marie's appointments, and others that are not hers for today
  ...[
    appointment({ id: id('appt', 'today-late'), hostId: marie.id, startsAt: '2026-03-11T02:00:00.000Z', endsAt: '2026-03-11T03:00:00.000Z' }),
    appointment({ id: id('appt', 'today-early'), leadId: id('lead', 'marie-contacted'), hostId: marie.id, startsAt: '2026-03-10T13:00:00.000Z', endsAt: '2026-03-10T14:00:00.000Z', state: 'attended' }),
    appointment({ id: id('appt', 'today-cancelled'), hostId: marie.id, startsAt: '2026-03-10T18:00:00.000Z', endsAt: '2026-03-10T19:00:00.000Z', state: 'cancelled' }),
    appointment({ id: id('appt', 'tomorrow-night'), leadId: id('lead', 'marie-new'), hostId: marie.id, startsAt: '2026-03-11T05:00:00.000Z', endsAt: '2026-03-11T06:00:00.000Z' }),
    appointment({ id: id('appt', 'after-tomorrow'), hostId: marie.id, startsAt: '2026-03-12T04:00:00.000Z', endsAt: '2026-03-12T05:00:00.000Z' }),
    appointment({ id: id('appt', 'julie-today'), hostId: julie.id, startsAt: '2026-03-10T16:00:00.000Z', endsAt: '2026-03-10T17:00:00.000Z' }),
    // Over and never closed: still « Prévu » (issue 15, point 4); and one over but cancelled.
    appointment({ id: id('appt', 'marie-over'), hostId: marie.id, startsAt: '2026-03-09T14:00:00.000Z', endsAt: '2026-03-09T15:00:00.000Z' }),
    appointment({ id: id('appt', 'julie-over'), hostId: julie.id, startsAt: '2026-03-10T13:30:00.000Z', endsAt: '2026-03-10T14:30:00.000Z' }),
    appointment({ id: id('appt', 'julie-over-cancelled'), hostId: julie.id, startsAt: '2026-03-08T13:30:00.000Z', endsAt: '2026-03-08T14:30:00.000Z', state: 'cancelled' }),
    appointment({ id: id('appt', 'julie-over-deleted'), hostId: julie.id, startsAt: '2026-03-08T15:30:00.000Z', endsAt: '2026-03-08T16:30:00.000Z', deletedAt: '2026-03-09T00:00:00.000Z' }),
    // Begun, not over: not yet to close.
    appointment({ id: id('appt', 'sophie-running'), hostId: sophie.id, startsAt: '2026-03-10T14:30:00.000Z', endsAt: '2026-03-10T15:30:00.000Z' }),
  ].map((row): Put => ({ table: 'appointments', row })),
  // Marie's callbacks
  ...[
    task({ id: id('task', 'late-tonight'), kind: 'callback', ownerId: marie.id, dueAt: '2026-03-11T03:30:00.000Z' }),
    task({ id: id('task', 'overdue'), kind: 'callback', leadId: id('lead', 'marie-contacted'), ownerId: marie.id, dueAt: '2026-03-08T14:00:00.000Z' }),
    task({ id: id('task', 'tomorrow'), kind: 'callback', ownerId: marie.id, dueAt: '2026-03-11T04:30:00.000Z' }),
    task({ id: id('task', 'done'), kind: 'callback', ownerId: marie.id, dueAt: '2026-03-10T14:00:00.000Z', completedAt: '2026-03-10T14:05:00.000Z' }),
    task({ id: id('task', 'todo'), kind: 'todo', ownerId: marie.id, dueAt: '2026-03-10T14:00:00.000Z' }),
    task({ id: id('task', 'julie'), kind: 'callback', ownerId: julie.id, dueAt: '2026-03-10T14:00:00.000Z' }),
  ].map((row): Put => ({ table: 'tasks', row })),
  ...[
    notification({ id: id('notification', 'marie-1'), userId: marie.id }),
    notification({ id: id('notification', 'marie-2'), userId: marie.id }),
    notification({ id: id('notification', 'marie-read'), userId: marie.id, readAt: '2026-03-10T14:00:00.000Z' }),
    notification({ id: id('notification', 'admin-1'), userId: admin.id }),
  ].map((row): Put => ({ table: 'notifications', row })),
];

const { sqlite } = openLocalDatabase(':memory:');
afterAll(() => sqlite.close());
for (const put of rows) rowStore(sqlite).upsert(put.table, put.row);

const ids = (list: ReadonlyArray<{ id: string }> | null) => list?.map((x) => x.id) ?? null;

describe('dashboard', () => {
  it('gives a counselor her callbacks due by tonight, her appointments of today and tomorrow, office time', () => {
    const mine = dashboard(sqlite, marie, NOW);
    expect(ids(mine.callbacksDue)).toEqual([id('task', 'overdue'), id('task', 'late-tonight')]);
    expect(ids(mine.appointmentsToday)).toEqual([id('appt', 'today-early'), id('appt', 'today-late')]);
    expect(ids(mine.appointmentsTomorrow)).toEqual([id('appt', 'tomorrow-night')]);
    expect(mine.unreadNotifications).toBe(2);
    expect(mine.myLeadsByStatus).toEqual({ ...emptyStatusCounts(), new: 1, contacted: 1, consultation_done: 1, qualified: 1 });
    expect(mine.toDispatch).toEqual([]);
    expect(mine.newUnassigned).toBeNull();
    expect(mine.officeByStatus).toBeNull();
  });

  it('names the leads of its callbacks and appointments in its answer, each once; a lead not in the replica is not named', () => {
    const mine = dashboard(sqlite, marie, NOW);
    // today-early and the overdue callback share a lead; the other rows' lead is not in the replica.
    expect(mine.leads).toEqual(
      expect.arrayContaining([
        { id: id('lead', 'marie-contacted'), firstName: expect.any(String), lastName: expect.any(String), status: 'contacted', assigneeId: marie.id },
        { id: id('lead', 'marie-new'), firstName: expect.any(String), lastName: expect.any(String), status: 'new', assigneeId: marie.id },
      ]),
    );
    expect(mine.leads).toHaveLength(2);
  });

  it('lists a secretary’s consulted leads to hand to a counselor, evaluated or not, hers only', () => {
    const hers = dashboard(sqlite, sophie, NOW);
    expect(ids(hers.toDispatch)?.sort()).toEqual([id('lead', 'sophie-consulted'), id('lead', 'sophie-qualified'), id('lead', 'sophie-not-qualified')].sort());
    expect(hers.toDispatch.find((l) => l.id === id('lead', 'sophie-consulted'))).toMatchObject({ status: 'consultation_done', assigneeId: sophie.id, pending: false });
    // The same rule as the server's daily alert.
    expect(hers.toDispatch.every((l) => awaitsDispatch({ ...l, deletedAt: null }, sophie))).toBe(true);
    expect(hers.myLeadsByStatus.consultation_done).toBe(1);
    expect(hers.newUnassigned).toBeNull();
  });

  it('gives admins every lead waiting for dispatch, the new unassigned leads and the office’s counts', () => {
    const office = dashboard(sqlite, admin, NOW);
    expect(ids(office.toDispatch)?.sort()).toEqual(
      [id('lead', 'sophie-consulted'), id('lead', 'sophie-qualified'), id('lead', 'sophie-not-qualified'), id('lead', 'sarah-consulted')].sort(),
    );
    expect(ids(office.newUnassigned)).toEqual([id('lead', 'new-2'), id('lead', 'new-1')]);
    expect(office.officeByStatus).toEqual({ ...emptyStatusCounts(), new: 3, contacted: 2, consultation_done: 3, qualified: 2, not_qualified: 1, not_interested: 1 });
    expect(office.unreadNotifications).toBe(1);
  });

  it('gives directors the office’s figures; the dispatch alert is the secretaries’ and admins’', () => {
    const view = dashboard(sqlite, director, NOW);
    expect(view.toDispatch).toEqual([]);
    expect(ids(view.newUnassigned)).toEqual([id('lead', 'new-2'), id('lead', 'new-1')]);
    expect(view.officeByStatus?.new).toBe(3);
  });

  it('gives admins and directors the office’s day, every host’s appointments (issue 15, point 7)', () => {
    const officeToday = [id('appt', 'today-early'), id('appt', 'julie-over'), id('appt', 'sophie-running'), id('appt', 'julie-today'), id('appt', 'today-late')];
    for (const manager of [admin, director]) {
      const view = dashboard(sqlite, manager, NOW);
      expect(view.appointmentsScope).toBe('office');
      expect(ids(view.appointmentsToday)).toEqual(officeToday);
      expect(ids(view.appointmentsTomorrow)).toEqual([id('appt', 'tomorrow-night')]);
    }
    // A counselor and the secretary keep their own day.
    expect(dashboard(sqlite, julie, NOW)).toMatchObject({ appointmentsScope: 'mine' });
    expect(ids(dashboard(sqlite, julie, NOW).appointmentsToday)).toEqual([id('appt', 'julie-over'), id('appt', 'julie-today')]);
    expect(ids(dashboard(sqlite, sophie, NOW).appointmentsToday)).toEqual([id('appt', 'sophie-running')]);
  });

  it('lists the consultations over and never closed: the host’s own, the office’s for managers and the secretary (issue 15, point 4)', () => {
    expect(dashboard(sqlite, marie, NOW)).toMatchObject({ toCloseScope: 'mine' });
    expect(ids(dashboard(sqlite, marie, NOW).toClose)).toEqual([id('appt', 'marie-over')]);
    expect(ids(dashboard(sqlite, julie, NOW).toClose)).toEqual([id('appt', 'julie-over')]);
    for (const user of [admin, director, sophie]) {
      const view = dashboard(sqlite, user, NOW);
      expect(view.toCloseScope).toBe('office');
      expect(ids(view.toClose)).toEqual([id('appt', 'marie-over'), id('appt', 'julie-over')]);
    }
    // Once it is over, the running one joins them.
    expect(ids(dashboard(sqlite, sophie, new Date('2026-03-10T15:30:00.000Z')).toClose)).toContain(id('appt', 'sophie-running'));
  });

  it('follows the office day across midnight UTC', () => {
    // 02:30 UTC on 11 March is still 22:30 on 10 March in Montréal.
    const lateEvening = dashboard(sqlite, marie, new Date('2026-03-11T02:30:00.000Z'));
    expect(ids(lateEvening.appointmentsToday)).toEqual([id('appt', 'today-early'), id('appt', 'today-late')]);
  });
});
