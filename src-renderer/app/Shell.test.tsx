// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import type { Session, SyncStatus } from '~shared/contract/ipc';
import type { OfficeState } from '~shared/contract/office';
import type { User } from '~shared/domain/entities';
import { renderBare } from '../testing/renderBare';
import { missingKeys } from '../testing/render';
import { MARIE, SETTINGS, USERS, sessionUser } from '../testing/fixtures';
import { INITIAL_SYNC_STATUS } from './sync';
import { App } from './App';

// « Ma journée » stands in for any screen: what it is given, and how many times it is drawn.
const drawn = vi.hoisted(() => ({ count: 0, hostName: '' }));
vi.mock('../features/today/TodayScreen', async () => {
  const { useOffice } = await import('./office');
  return {
    TodayScreen: function TodayScreen() {
      drawn.count += 1;
      drawn.hostName = useOffice().usersById.get(MARIE.id)?.name ?? '';
      return <h1>Ma journée</h1>;
    },
  };
});

afterEach(() => {
  cleanup();
  drawn.count = 0;
  expect(missingKeys).toEqual([]);
});

const signedIn: Session = { user: sessionUser(MARIE), serverUrl: 'https://bureau.test' };
const idle: SyncStatus = { ...INITIAL_SYNC_STATUS, phase: 'idle', online: true };
const OFFICE: OfficeState = { mode: 'join', officeName: 'Bureau test', serverUrl: 'https://bureau.test', hosted: null };

function start(users: () => User[] | Promise<User[]>) {
  return renderBare(<App />, {
    'session:get': () => signedIn,
    'office:get': () => OFFICE,
    'sync:status': () => idle,
    'users:list': users,
    'procedures:list': () => [],
    'settings:get': () => SETTINGS,
    'notifications:list': () => ({ items: [], unread: 0 }),
    'calendar:range': () => ({ appointments: [], tasks: [], leads: [] }),
  });
}

describe('the office after sign-in', () => {
  it('shows its first screen once the office’s people have answered, drawn with their names', async () => {
    let answer: (users: User[]) => void = () => {};
    const { api } = start(() => new Promise<User[]>((resolve) => (answer = resolve)));
    await waitFor(() => expect(api.callsTo('users:list')).toHaveLength(1));
    // Still waiting: the loader, not a screen naming no one (« Utilisateur inconnu »).
    expect(screen.getByLabelText('Chargement…')).toBeTruthy();
    expect(drawn.count).toBe(0);
    await act(async () => answer(USERS));
    expect(await screen.findByRole('heading', { name: 'Ma journée' })).toBeTruthy();
    expect(drawn.hostName).toBe('Marie');
  });

  it('does not draw the screen again when only the Shell changes (sync state, unread count)', async () => {
    const { api } = start(() => USERS);
    await screen.findByRole('heading', { name: 'Ma journée' });
    const before = drawn.count;
    const unreadAsked = api.callsTo('notifications:list').length;
    await act(async () => api.emit({ type: 'sync', status: { ...idle, pending: 3 } }));
    await act(async () => api.emit({ type: 'changed', tables: ['notifications'] }));
    // The Shell did change: it asked its unread count again.
    await waitFor(() => expect(api.callsTo('notifications:list').length).toBeGreaterThan(unreadAsked));
    expect(drawn.count).toBe(before);
  });
});
