import { inArray } from 'drizzle-orm';
import type { Notification, User } from '~shared/domain/entities';
import { groupedNotificationId } from '~shared/domain/mutations/effects';
import type { DbExecutor } from '../db/connection';
import { notifications } from '../db/schema';

// The scheduler's notifications: each one has a group key naming the one event it stands for
// (a reminder of one appointment time, one callback, one day of a dispatch alert), unique per user
// in the database, and an id derived from (groupKey, user) as grouped notifications of the
// mutators have (src-shared/domain/mutations/effects.ts). Whatever runs twice, a recipient has at
// most one row per event: the jobs check the keys under the version counter's lock before writing,
// and the unique index (user_id, group_key) would refuse a second row anyway.

export interface SchedulerNotification {
  userId: string;
  kind: Notification['kind'];
  leadId: string | null;
  groupKey: string;
  payload: Record<string, unknown>;
}

export function notificationRow(input: SchedulerNotification, now: string): Notification {
  return {
    id: groupedNotificationId(input.groupKey, input.userId),
    version: 0,
    deletedAt: null,
    createdAt: now,
    userId: input.userId,
    kind: input.kind,
    leadId: input.leadId,
    count: 1,
    groupKey: input.groupKey,
    payload: input.payload,
    readAt: null,
  };
}

/** `userId groupKey` of every notification already written under one of `groupKeys`. */
export async function existingGroups(tx: DbExecutor, groupKeys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const keys = [...new Set(groupKeys)];
  for (let start = 0; start < keys.length; start += 1000) {
    const rows = await tx
      .select({ userId: notifications.userId, groupKey: notifications.groupKey })
      .from(notifications)
      .where(inArray(notifications.groupKey, keys.slice(start, start + 1000)));
    for (const row of rows) found.add(groupMember(row.userId, row.groupKey ?? ''));
  }
  return found;
}

export function groupMember(userId: string, groupKey: string): string {
  return `${userId} ${groupKey}`;
}

/** The user when it exists, is not deleted and is active: only such a person is notified. */
export function activeUser(users: ReadonlyMap<string, User>, id: string | null): User | undefined {
  if (id === null) return undefined;
  const user = users.get(id);
  return user !== undefined && user.deletedAt === null && user.active ? user : undefined;
}
