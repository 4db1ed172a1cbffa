// Svelte 5.60 (which the library runs on) sets up its DOM access in this side-effect module, which
// components compiled by that Svelte import themselves; the library's build predates it and does
// not, so without this line the calendar fails on mount (« invalid_bundler_config »).
import 'svelte/internal/init-operations';
import { useEffect, useRef } from 'react';
import { flushSync } from 'svelte';
import { createCalendar, destroyCalendar, DayGrid, Interaction, ResourceTimeGrid, TimeGrid, type Calendar } from '@event-calendar/core';
import '@event-calendar/core/index.css';
import './calendar.css';

// @event-calendar/core mounted in React (decisions.md): the library is framework-agnostic, so one
// instance lives for the component's life and each option that changes is passed with setOption,
// which keeps the scroll position and does not rebuild 2,000 events for a changed callback.

const CALENDAR_PLUGINS = [TimeGrid, DayGrid, ResourceTimeGrid, Interaction];

export function EventCalendar({ options, onReady }: { options: Calendar.Options; onReady?: (calendar: Calendar) => void }) {
  const target = useRef<HTMLDivElement>(null);
  const calendar = useRef<Calendar | null>(null);
  const applied = useRef<Calendar.Options>({});

  useEffect(() => {
    if (target.current === null) return;
    const instance = createCalendar(target.current, CALENDAR_PLUGINS, options);
    calendar.current = instance;
    applied.current = options;
    onReady?.(instance);
    return () => {
      calendar.current = null;
      void destroyCalendar(instance);
    };
    // Created once; later options go through setOption below.
  }, []);

  useEffect(() => {
    const instance = calendar.current;
    if (instance === null) return;
    // A change of view: the old view's events leave first. Otherwise the new view's events mount
    // while the old ones are still in the page, and each of them measures its day (a forced layout
    // of the whole calendar, 2,000 events included): week → month took 30 s that way.
    if (options.view !== applied.current.view && (applied.current.events?.length ?? 0) > 0) {
      instance.setOption('events', []);
      flushSync();
      applied.current = { ...applied.current, events: [] };
    }
    for (const key of Object.keys(options) as Array<keyof Calendar.Options>) {
      if (options[key] !== applied.current[key]) instance.setOption(key, options[key] as never);
    }
    applied.current = options;
  }, [options]);

  return <div ref={target} className="bc-calendar" data-testid="calendar" />;
}
