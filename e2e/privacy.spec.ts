import { readFile } from 'node:fs/promises';
import { expect, test } from './support/fixtures';
import { postWebForm } from './support/office-http';
import { saveScreen } from './support/screenshots';
import { flipSwitch, goTo, modal } from './support/ui';

// Issue 14, point 5: in Administration → Confidentialité the administrator finds a person who wrote
// through the web form, exports her file (JSON, Excel), sets and lifts a legal hold, anonymises
// her after typing ANONYMISER, and sets a retention rule; the tabs are photographed for review.

test('l’administratrice exporte puis anonymise une personne, et règle la conservation', async ({ openStation }) => {
  // A long journey (two downloads, a hold set and lifted, an anonymisation, a rule) on a busy machine.
  test.slow();
  await postWebForm({ prenom: 'Philomène', nom: 'Confidentia', courriel: 'philomene.confidentia@example.com', telephone: '514 555 0142', consentement: 'oui' });

  const { page, api } = await openStation('admin');
  await goTo(page, 'Administration');
  await page.getByRole('tab', { name: 'Confidentialité' }).click();
  await page.getByRole('tab', { name: 'Personne' }).click();
  await page.getByTestId('privacy-search').fill('Confidentia');
  await page.getByTestId('privacy-result').filter({ hasText: 'Philomène Confidentia' }).click();
  const card = page.getByTestId('privacy-person');
  await expect(card).toContainText('Philomène Confidentia');
  await saveScreen(page, 'admin', 'confidentialite-personne');

  const [json] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Exporter (JSON)' }).click()]);
  expect(json.suggestedFilename()).toMatch(/^personne-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile((await json.path())!, 'utf8')) as { lead: { email: string }; history: Array<{ kind: string; after: { consent?: { source: string } } }> };
  expect(data.lead.email).toBe('philomene.confidentia@example.com');
  expect(data.history.find((h) => h.kind === 'created')?.after.consent?.source).toBe('web_form');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Exporter (Excel)' }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);

  // A legal hold stops the anonymisation until it is lifted.
  await card.getByRole('textbox', { name: 'Motif de la conservation légale' }).fill('Demande du syndic');
  await flipSwitch(card.getByRole('switch'));
  await expect(card).toContainText('Motif\u00a0: Demande du syndic');
  await expect(card.getByRole('button', { name: 'Anonymiser cette personne…' })).toBeDisabled();
  await flipSwitch(card.getByRole('switch'));
  await expect(card.getByRole('button', { name: 'Anonymiser cette personne…' })).toBeEnabled();

  await card.getByRole('button', { name: 'Anonymiser cette personne…' }).click();
  const confirm = modal(page, 'Anonymiser définitivement');
  await expect(confirm.getByRole('button', { name: 'Anonymiser' })).toBeDisabled();
  await confirm.getByTestId('privacy-confirm').fill('ANONYMISER');
  await saveScreen(page, 'admin', 'confidentialite-confirmation', { fullPage: false });
  await confirm.getByRole('button', { name: 'Anonymiser' }).click();
  await expect(confirm).toBeHidden();
  await expect(card).toContainText('Personne anonymisée');
  await expect(card).toContainText('Anonymisée');
  await saveScreen(page, 'admin', 'confidentialite-anonymisee');

  // The workstation's own replica no longer finds her by name once synced.
  await expect.poll(async () => ((await api('leads:list', { filters: { search: 'Confidentia' } })) as { value: { total: number } }).value.total).toBe(0);

  await page.getByRole('tab', { name: 'Conservation' }).click();
  const notInterested = page.getByTestId('retention-not_interested');
  await flipSwitch(notInterested.getByRole('switch'));
  await notInterested.getByRole('textbox', { name: 'Délai' }).fill('24');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Règles enregistrées sur le serveur du bureau.')).toBeVisible();
  await saveScreen(page, 'admin', 'confidentialite-conservation');
});
