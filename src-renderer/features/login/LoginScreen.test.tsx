// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderBare } from '../../test/renderBare';
import { missingKeys } from '../../test/render';
import { LoginScreen } from './LoginScreen';

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

const signedIn = { user: { id: '00000000-0000-4000-8000-000000000003', name: 'Marie', email: 'marie@bureau.test', role: 'counselor' as const }, serverUrl: 'https://bureau.test' };

describe('Connexion', () => {
  it('says in French what is missing and asks nothing of the server', async () => {
    const { api } = renderBare(<LoginScreen defaults={{ serverUrl: '', email: '' }} expired={false} pending={0} onSignedIn={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(screen.getByText('L’adresse du serveur est obligatoire.')).toBeTruthy();
    expect(screen.getByText('Le courriel est obligatoire.')).toBeTruthy();
    expect(screen.getByText('Le mot de passe est obligatoire.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText(/Adresse du serveur/), 'bureau sans protocole');
    await userEvent.type(screen.getByLabelText(/Courriel/), 'pas-un-courriel');
    await userEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(screen.getByText(/Adresse du serveur invalide/)).toBeTruthy();
    expect(screen.getByText('Ce courriel n’est pas valide.')).toBeTruthy();
    expect(api.callsTo('session:login')).toEqual([]);
  });

  it('sends the trimmed address and e-mail, and hands the session on', async () => {
    const onSignedIn = vi.fn();
    const { api } = renderBare(<LoginScreen defaults={{ serverUrl: '', email: '' }} expired={false} pending={0} onSignedIn={onSignedIn} />, {
      'session:login': () => signedIn,
    });
    await userEvent.type(screen.getByLabelText(/Adresse du serveur/), '  https://bureau.test ');
    await userEvent.type(screen.getByLabelText(/Courriel/), ' marie@bureau.test ');
    await userEvent.type(screen.getByLabelText(/Mot de passe/), 'secret 123');
    await userEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(signedIn));
    expect(api.callsTo('session:login')).toEqual([{ serverUrl: 'https://bureau.test', email: 'marie@bureau.test', password: 'secret 123' }]);
  });

  it('shows the server’s French refusal and clears only the password', async () => {
    renderBare(<LoginScreen defaults={{ serverUrl: 'https://bureau.test', email: 'marie@bureau.test' }} expired={false} pending={0} onSignedIn={() => {}} />, {
      'session:login': () => ({ ok: false, error: { code: 'bad_credentials', message: 'Courriel ou mot de passe incorrect, ou compte désactivé.' } }),
    });
    await userEvent.type(screen.getByLabelText(/Mot de passe/), 'mauvais');
    await userEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Courriel ou mot de passe incorrect, ou compte désactivé.');
    expect((screen.getByLabelText(/Mot de passe/) as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText(/Courriel/) as HTMLInputElement).value).toBe('marie@bureau.test');
  });

  it('after a session expiry, says the waiting changes are kept', () => {
    renderBare(<LoginScreen defaults={{ serverUrl: 'https://bureau.test', email: 'marie@bureau.test' }} expired pending={3} onSignedIn={() => {}} />);
    expect(screen.getByText(/vos 3 changements en attente sont conservés/)).toBeTruthy();
  });
});
