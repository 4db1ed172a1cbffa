import { newId } from '../src-shared/ids';
import { expect, test } from './support/fixtures';
import { person } from './support/people';
import { saveScreen } from './support/screenshots';
import { chooseOption, modal, screenTitle, searchLeads } from './support/ui';

// Issue 16: an import undone. The administrator imports six leads and distributes them to Marie
// and Julie; Marie works one; the administrator undoes the import from Leads → Imports, after its
// preview and a confirmation naming the count and asking why; the counselors' lists shrink.
//
// The batch is made by lead.createMany through the development bridge, the mutation the desktop's
// import wizard ends in. Once the wizard (src-renderer/features/import-wizard) lands, this journey
// should import by dropping a file instead.

test('l’administrateur annule un import réparti : les leads intacts disparaissent des listes, le lead travaillé reste', async ({ openStation, desk }) => {
  const tag = `Annulable${Date.now().toString(36)}`;
  const fileName = `salon-${tag}.xlsx`;
  const leads = ['Ana', 'Bruno', 'Chloé', 'David', 'Élise', 'Félix'].map((firstName, i) => ({
    id: newId(),
    firstName,
    lastName: tag,
    phone: `438 555-${String(7100 + i)}`,
    source: 'import' as const,
  }));
  await desk.run('lead.createMany', { importBatchId: newId(), fileName, leads });
  const users = await desk.call('users:list', {});
  const idOf = (key: 'marie' | 'julie') => users.find((u) => u.email === person(key).email)!.id;
  await desk.run('lead.assign', { assignments: leads.map((l, i) => ({ leadId: l.id, assigneeId: idOf(i < 3 ? 'marie' : 'julie') })) });

  const marie = await openStation('marie');
  const julie = await openStation('julie');
  // Marie works Ana (an edit): Ana stays whatever happens to the import.
  const edited = await marie.api('mutations:run', { name: 'lead.update', args: { id: leads[0]!.id, patch: { notes: 'Rappelée : intéressée' } } });
  expect(edited.ok).toBe(true);
  const counted = (page: typeof marie.page) => page.getByRole('main').getByText(/^\d+ leads?$/);
  // Each counselor's own list: the file's leads assigned to her.
  for (const [station, key] of [[marie, 'marie'], [julie, 'julie']] as const) {
    await searchLeads(station.page, tag);
    await chooseOption(station.page.getByRole('group', { name: 'Filtres' }), /^Attribué à/, person(key).name);
    await expect(counted(station.page)).toHaveText('3 leads');
  }

  const admin = await openStation('admin');
  const { page } = admin;
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('button', { name: 'Imports', exact: true }).click();
  await expect(screenTitle(page)).toHaveText('Imports');
  const card = page.getByRole('region', { name: fileName });
  await expect(card).toContainText('Leads créés6');
  await expect(card).toContainText('Répartis6 — Julie Gagnon (3), Marie Tremblay (3)');
  await expect(card).toContainText(`par ${person('admin').name}`);
  await saveScreen(page, 'admin', 'imports');

  await card.getByRole('button', { name: 'Annuler l’import' }).click();
  const dialog = modal(page, `Annuler l’import «\u00a0${fileName}\u00a0»`);
  // The preview waits for Marie's edit to reach the office and this workstation.
  await expect(dialog.getByText('1 lead sera conservé (déjà travaillé)')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText('5 leads seront retirés')).toBeVisible();
  await expect(dialog.getByRole('list', { name: '5 leads seront retirés' }).getByRole('listitem')).toHaveText([
    /^Bruno .*Marie Tremblay$/,
    /^Chloé .*Marie Tremblay$/,
    /^David .*Julie Gagnon$/,
    /^Élise .*Julie Gagnon$/,
    /^Félix .*Julie Gagnon$/,
  ]);
  await expect(dialog.getByRole('list', { name: '1 lead sera conservé (déjà travaillé)' })).toContainText(`Ana ${tag}Travaillé · Marie Tremblay`);
  await saveScreen(page, 'admin', 'import-revert-preview', { fullPage: false });
  await dialog.getByRole('button', { name: 'Retirer 5 leads…' }).click();

  await expect(dialog.getByText(`Retirer 5 leads de l’import «\u00a0${fileName}\u00a0»\u00a0?`)).toBeVisible();
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
  await expect(counted(marie.page)).toHaveText('1 lead', { timeout: 30_000 });
  await expect(marie.page.getByRole('row').filter({ hasText: tag })).toHaveText([new RegExp(`Ana ${tag}`)]);
  await expect(julie.page.getByRole('main').getByText('Aucun lead', { exact: true })).toBeVisible({ timeout: 30_000 });
});
