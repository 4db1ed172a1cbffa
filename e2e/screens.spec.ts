import type { Page } from '@playwright/test';
import { SMALL_WINDOW, WORKSTATION, expect, test } from './support/fixtures';
import type { PersonKey } from './support/people';
import { goTo, openNotifications, screenTitle, signIn } from './support/ui';
import { saveScreen } from './support/screenshots';

// A full-page screenshot of every main screen, for the administrator and for the secretary, on
// the demo office (issue 5: "the e2e run saves a screenshot of every main screen"), on the
// office laptops' screen and in a 1280×720 window (issue 15, point 8). Each shot waits for its
// screen's content, so it also checks that every screen opens.

const WHO: Record<'admin' | 'accueil', string> = { admin: 'admin', accueil: 'secretaire' };

async function firstClientWithHistory(page: Page): Promise<void> {
  await goTo(page, 'Clients');
  const firstClient = page.getByRole('main').getByRole('table').getByRole('row').nth(1).getByRole('button');
  await firstClient.click();
  await expect(page.getByRole('button', { name: 'Voir le lead et son historique' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('heading', { name: 'Historique' })).toBeVisible();
}

const SIZES = [
  { viewport: WORKSTATION.viewport, suffix: '' },
  { viewport: SMALL_WINDOW, suffix: '-1280' },
] as const;

for (const { viewport, suffix } of SIZES) {
  for (const key of ['admin', 'accueil'] as const satisfies readonly PersonKey[]) {
    const who = `${WHO[key]}${suffix}`;

    test(`chaque écran principal s’ouvre et est photographié — ${who}`, async ({ openStation }) => {
      const station = await openStation(key, { signedIn: false, viewport });
      const { page } = station;
      await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
      await saveScreen(page, who, '01-connexion');
      await signIn(page, station.who);

      await expect(page.getByRole('region', { name: 'Mes leads par statut' })).toBeVisible();
      await saveScreen(page, who, '02-ma-journee');

      await goTo(page, 'Leads');
      await expect(page.getByRole('row').filter({ has: page.locator('[data-status]') }).first()).toBeVisible();
      await saveScreen(page, who, '03-leads');

      await firstClientWithHistory(page);
      await saveScreen(page, who, '05-fiche-client');
      await page.getByRole('button', { name: 'Voir le lead et son historique' }).click();
      await expect(page.getByRole('region', { name: 'Historique' })).toBeVisible();
      await saveScreen(page, who, '04-fiche-lead');

      await goTo(page, 'Clients');
      await expect(page.getByRole('main').getByRole('table')).toBeVisible();
      await saveScreen(page, who, '06-clients');

      await openNotifications(page);
      await saveScreen(page, who, '07-notifications', { fullPage: false });
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog', { name: 'Notifications' })).toBeHidden();

      await goTo(page, 'Refus');
      await expect(page.getByText('Aucun refus')).toBeVisible();
      await saveScreen(page, who, '08-refus-vide');

      const nav = page.getByRole('navigation', { name: 'Navigation principale' });
      if (key === 'accueil') {
        // permissions.md: users, procedures and settings are the administrator's (and director's).
        await expect(nav.getByRole('button', { name: 'Administration' })).toHaveCount(0);
        return;
      }
      await goTo(page, 'Administration');
      await expect(page.getByRole('tab', { name: 'Utilisateurs' })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('main').getByText('accueil@bureau.demo')).toBeVisible();
      await saveScreen(page, who, '09-administration-utilisateurs');
      await page.getByRole('tab', { name: 'Procédures' }).click();
      await expect(page.getByRole('main').getByText('Entrée express')).toBeVisible();
      await saveScreen(page, who, '10-administration-procedures');
      await page.getByRole('tab', { name: 'Paramètres du bureau' }).click();
      await expect(page.getByRole('main').getByRole('textbox', { name: /^Nom du bureau/ })).toHaveValue('Cabinet Horizon Immigration (démo)');
      await saveScreen(page, who, '11-administration-parametres');
      await expect(screenTitle(page)).toHaveText('Administration');
    });
  }
}
