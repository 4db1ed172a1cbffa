import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as XLSX from '@e965/xlsx';
import type { Desk } from './support/desk';
import { expect, test } from './support/fixtures';
import { postWebForm, signInOverHttp } from './support/office-http';
import { saveScreen } from './support/screenshots';
import { goTo } from './support/ui';

// Issue 13, point 4: « Rapports » as the director (the whole office, every tab, a table exported
// and read back) and as a counselor (her own figures, nothing to export). A screenshot per tab.

const HOUR = 3_600_000;

/** A web-form lead of Marie's whose consultation began an hour ago, closed as `outcome`. */
async function consultation(desk: Desk, lastName: string, outcome: 'attended' | 'missed'): Promise<string> {
  const marie = (await signInOverHttp('marie')).user.id;
  const leadId = await postWebForm({ prenom: 'Rapport', nom: lastName, courriel: `${lastName.toLowerCase()}@example.com` });
  await desk.run('lead.assign', { assignments: [{ leadId, assigneeId: marie }] });
  const id = randomUUID();
  const startsAt = new Date(Date.now() - HOUR);
  await desk.run('appointment.book', { id, leadId, hostId: marie, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + HOUR).toISOString(), kind: 'in_person' });
  await desk.run('appointment.close', { id, outcome });
  return leadId;
}

const TABS = [
  ['Entonnoir', 'funnel'],
  ['Consultations', 'consultations'],
  ['Conversion', 'conversion'],
  ['Délais', 'delays'],
  ['Paiements', 'payments'],
  ['En attente', 'waiting'],
] as const;

test('la directrice parcourt les rapports du bureau et exporte un tableau', async ({ openStation, desk }) => {
  // Six tabs, each computed and photographed: more than a minute on a busy machine.
  test.slow();
  // This month: one consultation held and converted (1 500 $ by card), one missed.
  const held = await consultation(desk, 'Rapportvenu', 'attended');
  await consultation(desk, 'Rapportabsent', 'missed');
  const [procedure] = await desk.call('procedures:list', {});
  await desk.run('lead.evaluate', { leadId: held, result: 'qualified', procedureIds: [procedure!.id] });
  const marie = (await signInOverHttp('marie')).user.id;
  await desk.run('lead.convert', { leadId: held, clientId: randomUUID(), ownerId: marie, payment: { amountCents: 150_000, method: 'card', paidAt: new Date().toISOString() } });

  const { page } = await openStation('direction');
  await goTo(page, 'Rapports');
  // In the screen: the calendar, drawn ahead, lists « Tout le bureau » among its choices too.
  await expect(page.locator('#main').getByText('Tout le bureau')).toBeVisible();
  await page.getByText('Le mois dernier').click();
  await page.getByText('Ce mois-ci').click();

  for (const [label, key] of TABS) {
    await page.getByRole('tab', { name: label }).click();
    await expect(page.getByRole('tabpanel')).not.toContainText('Calcul des chiffres');
    await saveScreen(page, 'direction', `rapports-${key}`);
  }

  await page.getByRole('tab', { name: 'Consultations' }).click();
  const byCounselor = page.getByRole('table', { name: 'Consultations par conseillère' });
  await expect(byCounselor.getByRole('row').filter({ hasText: 'Marie Tremblay' })).toBeVisible();
  await page.getByRole('tab', { name: 'Paiements' }).click();
  await expect(page.getByRole('table', { name: 'Paiements initiaux reçus' }).getByRole('row').filter({ hasText: 'Carte' })).toBeVisible();

  await page.getByRole('tab', { name: 'Entonnoir' }).click();
  const table = page.getByRole('table', { name: 'Entonnoir des leads créés' });
  await expect(table.getByRole('row')).toHaveCount(7);
  await expect(table.getByRole('row').nth(1)).toContainText('Leads créés');
  const shown = (await table.getByRole('row').nth(1).getByRole('cell').nth(1).textContent())!.replace(/\s/g, '');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter « Entonnoir des leads créés » vers Excel'.replace(/ (?=»)|(?<=«) /g, '\u00a0') }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^Entonnoir des leads créés \d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = XLSX.read(await readFile((await download.path())!), { type: 'buffer', cellNF: true });
  const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 });
  expect(rows[0]).toEqual(['Étape', 'Leads', 'Part des leads créés']);
  expect(rows[1]).toEqual(['Leads créés', Number(shown), expect.any(Number)]);
});

test('une conseillère voit ses propres chiffres, sans export', async ({ openStation }) => {
  const { page } = await openStation('marie');
  await goTo(page, 'Rapports');
  await expect(page.getByText('Vos propres chiffres')).toBeVisible();
  await expect(page.getByRole('tab')).toHaveCount(6);
  await page.getByRole('tab', { name: 'Consultations' }).click();
  await expect(page.getByRole('tabpanel')).not.toContainText('Calcul des chiffres');
  await expect(page.getByRole('button', { name: /vers Excel/ })).toHaveCount(0);
  await saveScreen(page, 'marie', 'rapports-consultations');
  // Her own leads only: the office's other counselors are not in her conversion.
  await page.getByRole('tab', { name: 'Conversion' }).click();
  const byCounselor = page.getByRole('table', { name: 'Conversion par conseillère' });
  await expect(byCounselor.getByRole('row')).toHaveCount(2);
  await expect(byCounselor.getByRole('row').nth(1)).toContainText('Marie Tremblay');
  await saveScreen(page, 'marie', 'rapports-conversion');
});

test('la secrétaire voit les consultations du bureau, et aucun autre rapport', async ({ openStation }) => {
  const { page } = await openStation('accueil');
  await goTo(page, 'Rapports');
  await expect(page.getByRole('tab')).toHaveText(['Consultations']);
  await expect(page.getByText('Les consultations du bureau')).toBeVisible();
  await expect(page.getByRole('tabpanel')).not.toContainText('Calcul des chiffres');
  await expect(page.getByRole('button', { name: /vers Excel/ })).toHaveCount(0);
  await saveScreen(page, 'accueil', 'rapports-consultations');
});
