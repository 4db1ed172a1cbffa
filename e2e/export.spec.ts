import { readFile } from 'node:fs/promises';
import * as XLSX from '@e965/xlsx';
import { expect, test } from './support/fixtures';
import { postWebForm } from './support/office-http';
import { saveScreen } from './support/screenshots';
import { goTo, searchLeads } from './support/ui';

// Issue 10, point 8: the director exports the Leads screen's list as it is filtered and sorted,
// and the import template; through the development bridge the file comes as a download, read
// back here. A counselor has no « Exporter » at all.

test('la directrice exporte la liste filtrée et triée, puis le modèle d’import', async ({ openStation }) => {
  // A web-form lead whose first name would be a formula in a careless export.
  await postWebForm({ prenom: '=HYPERLINK("http://x.example","clic")', nom: 'Exportzed', courriel: 'exportzed1@example.com' });
  await postWebForm({ prenom: 'Alice', nom: 'Exportzed', courriel: 'exportzed2@example.com' });

  const { page } = await openStation('direction');
  await goTo(page, 'Leads');
  await searchLeads(page, 'Exportzed');
  await expect(page.getByRole('main').getByText('2 leads', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Exporter vers Excel' }).click();
  await saveScreen(page, 'direction', 'leads-export-menu', { fullPage: false });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /La liste affichée/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^Leads \d{4}-\d{2}-\d{2}\.xlsx$/);
  await expect(page.getByText(/Fichier téléchargé\u00a0: Leads/)).toBeVisible();

  const workbook = XLSX.read(await readFile((await download.path())!), { type: 'buffer', cellFormula: true, cellNF: true });
  const sheet = workbook.Sheets['Leads']!;
  const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet, { raw: true });
  // Only what the search shows, newest first as the list is sorted.
  expect(rows.map((r) => r['Prénom'])).toEqual(['Alice', '=HYPERLINK("http://x.example","clic")']);
  expect(rows[0]).toMatchObject({ Nom: 'Exportzed', Statut: 'Nouveau', Source: 'Formulaire web' });
  expect(sheet['B3']).toMatchObject({ t: 's' });
  expect(sheet['B3']!.f).toBeUndefined();
  expect(sheet['M2']).toMatchObject({ t: 'n', z: 'yyyy-mm-dd hh:mm' });

  await page.getByRole('button', { name: 'Exporter vers Excel' }).click();
  const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /Modèle d’import/ }).click()]);
  const templateBook = XLSX.read(await readFile((await template.path())!), { type: 'buffer' });
  const headers = XLSX.utils.sheet_to_json<string[]>(templateBook.Sheets['Leads à importer']!, { header: 1 })[0];
  expect(headers).toEqual(['Prénom', 'Nom', 'Courriel', 'Téléphone', 'Ville', 'Pays', 'Langue', 'Programme', 'Source', 'Date', 'Notes']);
  expect(XLSX.utils.sheet_to_json<string[]>(templateBook.Sheets['Listes']!, { header: 1 }).map((r) => r[1]).filter(Boolean)).toContain('Entrée express');
});

test('une conseillère n’a pas d’export, et le processus principal le lui refuse', async ({ openStation }) => {
  const { page, api } = await openStation('marie');
  await goTo(page, 'Leads');
  await expect(page.getByRole('button', { name: 'Nouveau lead' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Exporter vers Excel' })).toHaveCount(0);
  expect(await api('export:leads', {})).toEqual({
    ok: false,
    error: { code: 'forbidden', message: "Seuls l'administrateur et le directeur peuvent exporter vers Excel." },
  });
});
