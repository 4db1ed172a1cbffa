import type Database from 'better-sqlite3';
import type { ChannelOutput } from '~shared/contract/ipc';
import { rowStore } from '../rows';
import { statement } from '../statements';

// The signed-in user's notifications (domain.md, "Notifications": one record per recipient, read
// per user), newest first, and the unread count the tray and the panel show.

export function unreadCount(sqlite: Database.Database, userId: string): number {
  return statement(sqlite, 'select count(*) from notifications where user_id = ? and read_at is null and deleted_at is null')
    .pluck()
    .get(userId) as number;
}

export function listNotifications(
  sqlite: Database.Database,
  userId: string,
  query: { unreadOnly: boolean; limit: number },
): ChannelOutput['notifications:list'] {
  const unread = query.unreadOnly ? ' and read_at is null' : '';
  const items = rowStore(sqlite).all(
    'notifications',
    statement(
      sqlite,
      `select * from notifications where user_id = ? and deleted_at is null${unread} order by created_at desc, id desc limit ?`,
    ),
    userId,
    query.limit,
  );
  return { items, unread: unreadCount(sqlite, userId) };
}
