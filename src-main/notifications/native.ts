import type { DesktopNote } from './select';

// The operating system's notification (architecture.md: Electron's `Notification`, native on
// Windows, macOS and Linux), Electron passed in so that tests run without the binary. Kept
// referenced until it is clicked or closed: a notification the garbage collector takes loses its
// click handler.

/** The part of Electron's API used here; `typeof import('electron')` satisfies it. */
export interface NotificationElectron {
  Notification: {
    new (options: { title: string; body: string }): NotificationLike;
    isSupported(): boolean;
  };
}

export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}

export function nativeNotifier(electron: NotificationElectron, onClick: (note: DesktopNote) => void): (note: DesktopNote) => void {
  const alive = new Set<NotificationLike>();
  return (note) => {
    if (!electron.Notification.isSupported()) return;
    const notification = new electron.Notification({ title: note.title, body: note.body });
    alive.add(notification);
    notification.on('click', () => {
      alive.delete(notification);
      onClick(note);
    });
    notification.on('close', () => alive.delete(notification));
    notification.show();
  };
}
