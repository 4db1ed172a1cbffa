// `npm run bench -- reports` (issue 13, point 3): each report of « Rapports » on a replica of
// 200,000 leads and 1,000,000 history rows (with the contacts, appointments, evaluations, clients
// and payments such an office has), p95 ≤ 50 ms over a month of activity. Floor: one scan of the
// tables the report reads (every row read once), in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportKind } from '~shared/contract/reports';
import { REPORT_KINDS } from '~shared/contract/reports';
import { dayRange } from '~shared/domain/report-period';
import { newReplicaKey } from '~main/db/encryption';
import { Replica } from '~main/db/replica';
import { replicaReport } from '~main/db/repositories/reports';
import { rowStore } from '~main/db/rows';
import { fakeId, fakeLeads, pick, prng } from '~shared/testing/fake-leads';
import { figure, percentile, type Reporter } from './report';

const LEADS = Number(process.env.BENCH_REPORT_LEADS ?? 200_000);
const HISTORY_PER_LEAD = 5;
const RUNS = 40;
const WARM_UP = 5;
const TZ = 'America/Toronto';
const TARGET = 'p95 ≤ 50 ms';

/** The tables each report reads: its floor scans them once. */
const TABLES: Record<ReportKind, readonly string[]> = {
  funnel: ['leads', 'contact_attempts', 'appointments', 'evaluations', 'clients'],
  consultations: ['appointments', 'users'],
  conversion: ['leads', 'clients', 'import_batches', 'users'],
  delays: ['leads', 'contact_attempts', 'appointments'],
  payments: ['payments', 'clients'],
  waiting: ['leads', 'contact_attempts', 'users'],
};

const hours = (instant: string, h: number) => new Date(Date.parse(instant) + h * 3_600_000).toISOString();

export function seed(replica: Replica, assignees: string[]): void {
  const store = rowStore(replica.sqlite);
  const random = prng(20261206);
  // Every 3 minutes by pairs from 1 January 2026: 200,000 leads reach into late July.
  const leads = fakeLeads(LEADS, { seed: 20261206, assignees, start: '2026-01-01T12:00:00.000Z' });
  let n = 0;
  const id = (kind: string) => fakeId(++n, kind);
  replica.sqlite.transaction(() => {
    for (const user of assignees) {
      store.upsert('users', { id: user, version: 1, deletedAt: null, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z', email: `${user}@bureau.test`, name: `Conseillère ${user.slice(-4)}`, role: 'counselor', active: true });
    }
    for (const lead of leads) {
      store.upsert('leads', lead);
      const base = { version: 1, deletedAt: null };
      for (let h = 0; h < HISTORY_PER_LEAD; h += 1) {
        store.upsert('history', { ...base, id: id('bbbbbbbb'), leadId: lead.id, at: hours(lead.createdAt, h * 6), actorId: null, kind: pick(random, ['created', 'status_changed', 'contact_logged', 'assigned', 'updated'] as const), before: null, after: { status: lead.status }, note: null });
      }
      if (random() < 0.6) {
        const at = hours(lead.createdAt, random() * 72);
        store.upsert('contact_attempts', { ...base, id: id('cccccccc'), createdAt: at, leadId: lead.id, userId: assignees[0]!, channel: 'phone', outcome: random() < 0.6 ? 'reached' : 'no_answer', note: null, callbackAt: null, at });
      }
      if (random() < 0.3) {
        const booked = hours(lead.createdAt, 1 + random() * 120);
        const state = pick(random, ['attended', 'attended', 'attended', 'attended', 'attended', 'missed', 'missed', 'scheduled', 'scheduled', 'cancelled'] as const);
        const startsAt = hours(booked, 48);
        const host = lead.assigneeId ?? assignees[0]!;
        store.upsert('appointments', { ...base, id: id('dddddddd'), createdAt: booked, updatedAt: booked, leadId: lead.id, hostId: host, bookedById: host, startsAt, endsAt: hours(startsAt, 1), kind: 'in_person', location: null, note: null, state, cancelReason: null, closedAt: null, reminderSentAt: null });
        if (state === 'attended' && random() < 0.6) {
          store.upsert('evaluations', { ...base, id: id('eeeeeeee'), createdAt: startsAt, leadId: lead.id, result: 'qualified', procedureIds: [], notes: '', evaluatedById: host });
          if (random() < 0.4) {
            const clientId = id('ffffffff');
            const convertedAt = hours(startsAt, 72);
            store.upsert('clients', { ...base, id: clientId, createdAt: convertedAt, updatedAt: convertedAt, leadId: lead.id, fileNumber: `2026-${n}`, ownerId: host, convertedAt, convertedById: host });
            store.upsert('payments', { ...base, id: id('99999999'), createdAt: convertedAt, clientId, leadId: lead.id, amountCents: 50_000 + Math.floor(random() * 200_000), currency: 'CAD', method: pick(random, ['card', 'interac', 'cash', 'cheque', 'wire'] as const), paidAt: convertedAt, recordedById: host });
          }
        }
      }
    }
  })();
}

function time(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

export async function run(reporter: Reporter): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bureau-bench-reports-'));
  const replica = Replica.open(join(dir, 'replica.sqlite'), { key: newReplicaKey() });
  try {
    const assignees = Array.from({ length: 6 }, (_, i) => fakeId(i + 1, 'aaaaaaaa'));
    const written = performance.now();
    seed(replica, assignees);
    const history = replica.sqlite.prepare('select count(*) from history').pluck().get() as number;
    reporter.add(figure('reports', `seed-${LEADS}-leads-${history}-history`, (performance.now() - written) / 1000, 's', null, 'information'));

    // A busy month (about 29,000 new leads) and a week of it, in the office's calendar.
    const periods = { month: dayRange('2026-05-01', '2026-05-31', TZ), week: dayRange('2026-05-11', '2026-05-17', TZ) };
    for (const [periodName, period] of Object.entries(periods)) {
      for (const report of REPORT_KINDS) {
        const ask = (scope: 'office' | 'own') =>
          replicaReport(replica.sqlite, {
            report,
            ...period,
            waitingDays: 7,
            now: '2026-06-01T16:00:00.000Z',
            timeZone: TZ,
            scope: scope === 'office' ? { kind: 'office' } : { kind: 'own', userId: assignees[1]! },
          });
        const times: number[] = [];
        for (let i = 0; i < WARM_UP + RUNS; i += 1) {
          const started = performance.now();
          // Both scopes, alternately: a director's office and a counselor's own figures.
          await ask(i % 2 === 0 ? 'office' : 'own');
          if (i >= WARM_UP) times.push(performance.now() - started);
        }
        const scans = TABLES[report].map((table) => replica.sqlite.prepare(`select sum(length(id)) from ${table}`));
        const floors = Array.from({ length: 5 }, () => time(() => scans.forEach((s) => s.get())));
        reporter.add(figure('reports', `${report}-${periodName}-p95`, percentile(times, 95), 'ms', percentile(floors, 50), TARGET));
      }
    }
  } finally {
    replica.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
