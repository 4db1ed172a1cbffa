import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { expect, test } from './support/fixtures';
import { person } from './support/people';
import { saveScreen } from './support/screenshots';
import { chooseOption, dropFile, modal, screenTitle, searchLeads } from './support/ui';

// Issue 16: an import undone. The administrator drops a file on the window (six leads and a row
// the wizard refuses), imports it and gives the batch to Marie and Julie, three each, from the
// wizard; Marie works one of hers; the administrator opens the batch's refused rows from Leads →
// Imports, then undoes the import after its preview and a confirmation naming the count and
// asking why; the counselors' lists shrink.

const NBSP = '\u00a0';

test('l’administrateur importe un fichier, le répartit, puis l’annule : les leads intacts disparaissent des listes, le lead travaillé reste', async ({ openStation, desk }) => {
  // Three workstations, a file read in a worker and a sync round trip at each step.
  test.slow();
  // Letters only: the list's search reads names by prefix.
  const tag = `Annul${Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
  const fileName = `salon-${tag}.xlsx`;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Salon');
  sheet.addRow(['Prénom', 'Nom', 'Courriel', 'Téléphone']);
  ['Ana', 'Bruno', 'Chloé', 'David', 'Élise', 'Félix'].forEach((firstName, i) => sheet.addRow([firstName, tag, `${firstName.toLowerCase()}-${tag}@example.com`, `438 555-${7100 + i}`]));
  sheet.addRow(['', '', `sansnom-${tag}@example.com`, '']);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

  const admin = await openStation('admin');
  const { page } = admin;
  await dropFile(page, fileName, bytes);
  const wizard = page.getByRole('dialog', { name: `Importer «${NBSP}${fileName}${NBSP}»` });
  await expect(wizard).toBeVisible();
  // Read in a worker: on a busy machine this takes a while.
  await expect(wizard.getByText('6 lignes prêtes')).toBeVisible({ timeout: 30_000 });
  await wizard.getByRole('button', { name: 'Continuer' }).click();
  await expect(wizard.getByTestId('import-preview')).toBeVisible();
  await wizard.getByRole('button', { name: 'Importer 6 leads' }).click();
  await expect(wizard.getByTestId('import-result')).toContainText('6 leads créés, dans un seul lot d’import.', { timeout: 30_000 });

  await wizard.getByRole('button', { name: 'Répartir ces 6 leads…' }).click();
  const distribute = modal(page, 'Répartir 6 leads');
  await distribute.getByRole('textbox', { name: 'Nombre de leads pour Marie Tremblay' }).fill('3');
  await distribute.getByRole('textbox', { name: 'Nombre de leads pour Julie Gagnon' }).fill('3');
  await distribute.getByRole('textbox', { name: 'Nombre de leads pour Sophie Bouchard' }).fill('0');
  await distribute.getByRole('button', { name: 'Enregistrer la répartition (6 leads)' }).click();
  await expect(distribute).toBeHidden();
  await expect(wizard.getByRole('button', { name: 'Lot réparti' })).toBeDisabled();
  await wizard.getByRole('button', { name: 'Fermer' }).last().click();
  await expect(wizard).toBeHidden();

  const marie = await openStation('marie');
  const julie = await openStation('julie');
  const users = await desk.call('users:list', {});
  const idOf = (key: 'marie' | 'julie') => users.find((u) => u.email === person(key).email)!.id;
  const counted = (station: typeof marie) => station.page.getByRole('main').getByText(/^\d+ leads?$/);
  // Each counselor's own list: the file's leads given to her, once the office has told her workstation.
  for (const [station, key] of [[marie, 'marie'], [julie, 'julie']] as const) {
    await searchLeads(station.page, tag);
    // The search's own answer first: a filter chosen while the list still refreshes for the
    // search can have its option re-drawn under the click, and the choice is lost.
    await expect(counted(station)).toHaveText('6 leads', { timeout: 30_000 });
    await chooseOption(station.page.getByRole('group', { name: 'Filtres' }), /^Attribué à/, person(key).name);
    await expect(counted(station)).toHaveText('3 leads', { timeout: 30_000 });
  }
  // Marie works one of hers (an edit): that lead stays whatever happens to the import.
  const mine = await marie.api('leads:list', { filters: { search: tag, assigneeId: idOf('marie') }, sort: 'name_asc' });
  expect(mine.ok && mine.value.rows).toHaveLength(3);
  const worked = mine.ok ? mine.value.rows[0]! : null;
  const edited = await marie.api('mutations:run', { name: 'lead.update', args: { id: worked!.id, patch: { notes: 'Rappelée : intéressée' } } });
  expect(edited.ok).toBe(true);

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('button', { name: 'Imports', exact: true }).click();
  await expect(screenTitle(page)).toHaveText('Imports');
  const card = page.getByRole('region', { name: fileName });
  await expect(card).toContainText('Leads créés6');
  await expect(card).toContainText('Répartis6 — Julie Gagnon (3), Marie Tremblay (3)');
  await expect(card).toContainText(`par ${person('admin').name}`);
  await saveScreen(page, 'admin', 'imports');

  // The refused row, as the wizard offered it: the same workbook, from this workstation.
  const downloading = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Enregistrer la ligne refusée (.xlsx)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`salon-${tag} - lignes refusées.xlsx`);
  const saved = new ExcelJS.Workbook();
  await saved.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
  const values = saved.worksheets[0]!.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1));
  expect(values[0]).toEqual(['Ligne', 'Motif', 'Prénom', 'Nom', 'Courriel', 'Téléphone']);
  expect(values[1]?.[0]).toBe(8);
  expect(String(values[1]?.[1])).toMatch(/nom/i);
  expect(values[1]?.[4]).toBe(`sansnom-${tag}@example.com`);

  await card.getByRole('button', { name: 'Annuler l’import' }).click();
  const dialog = modal(page, `Annuler l’import «${NBSP}${fileName}${NBSP}»`);
  // The preview waits for Marie's edit to reach the office and this workstation.
  await expect(dialog.getByText('1 lead sera conservé (déjà travaillé)')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText('5 leads seront retirés')).toBeVisible();
  await expect(dialog.getByRole('list', { name: '5 leads seront retirés' }).getByRole('listitem')).toHaveCount(5);
  await expect(dialog.getByRole('list', { name: '1 lead sera conservé (déjà travaillé)' })).toContainText(`${worked!.firstName} ${tag}Travaillé · Marie Tremblay`);
  await saveScreen(page, 'admin', 'import-revert-preview', { fullPage: false });
  await dialog.getByRole('button', { name: 'Retirer 5 leads…' }).click();

  await expect(dialog.getByText(`Retirer 5 leads de l’import «${NBSP}${fileName}${NBSP}»${NBSP}?`)).toBeVisible();
  const submit = dialog.getByRole('button', { name: 'Retirer 5 leads', exact: true });
  await expect(submit).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Motif de l’annulation' }).fill('Mauvais fichier : la liste du salon de l’an dernier');
  await saveScreen(page, 'admin', 'import-revert-confirmation', { fullPage: false });
  await submit.click();
  await expect(dialog).toBeHidden();

  await expect(card).toContainText('Annulé');
  await expect(card).toContainText('Résultat5 retirés, 1 conservé (déjà travaillé)');
  await expect(card).toContainText('MotifMauvais fichier : la liste du salon de l’an dernier');
  await expect(card.getByRole('button', { name: 'Annuler l’import' })).toHaveCount(0);
  await saveScreen(page, 'admin', 'imports-after-revert');

  // The counselors' lists shrink as the office tells their workstations.
  await expect(counted(marie)).toHaveText('1 lead', { timeout: 30_000 });
  await expect(marie.page.getByRole('row').filter({ hasText: tag })).toHaveText([new RegExp(`${worked!.firstName} ${tag}`)]);
  await expect(julie.page.getByRole('main').getByText('Aucun lead', { exact: true })).toBeVisible({ timeout: 30_000 });
});
