import { TRAY_MENU_LABELS } from './model';
import type { Agenda } from './agenda';

// The tray's menu as data (Electron's MenuItemConstructorOptions subset): the day's agenda, each
// line opening its lead, then « Ouvrir Bureau » and « Quitter ». Built here without Electron so
// that tests and the development bridge read exactly what the tray would show.

export type TrayMenuEntry =
  | { type: 'separator' }
  | { type: 'normal'; label: string; enabled: boolean; action: { kind: 'lead'; leadId: string } | { kind: 'open' } | { kind: 'quit' } | null };

export const AGENDA_LABELS = {
  heading: 'Aujourd’hui',
  nothing: 'Rien d’autre aujourd’hui',
  more: (n: number) => (n === 1 ? 'et 1 autre…' : `et ${n} autres…`),
} as const;

export function trayMenuEntries(agenda: Agenda | null): TrayMenuEntry[] {
  const entries: TrayMenuEntry[] = [];
  if (agenda !== null) {
    entries.push({ type: 'normal', label: AGENDA_LABELS.heading, enabled: false, action: null });
    if (agenda.items.length === 0) entries.push({ type: 'normal', label: AGENDA_LABELS.nothing, enabled: false, action: null });
    for (const item of agenda.items) {
      entries.push({ type: 'normal', label: item.label, enabled: true, action: item.leadId === null ? { kind: 'open' } : { kind: 'lead', leadId: item.leadId } });
    }
    if (agenda.more > 0) entries.push({ type: 'normal', label: AGENDA_LABELS.more(agenda.more), enabled: true, action: { kind: 'open' } });
    entries.push({ type: 'separator' });
  }
  entries.push({ type: 'normal', label: TRAY_MENU_LABELS.open, enabled: true, action: { kind: 'open' } });
  entries.push({ type: 'separator' });
  entries.push({ type: 'normal', label: TRAY_MENU_LABELS.quit, enabled: true, action: { kind: 'quit' } });
  return entries;
}
