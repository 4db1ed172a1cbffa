import type { Log } from '../log';

// A background job run now and then, one run at a time: every `intervalMs` (a timer chain, so a
// slow run never overlaps the next), on `wake()` (coalesced: many wakes give one more run), and on
// `runOnce()` (tests, start-up). `stop()` ends the timers and waits for the run in flight, so the
// database is never closed under it. A run asked for by wakes only is told so (`full` false): a
// commit can make some work due at once (a reminder), not the work only time brings (retention).

export interface JobLoop {
  /** Runs the job now, after the run in flight if any; rejects with the run's error. */
  runOnce(): Promise<void>;
  /**
   * Asks for a run soon; resolves once that run has ended (its error logged, not thrown), or at
   * once when stopped.
   */
  wake(): Promise<void>;
  /** Stops the timer and waits for the run in flight. Idempotent. */
  stop(): Promise<void>;
}

export interface JobLoopOptions {
  /** For the logs: 'scheduler', 'sms'. */
  name: string;
  /** `full`: false when only wakes asked for this run (see above). */
  run: (full: boolean) => Promise<void>;
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
  /** The wakes waiting for their timer, answered when its run has ended. */
  let woken: { done: Promise<void>; end: () => void } | null = null;
  let stopped = false;
  /** Whether the run not started yet was also asked for by the timer or runOnce. */
  let fullAsked = false;

  const enqueue = (full: boolean): Promise<void> => {
    if (full) fullAsked = true;
    if (waiting !== null) return waiting;
    const run = chain.then(() => {
      waiting = null;
      const runFull = fullAsked;
      fullAsked = false;
      return stopped ? undefined : options.run(runFull);
    });
    waiting = run;
    chain = run.catch(() => undefined);
    return run;
  };

  const background = (full: boolean): Promise<void> =>
    enqueue(full).catch((error: unknown) => options.log.error({ err: error, job: options.name }, 'tâche de fond en échec'));

  const arm = () => {
    if (stopped || options.intervalMs === null) return;
    timer = setTimeout(() => {
      timer = null;
      void background(true);
      // The next run is counted from the end of this one.
      void chain.then(arm);
    }, options.intervalMs);
    timer.unref();
  };
  arm();

  return {
    runOnce: () => enqueue(true),
    wake() {
      if (stopped) return Promise.resolve();
      if (woken !== null) return woken.done;
      let end = () => {};
      const done = new Promise<void>((resolve) => (end = resolve));
      const asked = { done, end };
      woken = asked;
      wakeTimer = setTimeout(() => {
        wakeTimer = null;
        woken = null;
        void background(false).then(asked.end);
      }, options.wakeDelayMs ?? 0);
      wakeTimer.unref();
      return done;
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      if (wakeTimer !== null) clearTimeout(wakeTimer);
      timer = wakeTimer = null;
      woken?.end();
      woken = null;
      await chain;
    },
  };
}
