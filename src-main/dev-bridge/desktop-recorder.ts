import type { ApiEvent } from '~shared/contract/ipc';
import { createEmitter } from '~shared/events';
import type { IpcHost } from '../ipc/register';
import { openNote } from '../notifications/click';
import type { DesktopNote } from '../notifications/select';
import type { Agenda } from '../tray/agenda';
import { trayMenuEntries, type TrayMenuEntry } from '../tray/menu';
import { trayTooltip } from '../tray/model';
import { BROWSER_DESKTOP, withDesktopChannels } from '../desktop/channels';

// What the desktop would show outside the window, recorded (issue 11, point 6: "the development
// bridge records the OS notifications and the tray's content it would show, so that Playwright
// checks them"). The same NotificationWatcher as main.ts feeds it; a recorded notification can be
// clicked, which runs main.ts's own click (notifications/click.ts) and reaches the page as the
// 'open' event, through the bridge.

export class DesktopRecorder {
  /** Every OS notification shown, oldest first. */
  readonly notes: DesktopNote[] = [];
  unread = 0;
  agenda: Agenda | null = null;
  private readonly events;

  constructor(
    private readonly host: IpcHost,
    private readonly onError: (error: unknown) => void,
  ) {
    this.events = createEmitter<ApiEvent>(onError);
  }

  readonly show = (note: DesktopNote): void => {
    this.notes.push(note);
  };

  readonly setUnread = (count: number): void => {
    this.unread = count;
  };

  readonly setAgenda = (agenda: Agenda | null): void => {
    this.agenda = agenda;
  };

  /** The tray as it would read: its tooltip and its menu's lines. */
  get tray(): { tooltip: string; menu: TrayMenuEntry[] } {
    return { tooltip: trayTooltip(this.unread), menu: trayMenuEntries(this.agenda) };
  }

  /** A person clicks a notification shown earlier. */
  click(note: DesktopNote): Promise<void> {
    return openNote(note, { host: this.host, showWindow: () => {}, send: (event) => this.events.emit(event), onError: this.onError });
  }

  /** A person picks a line of the tray's agenda. */
  openLead(leadId: string): void {
    this.events.emit({ type: 'open', leadId });
  }

  /** The host the bridge serves: the session's calls and events, plus the clicks above. */
  bridgeHost(): IpcHost {
    // The desktop:* channels answer as a browser would: no file opened with it, no login item.
    return withDesktopChannels(
      {
        invoke: (channel, input) => this.host.invoke(channel, input),
        on: (listener) => {
          const offHost = this.host.on(listener);
          const offOwn = this.events.on(listener);
          return () => {
            offHost();
            offOwn();
          };
        },
      },
      BROWSER_DESKTOP,
    );
  }
}
