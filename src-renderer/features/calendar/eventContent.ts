import type { Calendar } from '@event-calendar/core';
import type { CalendarEventInput, EventTone, MoreInput } from './calendarEvents';

// What an event shows inside its box: the time, the lead's name, and the kind (En personne,
// Téléphone, Vidéo, Rappel) with the outcome once closed. Built as DOM nodes, never as HTML: a
// lead's name is typed by anyone, the web form included.

export interface ContentLabels {
  /** « +3 autres », the month grid's folded entries (calendarEvents.monthEvents). */
  moreLabel: (count: number) => string;
  kindLabels: Record<CalendarEventInput['extendedProps']['kind'], string>;
  stateLabels: Partial<Record<EventTone, string>>;
  /** The month grid: one line. */
  compact: boolean;
}

function line(className: string, text: string): HTMLElement {
  const el = document.createElement('div');
  el.className = className;
  el.textContent = text;
  return el;
}

export function eventContent(info: Calendar.EventContentInfo, labels: ContentLabels): Calendar.Content | undefined {
  const more = (info.event.extendedProps as Partial<MoreInput['extendedProps']>).more;
  // A time grid's fold sits in a column a few dozen pixels wide: « +12 », its title says the rest.
  if (more !== undefined) return { domNodes: [line('bc-more-label', more.hidden === undefined ? labels.moreLabel(more.count) : `+${more.count}`)] };
  const { name, kind, tone } = info.event.extendedProps as Partial<CalendarEventInput['extendedProps']>;
  // The library's pointer box and drag shadow: its own content.
  if (name === undefined || kind === undefined || tone === undefined) return undefined;
  const meta = [labels.kindLabels[kind], labels.stateLabels[tone]].filter((part): part is string => part !== undefined).join(' · ');
  // A callback lasts a quarter of an hour on the grid: one line, its name.
  if (labels.compact || kind === 'callback') {
    const row = document.createElement('div');
    row.className = 'bc-event-row';
    if (labels.compact) row.append(line('bc-event-dot', ''), line('bc-event-time', info.timeText));
    row.append(line('bc-event-title', name));
    row.title = `${info.timeText} ${name} — ${meta}`;
    return { domNodes: [row] };
  }
  const body = document.createElement('div');
  body.className = 'bc-event-body';
  body.title = `${info.timeText} ${name} — ${meta}`;
  body.append(line('bc-event-title', name), line('bc-event-time', `${info.timeText} · ${meta}`));
  return { domNodes: [body] };
}
