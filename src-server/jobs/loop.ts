import type { Log } from '../log';

// A background job run now and then, one run at a time: every `intervalMs` (a timer chain, so a
// slow run never overlaps the next), on `wake()` (coalesced: many wakes give one more run), and on
// `runOnce()` (tests, start-up). `stop()` ends the timers and waits for the run in flight, so the
// database is never closed under it.

export interface JobLoop {
  /** Runs the job now, after the run in flight if any; rejects with the run's error. */
  runOnce(): Promise<void>;
  /** Asks for a run soon (nothing happens once stopped). */
  wake(): void;
  /** Stops the timer and waits for the run in flight. Idempotent. */
  stop(): Promise<void>;
}

export interface JobLoopOptions {
  /** For the logs: 'scheduler', 'sms'. */
  name: string;
  run: () => Promise<void>;
  /** Null: no timer, runs happen only on runOnce/wake (tests). */
  intervalMs: number | null;
  /**
   * How long a wake waits before its run: wakes within that time share it, so a burst of commits
   * (an import, a benchmark) costs a few runs, not one per commit.
   */
  wakeDelayMs?: number;
  log: Log;
}

export function startJobLoop(options: JobLoopOptions): JobLoop {
  let chain: Promise<void> = Promise.resolve();
  /** A run asked for and not started yet: whoever asks now is served by it. */
  let waiting: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let wakeTimer: NodeJS.Timeout | null = null;
  let stopped = false;

  const enqueue = (): Promise<void> => {
    if (waiting !== null) return waiting;
    const run = chain.then(() => {
      waiting = null;
      return stopped ? undefined : options.run();
    });
    waiting = run;
    chain = run.catch(() => undefined);
    return run;
  };

  const background = () => {
    enqueue().catch((error: unknown) => options.log.error({ err: error, job: options.name }, 'tâche de fond en échec'));
  };

  const arm = () => {
    if (stopped || options.intervalMs === null) return;
    timer = setTimeout(() => {
      timer = null;
      background();
      // The next run is counted from the end of this one.
      void chain.then(arm);
    }, options.intervalMs);
    timer.unref();
  };
  arm();

  return {
    runOnce: enqueue,
    wake() {
      if (stopped || wakeTimer !== null) return;
      wakeTimer = setTimeout(() => {
        wakeTimer = null;
        background();
      }, options.wakeDelayMs ?? 0);
      wakeTimer.unref();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      if (wakeTimer !== null) clearTimeout(wakeTimer);
      timer = wakeTimer = null;
      await chain;
    },
  };
}
