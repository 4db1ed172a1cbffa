import { flushSync } from 'svelte';
import { createCalendar, destroyCalendar } from '@event-calendar/core';
import { CALENDAR_PLUGINS } from './EventCalendar';
import { GRID_OPTIONS } from './gridOptions';
import { eventContent } from './eventContent';
import type { CalendarEventInput } from './calendarEvents';

// The calendar's first opening ran the library's code for the first time: compiled, then run
// unoptimised for the week's 2,000 events, about twice the work of a later opening (benchmarks.md,
// sixth session). Once the page is idle after sign-in, a calendar of a few hundred made-up events
// is built off the page and thrown away, as apps prefetch a screen they expect to be opened, so
// that the first real opening finds that code compiled and warm. Off the page, nothing is laid
// out or painted and nothing is asked of the replica.
//
// In several short rounds, each in an idle moment of its own: one build of 300 events was a task
// of about 300 ms (traced: 313 ms), and a click that came during it waited that long. A round of 60
// took 34–148 ms in the same traces, the first (code still cold) the longest. The engine's feedback
// adds up across the rounds, and the real calendar, once built, stops the rounds left.

/** Made-up events per round: a round stays a short task even with the code still cold. */
const EVENTS_PER_ROUND = 60;
/** Rounds in all: enough events for the engine to optimise the per-event code. */
const ROUNDS = 5;

/** Rounds run; ROUNDS once the real calendar is built (nothing left to warm). */
let roundsDone = 0;

/** Made-up cards over the week of 2026-01-04, as calendarEvents shapes them (the grid's code paths). */
function madeUpEvents(): CalendarEventInput[] {
  return Array.from({ length: EVENTS_PER_ROUND }, (_, i) => {
    const day = 4 + (i % 7);
    const minute = 7 * 60 + ((i * 15) % (13 * 60));
    const at = (m: number) => `2026-01-${String(day).padStart(2, '0')}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00`;
    const item = { type: 'appointment', id: `warm-${i}`, leadId: `warm-${i}`, personId: 'warm', appointment: { id: `warm-${i}`, leadId: `warm-${i}`, hostId: 'warm', startsAt: '', endsAt: '', kind: 'in_person', state: 'scheduled' } } as const;
    return {
      id: `warm-${i}`,
      start: at(minute),
      end: at(minute + 45),
      title: '',
      resourceIds: ['warm'],
      backgroundColor: '#6d28d9',
      classNames: ['bc-tone-scheduled'],
      startEditable: true,
      durationEditable: true,
      extendedProps: { item, tone: 'scheduled', name: 'Nom Prénom', kind: 'in_person' },
    };
  });
}

/**
 * The real calendar is being built: from now on its code runs warm anyway. A warm-up still waiting
 * for an idle moment would otherwise find one inside the first opening (between the click and the
 * week's answer) and build its made-up events there: the bench caught it adding about a quarter
 * of a second to the first opening it was meant to shorten.
 */
export function calendarBuilt(): void {
  roundsDone = ROUNDS;
}

/** Builds and drops one small calendar off the page: one round; true while rounds are left. */
export function warmCalendar(): boolean {
  if (roundsDone >= ROUNDS) return false;
  roundsDone += 1;
  const target = document.createElement('div');
  const labels = { kindLabels: { in_person: '', phone: '', video: '', callback: '' }, stateLabels: {}, moreLabel: String, compact: false };
  const calendar = createCalendar(target, CALENDAR_PLUGINS, {
    view: 'timeGridWeek',
    date: '2026-01-04',
    ...GRID_OPTIONS,
    eventContent: (info) => eventContent(info, labels),
    eventDidMount: (info) => {
      info.el.dataset.item = 'warm';
    },
    events: madeUpEvents(),
  });
  flushSync();
  // Dropped in a later task: the library scrolls its grid to scrollTime in a promise after mounting.
  setTimeout(() => void destroyCalendar(calendar), 0);
  return roundsDone < ROUNDS;
}

/**
 * Warms the calendar, a round per idle moment; a no-op where the browser has no idle callback
 * (tests). The returned function stops the rounds not yet run.
 */
export function warmCalendarWhenIdle(): () => void {
  if (roundsDone >= ROUNDS || typeof requestIdleCallback !== 'function') return () => {};
  let id = 0;
  const round = () => {
    if (warmCalendar()) id = requestIdleCallback(round);
  };
  id = requestIdleCallback(round);
  return () => cancelIdleCallback(id);
}
