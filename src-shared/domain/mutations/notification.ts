import type { Put } from '../entities';
import { notificationMarkReadArgs } from './args';
import { live } from './effects';
import type { Mutator } from './types';
import { applied, refuse } from './types';

// notification.markRead: read state is per user (domain.md, "Notifications"), so a user marks
// only their own. Ids the replica no longer knows are skipped rather than refused: marking read
// must never fail because a notification was archived meanwhile.

export const notificationMarkRead: Mutator<'notification.markRead'> = {
  name: 'notification.markRead',
  args: notificationMarkReadArgs,
  needs: (args) => ({ notifications: args.ids }),
  apply(state, ctx, args) {
    const puts: Put[] = [];
    const done = new Set<string>();
    for (const id of args.ids) {
      const notification = live(state.notifications, id);
      if (!notification || done.has(id)) continue;
      if (notification.userId !== ctx.actor.id) {
        return refuse('forbidden', 'Chacun ne marque comme lues que ses propres notifications.');
      }
      done.add(id);
      if (notification.readAt === null) puts.push({ table: 'notifications', row: { ...notification, readAt: ctx.now } });
    }
    return applied(puts);
  },
};
