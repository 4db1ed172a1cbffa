// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderBare } from '../../testing/renderBare';
import { missingKeys } from '../../testing/render';
import type { IpcResult, Session } from '~shared/contract/ipc';
import { LoginScreen } from './LoginScreen';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
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

  const demoOffice = {
    accounts: [
      { email: 'admin@bureau.demo', name: 'Alexandre Roy', role: 'admin' as const, titleForm: 'masculine' as const },
      { email: 'marie@bureau.demo', name: 'Marie Tremblay', role: 'counselor' as const, titleForm: null },
      { email: 'accueil@bureau.demo', name: 'Chantal Lavoie', role: 'secretary' as const, titleForm: 'feminine' as const },
    ],
    password: 'demo-bureau',
  };

  it('on a demo office, lists its accounts and fills the form with the one clicked; signing in stays the user’s', async () => {
    const onSignedIn = vi.fn();
    const { api } = renderBare(<LoginScreen defaults={{ serverUrl: 'http://127.0.0.1:8787', email: '' }} expired={false} pending={0} onSignedIn={onSignedIn} />, {
      'session:demo': () => demoOffice,
      'session:login': () => signedIn,
    });
    const card = await screen.findByRole('region', { name: 'Bureau de démonstration' });
    expect(api.callsTo('session:demo')).toEqual([{ serverUrl: 'http://127.0.0.1:8787' }]);
    expect(card.textContent).toContain('Ces comptes n’existent que dans la démonstration.');
    expect(card.textContent).toContain('Mot de passe de démonstration\u00a0: demo-bureau');
    const buttons = within(card).getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual([
      'Alexandre Roy — Administrateuradmin@bureau.demo',
      'Marie Tremblay — Conseillèremarie@bureau.demo',
      'Chantal Lavoie — Secrétaireaccueil@bureau.demo',
    ]);

    // From the keyboard: Marie's account focused, Enter.
    within(card).getByRole('button', { name: /^Marie Tremblay — Conseillère/ }).focus();
    await userEvent.keyboard('{Enter}');
    expect((screen.getByLabelText(/Courriel/) as HTMLInputElement).value).toBe('marie@bureau.demo');
    expect((screen.getByLabelText(/Mot de passe/) as HTMLInputElement).value).toBe('demo-bureau');
    expect(api.callsTo('session:login')).toEqual([]);
    // The focus waits on « Se connecter »: Enter signs in.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Se connecter' }));
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(signedIn));
    expect(api.callsTo('session:login')).toEqual([{ serverUrl: 'http://127.0.0.1:8787', email: 'marie@bureau.demo', password: 'demo-bureau' }]);
  });

  it('shows no card for a real office, and asks again for the address typed once the field is left', async () => {
    const { api } = renderBare(<LoginScreen defaults={{ serverUrl: 'https://bureau.test', email: '' }} expired={false} pending={0} onSignedIn={() => {}} />, {
      'session:demo': ({ serverUrl }) => (serverUrl === 'http://127.0.0.1:8787' ? demoOffice : null),
    });
    await waitFor(() => expect(api.callsTo('session:demo')).toEqual([{ serverUrl: 'https://bureau.test' }]));
    // Let the answer (null) land before looking.
    await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
    expect(screen.queryByRole('region', { name: 'Bureau de démonstration' })).toBeNull();
    expect(screen.queryByText(/démonstration/)).toBeNull();

    const address = screen.getByLabelText(/Adresse du serveur/);
    await userEvent.clear(address);
    await userEvent.type(address, ' http://127.0.0.1:8787 ');
    expect(api.callsTo('session:demo')).toHaveLength(1);
    await userEvent.tab();
    expect(await screen.findByRole('region', { name: 'Bureau de démonstration' })).toBeTruthy();
    expect(api.callsTo('session:demo').at(-1)).toEqual({ serverUrl: 'http://127.0.0.1:8787' });
    // Another address: the card was that office's, it goes.
    await userEvent.type(address, '9');
    expect(screen.queryByRole('region', { name: 'Bureau de démonstration' })).toBeNull();
  });

  it('switches to English and back from the sign-in screen, and remembers the choice', async () => {
    renderBare(<LoginScreen defaults={{ serverUrl: 'http://127.0.0.1:8787', email: '' }} expired={false} pending={0} onSignedIn={() => {}} />, {
      'session:demo': () => demoOffice,
    });
    const languages = screen.getByRole('group', { name: 'Langue' });
    expect(within(languages).getByRole('button', { name: 'Français' }).getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(within(languages).getByRole('button', { name: 'English' }));
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByLabelText(/Server address/)).toBeTruthy();
    const card = await screen.findByRole('region', { name: 'Demo office' });
    expect(within(card).getByRole('button', { name: /^Marie Tremblay — Counselor/ })).toBeTruthy();
    expect(window.localStorage.getItem('bureau.language')).toBe('en');
    expect(document.documentElement.lang).toBe('en');

    await userEvent.click(within(screen.getByRole('group', { name: 'Language' })).getByRole('button', { name: 'Français' }));
    expect(screen.getByRole('button', { name: 'Se connecter' })).toBeTruthy();
    expect(window.localStorage.getItem('bureau.language')).toBe('fr-CA');
  });
});

describe('Connexion avec validation en deux étapes (issue 14, point 3)', () => {
  it('asks for the code when the server says so, sends the three again, and says a wrong code and a lock in French', async () => {
    const onSignedIn = vi.fn();
    const answers: Array<IpcResult<Session>> = [
      { ok: false, error: { code: 'second_factor_required', message: 'Entrez le code à six chiffres de votre application d’authentification (ou un code de secours).' } },
      { ok: false, error: { code: 'invalid_second_factor', message: 'Code incorrect ou déjà utilisé\u00a0: entrez le code affiché maintenant par votre application, ou un code de secours inutilisé.' } },
      { ok: true, value: signedIn },
    ];
    const { api } = renderBare(<LoginScreen defaults={{ serverUrl: 'https://bureau.test', email: 'marie@bureau.test' }} expired={false} pending={0} onSignedIn={onSignedIn} />, {
      'session:login': () => answers.shift()!,
    });
    await userEvent.type(screen.getByLabelText(/Mot de passe/), 'secret 123');
    await userEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    const code = await screen.findByLabelText(/Code de validation/);
    expect(screen.getByText(/code à six chiffres affiché par votre application/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Valider' }));
    expect(screen.getByText('Entrez le code à six chiffres, ou un code de secours.')).toBeTruthy();
    expect(api.callsTo('session:login')).toHaveLength(1);

    await userEvent.type(code, '123456');
    await userEvent.click(screen.getByRole('button', { name: 'Valider' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Code incorrect ou déjà utilisé');
    expect((screen.getByLabelText(/Code de validation/) as HTMLInputElement).value).toBe('');

    await userEvent.type(screen.getByLabelText(/Code de validation/), ' ABCDE-FGHJK ');
    await userEvent.click(screen.getByRole('button', { name: 'Valider' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(signedIn));
    expect(api.callsTo('session:login')).toEqual([
      { serverUrl: 'https://bureau.test', email: 'marie@bureau.test', password: 'secret 123' },
      { serverUrl: 'https://bureau.test', email: 'marie@bureau.test', password: 'secret 123', code: '123456' },
      { serverUrl: 'https://bureau.test', email: 'marie@bureau.test', password: 'secret 123', code: 'ABCDE-FGHJK' },
    ]);
  });

  it('goes back to the password after a lock, with the server’s sentence', async () => {
    const answers: Array<IpcResult<Session>> = [
      { ok: false, error: { code: 'second_factor_required', message: 'Entrez le code.' } },
      { ok: false, error: { code: 'locked', message: 'Trop de tentatives de connexion. Réessayez dans 15 minutes.' } },
    ];
    renderBare(<LoginScreen defaults={{ serverUrl: 'https://bureau.test', email: 'marie@bureau.test' }} expired={false} pending={0} onSignedIn={() => {}} />, {
      'session:login': () => answers.shift()!,
    });
    await userEvent.type(screen.getByLabelText(/Mot de passe/), 'secret 123');
    await userEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    await userEvent.type(await screen.findByLabelText(/Code de validation/), '000000');
    await userEvent.click(screen.getByRole('button', { name: 'Valider' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Réessayez dans 15 minutes.');
    expect((screen.getByLabelText(/Mot de passe/) as HTMLInputElement).value).toBe('');
    expect(screen.queryByLabelText(/Code de validation/)).toBeNull();
  });
});
