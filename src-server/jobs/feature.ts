import type { FeaturePlugin } from '../http/feature';
import { startScheduler, type Scheduler } from './scheduler';

// The scheduler in a running server: a first tick once the app is ready (what fell due while the
// server was stopped goes out before it listens), then every 30 seconds, and shortly after every
// commit of this process: an appointment booked for this afternoon is due « at once » (domain.md),
// and a demo office seeded after the start has its reminders within seconds. A tick that finds
// nothing due writes nothing, so its own commits wake it once more and no further. Stopped, its
// tick in flight finished, before the database closes.

export const schedulerFeature: FeaturePlugin = {
  name: 'scheduler',
  register(app, { db, log, now, metrics }) {
    const written = metrics.counter('bureau_scheduler_notifications_total', 'Rows written by the scheduler, by job.');
    let scheduler: Scheduler | null = null;
    let unsubscribe: (() => void) | null = null;
    app.addHook('onReady', async () => {
      scheduler = startScheduler({ db, log, now, written });
      const started = scheduler;
      unsubscribe = db.onCommit(() => void started.wake());
      // Already logged by the scheduler; a failing job must not keep the server from starting.
      await scheduler.runOnce().catch(() => undefined);
    });
    app.addHook('onClose', async () => {
      unsubscribe?.();
      await scheduler?.stop();
    });
  },
};
