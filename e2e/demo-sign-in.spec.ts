import { expect, test } from './support/fixtures';
import { saveScreen } from './support/screenshots';

// Issue 15, point 2: a newcomer on the demo office (npm start) finds its accounts on the sign-in
// screen, signs in with one click and a press of « Se connecter », and may read the screen in
// English first.

test('l’écran de connexion du bureau de démonstration propose ses comptes et la langue', async ({ openStation }) => {
  const { page } = await openStation('marie', { signedIn: false });
  const card = page.getByRole('region', { name: 'Bureau de démonstration' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Ces comptes n’existent que dans la démonstration.');
  await expect(card.getByRole('button')).toHaveCount(6);
  await expect(card.getByRole('button', { name: /^Danielle Fortin — Directrice/ })).toBeVisible();
  await saveScreen(page, 'nouveau', 'connexion-demo');

  // English and back, before signing in.
  await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const demoCard = page.getByRole('region', { name: 'Demo office' });
  await expect(demoCard.getByRole('button', { name: /^Marie Tremblay — Counselor/ })).toBeVisible();
  await saveScreen(page, 'nouveau', 'connexion-demo-en');
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();

  await card.getByRole('button', { name: /^Marie Tremblay — Conseillère/ }).click();
  await expect(page.getByLabel(/^Courriel/)).toHaveValue('marie@bureau.demo');
  await expect(page.getByLabel(/^Mot de passe/)).toHaveValue('demo-bureau');
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeFocused();
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { name: 'Ma journée', level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Mon compte' })).toContainText('Marie Tremblay');
});
