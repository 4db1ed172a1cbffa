import { whenQuiet } from '../../lib/api';

// The calendar is drawn ahead, hidden, after sign-in, as a mail client builds its calendar before
// anyone opens it: its first opening is then a showing like any later one (the Shell keeps it
// mounted once opened). Drawn on demand, the first opening ran the screen's and the library's code
// for the first time and drew the week's up to 2,000 events: 334–428 ms here against 118–151 ms
// for a showing (docs/benchmarks.md, tenth session).
//
// It waits until the screen shown (« Ma journée ») has its answers, then an idle moment, so that
// the screen is drawn first and the drawing ahead never holds an answer back. It used to wait a
// fixed second, which the screen no longer needs (fifteenth session), and a click in the second
// after sign-in came in the middle of it (decisions.md, "The page's first second after
// sign-in"). Hidden, the calendar asks the replica once, for the week (asked ahead at sign-in,
// calendarQuery.ts), then nothing until it is shown (CalendarScreen's `active`).

/** At the latest, should a screen keep asking: then it waits only for an idle moment. */
export const DRAW_AHEAD_LATEST_MS = 3_000;

/**
 * Calls `draw` at the first idle moment once the page's questions are answered (or
 * DRAW_AHEAD_LATEST_MS after now); a no-op where the browser has no idle callback (unit tests).
 * The returned function cancels what has not run.
 */
export function whenIdleAfterSignIn(draw: () => void): () => void {
  if (typeof requestIdleCallback !== 'function') return () => {};
  let idle: number | null = null;
  let stopWaiting = () => {};
  const timer = setTimeout(() => start(), DRAW_AHEAD_LATEST_MS);
  const start = () => {
    if (idle !== null) return;
    clearTimeout(timer);
    stopWaiting();
    idle = requestIdleCallback(() => draw());
  };
  stopWaiting = whenQuiet(start);
  return () => {
    clearTimeout(timer);
    stopWaiting();
    if (idle !== null) cancelIdleCallback(idle);
  };
}
