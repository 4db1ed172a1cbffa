import { and, eq, inArray, isNull, like } from 'drizzle-orm';
import type { Lead, Notification, Put, Settings, User } from '~shared/domain/entities';
import { leadName } from '~shared/domain/mutations/effects';
import { officeDate, officeInstant } from '~shared/domain/office-time';
import { AWAITING_DISPATCH_STATUSES, awaitsDispatch as awaitsDispatchRule } from '~shared/domain/dispatch';
import type { DbExecutor, ServerDb } from '../db/connection';
import { writePuts } from '../db/puts';
import { leads, notifications, users } from '../db/schema';
import { officeCache } from '../sync/execute';
import { activeUser, existingGroups, groupMember, notificationRow } from './notifications';

// The secretary rule's daily alert (domain.md: after a secretary's consultation the lead "must be
// assigned to a counselor: the system raises a dispatch required alert to her and to admins until
// it is done"). appointment.close raises the first alert (group `dispatch:<leadId>`) the day of the
// consultation; from the next office day on, while a secretary still holds the lead, this job
// raises one more each day at the office's reminder hour, group `dispatch:<leadId>:<YYYY-MM-DD>`
// (unique per user: one per person, lead and day, whatever runs twice). Held means what
// src-shared/domain/dispatch.ts says, the rule the desktop's "À confier" list follows too. Once
// that stops (reassigned, or the lead moved on), the daily alerts still unread are marked read, as
// the mutators do with the first one.

/** `dispatch:<leadId>:<officeDate>`; the first alert (appointment.close) is `dispatch:<leadId>`. */
export function dailyDispatchGroupKey(leadId: string, date: string): string {
  return `dispatch:${leadId}:${date}`;
}

export function awaitsDispatch(lead: Lead, userById: ReadonlyMap<string, User>): boolean {
  return lead.assigneeId !== null && awaitsDispatchRule(lead, userById.get(lead.assigneeId));
}

/** The secretary (when active) and the active admins, each once, in a stable order. */
function dispatchRecipients(lead: Lead, userById: ReadonlyMap<string, User>): User[] {
  const chosen = new Map<string, User>();
  const secretary = activeUser(userById, lead.assigneeId);
  if (secretary !== undefined) chosen.set(secretary.id, secretary);
  for (const user of userById.values()) {
    if (user.role === 'admin' && activeUser(userById, user.id) !== undefined) chosen.set(user.id, user);
  }
  return [...chosen.values()].sort((a, b) => a.id.localeCompare(b.id));
}

interface Today {
  date: string;
  /** Whether the office clock has passed today's reminder time. */
  started: boolean;
}

function today(settings: Settings, at: Date): Today {
  const date = officeDate(at.toISOString(), settings.timeZone);
  return { date, started: Date.parse(officeInstant(date, settings.reminderMinuteOfDay, settings.timeZone)) <= at.getTime() };
}

/** The alerts of `lead` for `date` that are missing, as rows to write. */
function missingAlerts(lead: Lead, userById: ReadonlyMap<string, User>, settings: Settings, date: string, written: Set<string>, now: string): Notification[] {
  // The day of the consultation had its alert from appointment.close.
  if (officeDate(lead.statusChangedAt, settings.timeZone) >= date) return [];
  const groupKey = dailyDispatchGroupKey(lead.id, date);
  return dispatchRecipients(lead, userById)
    .filter((user) => !written.has(groupMember(user.id, groupKey)))
    .map((user) =>
      notificationRow(
        {
          userId: user.id,
          kind: 'dispatch_required',
          leadId: lead.id,
          groupKey,
          payload: { name: leadName(lead), secretaryId: lead.assigneeId, since: lead.statusChangedAt, date },
        },
        now,
      ),
    );
}

/**
 * Raises today's alerts once the reminder time has passed, and closes the alerts of leads that no
 * longer wait; returns how many notifications were written (new or marked read).
 */
export async function sendDispatchReminders(db: ServerDb, at: Date): Promise<number> {
  return (await raiseToday(db, at)) + (await resolveDispatched(db, at));
}

async function heldLeads(db: DbExecutor, ids?: readonly string[]): Promise<Lead[]> {
  const rows = await db
    .select({ lead: leads })
    .from(leads)
    .innerJoin(users, eq(users.id, leads.assigneeId))
    .where(
      and(
        inArray(leads.status, [...AWAITING_DISPATCH_STATUSES]),
        isNull(leads.deletedAt),
        eq(users.role, 'secretary'),
        ids === undefined ? undefined : inArray(leads.id, [...ids]),
      ),
    );
  return rows.map((r) => r.lead as Lead);
}

async function raiseToday(db: ServerDb, at: Date): Promise<number> {
  const now = at.toISOString();
  const office = await officeCache(db).read(db.db);
  const day = today(office.settings, at);
  if (!day.started) return 0;
  const held = (await heldLeads(db.db)).filter((lead) => awaitsDispatch(lead, office.users));
  if (held.length === 0) return 0;
  // Without the lock first: on most ticks today's alerts are already there.
  const seen = await existingGroups(db.db, held.map((l) => dailyDispatchGroupKey(l.id, day.date)));
  const pending = held.filter((lead) => missingAlerts(lead, office.users, office.settings, day.date, seen, now).length > 0);
  if (pending.length === 0) return 0;

  const { result } = await db.writeTransaction(async (tx, versions) => {
    const locked = await officeCache(db).read(tx);
    const date = today(locked.settings, at).date;
    const again = (await heldLeads(tx, pending.map((l) => l.id))).filter((lead) => awaitsDispatch(lead, locked.users));
    const written = await existingGroups(tx, again.map((l) => dailyDispatchGroupKey(l.id, date)));
    const rows = again.flatMap((lead) => missingAlerts(lead, locked.users, locked.settings, date, written, now));
    await writePuts(
      tx,
      versions,
      rows.map((row): Put => ({ table: 'notifications', row })),
    );
    return rows.length;
  });
  return result;
}

/** Daily alerts still unread for leads a counselor (or nobody) now holds: marked read. */
async function resolveDispatched(db: ServerDb, at: Date): Promise<number> {
  const unread = () =>
    and(
      eq(notifications.kind, 'dispatch_required'),
      isNull(notifications.readAt),
      isNull(notifications.deletedAt),
      like(notifications.groupKey, 'dispatch:%:%'),
    );
  const stale = async (tx: DbExecutor, userById: ReadonlyMap<string, User>) => {
    const open = (await tx.select().from(notifications).where(unread())) as Notification[];
    const leadIds = [...new Set(open.map((n) => n.leadId).filter((id): id is string => id !== null))];
    const leadRows = leadIds.length === 0 ? [] : ((await tx.select().from(leads).where(inArray(leads.id, leadIds))) as Lead[]);
    const waiting = new Set(leadRows.filter((l) => awaitsDispatch(l, userById)).map((l) => l.id));
    return open.filter((n) => n.leadId === null || !waiting.has(n.leadId));
  };

  const office = await officeCache(db).read(db.db);
  if ((await stale(db.db, office.users)).length === 0) return 0;
  const now = at.toISOString();
  const { result } = await db.writeTransaction(async (tx, versions) => {
    const locked = await officeCache(db).read(tx);
    const rows = await stale(tx, locked.users);
    await writePuts(
      tx,
      versions,
      rows.map((n): Put => ({ table: 'notifications', row: { ...n, readAt: now } })),
    );
    return rows.length;
  });
  return result;
}
