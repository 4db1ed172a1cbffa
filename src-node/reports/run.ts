import type {
  ConsultationCounts,
  ConversionRow,
  DelayFigures,
  Report,
  ReportKind,
  ReportScope,
} from '~shared/contract/reports';
import { WAITING_LIST_MAX } from '~shared/contract/reports';
import { LEAD_STATUSES, type LeadStatus } from '~shared/domain/statuses';
import { officeWeeks } from '~shared/domain/report-period';
import type { RunSql, SqlDialect } from './dialect';
import * as q from './queries';

// One report (issue 13) from its SQL to the contract's shape, on either engine: the desktop runs
// it on its replica (src-main/db/repositories/reports.ts), the server's test on PostgreSQL and
// PGlite with the same rows. Drivers differ in how they hand numbers back (PostgreSQL's counts
// and sums are bigint or numeric text): every figure goes through Number here.

export interface ReportRequest {
  report: ReportKind;
  from: string;
  to: string;
  waitingDays: number;
  /** For « waiting »: now, to count the days from. */
  now: string;
  timeZone: string;
  scope: ReportScope;
}

type Row = Record<string, unknown>;

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
/** SQLite answers the ISO text stored; PostgreSQL a Date or its own text form. */
const iso = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString();

function consultation(row: Row): ConsultationCounts {
  const done = num(row.done);
  const missed = num(row.missed);
  return { done, missed, noShowRate: done + missed === 0 ? null : missed / (done + missed) };
}

function conversion(row: Row): ConversionRow {
  const leads = num(row.leads);
  const clients = num(row.clients);
  return { leads, clients, rate: leads === 0 ? null : clients / leads };
}

function delay(row: Row | undefined): DelayFigures {
  return { count: num(row?.n), medianSeconds: numOrNull(row?.median), p90Seconds: numOrNull(row?.p90) };
}

function sum(rows: readonly ConversionRow[]): ConversionRow {
  return conversion({ leads: rows.reduce((t, r) => t + r.leads, 0), clients: rows.reduce((t, r) => t + r.clients, 0) });
}

/**
 * Adds the groups up by `key`, most leads first, ties in the key's order ('' for none): the same
 * order whichever engine answered, since it is made here.
 */
function breakdown<K extends readonly (string | null)[], T>(rows: readonly Row[], key: (row: Row) => K, shape: (key: K) => T): Array<T & ConversionRow> {
  const found = new Map<string, { key: K; leads: number; clients: number }>();
  for (const row of rows) {
    const k = key(row);
    const id = JSON.stringify(k);
    const group = found.get(id) ?? { key: k, leads: 0, clients: 0 };
    group.leads += num(row.leads);
    group.clients += num(row.clients);
    found.set(id, group);
  }
  const text = (k: K) => k.map((part) => part ?? '').join('\u0000');
  return [...found.values()]
    .sort((a, b) => b.leads - a.leads || (text(a.key) < text(b.key) ? -1 : text(a.key) > text(b.key) ? 1 : 0))
    .map((group) => ({ ...shape(group.key), ...conversion(group) }));
}

export async function runReport(run: RunSql, dialect: SqlDialect, request: ReportRequest): Promise<Report> {
  const all = async (statement: q.Statement): Promise<Row[]> => await run(statement.text, statement.params);
  const { scope } = request;
  const period = { from: request.from, to: request.to };

  switch (request.report) {
    case 'funnel': {
      const [stages] = await all(q.funnelStages(period, scope));
      const counts = new Map((await all(q.funnelByStatus(period, scope))).map((r) => [String(r.status), num(r.n)]));
      return {
        kind: 'funnel',
        stages: (['created', 'contacted', 'booked', 'attended', 'qualified', 'client'] as const).map((stage) => ({ stage, count: num(stages?.[stage]) })),
        byStatus: LEAD_STATUSES.map((status: LeadStatus) => ({ status, count: counts.get(status) ?? 0 })),
      };
    }
    case 'consultations': {
      const byCounselor = (await all(q.consultationsByHost(period, scope))).map((r) => ({
        userId: String(r.user_id),
        name: textOrNull(r.name) ?? '—',
        ...consultation(r),
      }));
      const weeks = officeWeeks(period, request.timeZone);
      const found = new Map((await all(q.consultationsByWeek(weeks, period, scope, dialect))).map((r) => [String(r.monday), r]));
      const total = consultation({ done: byCounselor.reduce((t, r) => t + r.done, 0), missed: byCounselor.reduce((t, r) => t + r.missed, 0) });
      // Every week of the period, the empty ones too: a line over weeks must not skip one.
      const byWeek = weeks.map((w) => ({ monday: w.monday, ...consultation(found.get(w.monday) ?? {}) }));
      return { kind: 'consultations', total, byCounselor, byWeek };
    }
    case 'conversion': {
      const groups = await all(q.conversionGroups(period, scope));
      const bySource = breakdown(
        groups,
        (r) => [String(r.source), textOrNull(r.campaign), textOrNull(r.batch_id), textOrNull(r.batch_name)] as const,
        ([source, campaign, batchId, batchName]) => ({ source: source as 'manual' | 'web_form' | 'import' | 'referral', campaign, batchId, batchName }),
      );
      const byCounselor = breakdown(groups, (r) => [textOrNull(r.user_id), textOrNull(r.name)] as const, ([userId, name]) => ({ userId, name }));
      const byProgramme = breakdown(groups, (r) => [textOrNull(r.programme)] as const, ([programme]) => ({ programme }));
      return { kind: 'conversion', total: sum(bySource), bySource, byCounselor, byProgramme };
    }
    case 'delays': {
      const steps = await all(q.delays(period, scope, dialect));
      const step = (n: number) => steps.find((r) => num(r.step) === n);
      return { kind: 'delays', firstContact: delay(step(1)), appointment: delay(step(2)) };
    }
    case 'payments': {
      const byMethod = (await all(q.paymentsByMethod(period, scope))).map((r) => ({
        method: String(r.method) as 'card' | 'interac' | 'cash' | 'cheque' | 'wire',
        currency: String(r.currency) as 'CAD' | 'USD' | 'EUR',
        count: num(r.n),
        sumCents: num(r.cents),
      }));
      const totals = new Map<string, { count: number; sumCents: number }>();
      for (const row of byMethod) {
        const total = totals.get(row.currency) ?? { count: 0, sumCents: 0 };
        totals.set(row.currency, { count: total.count + row.count, sumCents: total.sumCents + row.sumCents });
      }
      return { kind: 'payments', total: [...totals].map(([currency, t]) => ({ currency: currency as 'CAD' | 'USD' | 'EUR', ...t })), byMethod };
    }
    case 'waiting': {
      const before = new Date(Date.parse(request.now) - request.waitingDays * 86_400_000).toISOString();
      const leads = (await all(q.waitingLeads(before, scope, WAITING_LIST_MAX))).map((r) => ({
        id: String(r.id),
        firstName: String(r.first_name),
        lastName: String(r.last_name),
        createdAt: iso(r.created_at),
        assigneeId: textOrNull(r.assignee_id),
        assigneeName: textOrNull(r.assignee_name),
      }));
      const [count] = await all(q.waitingCount(before, scope));
      return { kind: 'waiting', days: request.waitingDays, leads, total: num(count?.n) };
    }
  }
}
