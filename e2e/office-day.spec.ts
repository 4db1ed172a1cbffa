import { newId } from '~shared/ids';
import { formatOfficeTime, officeDate, officeInstant } from '~shared/domain/office-time';
import { expect, test, SMALL_WINDOW } from './support/fixtures';
import type { Desk } from './support/desk';
import { MIDNIGHT_WAIT_MS, startLaterToday } from './support/office-clock';
import { postWebForm, signInOverHttp } from './support/office-http';
import { OFFICE_TIME_ZONE, goTo, leadRow, modal, openNotifications, screenTitle, searchLeads, sheetStatus } from './support/ui';
import { saveScreen } from './support/screenshots';

// A day at the office (issue 15): a consultation nobody closed waits on « Ma journée » until its
// host closes it (point 4), managers see the office's appointments with their hosts (point 7), a
// grouped assignment names its leads and opens them (point 6), the lead list and the new-lead
// form work in a 1280×720 window (point 8), and a reminder names its day (point 5).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A web-form lead the administrator assigned, reached by phone, with an appointment booked. */
async function bookedLead(desk: Desk, who: { firstName: string; lastName: string }, hostId: string, startsAt: Date): Promise<string> {
  const leadId = await postWebForm({ prenom: who.firstName, nom: who.lastName, courriel: `${who.lastName.toLowerCase()}@example.com` });
  await desk.run('lead.assign', { assignments: [{ leadId, assigneeId: hostId }] });
  await desk.run('lead.logContact', { id: newId(), leadId, channel: 'phone', outcome: 'reached', note: null });
  await desk.run('appointment.book', {
    id: newId(),
    leadId,
    hostId,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
    kind: 'in_person',
    location: null,
    note: null,
  });
  return leadId;
}

test('une consultation passée jamais clôturée attend sur « Ma journée » jusqu’à ce que son hôte la clôture', async ({ openStation, desk }) => {
  const julie = (await signInOverHttp('julie')).user;
  // Entered after the fact (the rules allow a day late): over two hours ago, still « Prévu ».
  const startsAt = new Date(Math.floor((Date.now() - 3 * HOUR) / MINUTE) * MINUTE);
  await bookedLead(desk, { firstName: 'Odile', lastName: 'Oubliée' }, julie.id, startsAt);
  // Tomorrow at 10:00 at the office, another of hers, for the managers' view of the office's day.
  const tomorrow = officeDate(new Date(Date.now() + 24 * HOUR).toISOString(), OFFICE_TIME_ZONE);
  await bookedLead(desk, { firstName: 'Théo', lastName: 'Demain' }, julie.id, new Date(officeInstant(tomorrow, 10 * 60, OFFICE_TIME_ZONE)));

  // The director sees the office's appointments, each with its host (point 7), and what is left open.
  const director = await openStation('direction');
  const officeTomorrow = director.page.getByRole('region', { name: 'Rendez-vous du bureau demain' });
  await expect(officeTomorrow.getByRole('row').filter({ hasText: 'Théo Demain' })).toContainText('Julie Gagnon');
  const officeToClose = director.page.getByRole('region', { name: 'Consultations à clôturer (bureau)' });
  await expect(officeToClose.getByRole('row').filter({ hasText: 'Odile Oubliée' })).toContainText('Julie Gagnon');
  await saveScreen(director.page, 'direction', '12-ma-journee-bureau');

  // The lead list shows the appointment and sorts by it (point 4).
  const { page } = await openStation('julie');
  await searchLeads(page, 'Oubliée');
  await expect(page.getByRole('columnheader', { name: 'Rendez-vous' })).toBeVisible();
  await expect(leadRow(page, 'Odile Oubliée')).toContainText(/\d{1,2} h \d{2}/);

  await goTo(page, 'Ma journée');
  const toClose = page.getByRole('region', { name: 'Consultations à clôturer' });
  const row = toClose.getByRole('row').filter({ hasText: 'Odile Oubliée' });
  await row.getByRole('button', { name: 'Clôturer' }).click();
  await expect(screenTitle(page)).toHaveText('Odile Oubliée');
  const banner = page.getByTestId('to-close');
  await expect(banner).toContainText('n’a été marquée ni effectuée ni manquée');
  await saveScreen(page, 'julie', '13-consultation-a-cloturer');
  await banner.getByRole('button', { name: 'Consultation effectuée' }).click();
  const dialog = modal(page, 'Consultation effectuée');
  await dialog.getByRole('button', { name: 'Consultation effectuée' }).click();
  await expect(dialog).toBeHidden();
  await expect(sheetStatus(page)).toHaveText('Consultation effectuée');
  await expect(banner).toBeHidden();

  await goTo(page, 'Ma journée');
  await expect(page.getByRole('region', { name: 'Mes leads par statut' })).toBeVisible();
  // Her row is gone, and with it the whole section when nothing else of hers waits to be closed.
  await expect(row).toHaveCount(0);
});

test('une attribution groupée nomme ses leads et ouvre la liste sur eux', async ({ openStation, desk }) => {
  const sophie = (await signInOverHttp('sophie')).user;
  const names = ['Aubin', 'Bérubé', 'Carrier', 'Dion'].map((lastName) => ({ firstName: 'Lot', lastName }));
  const ids: string[] = [];
  for (const { firstName, lastName } of names) {
    ids.push(await postWebForm({ prenom: firstName, nom: lastName, courriel: `lot.${lastName.toLowerCase()}@example.com` }));
  }
  await desk.run('lead.assign', { assignments: ids.map((leadId) => ({ leadId, assigneeId: sophie.id })) });

  const { page } = await openStation('sophie');
  const panel = await openNotifications(page);
  // The first three by name, and how many more.
  const grouped = panel.getByRole('button', { name: '4 leads vous ont été attribués — Lot Aubin, Lot Bérubé, Lot Carrier et 1 autre (non lue)' });
  await expect(grouped).toBeVisible();
  await saveScreen(page, 'sophie', '14-notification-groupee', { fullPage: false });
  await grouped.click();

  // The panel closes; the list shows exactly those leads, and one click brings every lead back.
  await expect(panel).toBeHidden();
  await expect(screenTitle(page)).toHaveText('Leads');
  const only = page.getByTestId('only-leads');
  await expect(only).toContainText('4 leads attribués le');
  await expect(page.getByRole('grid', { name: 'Liste des leads' })).toHaveAttribute('aria-rowcount', '5');
  for (const { lastName } of names) await expect(leadRow(page, `Lot ${lastName}`)).toBeVisible();
  await only.getByRole('button', { name: 'Afficher tous les leads' }).click();
  await expect(only).toBeHidden();
  await expect(page.getByRole('grid', { name: 'Liste des leads' })).not.toHaveAttribute('aria-rowcount', '5');
});

test('à 1280×720, la liste des leads montre ses colonnes en entier et le formulaire garde son bouton', async ({ openStation }) => {
  // Eight open leads with the same phone: the new-lead form warns of all of them.
  for (let i = 1; i <= 8; i += 1) await postWebForm({ prenom: `Double${i}`, nom: 'Téléphone', courriel: `double${i}@example.com`, telephone: '514 555 0199' });

  const { page } = await openStation('marie', { viewport: SMALL_WINDOW });
  await goTo(page, 'Leads');
  const grid = page.getByRole('grid', { name: 'Liste des leads' });
  await expect(grid.locator('[data-status]').first()).toBeVisible();
  const fits = () =>
    grid.evaluate((el) => {
      const statuses = [...el.querySelectorAll('[data-status] .mantine-Badge-label')];
      return { sideways: el.scrollWidth - el.clientWidth, cutStatuses: statuses.filter((s) => s.scrollWidth > s.clientWidth).map((s) => s.textContent) };
    });
  // Nothing cut: no sideways scrolling, every status whole, the last column inside the window.
  expect(await fits()).toEqual({ sideways: 0, cutStatuses: [] });
  const last = await grid.getByRole('columnheader').last().boundingBox();
  expect((last?.x ?? Infinity) + (last?.width ?? 0)).toBeLessThanOrEqual(SMALL_WINDOW.width);
  await saveScreen(page, 'marie-1280', '03-leads');

  // She shows the e-mail instead of the phone; the choice stays after a reload.
  await page.getByRole('button', { name: 'Colonnes (6)' }).click();
  const picker = page.getByRole('group', { name: 'Colonnes affichées' });
  await picker.getByRole('checkbox', { name: 'Courriel' }).check();
  await picker.getByRole('checkbox', { name: 'Téléphone' }).uncheck();
  await page.keyboard.press('Escape');
  await expect(grid.getByRole('columnheader', { name: 'Courriel' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Téléphone' })).toHaveCount(0);
  expect((await fits()).sideways).toBe(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Ma journée', level: 1 })).toBeVisible({ timeout: 30_000 });
  await goTo(page, 'Leads');
  await expect(grid.getByRole('columnheader', { name: 'Courriel' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Téléphone' })).toHaveCount(0);

  // Many matches scroll inside the warning: « Créer le lead » stays in the dialog, on screen.
  await page.getByRole('button', { name: 'Nouveau lead' }).click();
  const dialog = modal(page, 'Nouveau lead');
  await dialog.getByLabel(/^Nom/).fill('Téléphone');
  await dialog.getByLabel('Téléphone').fill('514 555 0199');
  const matches = dialog.getByTestId('duplicate-list');
  await expect(matches.getByRole('button', { name: /^Double\d Téléphone$/ })).toHaveCount(8);
  await expect(dialog.getByRole('button', { name: 'Créer le lead' })).toBeInViewport();
  await saveScreen(page, 'marie-1280', '15-doublons', { fullPage: false });
});

test('un rendez-vous pris pour plus tard dans la journée est annoncé « aujourd’hui »', async ({ openStation, desk }) => {
  // Issue 15, point 5: booked for later the same day, it was announced « Rendez-vous demain ».
  // Booked after its reminder time (the day before at 9 h), it is reminded at the scheduler's next tick.
  test.setTimeout(90_000 + MIDNIGHT_WAIT_MS);
  const later = new Date(await startLaterToday(2));
  const marie = (await signInOverHttp('marie')).user;
  await bookedLead(desk, { firstName: 'Ariane', lastName: 'Aujourdhui' }, marie.id, later);

  const { page } = await openStation('marie');
  const panel = await openNotifications(page);
  const time = formatOfficeTime(later.toISOString(), OFFICE_TIME_ZONE);
  await expect(panel.getByRole('button', { name: `Rendez-vous aujourd’hui à ${time} — Ariane Aujourdhui (non lue)` })).toBeVisible({ timeout: 45_000 });
});
