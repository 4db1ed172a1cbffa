import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionIcon, Box, Button, Group, Menu, Paper, SegmentedControl, Select, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Calendar } from '@event-calendar/core';
import type { User } from '~shared/domain/entities';
import { officeDate } from '~shared/domain/office-time';
import { can } from '~shared/domain/permissions';
import { mayHandleTask } from '~shared/domain/mutations/task';
import { runMutation, useQuery } from '../../lib/api';
import { intlLocale } from '../../lib/i18n';
import { wallToInstant } from '../../lib/officeTime';
import { useFormat } from '../../lib/useFormat';
import { useOffice } from '../../app/office';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { PageTitle } from '../../components/PageTitle';
import { BookFromCalendarDialog, type Slot } from './BookFromCalendarDialog';
import { EventCalendar } from './EventCalendar';
import { CalendarLegend } from './CalendarLegend';
import { eventContent } from './eventContent';
import { cachedTimeRange } from './eventTimeText';
import { calendarEvents, instantOf, wallOf, maxColumns, monthEvents, officeOffset, sameEvents, timeGridEvents, type CalendarEventInput, type CalendarItem, type EventCache, type MoreInput } from './calendarEvents';
import { useWidth } from './useWidth';
import { periodOf, type CalendarView } from './calendarPeriod';
import { CALENDAR_TABLES, openingPeriod, openingScope, rangeQuery } from './calendarQuery';
import { GRID_OPTIONS } from './gridOptions';

// The office's calendar (issue 11, point 1; domain.md: appointments and callbacks "appear at once
// in the calendars"): day, week, month, and one column per person who holds consultations; mine,
// a colleague's or the whole office's (everyone reads every appointment, permissions.md; the
// secretary, who keeps the calendar, starts on the office's). Moving and booking run the lead
// sheet's own mutations, so the rules and the French refusals are the sheet's.

const LIBRARY_VIEW: Record<CalendarView, string> = { day: 'timeGridDay', week: 'timeGridWeek', month: 'dayGridMonth', people: 'resourceTimeGridDay' };

/** An appointment to send an SMS about (the SMS dialog takes `{ leadId, appointmentId }`). */
export interface SmsTarget {
  leadId: string;
  appointmentId: string;
}

interface Props {
  /**
   * Offers « Envoyer un SMS » on an appointment (its context menu) and opens the SMS dialog there.
   * Without it the calendar offers no SMS (the dialog comes with the SMS feature).
   */
  onSendSms?: (target: SmsTarget) => void;
  /**
   * Shown (default). Hidden, the screen stays as it was (the Shell keeps it mounted while another
   * screen shows): it asks the replica nothing, and shown again it asks once, drawing only what
   * changed meanwhile (sameEvents).
   */
  active?: boolean;
}

/** Who holds consultations, one column each: counselors, then secretaries (domain.md, roles). */
function hostsOf(users: readonly User[]): User[] {
  const rank = (u: User) => (u.role === 'counselor' ? 0 : 1);
  return users
    .filter((u) => u.active && u.deletedAt === null && (u.role === 'counselor' || u.role === 'secretary'))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'fr-CA'));
}

interface ContextMenu {
  x: number;
  y: number;
  item: CalendarItem;
}

/** A time grid's « +N autres », opened: the events it holds, listed where it was clicked. */
interface FoldMenu {
  x: number;
  y: number;
  date: string;
  hidden: readonly CalendarEventInput[];
}

/** The time grid's hour labels, left of the day columns (the library's sidebar, about this wide). */
const SIDEBAR_WIDTH = 64;

export function CalendarScreen({ onSendSms, active = true }: Props) {
  const { t, i18n } = useTranslation();
  const { user, actor } = useSession();
  const { users, timeZone } = useOffice();
  const { navigate } = useRouter();
  const format = useFormat();
  const [view, setView] = useState<CalendarView>('week');
  const [scope, setScope] = useState<string>(() => openingScope(user));
  // Asked before the library has mounted (it says the same range in its first datesSet): the
  // replica answers while the empty grid is built, instead of after (the opening step's wait),
  // unless the Shell asked it ahead (calendarQuery.ts).
  const [range, setRange] = useState<{ from: string; to: string; title: string } | null>(() => ({ ...openingPeriod(timeZone), title: '' }));
  const [slot, setSlot] = useState<Slot | null>(null);
  const [menu, setMenu] = useState<ContextMenu | null>(null);
  const [fold, setFold] = useState<FoldMenu | null>(null);
  const [frame, frameWidth] = useWidth<HTMLDivElement>();
  const calendar = useRef<Calendar | null>(null);

  const hosts = useMemo(() => hostsOf(users), [users]);
  // Drawn ahead while hidden, the time grid could not scroll to its first hour (a hidden box does
  // not scroll): it does at its first showing. Handing the library its scrollTime again scrolls.
  const shownOnce = useRef(false);
  useEffect(() => {
    if (!active || shownOnce.current) return;
    shownOnce.current = true;
    calendar.current?.setOption('scrollTime', GRID_OPTIONS.scrollTime);
  }, [active]);
  // Another screen shown: what was opened over the calendar closes, as when the screen went away.
  useEffect(() => {
    if (active) return;
    setMenu(null);
    setFold(null);
    setSlot(null);
  }, [active]);
  const input = rangeQuery(range, view, scope, user.id);
  // Hidden, it asks nothing, but for its first answer when drawn ahead (drawAhead.ts).
  const [answered, setAnswered] = useState(false);
  const data = useQuery('calendar:range', input, { tables: CALENDAR_TABLES, enabled: range !== null && (active || !answered) });
  const answer = data.data;
  useEffect(() => {
    if (answer !== undefined) setAnswered(true);
  }, [answer]);

  // Rows that did not change keep their event object between queries (the replica answers each
  // change of its tables with the whole range again).
  const cache = useRef<EventCache>(new Map());
  const events = useMemo<CalendarEventInput[]>(() => {
    if (answer === undefined) return [];
    const leads = new Map(answer.leads.map((l) => [l.id, l]));
    return calendarEvents(answer, {
      timeZone,
      unnamed: t('common.unnamed'),
      canMove: (item) =>
        item.type === 'appointment'
          ? can(actor, 'appointment.manage', { lead: { assigneeId: leads.get(item.leadId)?.assigneeId ?? null } })
          : mayHandleTask(actor, item.task),
      cache: cache.current,
    });
  }, [answer, timeZone, actor, t]);
  // The shown range's events only: after a change of view the previous answer (the month's, the
  // week's) stays until the new range's comes; cut to the new range it draws what that answer
  // holds, and the library is not handed the list a second time when it comes (sameEvents).
  const fromDay = range === null ? '' : officeDate(range.from, timeZone);
  const toDay = range === null ? '' : officeDate(range.to, timeZone);
  const shownEvents = useMemo(() => (fromDay === '' ? events : events.filter((e) => e.start.slice(0, 10) >= fromDay && e.start.slice(0, 10) < toDay)), [events, fromDay, toDay]);
  // What the library is given: the month folded by day; the same array as long as it holds the
  // same events, so that the library (which rebuilds every event it is given) is left alone.
  const given = useRef<Array<CalendarEventInput | MoreInput>>([]);
  // A time grid: as many cards side by side as its day columns hold, the rest folded (timeGridEvents).
  const dayColumns = view === 'week' ? 7 : view === 'people' ? Math.max(1, hosts.length) : 1;
  // Null while the frame is not measured (the first render, its answer asked ahead): a time grid is
  // then given nothing, or the library would be created with every event unfolded, then given them folded.
  const columns = frameWidth > 0 ? maxColumns((frameWidth - SIDEBAR_WIDTH) / dayColumns) : null;
  const libraryEvents = useMemo(() => {
    const next = view === 'month' ? monthEvents(shownEvents) : columns === null ? [] : timeGridEvents(shownEvents, columns, view === 'people');
    if (!sameEvents(given.current, next)) given.current = next;
    return given.current;
  }, [view, shownEvents, columns]);
  const visibleCount = view === 'people' ? shownEvents.filter((e) => hosts.some((h) => e.resourceIds.includes(h.id))).length : shownEvents.length;

  // The library calls these long after the options were built: they read the latest render.
  const latest = useRef({ timeZone, view, scope, user, navigate, format });
  latest.current = { timeZone, view, scope, user, navigate, format };

  const kindLabels = useMemo(
    () => ({
      in_person: t('appointment.kind.in_person'),
      phone: t('appointment.kind.phone'),
      video: t('appointment.kind.video'),
      callback: t('calendar.callback'),
    }),
    [t],
  );
  const stateLabels = useMemo(
    () => ({ attended: t('calendar.state.attended'), missed: t('calendar.state.missed'), cancelled: t('calendar.state.cancelled'), callbackDone: t('calendar.state.callbackDone') }),
    [t],
  );

  const moreLabel = useCallback((count: number) => t('calendar.more', { count }), [t]);
  const timeText = useMemo(() => cachedTimeRange(intlLocale(i18n.language), { hour: 'numeric', minute: '2-digit' }), [i18n.language]);

  // The library's callbacks, made once per language: a new function for eventContent or
  // eventDidMount makes the library draw every event again.
  const handlers = useMemo<Calendar.Options>(() => {
    const openItem = (item: CalendarItem) => {
      if (item.leadId !== null) latest.current.navigate({ name: 'lead', id: item.leadId });
    };
    return {
      eventContent: (info) => eventContent(info, { kindLabels, stateLabels, moreLabel, compact: info.view.type === 'dayGridMonth' }),
      eventDidMount: (info) => {
        const { item, name, more } = info.event.extendedProps as Partial<CalendarEventInput['extendedProps'] & MoreInput['extendedProps']>;
        if (more?.hidden !== undefined) {
          // What a folded entry holds, as the cards name themselves (the bench and the journeys find them so).
          info.el.dataset.items = more.hidden.map((event) => event.id).join(' ');
          // Names only: the times are in the list the click opens (a week folds ~1,700 events).
          const label = t('calendar.foldLabel', { more: moreLabel(more.count), list: more.hidden.map((event) => event.extendedProps.name).join(', ') });
          info.el.setAttribute('aria-label', label);
          info.el.title = label;
          return;
        }
        // The library's own drag shadows and pointer boxes carry none of ours.
        if (item === undefined) return;
        info.el.setAttribute('aria-label', `${info.timeText} ${name}`);
        info.el.dataset.leadId = item.leadId ?? '';
        info.el.dataset.item = `${item.type}:${item.id}`;
        info.el.addEventListener('contextmenu', (event) => {
          event.preventDefault();
          setMenu({ x: event.clientX, y: event.clientY, item });
        });
      },
      datesSet: (info) => {
        const tz = latest.current.timeZone;
        setRange({ from: instantOf(info.start, tz), to: instantOf(info.end, tz), title: info.view.title });
      },
      eventClick: (info) => {
        const { item, more } = info.event.extendedProps as Partial<CalendarEventInput['extendedProps'] & MoreInput['extendedProps']>;
        if (item !== undefined) openItem(item);
        // A time grid's « +N autres »: what it holds, listed; the month's: that day, in full.
        if (more?.hidden !== undefined) {
          // Clicked, or Entrée on the focused entry (no pointer): listed under the entry.
          const box = info.el.getBoundingClientRect();
          const at = info.jsEvent instanceof MouseEvent && info.jsEvent.detail > 0 ? { x: info.jsEvent.clientX, y: info.jsEvent.clientY } : { x: box.left, y: box.bottom };
          setFold({ ...at, date: more.date, hidden: more.hidden });
        }
        else if (more !== undefined) {
          setView('day');
          calendar.current?.setOption('date', more.date);
        }
      },
      eventDrop: (info) => void move(info, t),
      eventResize: (info) => void move(info, t),
      select: (info) => {
        calendar.current?.unselect();
        const tz = latest.current.timeZone;
        const now = latest.current;
        // A day of the month view: the office's usual hour that day, for an hour.
        const startsAt = info.allDay ? wallToInstant(`${officeDate(instantOf(info.start, tz), tz)} 09:00`, tz) : instantOf(info.start, tz);
        const endsAt = info.allDay ? new Date(Date.parse(startsAt) + 60 * 60_000).toISOString() : instantOf(info.end, tz);
        const hostId = info.resource?.id ?? (now.scope === 'office' ? null : now.scope === 'me' ? now.user.id : now.scope);
        setSlot({ startsAt, endsAt, hostId });
      },
    };

    /** A drop or a resize: the sheet's mutation; refused, the event goes back and the reason shows. */
    async function move(info: Calendar.EventDropInfo | Calendar.EventResizeInfo, tr: typeof t) {
      const { item } = info.event.extendedProps as Partial<CalendarEventInput['extendedProps']>;
      if (item === undefined) return;
      const tz = latest.current.timeZone;
      if ('newResource' in info && info.newResource !== undefined && info.oldResource !== undefined && info.newResource.id !== info.oldResource.id) {
        info.revert();
        notifications.show({ color: 'red', title: tr('refusals.localTitle'), message: tr('calendar.hostChange'), autoClose: 10_000 });
        return;
      }
      const startsAt = instantOf(info.event.start, tz);
      const endsAt = instantOf(info.event.end, tz);
      const back = item.type === 'appointment' ? { startsAt: item.appointment.startsAt, endsAt: item.appointment.endsAt } : { startsAt: item.task.dueAt, endsAt: item.task.dueAt };
      const run = (to: { startsAt: string; endsAt: string }) =>
        item.type === 'appointment'
          ? runMutation('appointment.reschedule', { id: item.id, startsAt: to.startsAt, endsAt: to.endsAt }, { report: true })
          : runMutation('task.reschedule', { id: item.id, dueAt: to.startsAt }, { report: true });
      const result = await run({ startsAt, endsAt });
      if (!result.ok) {
        info.revert();
        return;
      }
      const id = `moved-${item.id}`;
      notifications.show({
        id,
        color: 'bureau',
        message: (
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Text size="sm">{tr(item.type === 'appointment' ? 'calendar.moved' : 'calendar.callbackMoved', { when: latest.current.format.dateTime(startsAt) })}</Text>
            <Button
              size="compact-sm"
              variant="subtle"
              onClick={() => {
                notifications.hide(id);
                void run(back);
              }}
            >
              {tr('calendar.undo')}
            </Button>
          </Group>
        ),
        autoClose: 8_000,
      });
    }
  }, [kindLabels, stateLabels, moreLabel, timeText, t]);

  const resources = useMemo(() => hosts.map((h) => ({ id: h.id, title: h.name })), [hosts]);
  const settings = useMemo<Calendar.Options>(
    () => ({
      view: LIBRARY_VIEW[view],
      locale: intlLocale(i18n.language),
      // Today and the now line are the office's (floating events carry their own wall clock).
      timeZone: officeOffset(timeZone),
      ...GRID_OPTIONS,
      // The month grid sizes to its rows (each day holds at most five lines); the time grids fill the frame and scroll.
      height: view === 'month' ? 'auto' : '100%',
      resources,
      eventTimeFormat: timeText,
      dayHeaderFormat: view === 'month' ? { weekday: 'short' } : { weekday: 'short', day: 'numeric' },
      titleFormat: view === 'month' ? { year: 'numeric', month: 'long' } : view === 'week' ? { year: 'numeric', month: 'long', day: 'numeric' } : { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
    }),
    [view, i18n.language, timeZone, resources, timeText],
  );

  // EventCalendar hands the library only the options that changed (by identity).
  const options = useMemo<Calendar.Options>(() => ({ ...settings, ...handlers, events: libraryEvents }), [settings, handlers, libraryEvents]);

  /** A change of view asks for the new period at once, not after the library has drawn it (its datesSet says the same). */
  const switchView = (next: CalendarView) => {
    setView(next);
    const date = calendar.current?.getOption('date');
    const period = date instanceof Date ? periodOf(next, wallOf(date).slice(0, 10), timeZone) : null;
    if (period !== null) setRange((r) => ({ ...period, title: r?.title ?? '' }));
  };

  const peopleOptions = users
    .filter((u) => u.active && u.deletedAt === null && u.id !== user.id)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr-CA'))
    .map((u) => ({ value: u.id, label: u.name }));

  return (
    <Box>
      <PageTitle
        aside={range?.title ? <Text c="dimmed" size="lg" data-testid="calendar-title">{capitalized(range.title)}</Text> : null}
        actions={
          <Button variant="default" onClick={() => setSlot({ startsAt: nextHalfHour(), endsAt: new Date(Date.parse(nextHalfHour()) + 3_600_000).toISOString(), hostId: scope === 'me' ? user.id : scope === 'office' ? null : scope })}>
            {t('calendar.newAppointment')}
          </Button>
        }
      >
        {t('calendar.title')}
      </PageTitle>

      <Paper withBorder radius="md" p="sm" mb="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="xs" wrap="nowrap">
            <Tooltip label={t('calendar.previous')}>
              <ActionIcon variant="default" size="lg" aria-label={t('calendar.previous')} onClick={() => calendar.current?.prev()}>
                ‹
              </ActionIcon>
            </Tooltip>
            <Button variant="default" onClick={() => calendar.current?.setOption('date', officeDate(new Date().toISOString(), timeZone))}>
              {t('calendar.today')}
            </Button>
            <Tooltip label={t('calendar.next')}>
              <ActionIcon variant="default" size="lg" aria-label={t('calendar.next')} onClick={() => calendar.current?.next()}>
                ›
              </ActionIcon>
            </Tooltip>
          </Group>
          <SegmentedControl
            aria-label={t('calendar.viewLabel')}
            value={view}
            onChange={(v) => switchView(v as CalendarView)}
            data={(['day', 'week', 'month', 'people'] as const).map((v) => ({ value: v, label: t(`calendar.view.${v}`) }))}
          />
          <Select
            aria-label={t('calendar.scopeLabel')}
            w={240}
            value={view === 'people' ? 'office' : scope}
            disabled={view === 'people'}
            onChange={(v) => v && setScope(v)}
            allowDeselect={false}
            data={[
              { group: t('calendar.scopeGroup'), items: [{ value: 'me', label: t('calendar.scope.me') }, { value: 'office', label: t('calendar.scope.office') }] },
              ...(peopleOptions.length > 0 ? [{ group: t('calendar.colleagues'), items: peopleOptions }] : []),
            ]}
          />
        </Group>
      </Paper>

      <Group justify="space-between" mb="xs" gap="sm">
        <CalendarLegend />
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="calendar-count">
          {answer === undefined ? t('common.loading') : visibleCount === 0 ? t('calendar.empty') : t('calendar.count', { count: visibleCount })}
        </Text>
      </Group>

      {/* Busy while the shown period's events have not come (the previous period's stay meanwhile). */}
      <Paper ref={frame} withBorder radius="md" className="bc-calendar-frame" data-view={view} aria-busy={data.stale}>
        <EventCalendar options={options} onReady={(c) => (calendar.current = c)} />
      </Paper>

      <Menu opened={menu !== null} onChange={(open) => !open && setMenu(null)} position="bottom-start" withinPortal>
        <Menu.Target>
          <div style={{ position: 'fixed', left: menu?.x ?? 0, top: menu?.y ?? 0, width: 0, height: 0 }} />
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item disabled={menu?.item.leadId == null} onClick={() => menu?.item.leadId && navigate({ name: 'lead', id: menu.item.leadId })}>
            {t('calendar.openLead')}
          </Menu.Item>
          {onSendSms && menu?.item.type === 'appointment' && (
            <Menu.Item onClick={() => menu.item.type === 'appointment' && onSendSms({ leadId: menu.item.leadId, appointmentId: menu.item.id })}>
              {t('calendar.sendSms')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>

      <Menu opened={fold !== null} onChange={(open) => !open && setFold(null)} position="bottom-start" withinPortal>
        <Menu.Target>
          <div style={{ position: 'fixed', left: fold?.x ?? 0, top: fold?.y ?? 0, width: 0, height: 0 }} />
        </Menu.Target>
        <Menu.Dropdown mah={360} style={{ overflowY: 'auto' }} data-testid="calendar-fold">
          {fold !== null && view === 'week' && (
            <Menu.Item
              fw={600}
              onClick={() => {
                setView('day');
                calendar.current?.setOption('date', fold.date);
              }}
            >
              {t('calendar.openDay')}
            </Menu.Item>
          )}
          {fold?.hidden.map((event) => (
            <Menu.Item
              key={event.id}
              leftSection={<span className="bc-swatch" style={{ background: event.backgroundColor }} />}
              disabled={event.extendedProps.item.leadId === null}
              onClick={() => event.extendedProps.item.leadId && navigate({ name: 'lead', id: event.extendedProps.item.leadId })}
            >
              {timeText(new Date(event.start), new Date(event.end))} · {event.extendedProps.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>

      <BookFromCalendarDialog slot={slot} onClose={() => setSlot(null)} />
    </Box>
  );
}

/** « dimanche 6 décembre 2026 » at the head of a title: « Dimanche 6 décembre 2026 ». */
function capitalized(text: string): string {
  return text.charAt(0).toLocaleUpperCase('fr-CA') + text.slice(1);
}

/** The next half hour from now: where « Nouveau rendez-vous » starts. */
function nextHalfHour(): string {
  const step = 30 * 60_000;
  return new Date(Math.ceil((Date.now() + 60_000) / step) * step).toISOString();
}
