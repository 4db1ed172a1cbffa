import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Lead, Put, Task } from '~shared/domain/entities';
import { leadName } from '~shared/domain/mutations/effects';
import type { ServerDb } from '../db/connection';
import { writePuts } from '../db/puts';
import { leads, tasks } from '../db/schema';
import { officeCache } from '../sync/execute';
import { activeUser, existingGroups, groupMember, notificationRow } from './notifications';

// Callback reminders (domain.md: a to_recontact callback "raises a reminder when due"; the table:
// "callback due — the assignee — at the callback time"). A callback task (kind 'callback', made by
// lead.logContact, lead.setStatus and appointment.cancel) that is open and due tells its owner once:
// the task's reminderSentAt and the notification are written in one write transaction, re-checked
// under the version counter's lock, with the group key `callback:<taskId>:<dueAt>` unique per user
// (see appointment-reminders.ts for why that makes it exactly once).
// The owner is the lead's assignee when the callback was made; when that person is no longer an
// active user, the lead's current assignee is told instead.

const BATCH = 500;

export function callbackGroupKey(task: Pick<Task, 'id' | 'dueAt'>): string {
  return `callback:${task.id}:${task.dueAt}`;
}

function callbackIsDue(task: Task, at: Date): boolean {
  return (
    task.kind === 'callback' &&
    task.deletedAt === null &&
    task.completedAt === null &&
    task.reminderSentAt === null &&
    Date.parse(task.dueAt) <= at.getTime()
  );
}

/** Writes the callback reminders due at `at`; returns how many tasks were marked reminded. */
export async function sendCallbackReminders(db: ServerDb, at: Date): Promise<number> {
  let reminded = 0;
  for (;;) {
    const due = await dueCallbackIds(db, at);
    if (due.length === 0) return reminded;
    const done = await remindInOneTransaction(db, due, at);
    reminded += done;
    // Nothing written although rows were found: another process took them; the next tick looks again.
    if (due.length < BATCH || done === 0) return reminded;
  }
}

/**
 * The open callback tasks due at `at` and not yet reminded, oldest first (a batch). Read outside
 * the write lock: remindInOneTransaction checks each again under it, so a callback completed (a
 * contact logged, a status closed) or moved in between is left alone.
 */
export async function dueCallbackIds(db: ServerDb, at: Date): Promise<string[]> {
  const due = await db.db
    .select({ id: tasks.id })
    .from(tasks)
    .where(
      and(
        eq(tasks.kind, 'callback'),
        isNull(tasks.deletedAt),
        isNull(tasks.completedAt),
        isNull(tasks.reminderSentAt),
        lte(tasks.dueAt, at.toISOString()),
      ),
    )
    .orderBy(asc(tasks.dueAt))
    .limit(BATCH);
  return due.map((t) => t.id);
}

/** Reminds those of `ids` still due at `at`, in one write transaction; returns how many. */
export async function remindInOneTransaction(db: ServerDb, ids: string[], at: Date): Promise<number> {
  const now = at.toISOString();
  const { result } = await db.writeTransaction(async (tx, versions) => {
    const office = await officeCache(db).read(tx);
    const due = ((await tx.select().from(tasks).where(inArray(tasks.id, ids))) as Task[]).filter((t) => callbackIsDue(t, at));
    if (due.length === 0) return 0;
    const leadIds = [...new Set(due.map((t) => t.leadId).filter((id): id is string => id !== null))];
    const leadRows = leadIds.length === 0 ? [] : ((await tx.select().from(leads).where(inArray(leads.id, leadIds))) as Lead[]);
    const leadById = new Map(leadRows.map((l) => [l.id, l]));
    const written = await existingGroups(tx, due.map(callbackGroupKey));

    const puts: Put[] = [];
    for (const task of due) {
      puts.push({ table: 'tasks', row: { ...task, reminderSentAt: now } });
      const lead = task.leadId === null ? undefined : leadById.get(task.leadId);
      const owner = activeUser(office.users, task.ownerId) ?? activeUser(office.users, lead?.assigneeId ?? null);
      const groupKey = callbackGroupKey(task);
      if (owner === undefined || lead?.deletedAt != null || written.has(groupMember(owner.id, groupKey))) continue;
      puts.push({
        table: 'notifications',
        row: notificationRow(
          {
            userId: owner.id,
            kind: 'callback_due',
            leadId: task.leadId,
            groupKey,
            payload: {
              taskId: task.id,
              leadId: task.leadId,
              dueAt: task.dueAt,
              title: task.title,
              ...(lead === undefined ? {} : { name: leadName(lead) }),
            },
          },
          now,
        ),
      });
    }
    await writePuts(tx, versions, puts);
    return due.length;
  });
  return result;
}
