import { expect, test } from './support/fixtures';
import { postWebForm } from './support/office-http';
import { chooseOption, leadRow, modal, searchLeads } from './support/ui';

// processus-leads.fr.md, step 2 ("Distribution par nombre aux conseillères"): the administrator
// selects 20 new leads and gives 10 to Marie, 5 to Julie, 5 to Sophie, after a preview.

test('l’administrateur répartit 20 leads 10/5/5 avec l’aperçu, puis enregistre', async ({ openStation }) => {
  for (let i = 1; i <= 20; i += 1) await postWebForm({ prenom: `Candidat ${String(i).padStart(2, '0')}`, nom: 'Lotvingt', courriel: `lot${i}@example.com` });

  const { page } = await openStation('admin');
  await searchLeads(page, 'Lotvingt');
  await expect(page.getByRole('main').getByText('20 leads', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Sélectionner les 20 leads correspondants' }).click();
  await expect(page.getByText('20 leads sélectionnés')).toBeVisible();
  await page.getByRole('button', { name: 'Répartir…' }).click();

  const dialog = modal(page, 'Répartir 20 leads');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Nombre de leads pour Marie Tremblay' }).fill('10');
  await dialog.getByRole('textbox', { name: 'Nombre de leads pour Julie Gagnon' }).fill('5');
  await dialog.getByRole('textbox', { name: 'Nombre de leads pour Sophie Bouchard' }).fill('5');

  // The preview says who gets which part of the selection before anything is saved.
  const preview = dialog.getByTestId('distribution-preview');
  await expect(preview.getByRole('row')).toHaveText([
    /Marie Tremblay\s*10 leads\s*nᵒˢ 1 à 10/,
    /Julie Gagnon\s*5 leads\s*nᵒˢ 11 à 15/,
    /Sophie Bouchard\s*5 leads\s*nᵒˢ 16 à 20/,
  ]);
  await expect(dialog.getByText('20 demandés sur 20 sélectionnés')).toBeVisible();
  // Nothing is assigned yet.
  await expect(leadRow(page, 'Candidat 01 Lotvingt')).toContainText('Non attribué');

  await dialog.getByRole('button', { name: 'Enregistrer la répartition (20 leads)' }).click();
  await expect(dialog).toBeHidden();

  const filters = page.getByRole('group', { name: 'Filtres' });
  const counted = page.getByRole('main').getByText(/^\d+ leads?$/);
  for (const [name, count] of [
    ['Marie Tremblay', 10],
    ['Julie Gagnon', 5],
    ['Sophie Bouchard', 5],
  ] as const) {
    await chooseOption(filters, /^Attribué à/, name);
    await expect(counted).toHaveText(`${count} leads`);
    await expect(page.getByRole('row').filter({ hasText: 'Lotvingt' })).toHaveCount(count);
    for (const row of await page.getByRole('row').filter({ hasText: 'Lotvingt' }).all()) await expect(row).toContainText(name);
  }
  await chooseOption(filters, /^Attribué à/, 'Non attribués');
  await expect(page.getByRole('main').getByText('Aucun lead', { exact: true })).toBeVisible();
});
