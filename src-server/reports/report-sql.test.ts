import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_KINDS, type Report, type ReportKind, type ReportScope } from '~shared/contract/reports';
import { USERS } from '~shared/testing/builders';
import { SETTINGS_ID, type Put } from '~shared/domain/entities';
import { DEFAULT_TEST_SETTINGS } from '~shared/testing/builders';
import { POSTGRES, SQLITE, numberedParams } from '~node/reports/dialect';
import { runReport } from '~node/reports/run';
import { MARCH, REPORT_LEAD, REPORT_NOW, REPORT_OFFICE } from '~shared/testing/report-office';
// The one test that runs the reports' SQL on both engines with the same rows (issue 13, point 3):
// the desktop's replica schema comes from src-main, as schema-parity.test.ts reads it.
// eslint-disable-next-line no-restricted-imports
import { ReferenceOffice } from '~main/testing/reference-office';
// eslint-disable-next-line no-restricted-imports
import { sqliteRunner } from '~main/db/repositories/reports';
import { writePuts } from '../db/puts';
import { TEST_BACKENDS, openTestDatabase, type OpenTestDatabase } from '../testing/databases';

// Issue 13, points 3 and 4: figures of a small office for March 2026 (Montréal), worked out by
// hand from src-shared/testing/report-office.ts, on the replica's SQLite; then the same SQL on
// PostgreSQL and PGlite gives the same figures from the same rows.

const TZ = 'America/Toronto';
const marie = USERS.counselor.id;
const julie = USERS.counselor2.id;
const SEED: Put[] = [
  ...Object.values(USERS).map((row): Put => ({ table: 'users', row })),
  { table: 'settings', row: { ...DEFAULT_TEST_SETTINGS, id: SETTINGS_ID } },
  ...REPORT_OFFICE,
];

const request = (report: ReportKind, scope: ReportScope = { kind: 'office' }) => ({ report, ...MARCH, waitingDays: 7, now: REPORT_NOW, timeZone: TZ, scope });

let sqlite: ReferenceOffice;
beforeAll(() => {
  sqlite = new ReferenceOffice(SEED);
});
afterAll(() => sqlite.close());

const onSqlite = (report: ReportKind, scope?: ReportScope) => runReport(sqliteRunner(sqlite.sqlite), SQLITE, request(report, scope));

describe('the reports on the replica (SQLite), against figures worked out by hand', () => {
  it('funnel: March’s six leads (the one created at 23:30 on the 31st included), each stage by its record', async () => {
    const report = await onSqlite('funnel');
    expect(report).toEqual({
      kind: 'funnel',
      // A cancelled appointment was booked all the same, and booking means the person was reached.
      stages: [
        { stage: 'created', count: 6 },
        { stage: 'contacted', count: 4 },
        { stage: 'booked', count: 4 },
        { stage: 'attended', count: 2 },
        { stage: 'qualified', count: 2 },
        { stage: 'client', count: 2 },
      ],
      byStatus: expect.arrayContaining([
        { status: 'new', count: 2 },
        { status: 'to_recontact', count: 1 },
        { status: 'consultation_missed', count: 1 },
        { status: 'client', count: 2 },
        { status: 'contacted', count: 0 },
      ]),
    });
    expect((report as Extract<Report, { kind: 'funnel' }>).byStatus).toHaveLength(10);
  });

  it('consultations: done and missed by host and by office week, no-shows over closed ones', async () => {
    expect(await onSqlite('consultations')).toEqual({
      kind: 'consultations',
      total: { done: 3, missed: 1, noShowRate: 0.25 },
      byCounselor: [
        { userId: julie, name: USERS.counselor2.name, done: 1, missed: 0, noShowRate: 0 },
        { userId: marie, name: USERS.counselor.name, done: 2, missed: 1, noShowRate: 1 / 3 },
      ],
      byWeek: [
        { monday: '2026-02-23', done: 0, missed: 0, noShowRate: null },
        { monday: '2026-03-02', done: 1, missed: 0, noShowRate: 0 },
        { monday: '2026-03-09', done: 1, missed: 1, noShowRate: 0.5 },
        { monday: '2026-03-16', done: 1, missed: 0, noShowRate: 0 },
        { monday: '2026-03-23', done: 0, missed: 0, noShowRate: null },
        { monday: '2026-03-30', done: 0, missed: 0, noShowRate: null },
      ],
    });
  });

  it('conversion: by source (campaign, import batch), by counselor and by programme', async () => {
    expect(await onSqlite('conversion')).toEqual({
      kind: 'conversion',
      total: { leads: 6, clients: 2, rate: 2 / 6 },
      bySource: [
        { source: 'manual', campaign: null, batchId: null, batchName: null, leads: 2, clients: 1, rate: 0.5 },
        { source: 'web_form', campaign: 'printemps', batchId: null, batchName: null, leads: 2, clients: 0, rate: 0 },
        { source: 'import', campaign: null, batchId: expect.any(String), batchName: 'salon.xlsx', leads: 1, clients: 0, rate: 0 },
        { source: 'web_form', campaign: null, batchId: null, batchName: null, leads: 1, clients: 1, rate: 1 },
      ],
      byCounselor: [
        { userId: marie, name: USERS.counselor.name, leads: 3, clients: 2, rate: 2 / 3 },
        { userId: julie, name: USERS.counselor2.name, leads: 2, clients: 0, rate: 0 },
        { userId: null, name: null, leads: 1, clients: 0, rate: 0 },
      ],
      byProgramme: [
        { programme: null, leads: 2, clients: 0, rate: 0 },
        { programme: 'Entrée express', leads: 2, clients: 1, rate: 0.5 },
        { programme: 'PEQ', leads: 2, clients: 1, rate: 0.5 },
      ],
    });
  });

  it('delays: median and 90th percentile by nearest rank', async () => {
    // First contacts after 1, 2, 4 and 10 hours; first bookings after 2, 24, 30 and 48 hours.
    expect(await onSqlite('delays')).toEqual({
      kind: 'delays',
      firstContact: { count: 4, medianSeconds: 2 * 3600, p90Seconds: 10 * 3600 },
      appointment: { count: 4, medianSeconds: 24 * 3600, p90Seconds: 48 * 3600 },
    });
  });

  it('payments: received in the period, by method, April’s left out', async () => {
    expect(await onSqlite('payments')).toEqual({
      kind: 'payments',
      total: [{ currency: 'CAD', count: 2, sumCents: 200_000 }],
      byMethod: [
        { method: 'card', currency: 'CAD', count: 1, sumCents: 150_000 },
        { method: 'interac', currency: 'CAD', count: 1, sumCents: 50_000 },
      ],
    });
  });

  it('waiting: « Nouveau » leads without any contact for more than seven days, oldest first, archived left out', async () => {
    const report = await onSqlite('waiting');
    expect(report).toMatchObject({ kind: 'waiting', days: 7, total: 2, leads: [{ id: REPORT_LEAD(10), lastName: 'Rapport10' }, { id: REPORT_LEAD(4), assigneeName: USERS.counselor2.name }] });
  });

  it('a counselor’s own figures: her leads, the consultations she hosts, the payments of her clients', async () => {
    const own: ReportScope = { kind: 'own', userId: marie };
    expect(await onSqlite('funnel', own)).toMatchObject({ stages: [{ count: 3 }, { count: 3 }, { count: 3 }, { count: 2 }, { count: 2 }, { count: 2 }] });
    expect(await onSqlite('consultations', own)).toMatchObject({ total: { done: 2, missed: 1 }, byCounselor: [{ userId: marie }] });
    expect(await onSqlite('payments', own)).toMatchObject({ total: [{ count: 1, sumCents: 150_000 }] });
    expect(await onSqlite('waiting', own)).toMatchObject({ total: 0, leads: [] });
    expect(await onSqlite('waiting', { kind: 'own', userId: julie })).toMatchObject({ total: 1, leads: [{ id: REPORT_LEAD(4) }] });
  });
});

describe.each(TEST_BACKENDS)('the same SQL on the server ($name)', (backend) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(backend);
    await t.db.writeTransaction((tx, versions) => writePuts(tx, versions, SEED));
  });
  afterAll(() => t.dispose());

  const scopes: ReportScope[] = [{ kind: 'office' }, { kind: 'own', userId: marie }, { kind: 'own', userId: julie }];
  it.each(REPORT_KINDS)('%s gives the replica’s figures', async (report) => {
    for (const scope of scopes) {
      const onServer = await runReport((text, params) => t.db.query(numberedParams(text), [...params]), POSTGRES, request(report, scope));
      expect(onServer).toEqual(await onSqlite(report, scope));
    }
  });
});
