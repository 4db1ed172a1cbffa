import { readFile } from 'node:fs/promises';
import * as XLSX from '@e965/xlsx';
import { expect, test } from './support/fixtures';
import { saveScreen } from './support/screenshots';
import { goTo } from './support/ui';

// Issue 13, point 4: « Rapports » as the director (the whole office, every tab, a table exported
// and read back) and as a counselor (her own figures, nothing to export). A screenshot per tab.

const TABS = [
  ['Entonnoir', 'funnel'],
  ['Consultations', 'consultations'],
  ['Conversion', 'conversion'],
  ['Délais', 'delays'],
  ['Paiements', 'payments'],
  ['En attente', 'waiting'],
] as const;

test('la directrice parcourt les rapports du bureau et exporte un tableau', async ({ openStation }) => {
  const { page } = await openStation('direction');
  await goTo(page, 'Rapports');
  await expect(page.getByText('Tout le bureau')).toBeVisible();
  await page.getByText('Le mois dernier').click();
  await page.getByText('Ce mois-ci').click();

  for (const [label, key] of TABS) {
    await page.getByRole('tab', { name: label }).click();
    await expect(page.getByRole('tabpanel')).not.toContainText('Calcul des chiffres');
    await saveScreen(page, 'direction', `rapports-${key}`);
  }

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
});
