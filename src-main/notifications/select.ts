import type { Notification } from '~shared/domain/entities';
import { notificationText, summaryText, type TextContext } from './text';

// Which notification rows become a desktop notification on this workstation (domain.md,
// "Notifications": each notification is a record, and on the desktop a native notification).
// A row is shown once per workstation: the ids shown are recorded here (shown-store.ts), never
// synced, so that a restart, a second pull or a change to the row (marked read elsewhere, an
// import's count growing) does not show it again.

/** Older unread rows (a first sync, a workstation back after a week) stay in the panel only. */
export const MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Beyond this many at once, one summary rather than a burst of notifications. */
export const MAX_AT_ONCE = 3;

export interface DesktopNote {
  title: string;
  body: string;
  /** The row, to mark it read when the notification is clicked; null for a summary. */
  notificationId: string | null;
  /** The lead to open on click, when there is one. */
  leadId: string | null;
}

/**
 * The record's key of a row: its id and when it was raised. A row raised again under the same id
 * (a dispatch alert rewritten by the next morning's job) is news again; a row that only changed
 * (read, count grown by the next chunk of the same import) is not.
 */
export function shownKey(notification: Pick<Notification, 'id' | 'createdAt'>): string {
  return `${notification.id}@${notification.createdAt}`;
}

export interface SelectContext {
  userId: string;
  now: Date;
  /** Whether this key was shown on this workstation already. */
  wasShown: (key: string) => boolean;
}

/** The rows to announce, oldest first: the user's own, unread, live, recent and never shown here. */
export function notificationsToShow(rows: readonly Notification[], context: SelectContext): Notification[] {
  const now = context.now.getTime();
  const seen = new Set<string>();
  return rows
    .filter((row) => {
      if (row.userId !== context.userId || row.readAt !== null || row.deletedAt !== null) return false;
      const created = Date.parse(row.createdAt);
      if (Number.isNaN(created) || now - created > MAX_AGE_MS) return false;
      const key = shownKey(row);
      if (seen.has(key) || context.wasShown(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.id, b.id));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface Plan {
  notes: DesktopNote[];
  /** Keys to record as shown (every selected row, also those folded into a summary). */
  shown: string[];
}

export function planDesktopNotes(rows: readonly Notification[], context: SelectContext & TextContext): Plan {
  const fresh = notificationsToShow(rows, context);
  const shown = fresh.map(shownKey);
  if (fresh.length > MAX_AT_ONCE) return { notes: [{ ...summaryText(fresh.length), notificationId: null, leadId: null }], shown };
  const notes = fresh.map((row) => ({ ...notificationText(row, context), notificationId: row.id, leadId: row.leadId }));
  return { notes, shown };
}
