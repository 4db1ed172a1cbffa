import { base32Decode, totp } from '~server/auth/totp';
import { expect, test } from './support/fixtures';
import { saveScreen } from './support/screenshots';
import { goTo, modal } from './support/ui';

// Issue 14, points 3 and 4, as people do it: a counselor turns on two-step verification from her
// account menu (the QR code drawn on the workstation, the key in groups, a first code, the ten
// recovery codes), signs out and back in with a code; the administrator sees her workstation in
// Administration → Postes de travail and revokes it; her workstation then says it was revoked
// and is back at the sign-in screen. The authenticator app is the server's own TOTP (RFC 6238),
// fed the key read from the screen.

const PASSWORD = 'une-phrase-de-passe-solide';

test('validation en deux étapes, puis révocation du poste par l’administrateur', async ({ openStation, desk }) => {
  test.setTimeout(120_000);
  const email = `valerie.${Date.now()}@bureau.demo`;
  await desk.call('users:create', { name: 'Valérie Sécurité', email, role: 'counselor', password: PASSWORD });

  const station = await openStation('admin', { signedIn: false });
  const { page } = station;
  const signIn = async () => {
    await page.getByLabel(/^Courriel/).fill(email);
    await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  };
  await signIn();
  await expect(page.getByRole('heading', { name: 'Ma journée', level: 1 })).toBeVisible({ timeout: 30_000 });

  // Turning it on.
  await page.getByRole('button', { name: 'Mon compte' }).click();
  await page.getByRole('menuitem', { name: 'Validation en deux étapes' }).click();
  const dialog = modal(page, 'Validation en deux étapes');
  await expect(dialog.getByText('Désactivée', { exact: false })).toBeVisible();
  await dialog.getByRole('button', { name: 'Activer la validation en deux étapes' }).click();
  await expect(dialog.getByRole('img', { name: 'Code QR à balayer avec l’application d’authentification' })).toBeVisible();
  const shown = (await dialog.getByTestId('two-factor-secret').textContent()) ?? '';
  expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  const key = base32Decode(shown.replace(/ /g, ''));
  await saveScreen(page, 'valerie', 'validation-deux-etapes-activation', { fullPage: false });

  await dialog.getByLabel('Code à six chiffres').fill(totp(key, new Date()) === '000000' ? '111111' : '000000');
  await dialog.getByRole('button', { name: 'Activer', exact: true }).click();
  await expect(dialog.getByText(/Ce code ne correspond pas/)).toBeVisible();
  await dialog.getByLabel('Code à six chiffres').fill(totp(key, new Date()));
  await dialog.getByRole('button', { name: 'Activer', exact: true }).click();
  const codes = dialog.getByRole('list', { name: 'Vos codes de secours' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  await saveScreen(page, 'valerie', 'validation-deux-etapes-codes', { fullPage: false });
  await dialog.getByRole('button', { name: 'J’ai noté mes codes' }).click();
  await expect(dialog.getByText('Activée — 10 codes de secours restants.')).toBeVisible();
  await page.keyboard.press('Escape');

  // Signing out and in: the code is asked after the password (the next step's: never the same twice).
  await page.getByRole('button', { name: 'Mon compte' }).click();
  await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
  await signIn();
  const codeField = page.getByLabel(/^Code de validation/);
  await expect(codeField).toBeVisible();
  await codeField.fill('123456');
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByRole('alert')).toContainText('Code incorrect ou déjà utilisé');
  await codeField.fill(totp(key, new Date(Date.now() + 30_000)));
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByRole('heading', { name: 'Ma journée', level: 1 })).toBeVisible({ timeout: 30_000 });

  // The administrator revokes her workstation.
  const admin = await openStation('admin');
  await goTo(admin.page, 'Administration');
  await admin.page.getByRole('tab', { name: 'Postes de travail' }).click();
  const row = admin.page.getByRole('row').filter({ hasText: 'Valérie Sécurité' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Actif');
  await saveScreen(admin.page, 'admin', 'postes-de-travail');
  await row.getByRole('button', { name: /^Révoquer le poste/ }).click();
  const confirm = modal(admin.page, 'Révoquer ce poste');
  await expect(confirm).toContainText('effacera sa copie des données du bureau');
  await saveScreen(admin.page, 'admin', 'postes-de-travail-revoquer', { fullPage: false });
  await confirm.getByRole('button', { name: 'Révoquer le poste' }).click();
  await expect(row).toContainText('effacement au prochain contact');

  // Her workstation's next contact.
  await station.api('sync:now', {});
  await expect(page.getByRole('heading', { name: 'Ce poste a été révoqué par le bureau' })).toBeVisible({ timeout: 30_000 });
  await saveScreen(page, 'valerie', 'poste-revoque', { fullPage: false });
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
});
