import { describe, expect, it } from 'vitest';
import { nativeNotifier, type NotificationElectron, type NotificationLike } from './native';
import type { DesktopNote } from './select';

// The OS notification with Electron passed in: one notification per note, its title and body as
// written, a click handed back with its note; nothing where the system has no notifications.

function fakeElectron(supported: boolean) {
  const shown: Array<{ options: { title: string; body: string }; fire: (event: 'click' | 'close') => void }> = [];
  const electron: NotificationElectron = {
    Notification: class implements NotificationLike {
      private readonly listeners = new Map<string, () => void>();
      constructor(private readonly options: { title: string; body: string }) {}
      static isSupported() {
        return supported;
      }
      on(event: 'click' | 'close', listener: () => void) {
        this.listeners.set(event, listener);
        return this;
      }
      show() {
        shown.push({ options: this.options, fire: (event) => this.listeners.get(event)?.() });
      }
    },
  };
  return { electron, shown };
}

const NOTE: DesktopNote = { title: 'Rappel : rendez-vous demain à 10 h 00 avec Karim Haddad', body: 'En personne', notificationId: 'n1', leadId: 'l1' };

describe('nativeNotifier', () => {
  it('shows each note once and hands its click back with the note', () => {
    const { electron, shown } = fakeElectron(true);
    const clicked: DesktopNote[] = [];
    const show = nativeNotifier(electron, (note) => clicked.push(note));
    show(NOTE);
    show({ ...NOTE, notificationId: 'n2', title: 'Nouveau lead : Amina Diallo', body: '' });
    expect(shown.map((s) => s.options)).toEqual([
      { title: NOTE.title, body: 'En personne' },
      { title: 'Nouveau lead : Amina Diallo', body: '' },
    ]);
    shown[0]!.fire('click');
    shown[1]!.fire('close');
    expect(clicked).toEqual([NOTE]);
  });

  it('shows nothing where the system has no notifications', () => {
    const { electron, shown } = fakeElectron(false);
    nativeNotifier(electron, () => {})(NOTE);
    expect(shown).toEqual([]);
  });
});
