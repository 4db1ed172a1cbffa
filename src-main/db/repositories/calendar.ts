import type Database from 'better-sqlite3';
import type { CalendarAppointment, CalendarLead, CalendarRange, CalendarTask } from '~shared/contract/ipc';
import { statement } from '../statements';
import { isoInstant } from './lead-filters';

// The calendar (domain.md: appointments and callbacks appear in the calendar at once): what starts
// or falls due in [from, to), for one user (host of the appointment, owner of the task) or the
// whole office. Cancelled appointments stay, with their state, so the calendar can show them
// struck through; archived rows leave. The leads they belong to come along (name and status, for
// the event's title and colour), read in one statement whatever the number of events.

export function calendarRange(
  sqlite: Database.Database,
  range: { from: string; to: string; userId?: string | null },
): CalendarRange {
  const from = isoInstant(range.from);
  const to = isoInstant(range.to);
  const forUser = range.userId ? ' and host_id = ?' : '';
  const forOwner = range.userId ? ' and owner_id = ?' : '';
  const who = range.userId ? [range.userId] : [];
  // Only the columns CalendarAppointment and CalendarTask hold (all text: no codec to apply).
  const appointments = statement(
    sqlite,
    `select id, lead_id as leadId, host_id as hostId, starts_at as startsAt, ends_at as endsAt, kind, state
     from appointments where starts_at >= ? and starts_at < ? and deleted_at is null${forUser} order by starts_at, id`,
  ).all(from, to, ...who) as CalendarAppointment[];
  const tasks = statement(
    sqlite,
    `select id, lead_id as leadId, owner_id as ownerId, kind, title, due_at as dueAt, completed_at as completedAt
     from tasks where due_at >= ? and due_at < ? and deleted_at is null${forOwner} order by due_at, id`,
  ).all(from, to, ...who) as CalendarTask[];
  return { appointments, tasks, leads: leadsOf(sqlite, [...appointments, ...tasks]) };
}

/**
 * The leads `rows` belong to (name, status, assignee), each once, in one statement whatever their
 * number: a screen listing appointments and callbacks names them without asking for each lead.
 */
export function leadsOf(sqlite: Database.Database, rows: ReadonlyArray<{ leadId: string | null }>): CalendarLead[] {
  const leadIds = [...new Set(rows.flatMap((row) => (row.leadId === null ? [] : [row.leadId])))];
  return statement(
    sqlite,
    'select id, first_name as firstName, last_name as lastName, status, assignee_id as assigneeId from leads where id in (select value from json_each(?))',
  ).all(JSON.stringify(leadIds)) as CalendarLead[];
}
