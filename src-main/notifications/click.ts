import type { ApiEvent } from '~shared/contract/ipc';
import type { IpcHost } from '../ipc/register';
import type { DesktopNote } from './select';

// A click on a desktop notification (domain.md, "Notifications"; issue 11, point 6): the window
// comes forward on the lead, and the row is marked read. Shared by main.ts (Electron) and the
// development bridge, which records notifications instead of showing them.

export interface ClickTargets {
  host: Pick<IpcHost, 'invoke'>;
  showWindow: () => void;
  /** Tells the renderer (ApiEvent 'open'). */
  send: (event: ApiEvent) => void;
  onError: (error: unknown) => void;
}

export async function openNote(note: DesktopNote, targets: ClickTargets): Promise<void> {
  targets.showWindow();
  if (note.leadId !== null) targets.send({ type: 'open', leadId: note.leadId });
  if (note.notificationId === null) return;
  const result = await targets.host.invoke('mutations:run', { name: 'notification.markRead', args: { ids: [note.notificationId] } }).catch((error: unknown) => {
    targets.onError(error);
    return null;
  });
  if (result !== null && !result.ok) targets.onError(new Error(result.error.message));
}
