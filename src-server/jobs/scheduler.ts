import type { ServerDb } from '../db/connection';
import type { Counter } from '../observability/metrics';
import type { Log } from '../log';
import { sendAppointmentReminders } from './appointment-reminders';
import { sendCallbackReminders } from './callback-reminders';
import { sendDispatchReminders } from './dispatch-reminders';
import { startJobLoop } from './loop';
import { applyRetention } from './retention';

// The office server's scheduler (issue 3, point 6): every tick runs the time-driven jobs of
// domain.md's notification table — appointment reminders, callbacks due, dispatch alerts — and the
// retention rules of a person's rights. Each job
// is exactly-once on its own (see each file: the version counter's lock with a re-check inside,
// and group keys unique per user), so ticks may overlap across processes and restarts freely; in
// one process they never overlap (loop.ts). A failing job is logged and does not stop the others.

export interface SchedulerOptions {
  db: ServerDb;
  log: Log;
  /** The server's clock (tests step an injected one through DST changes); the real one by default. */
  now?: () => Date;
  /** Between the end of a tick and the next; null: no timer, ticks only by runOnce (tests). */
  intervalMs?: number | null;
  /** Counts notifications written, by job (GET /metrics), when given. */
  written?: Counter;
}

export interface Scheduler {
  /** One tick now (after the one in flight); rejects when a job failed, once all have run. */
  runOnce(): Promise<void>;
  /**
   * A tick soon, of the jobs a commit can make due (not retention, which only time brings): wakes
   * within WAKE_DELAY_MS share one. Resolves once it has run.
   */
  wake(): Promise<void>;
  /** Stops the timer and waits for the tick in flight. */
  stop(): Promise<void>;
}

/**
 * How long a wake waits: a burst of commits (an import, a busy morning of web forms) costs one tick
 * every two seconds at most, and an appointment booked after its reminder hour is reminded within
 * about two seconds rather than at the next 30-second tick.
 */
export const WAKE_DELAY_MS = 2_000;

/** `afterCommit`: a commit may make this job's work due at once (an appointment booked for today). */
const JOBS: ReadonlyArray<{ name: string; afterCommit: boolean; run: (db: ServerDb, at: Date) => Promise<number> }> = [
  { name: 'appointment_reminders', afterCommit: true, run: sendAppointmentReminders },
  { name: 'callback_reminders', afterCommit: true, run: sendCallbackReminders },
  { name: 'dispatch_reminders', afterCommit: true, run: sendDispatchReminders },
  // Issue 14, point 5: the rules of « Conservation » (retention.ts). Months, not commits, make a
  // lead due: its query over every final lead is for the 30-second tick, not for each burst of
  // web forms.
  { name: 'retention', afterCommit: false, run: applyRetention },
];

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
  const tick = async (full: boolean) => {
    const failures: unknown[] = [];
    for (const job of JOBS) {
      if (!full && !job.afterCommit) continue;
      try {
        // Each job reads the clock when it starts, as a real tick would.
        const count = await job.run(db, now());
        if (count > 0) {
          log.info({ job: job.name, count }, 'planificateur : rappels écrits');
          options.written?.inc({ job: job.name }, count);
        }
      } catch (error) {
        log.error({ err: error, job: job.name }, 'planificateur : tâche en échec');
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, 'planificateur : plusieurs tâches en échec');
  };
  const loop = startJobLoop({
    name: 'scheduler',
    run: tick,
    intervalMs: options.intervalMs === undefined ? 30_000 : options.intervalMs,
    wakeDelayMs: WAKE_DELAY_MS,
    log,
  });
  return { runOnce: loop.runOnce, wake: loop.wake, stop: loop.stop };
}
