import type Database from 'better-sqlite3';
import type { Dashboard, SessionUser } from '~shared/contract/ipc';
import { AWAITING_DISPATCH_STATUSES } from '~shared/domain/dispatch';
import type { Appointment } from '~shared/domain/entities';
import { endOfOfficeDay, startOfOfficeDay } from '~shared/domain/office-time';
import { isManager } from '~shared/domain/roles';
import { rowStore } from '../rows';
import { loadSettings } from '../state-loader';
import { statement } from '../statements';
import { leadsOf } from './calendar';
import { leadWhere } from './lead-filters';
import { leadItems, statusCounts } from './leads';
import { unreadCount } from './notifications';

// "Ma journée" (issue 5): what needs the signed-in user today, in the office's time zone
// (domain.md, "Times"), and for admins and directors the office's figures (permissions.md,
// "dashboards: whole office").

/** How many leads a dashboard list shows at most; the Leads screen has the rest. */
const LIST_LIMIT = 200;

/** The user's own appointments, or with `hostId` null the whole office's (each names its host). */
function appointmentsBetween(sqlite: Database.Database, hostId: string | null, from: string, to: string): Appointment[] {
  const host = hostId === null ? '' : 'host_id = ? and ';
  return rowStore(sqlite).all(
    'appointments',
    statement(
      sqlite,
      `select * from appointments where ${host}starts_at >= ? and starts_at <= ?
       and state != 'cancelled' and deleted_at is null order by starts_at, id`,
    ),
    ...(hostId === null ? [] : [hostId]),
    from,
    to,
  );
}

/**
 * Consultations over and never marked held or missed (issue 15, point 4): still « Prévu », they
 * would otherwise appear nowhere. Oldest first, the host's own or, with `hostId` null, the office's.
 * Read through the partial index of open appointments (migration 0006).
 */
function appointmentsToClose(sqlite: Database.Database, hostId: string | null, at: string): Appointment[] {
  const host = hostId === null ? '' : ' and host_id = ?';
  return rowStore(sqlite).all(
    'appointments',
    statement(
      sqlite,
      `select * from appointments indexed by appointments_open_starts_idx
       where state = 'scheduled' and deleted_at is null and ends_at <= ?${host} order by starts_at, id limit ?`,
    ),
    at,
    ...(hostId === null ? [] : [hostId]),
    LIST_LIMIT,
  );
}

export function dashboard(sqlite: Database.Database, user: Pick<SessionUser, 'id' | 'role'>, now: Date): Dashboard {
  const { timeZone } = loadSettings(sqlite);
  const at = now.toISOString();
  const todayStart = startOfOfficeDay(at, timeZone);
  const todayEnd = endOfOfficeDay(at, timeZone);
  // The first instant after today is in tomorrow, whatever the length of today (DST).
  const tomorrowStart = new Date(Date.parse(todayEnd) + 1).toISOString();
  const tomorrowEnd = endOfOfficeDay(tomorrowStart, timeZone);
  const manager = isManager(user.role);
  // Admins and directors see the office's day (permissions.md, "dashboards: whole office"); the
  // consultations left open are the office's for them and for the secretary, who keeps the
  // calendar, and the host's own for a counselor.
  const dayHost = manager ? null : user.id;
  const closeHost = manager || user.role === 'secretary' ? null : user.id;

  // domain.md, "The secretary rule", as src-shared/domain/dispatch.ts puts it for the server's
  // alert too: a lead a secretary consulted (or evaluated since) waits to be handed to a
  // counselor; she sees hers, admins see every one (they receive the alert too).
  const awaiting = `l.deleted_at is null and l.status in (${AWAITING_DISPATCH_STATUSES.map(() => '?').join(', ')})`;
  const dispatchWhere =
    user.role === 'secretary'
      ? { from: 'leads l', sql: `${awaiting} and l.assignee_id = ?`, params: [...AWAITING_DISPATCH_STATUSES, user.id] }
      : user.role === 'admin'
        ? {
            from: 'leads l',
            sql: `${awaiting} and l.assignee_id in (select id from users where role = 'secretary' and deleted_at is null)`,
            params: [...AWAITING_DISPATCH_STATUSES],
          }
        : null;

  const callbacksDue = rowStore(sqlite).all(
    'tasks',
    statement(
      sqlite,
      `select * from tasks where owner_id = ? and due_at <= ? and kind = 'callback' and completed_at is null
       and deleted_at is null order by due_at, id`,
    ),
    user.id,
    todayEnd,
  );
  const appointmentsToday = appointmentsBetween(sqlite, dayHost, todayStart, todayEnd);
  const appointmentsTomorrow = appointmentsBetween(sqlite, dayHost, tomorrowStart, tomorrowEnd);
  const toClose = appointmentsToClose(sqlite, closeHost, at);
  return {
    callbacksDue,
    appointmentsScope: dayHost === null ? 'office' : 'mine',
    appointmentsToday,
    appointmentsTomorrow,
    toCloseScope: closeHost === null ? 'office' : 'mine',
    toClose,
    leads: leadsOf(sqlite, [...callbacksDue, ...appointmentsToday, ...appointmentsTomorrow, ...toClose]),
    toDispatch: dispatchWhere ? leadItems(sqlite, dispatchWhere, 'created_asc', LIST_LIMIT) : [],
    unreadNotifications: unreadCount(sqlite, user.id),
    myLeadsByStatus: statusCounts(sqlite, leadWhere(sqlite, { assigneeId: user.id })),
    newUnassigned: manager ? leadItems(sqlite, leadWhere(sqlite, { statuses: ['new'], unassigned: true }), 'created_desc', LIST_LIMIT) : null,
    officeByStatus: manager ? statusCounts(sqlite, leadWhere(sqlite, {})) : null,
  };
}
