import type Database from 'better-sqlite3';
import type { Dashboard, SessionUser } from '../../../src-shared/contract/ipc';
import { AWAITING_DISPATCH_STATUSES } from '../../../src-shared/domain/dispatch';
import type { Appointment } from '../../../src-shared/domain/entities';
import { endOfOfficeDay, startOfOfficeDay } from '../../../src-shared/domain/office-time';
import { isManager } from '../../../src-shared/domain/roles';
import { rowStore } from '../rows';
import { loadSettings } from '../state-loader';
import { statement } from '../statements';
import { leadWhere } from './lead-filters';
import { leadItems, statusCounts } from './leads';
import { unreadCount } from './notifications';

// "Ma journée" (issue 5): what needs the signed-in user today, in the office's time zone
// (domain.md, "Times"), and for admins and directors the office's figures (permissions.md,
// "dashboards: whole office").

/** How many leads a dashboard list shows at most; the Leads screen has the rest. */
const LIST_LIMIT = 200;

function appointmentsBetween(sqlite: Database.Database, hostId: string, from: string, to: string): Appointment[] {
  return rowStore(sqlite).all(
    'appointments',
    statement(
      sqlite,
      `select * from appointments where host_id = ? and starts_at >= ? and starts_at <= ?
       and state != 'cancelled' and deleted_at is null order by starts_at, id`,
    ),
    hostId,
    from,
    to,
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

  return {
    callbacksDue: rowStore(sqlite).all(
      'tasks',
      statement(
        sqlite,
        `select * from tasks where owner_id = ? and due_at <= ? and kind = 'callback' and completed_at is null
         and deleted_at is null order by due_at, id`,
      ),
      user.id,
      todayEnd,
    ),
    appointmentsToday: appointmentsBetween(sqlite, user.id, todayStart, todayEnd),
    appointmentsTomorrow: appointmentsBetween(sqlite, user.id, tomorrowStart, tomorrowEnd),
    toDispatch: dispatchWhere ? leadItems(sqlite, dispatchWhere, 'created_asc', LIST_LIMIT) : [],
    unreadNotifications: unreadCount(sqlite, user.id),
    myLeadsByStatus: statusCounts(sqlite, leadWhere(sqlite, { assigneeId: user.id })),
    newUnassigned: manager ? leadItems(sqlite, leadWhere(sqlite, { statuses: ['new'], unassigned: true }), 'created_desc', LIST_LIMIT) : null,
    officeByStatus: manager ? statusCounts(sqlite, leadWhere(sqlite, {})) : null,
  };
}
