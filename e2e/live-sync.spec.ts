import { expect, test } from './support/fixtures';
import { actionButton, chooseOption, goTo, leadRow, modal, screenTitle, searchLeads, sheetStatus } from './support/ui';

// Two workstations of the office (two browser contexts, two bridges, two people): what one does
// appears on the other without reloading (issue 5, "Everywhere"; sync-protocol.md's pokes).

test('deux postes voient les changements l’un de l’autre en direct', async ({ openStation }) => {
  const marie = await openStation('marie');
  const admin = await openStation('admin');

  // Marie watches a search that matches nothing yet.
  await searchLeads(marie.page, 'Endirect');
  await expect(marie.page.getByRole('main').getByText('Aucun lead', { exact: true })).toBeVisible();

  // The administrator enters a lead by hand…
  await goTo(admin.page, 'Leads');
  await admin.page.getByRole('button', { name: 'Nouveau lead' }).first().click();
  const form = modal(admin.page, 'Nouveau lead');
  await form.getByRole('textbox', { name: 'Prénom' }).fill('Lucie');
  await form.getByRole('textbox', { name: /^Nom/ }).fill('Endirect');
  await form.getByRole('textbox', { name: 'Téléphone' }).fill('514 555 0177');
  await form.getByRole('button', { name: 'Créer le lead' }).click();
  await expect(screenTitle(admin.page)).toHaveText('Lucie Endirect');

  // …and it appears in Marie's list, untouched since.
  await expect(leadRow(marie.page, 'Lucie Endirect')).toHaveCount(1, { timeout: 15_000 });
  await leadRow(marie.page, 'Lucie Endirect').click();
  await expect(screenTitle(marie.page)).toHaveText('Lucie Endirect');
  await expect(marie.page.getByText('Non attribué ·')).toBeVisible();
  await expect(actionButton(marie.page, 'Consigner un contact')).toHaveCount(0);

  // The administrator gives it to Marie: her open sheet says so, and offers her the work.
  await actionButton(admin.page, 'Attribuer').click();
  const assign = modal(admin.page, 'Attribuer');
  await chooseOption(assign, /^Attribuer à/, 'Marie Tremblay — Conseillère');
  await assign.getByRole('button', { name: 'Attribuer 1 lead' }).click();
  await expect(assign).toBeHidden();
  await expect(marie.page.getByText('Attribué à Marie Tremblay ·')).toBeVisible({ timeout: 15_000 });

  // Marie reaches her: the administrator's open sheet follows.
  await actionButton(marie.page, 'Consigner un contact').click();
  const contact = modal(marie.page, 'Consigner un contact');
  await contact.getByRole('radio', { name: 'La personne a répondu' }).check();
  await contact.getByRole('button', { name: 'Enregistrer le contact' }).click();
  await expect(sheetStatus(marie.page)).toHaveText('Contacté');
  await expect(sheetStatus(admin.page)).toHaveText('Contacté', { timeout: 15_000 });
  await expect(admin.page.getByRole('region', { name: 'Historique' })).toContainText('Contact consigné');
});
