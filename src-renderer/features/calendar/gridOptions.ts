import type { Calendar } from '@event-calendar/core';
import { FIRST_DAY } from './calendarPeriod';

/** The library's options that do not depend on the view, the office or the language. */
export const GRID_OPTIONS = {
  firstDay: FIRST_DAY,
  headerToolbar: { start: '', center: '', end: '' },
  allDaySlot: false,
  slotMinTime: '07:00',
  slotMaxTime: '21:00',
  flexibleSlotTimeLimits: true,
  scrollTime: '08:00',
  slotDuration: '00:30',
  snapDuration: '00:15',
  slotHeight: 32,
  // Side by side, never on top of each other: an overlapped card hides its neighbour's name.
  slotEventOverlap: false,
  nowIndicator: true,
  // The month grid folds each day itself (monthEvents): the library's own folding measures every event.
  dayMaxEvents: false,
  selectable: true,
  pointer: true,
  editable: true,
  eventDurationEditable: true,
  slotLabelFormat: { hour: 'numeric', minute: '2-digit' },
} satisfies Calendar.Options;
