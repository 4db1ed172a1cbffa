import { Notification } from 'electron';
import type { DesktopNote } from './select';

// The operating system's notification (architecture.md: Electron's `Notification`, native on
// Windows, macOS and Linux). Kept referenced until it is clicked or closed: a notification the
// garbage collector takes loses its click handler.

export function nativeNotifier(onClick: (note: DesktopNote) => void): (note: DesktopNote) => void {
  const alive = new Set<Notification>();
  return (note) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: note.title, body: note.body });
    alive.add(notification);
    notification.on('click', () => {
      alive.delete(notification);
      onClick(note);
    });
    notification.on('close', () => alive.delete(notification));
    notification.show();
  };
}
