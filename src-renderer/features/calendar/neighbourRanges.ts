import { useCallback, useEffect, useRef } from 'react';
import type { CalendarRange } from '~shared/contract/ipc';
import type { SyncedTable } from '~shared/domain/entities';
import { invoke, useApiEvent } from '../../lib/api';
import { instantOf } from './calendarEvents';

// The periods on either side of the one shown, asked once it is drawn: « semaine suivante » then
// draws from an answer already in hand instead of waiting for the replica's (with 2,000 events a
// week, the wait was a quarter of the step; docs/benchmarks.md). The query that follows the
// change of period still runs and replaces it; an unchanged answer keeps every event object
// (calendarEvents' cache), so the library is not handed the week twice.

export interface RangeInput {
  from: string;
  to: string;
  userId: string | null;
}

/** The shown period as the library gives it: Dates whose local fields are the office's wall clock. */
export interface ShownPeriod {
  start: Date;
  end: Date;
}

export const CALENDAR_TABLES: readonly SyncedTable[] = ['appointments', 'tasks', 'leads'];

/** The same key useQuery gives the same input (its JSON). */
const keyOf = (input: RangeInput) => JSON.stringify({ from: input.from, to: input.to, userId: input.userId });

/** The period before and the one after `shown`, as many days long, in the office's wall clock (a day is a day across a change of hour). */
export function neighbours(shown: ShownPeriod, timeZone: string): Array<{ from: string; to: string }> {
  const days = Math.round((shown.end.getTime() - shown.start.getTime()) / 86_400_000);
  const shifted = (date: Date, by: number) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + by, date.getHours(), date.getMinutes());
  return [-days, days].map((by) => ({ from: instantOf(shifted(shown.start, by), timeZone), to: instantOf(shifted(shown.end, by), timeZone) }));
}

/**
 * Asks for the neighbours of `shown` once `ready` (the shown period's own answer is in) and
 * returns the answer kept for an input, if any. Answers are forgotten when the calendar's tables
 * change (an answer asked before the change and given after it is dropped).
 */
export function useNeighbourRanges(shown: ShownPeriod | null, userId: string | null, ready: boolean, timeZone: string): (input: RangeInput) => CalendarRange | undefined {
  const answers = useRef(new Map<string, CalendarRange>());
  const generation = useRef(0);
  useApiEvent((event) => {
    if (event.type !== 'changed' || !event.tables.some((t) => CALENDAR_TABLES.includes(t))) return;
    generation.current += 1;
    answers.current.clear();
  });
  useEffect(() => {
    if (!ready || shown === null) return;
    const wanted = neighbours(shown, timeZone).map((period) => ({ ...period, userId }));
    const keys = new Set(wanted.map(keyOf));
    // Only the present neighbours are kept: paging through a year holds two answers, not fifty.
    for (const key of answers.current.keys()) if (!keys.has(key)) answers.current.delete(key);
    const asked = generation.current;
    for (const input of wanted) {
      const key = keyOf(input);
      if (answers.current.has(key)) continue;
      void invoke('calendar:range', input).then((result) => {
        if (result.ok && asked === generation.current) answers.current.set(key, result.value);
      });
    }
  }, [ready, shown, userId, timeZone]);
  return useCallback((input: RangeInput) => answers.current.get(keyOf(input)), []);
}
