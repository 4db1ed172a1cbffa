import type { ReportScope } from '~shared/contract/reports';
import type { OfficeWeek } from '~shared/domain/report-period';
import { LEAD_STATUSES } from '~shared/domain/statuses';
import type { SqlDialect } from './dialect';

// The reports' SQL (issue 13, point 3), one text per question for both engines (dialect.ts says
// what differs). Every statement filters live rows (`deleted_at is null`) and a half-open period
// [from, to) of instants computed in the office's time zone by the caller. `?` parameters only.
// Orders never leave a NULL to the engine (SQLite sorts them first, PostgreSQL last): the same
// data answers the same rows in the same order on both.

export interface Statement {
  text: string;
  params: unknown[];
}

interface Period {
  from: string;
  to: string;
}

/** Leads created in the period, within the scope: `leads l`. */
function periodLeads(period: Period, scope: ReportScope): Statement {
  const own = scope.kind === 'own';
  return {
    text: `l.deleted_at is null and l.created_at >= ? and l.created_at < ?${own ? ' and l.assignee_id = ?' : ''}`,
    params: own ? [period.from, period.to, scope.userId] : [period.from, period.to],
  };
}

const isClient = 'exists (select 1 from clients k where k.lead_id = l.id and k.deleted_at is null)';
const flag = (condition: string) => `sum(case when ${condition} then 1 else 0 end)`;
const bit = (condition: string) => `case when ${condition} then 1 else 0 end`;

/**
 * Each stage by its own record, so the funnel says what happened, not what the status says now.
 * Each of the period's leads is probed once per table, into a materialised row (otherwise both
 * engines may inline a probe into every sum that reads it): its appointments in one probe that
 * says both « booked » (any) and « attended » (1). Grouping each table by lead and joining back
 * measured slower on SQLite: it reads every table whole (docs/benchmarks.md).
 */
export function funnelStages(period: Period, scope: ReportScope): Statement {
  const where = periodLeads(period, scope);
  const reached = "exists (select 1 from contact_attempts c where c.lead_id = l.id and c.deleted_at is null and c.outcome = 'reached')";
  const appointments = "(select max(case when a.state = 'attended' then 1 else 0 end) from appointments a where a.lead_id = l.id and a.deleted_at is null)";
  const qualified = "exists (select 1 from evaluations e where e.lead_id = l.id and e.deleted_at is null and e.result = 'qualified')";
  return {
    text: `with f as materialized (select ${bit(reached)} as reached, ${appointments} as attended, ${bit(qualified)} as qualified, ${bit(isClient)} as client
        from leads l where ${where.text})
      select count(*) as created, ${flag('reached = 1 or attended is not null')} as contacted, count(attended) as booked,
        coalesce(sum(attended), 0) as attended, coalesce(sum(qualified), 0) as qualified, coalesce(sum(client), 0) as client
      from f`,
    params: where.params,
  };
}

/**
 * The period's leads by status. The report shows the known statuses only, and naming them lets
 * SQLite read one range of the Leads screen's index per status (status, created_at, … assignee),
 * which holds every column used, instead of the table's row for each lead's status: about a
 * quarter of the funnel's time at 30,000 leads a month (docs/benchmarks.md).
 */
export function funnelByStatus(period: Period, scope: ReportScope): Statement {
  const where = periodLeads(period, scope);
  const statuses = LEAD_STATUSES.map(() => '?').join(', ');
  return {
    text: `select l.status as status, count(*) as n from leads l where l.status in (${statuses}) and ${where.text} group by l.status`,
    params: [...LEAD_STATUSES, ...where.params],
  };
}

/** Closed consultations whose appointment started in the period. */
function closedAppointments(period: Period, scope: ReportScope): Statement {
  const own = scope.kind === 'own';
  return {
    text: `a.deleted_at is null and a.starts_at >= ? and a.starts_at < ? and a.state in ('attended', 'missed')${own ? ' and a.host_id = ?' : ''}`,
    params: own ? [period.from, period.to, scope.userId] : [period.from, period.to],
  };
}

const doneMissed = "sum(case when a.state = 'attended' then 1 else 0 end) as done, sum(case when a.state = 'missed' then 1 else 0 end) as missed";

export function consultationsByHost(period: Period, scope: ReportScope): Statement {
  const where = closedAppointments(period, scope);
  return {
    text: `select a.host_id as user_id, u.name as name, ${doneMissed}
      from appointments a left join users u on u.id = a.host_id
      where ${where.text} group by a.host_id, u.name order by coalesce(u.name, ''), a.host_id`,
    params: where.params,
  };
}

/** By office week: the weeks' bounds travel as a VALUES list (office midnights, computed by the caller). */
export function consultationsByWeek(weeks: readonly OfficeWeek[], period: Period, scope: ReportScope, dialect: SqlDialect): Statement {
  const where = closedAppointments(period, scope);
  const instant = dialect.instantParam();
  const values = weeks.map(() => `(?, ${instant}, ${instant})`).join(', ');
  return {
    text: `select w.column1 as monday, ${doneMissed}
      from (values ${values}) w
      join appointments a on a.starts_at >= w.column2 and a.starts_at < w.column3
      where ${where.text} group by w.column1 order by w.column1`,
    params: [...weeks.flatMap((w) => [w.monday, w.from, w.to]), ...where.params],
  };
}

/**
 * Leads and clients by every breakdown at once (source with its campaign or import batch,
 * counselor, programme): one pass over the period's leads, each probed once for its client file,
 * grouped first and only then named (the batch's file, the counselor's name: one look-up per group,
 * not per lead); the caller adds the groups up per breakdown (a few hundred rows at most).
 */
export function conversionGroups(period: Period, scope: ReportScope): Statement {
  const where = periodLeads(period, scope);
  // The web form by its UTM campaign, each import batch on its own, manual and referral whole.
  const campaign = "case when l.source = 'web_form' then l.utm_campaign end";
  const batch = "case when l.source = 'import' then l.import_batch_id end";
  return {
    text: `select g.source as source, g.campaign as campaign, g.batch_id as batch_id, b.file_name as batch_name,
        g.user_id as user_id, u.name as name, g.programme as programme, g.leads as leads, g.clients as clients
      from (select l.source as source, ${campaign} as campaign, ${batch} as batch_id, l.assignee_id as user_id,
          l.program_of_interest as programme, count(*) as leads, ${flag(isClient)} as clients
        from leads l where ${where.text}
        group by l.source, ${campaign}, ${batch}, l.assignee_id, l.program_of_interest) g
      left join import_batches b on b.id = g.batch_id
      left join users u on u.id = g.user_id`,
    params: where.params,
  };
}

/**
 * Both delays (creation → first contact, creation → first appointment booked), each with its
 * median and 90th percentile by nearest rank (the value at rank ⌈p·n⌉, written `(p·n + 99) / 100`
 * in integer division, which both engines share). One row per step: 1 the first contact, 2 the
 * appointment; no row for a step nothing reached.
 *
 * One pass over the period's leads: each is probed once per table into a materialised row of two
 * delays in seconds (materialised, or SQLite inlines each probe wherever the row is read); each
 * step is then ranked by one `row_number` and its count read from a one-row table rather than a
 * second window (`count(*) over ()` buffered every row again: a fifth of the statement's time).
 */
export function delays(period: Period, scope: ReportScope, dialect: SqlDialect): Statement {
  const where = periodLeads(period, scope);
  const contact = '(select min(c.at) from contact_attempts c where c.lead_id = l.id and c.deleted_at is null)';
  const booked = '(select min(a.created_at) from appointments a where a.lead_id = l.id and a.deleted_at is null)';
  const rank = (step: number, column: 'contact' | 'booked') =>
    `select ${step} as step, max(n.${column}) as n, max(case when r.rn = (50 * n.${column} + 99) / 100 then r.s end) as median,
        max(case when r.rn = (90 * n.${column} + 99) / 100 then r.s end) as p90
      from (select ${column} as s, row_number() over (order by ${column}) as rn from f where ${column} is not null) r cross join n`;
  return {
    text: `with f as materialized (select ${dialect.seconds(contact, 'l.created_at')} as contact, ${dialect.seconds(booked, 'l.created_at')} as booked
        from leads l where ${where.text}),
      n as materialized (select count(contact) as contact, count(booked) as booked from f)
      ${rank(1, 'contact')}
      union all ${rank(2, 'booked')}`,
    params: where.params,
  };
}

export function paymentsByMethod(period: Period, scope: ReportScope): Statement {
  const own = scope.kind === 'own';
  return {
    text: `select p.method as method, p.currency as currency, count(*) as n, sum(p.amount_cents) as cents
      from payments p
      where p.deleted_at is null and p.paid_at >= ? and p.paid_at < ?${own ? ' and exists (select 1 from clients k where k.id = p.client_id and k.owner_id = ?)' : ''}
      group by p.method, p.currency order by sum(p.amount_cents) desc, p.method`,
    params: own ? [period.from, period.to, scope.userId] : [period.from, period.to],
  };
}

/**
 * Leads nobody has contacted yet, created before `before`: still « Nouveau » (every contact
 * logged moves a lead out of it, domain.md) and without any contact attempt.
 */
function waitingWhere(before: string, scope: ReportScope): Statement {
  const own = scope.kind === 'own';
  return {
    text: `l.deleted_at is null and l.status = 'new' and l.created_at < ?${own ? ' and l.assignee_id = ?' : ''}
      and not exists (select 1 from contact_attempts c where c.lead_id = l.id and c.deleted_at is null)`,
    params: own ? [before, scope.userId] : [before],
  };
}

export function waitingLeads(before: string, scope: ReportScope, limit: number): Statement {
  const where = waitingWhere(before, scope);
  return {
    text: `select l.id as id, l.first_name as first_name, l.last_name as last_name, l.created_at as created_at,
        l.assignee_id as assignee_id, u.name as assignee_name
      from leads l left join users u on u.id = l.assignee_id
      where ${where.text} order by l.created_at, l.id limit ?`,
    params: [...where.params, limit],
  };
}

export function waitingCount(before: string, scope: ReportScope): Statement {
  const where = waitingWhere(before, scope);
  return { text: `select count(*) as n from leads l where ${where.text}`, params: where.params };
}
