import { describe, expect, it } from 'vitest';
import { NOW, USERS, notification, testId } from '../../testing/builders';
import { makeDb, perform, putsOf, refusalOf, rowsIn } from '../../testing/memory-office';

const mine = notification({ id: testId('notification', 'mine'), userId: USERS.counselor.id });
const read = notification({ id: testId('notification', 'read'), userId: USERS.counselor.id, readAt: '2026-03-02T12:00:00.000Z' });
const theirs = notification({ id: testId('notification', 'theirs'), userId: USERS.admin.id });
const db = makeDb({ notifications: [mine, read, theirs] });

describe('notification.markRead', () => {
  it('marks the actor’s unread notifications read, skipping read and unknown ones', () => {
    const puts = putsOf(perform(db, 'notification.markRead', { ids: [mine.id, read.id, testId('notification', 'gone'), mine.id] }, USERS.counselor));
    expect(rowsIn(puts, 'notifications')).toEqual([{ ...mine, readAt: NOW }]);
  });

  it('refuses someone else’s notification', () => {
    expect(refusalOf(perform(db, 'notification.markRead', { ids: [mine.id, theirs.id] }, USERS.counselor)).code).toBe('forbidden');
  });
});
