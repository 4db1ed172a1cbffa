// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderScreen, missingKeys } from '../../testing/render';
import { ADMIN, DIRECTOR, MARIE } from '../../testing/fixtures';
import { CONTRACT, type IpcResult } from '~shared/contract/ipc';
import { fieldErrors, parseInFrench } from '~shared/contract/field-errors';
import { UsersPanel } from './UsersPanel';

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

/**
 * users:create as the main process answers it before anything leaves for the server: the input
 * parsed with the contract (the server's own account rules, src-shared/contract/auth.ts).
 */
function createAccount(input: unknown): IpcResult<{ id: string }> {
  const parsed = parseInFrench(CONTRACT['users:create'].input, input);
  if (parsed.success) return { ok: true, value: { id: '018f0000-0000-7000-8000-000000000099' } };
  const { message, fields } = fieldErrors(parsed.error);
  return { ok: false, error: { code: 'invalid_input', message: `Saisie invalide. ${message}`, fields } };
}

function errorUnder(input: HTMLElement): string | null {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  const texts = ids.map((id) => document.getElementById(id)).filter((e) => e?.className.includes('error'));
  return texts.length > 0 ? texts.map((e) => e!.textContent).join(' ') : null;
}

describe('a new account', () => {
  it('shows the account rules’ refusal under each input, without checking them itself', async () => {
    const { api } = renderScreen(<UsersPanel />, { as: ADMIN, handlers: { 'users:create': createAccount } });
    await userEvent.click(screen.getByRole('button', { name: 'Nouveau compte' }));
    const dialog = screen.getByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Courriel/), 'nadia@bureau');
    await userEvent.type(within(dialog).getByLabelText(/^Mot de passe/), 'court');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Créer le compte' }));

    await waitFor(() => expect(errorUnder(within(dialog).getByLabelText(/^Nom/))).toBe('Le nom est obligatoire.'));
    expect(errorUnder(within(dialog).getByLabelText(/^Courriel/))).toBe('Adresse courriel invalide.');
    expect(errorUnder(within(dialog).getByRole('combobox', { name: /^Rôle/ }))).toBe('Choisissez un rôle.');
    expect(errorUnder(within(dialog).getByLabelText(/^Mot de passe/))).toBe('Le mot de passe doit compter au moins 10 caractères.');
    expect(within(dialog).queryByText(/^Saisie invalide/)).toBeNull();
    // The form sent it: the rules were the contract's, not the form's.
    expect(api.callsTo('users:create')).toEqual([{ name: '', email: 'nadia@bureau', role: null, titleForm: null, password: 'court' }]);
  });
});

describe('how a person’s role is said (issue 15, point 9)', () => {
  it('shows each person’s own title, and an admin chooses « Directrice » for a director', async () => {
    const users = [{ ...ADMIN, titleForm: 'feminine' as const }, DIRECTOR, { ...MARIE, titleForm: 'masculine' as const }];
    const { api } = renderScreen(<UsersPanel />, { as: ADMIN, handlers: { 'users:list': () => users, 'users:update': (input) => ({ id: input.id }) } });
    const rowOf = async (name: string) => (await screen.findByRole('cell', { name })).closest('tr') as HTMLElement;
    expect(within(await rowOf('Alain')).getByText('Administratrice')).toBeTruthy();
    expect(within(await rowOf('Marie')).getByText('Conseiller')).toBeTruthy();
    // No choice made yet: the role's usual word.
    expect(within(await rowOf('Diane')).getByText('Directeur')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Modifier le compte de Diane' }));
    const dialog = screen.getByRole('dialog');
    await userEvent.click(within(dialog).getByRole('combobox', { name: /^Titre/ }));
    const offered = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(offered).toEqual(['Selon le rôle (Directeur)', 'Directrice', 'Directeur']);
    await userEvent.click(screen.getByRole('option', { name: 'Directrice' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(api.callsTo('users:update')).toHaveLength(1));
    expect(api.callsTo('users:update')[0]).toMatchObject({ id: DIRECTOR.id, role: 'director', titleForm: 'feminine' });
  });
});

describe('a lost phone (issue 14, point 3)', () => {
  it('resets one person’s two-step verification after a confirmation that says what follows', async () => {
    const { api } = renderScreen(<UsersPanel />, { as: ADMIN, handlers: { 'users:list': () => [ADMIN, MARIE], 'twoFactor:reset': () => ({ enabled: false }) } });
    await userEvent.click(await screen.findByRole('button', { name: `Réinitialiser la validation en deux étapes de ${MARIE.name}` }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText(/pourra se connecter avec son seul mot de passe/)).toBeTruthy();
    expect(api.callsTo('twoFactor:reset')).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Réinitialiser la validation en deux étapes' }));
    await waitFor(() => expect(api.callsTo('twoFactor:reset')).toEqual([{ userId: MARIE.id }]));
  });
});
