import { expect, type Locator, type Page } from '@playwright/test';
import { PASSWORD, type Person } from './people';

// How a person works the app, written once: French labels of src-renderer/locales/fr-CA.json,
// roles and accessible names rather than CSS classes.

export const OFFICE_TIME_ZONE = 'America/Toronto';

export type Screen = 'Ma journée' | 'Leads' | 'Calendrier' | 'Clients' | 'Rapports' | 'Refus' | 'Administration';

export async function signIn(page: Page, who: Person): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Bureau', level: 1 })).toBeVisible();
  // The bridge prefills the office server's address (dev-web.ts), as an installer would.
  await expect(page.getByLabel(/^Adresse du serveur/)).not.toHaveValue('');
  await page.getByLabel(/^Courriel/).fill(who.email);
  await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { name: 'Ma journée', level: 1 })).toBeVisible({ timeout: 30_000 });
}

export function screenTitle(page: Page): Locator {
  return page.getByRole('main').getByRole('heading', { level: 1 });
}

export async function goTo(page: Page, screen: Screen): Promise<void> {
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('button', { name: screen, exact: true }).click();
  await expect(screenTitle(page)).toHaveText(screen);
}

/** The lead list, searched: the rows that match. */
export async function searchLeads(page: Page, text: string): Promise<void> {
  await goTo(page, 'Leads');
  await page.getByRole('searchbox', { name: 'Rechercher un lead' }).fill(text);
}

export function leadRow(page: Page, name: string): Locator {
  return page.getByRole('row').filter({ hasText: name });
}

/** Searches the list and opens the lead's sheet. */
export async function openLead(page: Page, search: string, name: string): Promise<void> {
  await searchLeads(page, search);
  await leadRow(page, name).first().click();
  await expect(screenTitle(page)).toHaveText(name);
}

/** The status badge beside the sheet's title. */
export function sheetStatus(page: Page): Locator {
  return page.getByRole('main').locator('[data-status]').first();
}

export function actionButton(page: Page, label: string): Locator {
  return page.getByRole('group', { name: 'Actions sur le lead' }).getByRole('button', { name: label, exact: true });
}

export function modal(page: Page, title: string): Locator {
  return page.getByRole('dialog', { name: title });
}

/** Picks one option of a Mantine Select (or MultiSelect) named by its label. */
/**
 * Flips a switch and waits for its new state. Mantine's switch input lies under its track, so it is
 * clicked through the label that holds both, which Playwright clicks only once it stands still: a
 * forced click on the input, while its dialog was still sliding in, missed it on a busy machine.
 */
export async function flipSwitch(toggle: Locator): Promise<void> {
  const checked = await toggle.isChecked();
  await toggle.locator('xpath=ancestor::label[1]').click();
  await expect(toggle).toBeChecked({ checked: !checked });
}

export async function chooseOption(scope: Locator, label: RegExp, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label }).click();
  await scope.page().getByRole('option', { name: option, exact: true }).click();
}

/** The office's wall clock for an instant, as the date-time pickers show it. */
export function officeWall(instant: Date): { dayLabel: string; hour: string; minute: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const dayLabel = new Intl.DateTimeFormat('fr-CA', { timeZone: OFFICE_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
  return { dayLabel, hour: parts.hour ?? '00', minute: parts.minute ?? '00' };
}

/**
 * Sets a date-time field (OfficeDateTimeInput) to `instant` on the office's clock: the calendar's
 * day, then hours and minutes, then the check button.
 */
export async function pickDateTime(scope: Locator, label: string, instant: Date): Promise<void> {
  const page = scope.page();
  const { dayLabel, hour, minute } = officeWall(instant);
  await scope.getByRole('button', { name: label }).click();
  const dropdown = page.getByRole('dialog').filter({ has: page.getByRole('spinbutton', { name: 'Heures' }) });
  await expect(dropdown).toBeVisible();
  const day = dropdown.getByRole('button', { name: dayLabel, exact: true });
  for (let i = 0; i < 13 && !(await day.isVisible()); i += 1) {
    await dropdown.getByRole('button', { name: 'Mois suivant' }).click();
  }
  await day.click();
  await dropdown.getByRole('spinbutton', { name: 'Heures' }).fill(hour);
  await dropdown.getByRole('spinbutton', { name: 'Minutes' }).fill(minute);
  await dropdown.getByRole('button', { name: 'Valider la date et l’heure' }).click();
  await expect(dropdown).toBeHidden();
  await expect(scope.getByRole('button', { name: label })).toContainText(`${dayLabel}, ${hour}:${minute}`);
}

/** Opens the bell's panel. */
export async function openNotifications(page: Page): Promise<Locator> {
  await page.getByTestId('bell').click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  await expect(panel).toBeVisible();
  return panel;
}

/** The unread count the bell announces ("Notifications : 3 non lues"). */
export async function unreadCount(page: Page): Promise<number> {
  const label = (await page.getByTestId('bell').getAttribute('aria-label')) ?? '';
  const match = /(\d[\d\s\u00a0\u202f]*) non lue/.exec(label);
  if (!match?.[1]) throw new Error(`Compte des notifications illisible : « ${label} »`);
  return Number(match[1].replace(/\D/g, ''));
}

/** Waits until the workstation sent everything it had queued and has nothing refused. */
export async function expectSynced(page: Page): Promise<void> {
  await expect(page.getByTestId('pending-count')).toBeHidden({ timeout: 15_000 });
  await expect(page.getByTestId('sync-state')).toContainText('À jour');
}

/** Drops a file on the window as the system would: dragenter, then drop, with a DataTransfer. */
export async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, base64]) => {
      // Runs in the page, where the DOM exists; this file is type-checked as Node code.
      const page = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
      };
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new page.DataTransfer();
      transfer.items.add(new page.File([data], fileName, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
      return transfer;
    },
    [name, bytes.toString('base64')] as const,
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByTestId('import-drop-zone')).toBeVisible();
  await expect(page.getByText('Déposez le fichier pour l’importer')).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await expect(page.getByTestId('import-drop-zone')).toBeHidden();
}
