import type { FeaturePlugin } from '../http/feature';
import { startScheduler, type Scheduler } from './scheduler';

// The scheduler in a running server: a first tick once the app is ready (what fell due while the
// server was stopped goes out before it listens), then every 30 seconds; stopped, its tick in
// flight finished, before the database closes.

export const schedulerFeature: FeaturePlugin = {
  name: 'scheduler',
  register(app, { db, log, now, metrics }) {
    const written = metrics.counter('bureau_scheduler_notifications_total', 'Rows written by the scheduler, by job.');
    let scheduler: Scheduler | null = null;
    app.addHook('onReady', async () => {
      scheduler = startScheduler({ db, log, now, written });
      // Already logged by the scheduler; a failing job must not keep the server from starting.
      await scheduler.runOnce().catch(() => undefined);
    });
    app.addHook('onClose', async () => {
      await scheduler?.stop();
    });
  },
};
