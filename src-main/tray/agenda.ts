import type { CalendarRange } from '~shared/contract/ipc';
import { formatOfficeTime } from '~shared/domain/office-time';

// The tray's agenda (issue 11, point 6: "the tray shows the unread count and the next
// appointments and callbacks of the day, each opening its lead"): from the signed-in user's
// calendar of the office day, what is still ahead — appointments they host that have not ended,
// callbacks of theirs still open (one due this morning is still to do) — in time order, in French.
// No Electron here: tray.ts turns it into a menu.

/** Beyond this many, the menu says how many more (a tray menu is no list to scroll). */
export const AGENDA_MAX = 6;

export interface AgendaItem {
  /** « 14 h 30 · Rendez-vous · Karim Haddad ». */
  label: string;
  leadId: string | null;
  at: string;
}

export interface Agenda {
  items: AgendaItem[];
  /** How many more than `items` the day still holds. */
  more: number;
}

export function trayAgenda(range: CalendarRange, context: { userId: string; now: Date; timeZone: string }): Agenda {
  const now = context.now.getTime();
  const names = new Map(range.leads.map((lead) => [lead.id, `${lead.firstName} ${lead.lastName}`.trim() || '(sans nom)']));
  const time = (at: string) => formatOfficeTime(at, context.timeZone);
  const all: AgendaItem[] = [
    ...range.appointments
      .filter((a) => a.hostId === context.userId && a.state === 'scheduled' && Date.parse(a.endsAt) > now)
      .map((a) => ({ at: a.startsAt, leadId: a.leadId, label: `${time(a.startsAt)} · Rendez-vous · ${names.get(a.leadId) ?? '(sans nom)'}` })),
    ...range.tasks
      .filter((t) => t.kind === 'callback' && t.ownerId === context.userId && t.completedAt === null)
      .map((t) => ({ at: t.dueAt, leadId: t.leadId, label: `${time(t.dueAt)} · Rappel · ${(t.leadId !== null && names.get(t.leadId)) || t.title}` })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.label.localeCompare(b.label)));
  return { items: all.slice(0, AGENDA_MAX), more: Math.max(0, all.length - AGENDA_MAX) };
}
