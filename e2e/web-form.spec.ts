import { expect, test } from './support/fixtures';
import { postWebForm } from './support/office-http';
import { goTo, leadRow, openNotifications, screenTitle, searchLeads, sheetStatus, unreadCount } from './support/ui';

// processus-leads.fr.md, steps 1 and 2: a lead from the website arrives "Nouveau", unassigned, and
// the administrator is told at once (domain.md, "Notifications": lead created → admins).

test('un lead du formulaire web arrive chez l’administrateur avec sa notification', async ({ openStation }) => {
  const admin = await openStation('admin');
  const { page } = admin;
  // The bell shows what this workstation's replica holds (signing in waits for the first sync).
  const replicaUnread = async () => {
    const unread = await admin.api('notifications:list', { unreadOnly: true, limit: 1 });
    return unread.ok ? unread.value.unread : -1;
  };
  /** The bell's count once it agrees with the replica's. */
  const agreedUnread = async () => {
    const [bell, held] = [await unreadCount(page), await replicaUnread()];
    return bell === held ? bell : Number.NaN;
  };
  await expect.poll(agreedUnread).not.toBeNaN();
  const before = await replicaUnread();

  const id = await postWebForm({
    prenom: 'Élodie',
    nom: 'Formulaireweb',
    courriel: 'elodie.formulaireweb@example.com',
    telephone: '514 555 0199',
    programme: 'Entrée express',
    consentement: 'true',
  });
  expect(id).toMatch(/^[0-9a-f-]{36}$/);

  // The poke brings it without reloading: the bell counts it (the office's scheduler may add its
  // own notifications meanwhile, so at least one more, and always what the replica holds).
  await expect.poll(agreedUnread, { timeout: 15_000 }).toBeGreaterThanOrEqual(before + 1);

  await searchLeads(page, 'Formulaireweb');
  const row = leadRow(page, 'Élodie Formulaireweb');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Nouveau');
  await expect(row).toContainText('Non attribué');

  const panel = await openNotifications(page);
  const notice = panel.getByRole('button', { name: 'Nouveau lead — Élodie Formulaireweb (non lue)' });
  await expect(notice).toBeVisible();
  await notice.click();
  await expect(screenTitle(page)).toHaveText('Élodie Formulaireweb');
  await expect(sheetStatus(page)).toHaveText('Nouveau');
  await expect(page.getByRole('region', { name: 'Coordonnées' })).toContainText('Formulaire web');
  // Opening it marked it read, and the bell still says what the replica holds.
  const unreadAboutIt = async () => {
    const unread = await admin.api('notifications:list', { unreadOnly: true, limit: 100 });
    return unread.ok ? unread.value.items.filter((n) => n.leadId === id).length : -1;
  };
  await expect.poll(unreadAboutIt).toBe(0);
  await expect.poll(agreedUnread).not.toBeNaN();
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
