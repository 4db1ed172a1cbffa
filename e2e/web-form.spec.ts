import { expect, test } from './support/fixtures';
import { postWebForm } from './support/office-http';
import { goTo, leadRow, openNotifications, screenTitle, searchLeads, sheetStatus, unreadCount } from './support/ui';

// processus-leads.fr.md, steps 1 and 2: a lead from the website arrives "Nouveau", unassigned, and
// the administrator is told at once (domain.md, "Notifications": lead created → admins).

test('un lead du formulaire web arrive chez l’administrateur avec sa notification', async ({ openStation }) => {
  const admin = await openStation('admin');
  const { page } = admin;
  // The bell first shows what this workstation's replica holds.
  const unread = await admin.api('notifications:list', { unreadOnly: true, limit: 1 });
  const before = unread.ok ? unread.value.unread : -1;
  await expect.poll(() => unreadCount(page)).toBe(before);

  const id = await postWebForm({
    prenom: 'Élodie',
    nom: 'Formulaireweb',
    courriel: 'elodie.formulaireweb@example.com',
    telephone: '514 555 0199',
    programme: 'Entrée express',
    consentement: 'true',
  });
  expect(id).toMatch(/^[0-9a-f-]{36}$/);

  // The poke brings it without reloading: the bell counts one more.
  await expect.poll(() => unreadCount(page), { timeout: 15_000 }).toBe(before + 1);

  await searchLeads(page, 'Formulaireweb');
  const row = leadRow(page, 'Élodie Formulaireweb');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Nouveau');
  await expect(row).toContainText('Formulaire web');
  await expect(row).toContainText('Non attribué');

  const panel = await openNotifications(page);
  const notice = panel.getByRole('button', { name: 'Nouveau lead — Élodie Formulaireweb (non lue)' });
  await expect(notice).toBeVisible();
  await notice.click();
  await expect(screenTitle(page)).toHaveText('Élodie Formulaireweb');
  await expect(sheetStatus(page)).toHaveText('Nouveau');
  await expect(page.getByRole('region', { name: 'Coordonnées' })).toContainText('Formulaire web');
  // Opening it marked it read.
  await expect.poll(() => unreadCount(page)).toBe(before);
  await goTo(page, 'Ma journée');
});

// A name is data, never markup: React writes it as text, and no script runs (issue 5).
test('un lead nommé <img src=x onerror=alert(1)> s’affiche comme du texte', async ({ openStation }) => {
  const hostile = '<img src=x onerror=alert(1)>';
  await postWebForm({ nom: hostile, courriel: 'piege@example.com' });
  const admin = await openStation('admin');
  const { page } = admin;

  await goTo(page, 'Leads');
  const row = leadRow(page, hostile);
  await expect(row).toHaveCount(1);
  await expect(row.getByText(hostile, { exact: true })).toBeVisible();
  await row.click();
  await expect(screenTitle(page)).toHaveText(hostile);

  const panel = await openNotifications(page);
  await expect(panel.getByText(hostile, { exact: true }).first()).toBeVisible();

  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(admin.dialogs).toEqual([]);
});
