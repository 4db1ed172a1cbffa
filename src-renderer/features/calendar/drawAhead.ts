// The calendar is drawn ahead, hidden, once the page has been idle a moment after sign-in, as a
// mail client builds its calendar before anyone opens it: its first opening is then a showing like
// any later one (the Shell keeps it mounted once opened). Drawn on demand, the first opening ran
// the screen's and the library's code for the first time and drew the week's up to 2,000 events:
// 334–428 ms here against 118–151 ms for a showing (docs/benchmarks.md, tenth session).
//
// It waits DRAW_AHEAD_AFTER_MS, then an idle moment, so that « Ma journée » and its own questions
// to the replica come first. Hidden, the calendar asks the replica once, for the week, then
// nothing until it is shown (CalendarScreen's `active`).

export const DRAW_AHEAD_AFTER_MS = 1_000;

/**
 * Calls `draw` at the first idle moment DRAW_AHEAD_AFTER_MS after now; a no-op where the browser
 * has no idle callback (unit tests). The returned function cancels what has not run.
 */
export function whenIdleAfterSignIn(draw: () => void): () => void {
  if (typeof requestIdleCallback !== 'function') return () => {};
  let idle: number | null = null;
  const timer = setTimeout(() => {
    idle = requestIdleCallback(() => draw());
  }, DRAW_AHEAD_AFTER_MS);
  return () => {
    clearTimeout(timer);
    if (idle !== null) cancelIdleCallback(idle);
  };
}
