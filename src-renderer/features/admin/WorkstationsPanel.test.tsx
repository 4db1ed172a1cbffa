// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { WorkstationAnswer } from '~shared/contract/workstations';
import { renderScreen, missingKeys } from '../../testing/render';
import { ADMIN, MARIE } from '../../testing/fixtures';
import { WorkstationsPanel } from './WorkstationsPanel';

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

const laptop: WorkstationAnswer = {
  clientId: '018f0000-0000-7000-8000-0000000000a1',
  userId: MARIE.id,
  userName: MARIE.name,
  userEmail: MARIE.email,
  name: 'Portable de Marie',
  createdAt: '2026-12-01T14:00:00.000Z',
  lastContactAt: '2026-12-06T14:00:00.000Z',
  wipeRequestedAt: null,
  wipeReason: null,
  wipeSentAt: null,
};

describe('Administration → Postes de travail (issue 14, point 4)', () => {
  it('lists each workstation with its user and last contact, and revokes one only after a confirmation saying what will happen', async () => {
    const revoked = { ...laptop, wipeRequestedAt: '2026-12-06T15:00:00.000Z', wipeReason: 'revoked' as const };
    const { api } = renderScreen(<WorkstationsPanel />, { as: ADMIN, handlers: { 'workstations:list': () => [laptop], 'workstations:revoke': () => [revoked] } });
    const row = (await screen.findByRole('cell', { name: 'Portable de Marie' })).closest('tr') as HTMLElement;
    expect(within(row).getByText(MARIE.name)).toBeTruthy();
    expect(within(row).getByText('Actif')).toBeTruthy();

    await userEvent.click(within(row).getByRole('button', { name: `Révoquer le poste «\u00a0Portable de Marie\u00a0» de ${MARIE.name}` }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText(/effacera sa copie des données du bureau et sa connexion enregistrée/)).toBeTruthy();
    expect(within(dialog).getByText(/pas encore envoyés seront perdus/)).toBeTruthy();
    expect(api.callsTo('workstations:revoke')).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Révoquer le poste' }));
    await waitFor(() => expect(api.callsTo('workstations:revoke')).toEqual([{ clientId: laptop.clientId }]));
    expect(await screen.findByText(/effacement au prochain contact/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Révoquer le poste/ })).toBeNull();
  });

  it('shows the server’s French refusal', async () => {
    renderScreen(<WorkstationsPanel />, {
      as: ADMIN,
      handlers: { 'workstations:list': () => ({ ok: false, error: { code: 'offline', message: 'Le serveur du bureau ne répond pas.' } }) },
    });
    expect((await screen.findByRole('alert')).textContent).toContain('Le serveur du bureau ne répond pas.');
  });
});
