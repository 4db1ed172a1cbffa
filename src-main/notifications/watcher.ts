import type { Channel, ChannelInput, ChannelOutput } from '~shared/contract/ipc';
import { DEFAULT_TIME_ZONE, endOfOfficeDay, startOfOfficeDay } from '~shared/domain/office-time';
import type { IpcHost } from '../ipc/register';
import { trayAgenda, type Agenda } from '../tray/agenda';
import { planDesktopNotes, type DesktopNote } from './select';
import type { ShownNotifications } from './shown-store';

// Turns the signed-in user's notification rows into desktop notifications, the tray's unread
// count and the tray's agenda of the day (domain.md, "Notifications"; issue 11, point 6). It reads
// through the same contract as the window does, so it sees exactly what the notification panel
// and the calendar show, and it runs again whenever those tables change (a pull, a mutation), the
// session does, or a minute passes (the agenda drops what is over). No Electron here: main.ts
// passes `show` (notifications/native.ts), `onUnread` and `onAgenda` (the tray); the development
// bridge passes recorders.

export interface WatcherOptions {
  host: IpcHost;
  shown: ShownNotifications;
  show: (note: DesktopNote) => void;
  onUnread: (count: number) => void;
  /** The day's agenda; null when nobody is signed in. */
  onAgenda?: (agenda: Agenda | null) => void;
  clock?: () => Date;
  onError?: (error: unknown) => void;
}

/** How many unread rows are read each time: enough to find the new ones, whatever the backlog. */
const LIST_LIMIT = 100;
/** How often the agenda is read again with nothing changed: what is over leaves the tray. */
export const AGENDA_TICK_MS = 60_000;
const WATCHED = new Set(['notifications', 'appointments', 'tasks', 'leads']);

export class NotificationWatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: WatcherOptions) {}

  start(): void {
    this.unsubscribe ??= this.options.host.on((event) => {
      if ((event.type === 'changed' && event.tables.some((table) => WATCHED.has(table))) || event.type === 'session') void this.refresh();
    });
    if (this.options.onAgenda !== undefined && this.timer === null) {
      this.timer = setInterval(() => void this.refresh(), AGENDA_TICK_MS);
      this.timer.unref?.();
    }
    void this.refresh();
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    return this.running ?? Promise.resolve();
  }

  /** One pass; calls that arrive meanwhile are folded into one more pass after it. */
  refresh(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass().catch((error: unknown) => this.options.onError?.(error));
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput[C] | null> {
    const result = await this.options.host.invoke(channel, input);
    return result.ok ? (result.value as ChannelOutput[C]) : null;
  }

  private async pass(): Promise<void> {
    const user = (await this.call('session:get', {}))?.user ?? null;
    const list = user === null ? null : await this.call('notifications:list', { unreadOnly: true, limit: LIST_LIMIT });
    if (this.stopped) return;
    this.options.onUnread(list?.unread ?? 0);
    const now = (this.options.clock ?? (() => new Date()))();
    const settings = user === null ? null : await this.call('settings:get', {});
    const timeZone = settings?.timeZone ?? DEFAULT_TIME_ZONE;
    if (this.options.onAgenda !== undefined) await this.agenda(user?.id ?? null, now, timeZone);
    if (user === null || list === null || list.items.length === 0) return;

    const shown = this.options.shown;
    const plan = planDesktopNotes(list.items, {
      userId: user.id,
      now,
      timeZone,
      wasShown: (key) => shown.has(user.id, key),
    });
    if (plan.shown.length === 0 || this.stopped) return;
    // Recorded before showing: a crash in between loses one notification rather than repeating it.
    await shown.add(user.id, plan.shown);
    for (const note of plan.notes) this.options.show(note);
  }

  /** The office day's calendar of the user, as the tray lists it. */
  private async agenda(userId: string | null, now: Date, timeZone: string): Promise<void> {
    const at = now.toISOString();
    const day = userId === null ? null : await this.call('calendar:range', { from: startOfOfficeDay(at, timeZone), to: endOfOfficeDay(at, timeZone), userId });
    if (this.stopped) return;
    this.options.onAgenda?.(userId === null || day === null ? null : trayAgenda(day, { userId, now, timeZone }));
  }
}
