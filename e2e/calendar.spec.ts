import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { officeDate, officeInstant } from '~shared/domain/office-time';
import { expect, test } from './support/fixtures';
import type { Desk } from './support/desk';
import { MIDNIGHT_WAIT_MS, startLaterToday } from './support/office-clock';
import { postWebForm, signInOverHttp } from './support/office-http';
import type { PersonKey } from './support/people';
import { saveScreen } from './support/screenshots';
import { OFFICE_TIME_ZONE, goTo, openNotifications, screenTitle } from './support/ui';

// The calendar screen, the reminders on the desktop and the tray (issue 11, points 1, 2 and 6):
// what a counselor and the secretary see and do, on the office server of the global setup.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A web-form lead assigned to `key`, with an appointment she hosts from `startsAt`, one hour. */
async function bookedLead(desk: Desk, key: PersonKey, lastName: string, startsAt: string): Promise<{ leadId: string; appointmentId: string }> {
  const leadId = await postWebForm({ prenom: 'Karim', nom: lastName, courriel: `${lastName.toLowerCase()}@example.com` });
  const host = (await signInOverHttp(key)).user;
  await desk.run('lead.assign', { assignments: [{ leadId, assigneeId: host.id }] });
  const appointmentId = randomUUID();
  await desk.run('appointment.book', {
    id: appointmentId,
    leadId,
    hostId: host.id,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + HOUR).toISOString(),
    kind: 'video',
    location: '',
    note: '',
  });
  return { leadId, appointmentId };
}

/**
 * The week (or day) that shows this event: forward a period at a time, at most two, each time once
 * its events have come (a slow workstation's first answer is not yet there when the screen opens).
 */
async function showEvent(page: Page, item: string): Promise<void> {
  const event = page.locator(`[data-item="${item}"]`);
  const title = page.getByTestId('calendar-title');
  const shown = () => expect(page.locator('.bc-calendar-frame')).toHaveAttribute('aria-busy', 'false');
  await shown();
  for (let i = 0; i < 2 && !(await event.isVisible()); i += 1) {
    const before = await title.textContent();
    await page.getByRole('button', { name: 'Période suivante' }).click();
    await expect(title).not.toHaveText(before ?? '');
    await shown();
  }
  await expect(event).toBeVisible();
}

/**
 * The first day from the day after tomorrow on which `hostId` has nothing from 07:00 to 08:00:
 * within two weeks, which `showEvent` reaches (two periods forward from this week).
 */
async function freeMorning(desk: Desk, hostId: string): Promise<string> {
  await desk.sync();
  for (let ahead = 2; ahead < 16; ahead += 1) {
    const day = officeDate(new Date(Date.now() + ahead * DAY).toISOString(), OFFICE_TIME_ZONE);
    const [seven, eight] = [officeInstant(day, 7 * 60, OFFICE_TIME_ZONE), officeInstant(day, 8 * 60, OFFICE_TIME_ZONE)];
    // From midnight: an appointment that began before 07:00 may still run into it (callbacks last 15 minutes on the grid).
    const range = await desk.call('calendar:range', { from: officeInstant(day, 0, OFFICE_TIME_ZONE), to: eight, userId: hostId });
    const taken = [...range.appointments.map((a) => a.endsAt), ...range.tasks.map((t) => new Date(Date.parse(t.dueAt) + 15 * 60_000).toISOString())];
    if (!taken.some((end) => Date.parse(end) > Date.parse(seven))) return day;
  }
  throw new Error('Aucune matinée libre dans les deux semaines qui viennent');
}

/** The view switch above the calendar (a segmented control: its label is what one clicks). */
async function chooseView(page: Page, name: 'Jour' | 'Semaine' | 'Mois' | 'Par conseillère'): Promise<void> {
  await page.getByRole('radiogroup', { name: 'Affichage' }).locator('label').filter({ hasText: name }).click();
  await expect(page.getByRole('radio', { name })).toBeChecked();
}

test('la semaine montre le rendez-vous pris à l’heure du bureau, même sur un poste à Paris, et le glisser le déplace', async ({ openStation, desk }) => {
  const lastName = `Semaine${Date.now() % 100_000}`;
  // In two days at 10:00, Montréal's clock.
  const day = officeDate(new Date(Date.now() + 2 * DAY).toISOString(), OFFICE_TIME_ZONE);
  const startsAt = officeInstant(day, 10 * 60, OFFICE_TIME_ZONE);
  const { leadId, appointmentId } = await bookedLead(desk, 'marie', lastName, startsAt);

  const { page } = await openStation('marie', { timezoneId: 'Europe/Paris' });
  await goTo(page, 'Calendrier');
  await expect(page.getByRole('radio', { name: 'Semaine' })).toBeChecked();
  const item = `appointment:${appointmentId}`;
  await showEvent(page, item);
  const event = page.locator(`[data-item="${item}"]`);
  await expect(event).toContainText(`Karim ${lastName}`);
  // Paris is six hours ahead of Montréal: the office's 10:00 still reads 10 h 00.
  await expect(event).toContainText('10 h 00');
  await expect(event).toContainText('Vidéo');

  // One hour down: two half-hour slots.
  const box = (await event.boundingBox())!;
  // The grid's half-hour row (CalendarScreen's slotHeight), measured rather than assumed.
  const slot = await page.locator('.ec-time-grid .ec-body .ec-day').first().evaluate((el) => {
    const style = (globalThis as unknown as { getComputedStyle(e: unknown): { getPropertyValue(name: string): string } }).getComputedStyle(el);
    return Number.parseFloat(style.getPropertyValue('--ec-slot-height'));
  });
  expect(slot).toBeGreaterThan(10);
  await page.mouse.move(box.x + box.width / 2, box.y + 8);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 8 + slot, { steps: 5 });
  await page.mouse.move(box.x + box.width / 2, box.y + 8 + 2 * slot, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByText(/^Rendez-vous déplacé au /)).toBeVisible();
  await expect(event).toContainText('11 h 00');

  // The office has it at the new time, and the lead sheet says so.
  await expect.poll(async () => (await desk.lead(leadId)).appointments.find((a) => a.id === appointmentId)?.startsAt, { timeout: 15_000 }).toBe(
    new Date(Date.parse(startsAt) + HOUR).toISOString(),
  );
  await event.click();
  await expect(screenTitle(page)).toHaveText(`Karim ${lastName}`);
  await expect(page.getByRole('main')).toContainText('11 h 00');
});

test('la secrétaire tient le calendrier du bureau : jour, semaine, mois et une colonne par conseillère', async ({ openStation, desk }) => {
  const day = officeDate(new Date(Date.now() + DAY).toISOString(), OFFICE_TIME_ZONE);
  const marie = await bookedLead(desk, 'marie', `Colonne${Date.now() % 100_000}`, officeInstant(day, 9 * 60 + 30, OFFICE_TIME_ZONE));
  const julie = await bookedLead(desk, 'julie', `Colonne${(Date.now() + 1) % 100_000}`, officeInstant(day, 14 * 60, OFFICE_TIME_ZONE));

  const { page } = await openStation('accueil');
  // Drawn ahead, hidden, once the page is idle after sign-in (drawAhead.ts): the week's answer is
  // there before the first click, and the hidden calendar takes nothing from « Ma journée ».
  const ahead = page.locator('[hidden] [data-testid="calendar-count"]');
  await expect(ahead).toHaveText(/\d+ rendez-vous (et|ou) rappels?|Aucun rendez-vous/, { timeout: 15_000 });
  await expect(screenTitle(page)).toHaveText('Ma journée');
  await goTo(page, 'Calendrier');
  await expect(ahead).toHaveCount(0);
  // Drawn hidden, the grid could not scroll then: shown, it scrolls to 8 h past its first hour
  // (07:00, or earlier when an appointment of the week starts before), so never stays at the top.
  await expect.poll(() => page.locator('.ec-main').evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await expect(page.getByRole('combobox', { name: 'Agenda affiché' })).toHaveValue('Tout le bureau');
  await showEvent(page, `appointment:${marie.appointmentId}`);
  await expect(page.locator(`[data-item="appointment:${julie.appointmentId}"]`)).toBeVisible();
  await expect(page.getByTestId('calendar-count')).toContainText(/\d+ rendez-vous et rappels/);
  await saveScreen(page, 'accueil', 'calendrier-semaine', { fullPage: false });

  await chooseView(page, 'Par conseillère');
  const heads = page.locator('.ec-header');
  await expect(heads.getByText('Marie Tremblay', { exact: true })).toBeVisible();
  await expect(heads.getByText('Julie Gagnon', { exact: true })).toBeVisible();
  await showEvent(page, `appointment:${marie.appointmentId}`);
  await expect(page.locator(`[data-item="appointment:${julie.appointmentId}"]`)).toBeVisible();
  await page.mouse.move(0, 0);
  await saveScreen(page, 'accueil', 'calendrier-conseilleres', { fullPage: false });

  await chooseView(page, 'Jour');
  await showEvent(page, `appointment:${marie.appointmentId}`);
  await saveScreen(page, 'accueil', 'calendrier-jour', { fullPage: false });

  await chooseView(page, 'Mois');
  // A day with more than four entries shows its first four, then « +N autres », which opens the day.
  await expect(page.locator(`[data-item="appointment:${marie.appointmentId}"]`).or(page.locator('.bc-more').first()).first()).toBeVisible();
  await saveScreen(page, 'accueil', 'calendrier-mois', { fullPage: false });

  // Left and opened again, it shows the view and the day it was left on (kept: decisions.md),
  // with what changed meanwhile: an appointment booked while another screen showed.
  await chooseView(page, 'Jour');
  await showEvent(page, `appointment:${marie.appointmentId}`);
  const title = await page.getByTestId('calendar-title').textContent();
  await goTo(page, 'Ma journée');
  // The shown screen's title takes the focus, not the hidden calendar's.
  await expect(screenTitle(page)).toBeFocused();
  await saveScreen(page, 'accueil', 'journee-calendrier-cache', { fullPage: false });
  await expect(page.getByTestId('calendar-title')).toBeHidden();
  const later = await bookedLead(desk, 'julie', `Retour${Date.now() % 100_000}`, officeInstant(day, 16 * 60, OFFICE_TIME_ZONE));
  await goTo(page, 'Calendrier');
  await expect(page.getByRole('radio', { name: 'Jour' })).toBeChecked();
  await expect(page.getByTestId('calendar-title')).toHaveText(title ?? '');
  await expect(page.locator(`[data-item="appointment:${marie.appointmentId}"]`)).toBeVisible();
  await expect(page.locator(`[data-item="appointment:${later.appointmentId}"]`)).toBeVisible({ timeout: 15_000 });
  await page.mouse.move(0, 0);
  await saveScreen(page, 'accueil', 'calendrier-retour', { fullPage: false });
});

test('une heure trop pleine pour sa colonne se replie en « +N », qui liste ses rendez-vous et ouvre leur fiche', async ({ openStation, desk }) => {
  const stamp = Date.now() % 100_000;
  // Four at once in Marie's evening, three days ahead: a week's day column holds three side by
  // side (cards at least 48 px wide), so two are cards and a « +N » holds the others.
  const day = officeDate(new Date(Date.now() + 3 * DAY).toISOString(), OFFICE_TIME_ZONE);
  const booked: Array<{ leadId: string; appointmentId: string; name: string }> = [];
  for (let i = 0; i < 4; i += 1) {
    const lastName = `Plein${stamp}x${i}`;
    booked.push({ ...(await bookedLead(desk, 'marie', lastName, officeInstant(day, 19 * 60, OFFICE_TIME_ZONE))), name: `Karim ${lastName}` });
  }

  const { page } = await openStation('marie');
  await goTo(page, 'Calendrier');
  // Each is drawn, or held by a fold: once.
  const where = (id: string) => page.locator(`.ec-body [data-item="appointment:${id}"], .ec-body [data-items~="appointment:${id}"]`);
  for (let i = 0; i < 2 && (await where(booked[0]!.appointmentId).count()) === 0; i += 1) {
    await page.getByRole('button', { name: 'Période suivante' }).click();
    await page.waitForTimeout(100);
  }
  for (const { appointmentId } of booked) await expect(where(appointmentId)).toHaveCount(1);
  const fold = page.locator(booked.map(({ appointmentId }) => `.ec-body .bc-more[data-items~="appointment:${appointmentId}"]`).join(', '));
  await expect(fold).toHaveCount(1);
  await expect(fold).toHaveText(/^\s*\+\d+\s*$/);
  const items = (await fold.getAttribute('data-items'))!.split(' ');
  const hidden = booked.filter(({ appointmentId }) => items.includes(`appointment:${appointmentId}`));
  expect(hidden.length).toBeGreaterThanOrEqual(2);
  await expect(fold).toHaveAttribute('aria-label', new RegExp(hidden[0]!.name));

  // The click lists what it holds, with the times; a name opens the lead sheet.
  await fold.click();
  const list = page.getByTestId('calendar-fold');
  for (const { name } of hidden) await expect(list.getByRole('menuitem', { name: new RegExp(name) })).toContainText('19 h 00 – 20 h 00');
  await saveScreen(page, 'marie', 'calendrier-replie', { fullPage: false });
  await list.getByRole('menuitem', { name: new RegExp(hidden[0]!.name) }).click();
  await expect(screenTitle(page)).toHaveText(hidden[0]!.name);
});

/** The last name of the leads the reminder journey books for. */
const REMINDER_NAME = 'Rappel';

/** Cancels the appointments still open that earlier runs of the reminder journey booked for Marie. */
async function cancelEarlierReminders(desk: Desk): Promise<void> {
  const marie = (await signInOverHttp('marie')).user;
  await desk.sync();
  const range = await desk.call('calendar:range', { from: new Date(Date.now() - DAY).toISOString(), to: new Date(Date.now() + 2 * DAY).toISOString(), userId: marie.id });
  const ours = new Set(range.leads.filter((lead) => lead.firstName === 'Karim' && new RegExp(`^${REMINDER_NAME}\\d+$`).test(lead.lastName)).map((lead) => lead.id));
  for (const appointment of range.appointments) {
    if (appointment.state === 'scheduled' && ours.has(appointment.leadId)) await desk.run('appointment.cancel', { id: appointment.id, reason: 'Essai précédent' });
  }
}

test('le rappel d’un rendez-vous arrive dans le panneau, en notification du système et dans la barre des tâches', async ({ openStation, desk }) => {
  // The office's scheduler ticks about two seconds after the booking's commit, then the
  // workstation pulls on the office's poke.
  test.setTimeout(90_000 + MIDNIGHT_WAIT_MS);
  // The tray lists the day's next six items (tray/agenda.ts, AGENDA_MAX), then « et N autres… »:
  // what earlier runs of this test left in Marie's day (--repeat-each, a retry) would push this
  // run's appointment out of it. They are cancelled first, as a secretary would.
  await cancelEarlierReminders(desk);
  const marie = await openStation('marie');
  const { page, desktop } = marie;
  const lastName = `${REMINDER_NAME}${Date.now() % 100_000}`;
  // Today, so after the reminder hour of the day before: the reminder goes at once (domain.md).
  const startsAt = await startLaterToday(3);
  const { leadId } = await bookedLead(desk, 'marie', lastName, startsAt);

  // The office's scheduler wakes shortly after the booking's commit (it used to wait for its
  // 30-second tick, which on a fresh office also wrote the demo's reminders: more than three at
  // once for Marie, folded into one « N nouvelles notifications » and never this one), then the
  // workstation pulls on the office's poke.
  await expect
    .poll(() => desktop.notes.find((note) => note.leadId === leadId && note.title.startsWith('Rappel\u00a0: rendez-vous'))?.title, { timeout: 30_000 })
    .toContain(`Karim ${lastName}`);
  const note = desktop.notes.find((n) => n.leadId === leadId && n.title.startsWith('Rappel\u00a0: rendez-vous'))!;
  expect(desktop.notes.filter((n) => n.notificationId === note.notificationId)).toHaveLength(1);

  const panel = await openNotifications(page);
  await expect(panel).toContainText(`Karim ${lastName}`);
  await page.keyboard.press('Escape');

  // The tray: the unread count and, today, this appointment opening its lead.
  expect(desktop.tray.tooltip).toMatch(/^Bureau — \d+ notifications? non lues?$/);
  await expect.poll(() => desktop.tray.menu.map((entry) => (entry.type === 'normal' ? entry.label : '—'))).toContainEqual(expect.stringContaining(`Rendez-vous · Karim ${lastName}`));

  // A click on the OS notification opens the lead and marks the notification read; the tray's
  // count follows the replica's. Not « one less than before the click »: the office's scheduler
  // may meanwhile notify Marie of an earlier test's appointment, which moved that count.
  await desktop.click(note);
  await expect(screenTitle(page)).toHaveText(`Karim ${lastName}`);
  const unread = async () => {
    const list = await marie.api('notifications:list', { unreadOnly: true, limit: 500 });
    if (!list.ok) return { stillUnread: true, trayAgrees: false };
    return { stillUnread: list.value.items.some((n) => n.id === note.notificationId), trayAgrees: desktop.unread === list.value.unread };
  };
  await expect.poll(unread).toEqual({ stillUnread: false, trayAgrees: true });
});

test('glisser sur un créneau libre prend un rendez-vous par le formulaire de la fiche, avec les mêmes refus', async ({ openStation, desk }) => {
  const stamp = Date.now() % 100_000;
  const marie = (await signInOverHttp('marie')).user;
  // The slot dragged over, 07:00 to 08:00, must be empty in Marie's calendar, or the drag grabs
  // the event there and moves it (what an earlier booking of this very test, or another spec's,
  // puts there): the first day from the day after tomorrow on which it is.
  const day = await freeMorning(desk, marie.id);
  const booked = await bookedLead(desk, 'marie', `Deja${stamp}`, officeInstant(day, 10 * 60, OFFICE_TIME_ZONE));
  const freeLead = await postWebForm({ prenom: 'Nora', nom: `Libre${stamp}`, courriel: `libre${stamp}@example.com` });
  await desk.run('lead.assign', { assignments: [{ leadId: freeLead, assigneeId: marie.id }] });

  const { page } = await openStation('marie');
  await goTo(page, 'Calendrier');
  await showEvent(page, `appointment:${booked.appointmentId}`);
  // 07:00 to 08:00 that day, above the office's usual hours: the top of the grid, scrolled into view.
  await page.locator('.ec-time-grid .ec-body').evaluate((body) => {
    type Scrollable = { scrollTop: number; scrollHeight: number; clientHeight: number; parentElement: Scrollable | null };
    for (let el = body as unknown as Scrollable | null; el; el = el.parentElement) if (el.scrollHeight > el.clientHeight) el.scrollTop = 0;
  });
  const slot = await page.locator('.ec-time-grid .ec-body .ec-day').first().evaluate((el) => {
    const style = (globalThis as unknown as { getComputedStyle(e: unknown): { getPropertyValue(name: string): string } }).getComputedStyle(el);
    return Number.parseFloat(style.getPropertyValue('--ec-slot-height'));
  });
  // Measured from the 10:00 appointment, six half-hour slots below 07:00: the grid starts earlier
  // when the week holds an earlier event (flexible slot limits), so its top is not always 07:00.
  const column = (await page.locator(`[data-item="appointment:${booked.appointmentId}"]`).boundingBox())!;
  const seven = column.y - 6 * slot;
  const dragSlot = async () => {
    const x = column.x + column.width / 2;
    // Inside the 15-minute snap cells (half a 30-minute slot), never on their edges: a few
    // pixels' offset must not change the time chosen.
    await page.mouse.move(x, seven + slot / 4);
    await page.mouse.down();
    await page.mouse.move(x, seven + slot, { steps: 4 });
    await page.mouse.move(x, seven + 2 * slot - slot / 4, { steps: 4 });
    await page.mouse.up();
  };

  const book = async (lastName: string) => {
    await dragSlot();
    const picker = page.getByRole('dialog', { name: 'Nouveau rendez-vous' });
    await expect(picker).toContainText('de 7 h 00 à 8 h 00');
    await picker.getByRole('combobox', { name: /^Lead/ }).fill(lastName);
    await page.getByRole('option', { name: new RegExp(lastName) }).click();
    await expect(picker.getByRole('combobox', { name: /^Lead/ })).toHaveValue(new RegExp(lastName));
    await picker.getByRole('button', { name: 'Continuer' }).click();
    const form = page.getByRole('dialog', { name: 'Prendre rendez-vous' });
    await form.getByRole('button', { name: 'Prendre le rendez-vous' }).click();
    return form;
  };

  // The lead already booked: the sheet's refusal, in French, in the form.
  const refused = await book(`Deja${stamp}`);
  await expect(refused.getByRole('alert')).toContainText(`Karim Deja${stamp} a déjà un rendez-vous prévu`);
  await refused.getByRole('button', { name: 'Annuler' }).click();

  const form = await book(`Libre${stamp}`);
  await expect(form).toBeHidden();
  await expect(page.locator('[data-item^="appointment:"]').filter({ hasText: `Nora Libre${stamp}` })).toContainText('7 h 00');
  await expect.poll(async () => (await desk.lead(freeLead)).appointments.map((a) => [a.startsAt, a.hostId]), { timeout: 15_000 }).toEqual([
    [officeInstant(day, 7 * 60, OFFICE_TIME_ZONE), marie.id],
  ]);
});
