import { expect, test } from './support/fixtures';
import { signInWith } from './support/office-http';
import { chooseOption, flipSwitch, goTo, modal } from './support/ui';

// Administration, Utilisateurs: the administrator opens an account for a new counselor from her
// workstation, the new counselor can sign in, then the administrator deactivates it after a
// warning, and the server refuses that account from then on.

test('l’administrateur crée un compte, puis le désactive après avertissement', async ({ openStation }) => {
  const { page } = await openStation('admin');
  await goTo(page, 'Administration');
  await page.getByRole('tab', { name: 'Utilisateurs' }).click();

  await page.getByRole('button', { name: 'Nouveau compte' }).click();
  const create = modal(page, 'Nouveau compte');
  await create.getByRole('button', { name: 'Créer le compte' }).click();
  await expect(create.getByText('Le nom est obligatoire.')).toBeVisible();
  await create.getByRole('textbox', { name: /^Nom/ }).fill('Nora Nouvelle');
  await create.getByRole('textbox', { name: /^Courriel/ }).fill('nora.nouvelle@bureau.demo');
  await chooseOption(create, /^Rôle/, 'Conseillère');
  await create.getByLabel(/^Mot de passe/).fill('court');
  await create.getByRole('button', { name: 'Créer le compte' }).click();
  await expect(create.getByText('Le mot de passe doit compter au moins 10 caractères.')).toBeVisible();
  await create.getByLabel(/^Mot de passe/).fill('une-phrase-de-passe');
  await create.getByRole('button', { name: 'Créer le compte' }).click();
  await expect(create).toBeHidden();

  const row = page.getByRole('row').filter({ hasText: 'nora.nouvelle@bureau.demo' });
  await expect(row).toContainText('Conseillère');
  await expect(row).toContainText('Actif');
  expect((await signInWith('nora.nouvelle@bureau.demo', 'une-phrase-de-passe')).user.email).toBe('nora.nouvelle@bureau.demo');

  await row.getByRole('button', { name: 'Modifier le compte de Nora Nouvelle' }).click();
  const edit = modal(page, 'Modifier le compte');
  await flipSwitch(edit.getByRole('switch', { name: 'Compte actif' }));
  await expect(edit.getByText('Nora Nouvelle ne pourra plus se connecter')).toBeVisible();
  await edit.getByRole('button', { name: 'Désactiver le compte' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('Désactivé');
  await expect(signInWith('nora.nouvelle@bureau.demo', 'une-phrase-de-passe')).rejects.toThrow();
});
