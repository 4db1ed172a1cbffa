// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Session, SyncStatus } from '~shared/contract/ipc';
import type { OfficeState } from '~shared/contract/office';
import { renderBare } from '../testing/renderBare';
import { missingKeys } from '../testing/render';
import { MARIE, SETTINGS, USERS, emptyDashboard, sessionUser } from '../testing/fixtures';
import { INITIAL_SYNC_STATUS } from './sync';
import { App } from './App';

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

const signedIn: Session = { user: sessionUser(MARIE), serverUrl: 'https://bureau.test' };
const status = (patch: Partial<SyncStatus>): SyncStatus => ({ ...INITIAL_SYNC_STATUS, ...patch });

const NO_OFFICE: OfficeState = { mode: 'none', officeName: null, serverUrl: null, hosted: null };

function start(session: Session, sync: SyncStatus, office: OfficeState = NO_OFFICE) {
  return renderBare(<App />, {
    'session:get': () => session,
    'office:get': () => office,
    'sync:status': () => sync,
    'users:list': () => USERS,
    'procedures:list': () => [],
    'settings:get': () => SETTINGS,
    'notifications:list': () => ({ items: [], unread: 0 }),
    'dashboard:get': () => emptyDashboard(),
  });
}

describe('session and sync states', () => {
  it('signed out: Connexion', async () => {
    start({ user: null, serverUrl: 'https://bureau.test' }, status({ phase: 'signed_out' }));
    expect(await screen.findByRole('button', { name: 'Se connecter' })).toBeTruthy();
  });

  // Issue 12, point 2: a workstation that belongs to no office creates one or joins one.
  it('first launch: create the office here or join one', async () => {
    start({ user: null, serverUrl: null }, status({ phase: 'signed_out' }));
    expect(await screen.findByRole('heading', { name: 'Bienvenue dans Bureau' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Créer le bureau sur ce poste/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Rejoindre un bureau/ })).toBeTruthy();
  });

  it('joined but not signed in yet: Connexion with the office’s address', async () => {
    start({ user: null, serverUrl: null }, status({ phase: 'signed_out' }), { ...NO_OFFICE, mode: 'join', serverUrl: 'http://192.168.1.20:8787' });
    expect(await screen.findByRole('button', { name: 'Se connecter' })).toBeTruthy();
    expect(screen.getByLabelText(/Adresse du serveur/)).toHaveProperty('value', 'http://192.168.1.20:8787');
  });

  it('first sync: a progress bar with what arrived', async () => {
    start(signedIn, status({ phase: 'first_sync', progress: { received: 1200, total: 5000 } }));
    expect(await screen.findByText(/1\s200 éléments reçus sur 5\s000/)).toBeTruthy();
    expect(screen.getByRole('progressbar')).toBeTruthy();
  });

  // Issue 17: right after signing in, the sync state is still the signed-out one; the office must
  // not show (an empty replica, a badge at 0) before the first sync says what it holds.
  it('just signed in: waits for the sync state, then the first sync, before showing the office', async () => {
    const { api } = start(signedIn, status({ phase: 'signed_out', online: false }));
    expect(await screen.findByLabelText('Chargement…')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Ma journée' })).toBeNull();
    expect(screen.queryByTestId('bell')).toBeNull();
    act(() => api.emit({ type: 'sync', status: status({ phase: 'first_sync', progress: { received: 10, total: 40 } }) }));
    expect(await screen.findByRole('progressbar')).toBeTruthy();
    expect(screen.queryByTestId('bell')).toBeNull();
    act(() => api.emit({ type: 'sync', status: status({ phase: 'idle' }) }));
    expect(await screen.findByRole('heading', { name: 'Ma journée' })).toBeTruthy();
  });

  it('a session that ends brings Connexion back, prefilled, saying the waiting changes are kept', async () => {
    const { api } = start(signedIn, status({ phase: 'idle', pending: 2 }));
    expect(await screen.findByRole('heading', { name: 'Ma journée' })).toBeTruthy();
    expect(screen.getByTestId('pending-count').textContent).toBe('2 changements en attente');
    act(() => api.emit({ type: 'sync', status: status({ phase: 'session_ended', pending: 2 }) }));
    expect(await screen.findByText(/vos 2 changements en attente sont conservés/)).toBeTruthy();
    expect((screen.getByLabelText(/Courriel/) as HTMLInputElement).value).toBe(MARIE.email);
    expect((screen.getByLabelText(/Adresse du serveur/) as HTMLInputElement).value).toBe('https://bureau.test');
  });

  it('goes offline and back on "sync" events', async () => {
    const { api } = start(signedIn, status({ phase: 'idle' }));
    await screen.findByRole('heading', { name: 'Ma journée' });
    act(() => api.emit({ type: 'sync', status: status({ phase: 'offline', online: false, pending: 1 }) }));
    expect(screen.getByTestId('sync-state').getAttribute('data-offline')).toBe('true');
    expect(screen.getByText('Hors ligne')).toBeTruthy();
    act(() => api.emit({ type: 'sync', status: status({ phase: 'idle', online: true, pending: 0 }) }));
    expect(screen.getByText('À jour')).toBeTruthy();
    expect(screen.queryByTestId('pending-count')).toBeNull();
  });
});

// Issue 14, point 1: the encrypted replica's key is lost or no longer matches.
describe('an unreadable replica', () => {
  const unreadable = { reason: 'wrong_key' as const, serverUrl: 'https://bureau.test', userName: MARIE.name, email: MARIE.email };

  it('says so in French, warns that unsent changes are lost, and starts afresh only once confirmed', async () => {
    const { api } = renderBare(<App />, {
      'session:get': () => ({ user: null, serverUrl: 'https://bureau.test' }),
      'office:get': () => NO_OFFICE,
      'sync:status': () => status({ phase: 'signed_out' }),
      'replica:status': () => ({ unreadable }),
      'replica:reset': () => signedIn,
    });
    expect(await screen.findByRole('heading', { name: 'Les données de ce poste ne peuvent pas être ouvertes' })).toBeTruthy();
    expect(screen.getByText('Les modifications pas encore envoyées seront perdues')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Repartir d’une copie neuve du serveur' }));
    expect(await screen.findByText(/Cette opération ne peut pas être annulée/)).toBeTruthy();
    expect(api.callsTo('replica:reset')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Supprimer et repartir du serveur' }));
    await waitFor(() => expect(api.callsTo('replica:reset')).toEqual([{ confirmed: true }]));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Les données de ce poste ne peuvent pas être ouvertes' })).toBeNull());
  });

  it('appears when the workstation reports it after a sign-in', async () => {
    const { api } = start({ user: null, serverUrl: 'https://bureau.test' }, status({ phase: 'signed_out' }));
    await screen.findByRole('button', { name: 'Se connecter' });
    act(() => api.emit({ type: 'replica', status: { unreadable: { ...unreadable, reason: 'missing_key' } } }));
    expect(await screen.findByText(/leur clé est introuvable/)).toBeTruthy();
  });
});
