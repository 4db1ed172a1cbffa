import type { Channel, ChannelInput, ChannelOutput } from '../../src-shared/contract/ipc';
import { DEFAULT_TIME_ZONE } from '../../src-shared/domain/office-time';
import type { IpcHost } from '../ipc/register';
import { planDesktopNotes, type DesktopNote } from './select';
import type { ShownNotifications } from './shown-store';

// Turns the signed-in user's notification rows into desktop notifications and the tray's unread
// count (domain.md, "Notifications"). It reads through the same contract as the window does, so it
// sees exactly what the notification panel shows, and it runs again whenever the notifications
// table changes (a pull, a mutation) or the session does. No Electron here: main.ts passes `show`
// (notifications/native.ts) and `onUnread` (the tray).

export interface WatcherOptions {
  host: IpcHost;
  shown: ShownNotifications;
  show: (note: DesktopNote) => void;
  onUnread: (count: number) => void;
  clock?: () => Date;
  onError?: (error: unknown) => void;
}

/** How many unread rows are read each time: enough to find the new ones, whatever the backlog. */
const LIST_LIMIT = 100;

export class NotificationWatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: WatcherOptions) {}

  start(): void {
    this.unsubscribe ??= this.options.host.on((event) => {
      if ((event.type === 'changed' && event.tables.includes('notifications')) || event.type === 'session') void this.refresh();
    });
    void this.refresh();
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
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
    if (user === null || list === null || list.items.length === 0) return;

    const shown = this.options.shown;
    const now = (this.options.clock ?? (() => new Date()))();
    const settings = await this.call('settings:get', {});
    const plan = planDesktopNotes(list.items, {
      userId: user.id,
      now,
      timeZone: settings?.timeZone ?? DEFAULT_TIME_ZONE,
      wasShown: (key) => shown.has(user.id, key),
    });
    if (plan.shown.length === 0 || this.stopped) return;
    // Recorded before showing: a crash in between loses one notification rather than repeating it.
    await shown.add(user.id, plan.shown);
    for (const note of plan.notes) this.options.show(note);
  }
}
