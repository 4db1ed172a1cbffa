import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startDevWeb, type DevWeb } from '../scripts/dev-web';
import { WORKSTATION, expect, test } from './support/fixtures';
import { RENDERER_DIR } from './support/paths';
import { saveScreen } from './support/screenshots';
import { goTo } from './support/ui';

// Issue 12, point 2: two brand-new workstations, with no configuration at all. The first creates
// the office — its server starts as a child process of that workstation, on PGlite in its data
// folder — and signs in as its first administrator; the second joins it with the address and the
// one-time code the first shows, then signs in. The first, launched again, goes straight in.

const OFFICE = 'Cabinet Lavoie Immigration';
const ADMIN = { name: 'Hélène Lavoie', email: 'helene@lavoie-immigration.test', password: 'une longue phrase secrète' };

interface FreshStation {
  page: Page;
  devWeb: DevWeb;
  close(): Promise<void>;
}

async function freshStation(browser: Browser, dataDir: string): Promise<FreshStation> {
  const devWeb = await startDevWeb({ firstRun: true, officePort: 0, bridgePort: 0, dataDir, rendererDir: RENDERER_DIR, build: 'never', quiet: true });
  const context = await browser.newContext(WORKSTATION);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(devWeb.bridgeUrl);
  return {
    page,
    devWeb,
    async close() {
      await context.close();
      await devWeb.stop();
      expect(errors, 'erreurs JavaScript non rattrapées dans la page').toEqual([]);
    },
  };
}

test('un poste neuf crée le bureau, un second le rejoint avec son code, et chacun se connecte', async ({ browser }) => {
  test.setTimeout(600_000);
  const hostDir = await mkdtemp(join(tmpdir(), 'bureau-e2e-hote-'));
  const joinDir = await mkdtemp(join(tmpdir(), 'bureau-e2e-rejoint-'));
  const opened: FreshStation[] = [];
  try {
    // ---- the first workstation creates the office --------------------------------------------
    const host = await freshStation(browser, hostDir);
    opened.push(host);
    const { page } = host;
    await expect(page.getByRole('heading', { name: 'Bienvenue dans Bureau', level: 1 })).toBeVisible();
    await saveScreen(page, 'premier-lancement', 'choix');

    await page.getByRole('button', { name: /Créer le bureau sur ce poste/ }).click();
    await page.getByLabel(/^Nom du cabinet/).fill(OFFICE);
    await page.getByLabel(/^Nom complet/).fill(ADMIN.name);
    await page.getByLabel(/^Courriel/).fill(ADMIN.email);
    await page.getByLabel(/^Mot de passe/).fill('court');
    await page.getByLabel(/^Confirmer le mot de passe/).fill('court');
    await page.getByRole('button', { name: 'Créer le bureau' }).click();
    await expect(page.getByText('Le mot de passe doit compter au moins 10 caractères.')).toBeVisible();
    await page.getByLabel(/^Mot de passe/).fill(ADMIN.password);
    await page.getByLabel(/^Confirmer le mot de passe/).fill(ADMIN.password);
    await saveScreen(page, 'premier-lancement', 'creer-le-bureau');
    await page.getByRole('button', { name: 'Créer le bureau' }).click();

    await expect(page.getByRole('heading', { name: `Le bureau «\u00a0${OFFICE}\u00a0» est prêt` })).toBeVisible({ timeout: 300_000 });
    const address = (await page.getByTestId('office-address').textContent())!.trim();
    const code = (await page.getByTestId('join-code').textContent())!.trim();
    expect(address).toMatch(/^https:\/\/[\d.]+:\d+$/);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // Issue 14: the office serves HTTPS with the certificate it just made; its fingerprint is shown
    // here, for each joining workstation to compare.
    const fingerprint = (await page.getByTestId('office-fingerprint').getAttribute('aria-label'))!;
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    await saveScreen(page, 'premier-lancement', 'bureau-pret');

    await page.getByRole('button', { name: 'Ouvrir le bureau' }).click();
    await expect(page.getByRole('heading', { name: 'Ma journée', level: 1 })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Mon compte' })).toContainText(ADMIN.name);
    // Later, the hosting workstation gives a new code for each workstation to add.
    await goTo(page, 'Administration');
    await page.getByRole('tab', { name: 'Paramètres du bureau' }).click();
    const hosted = page.getByRole('region', { name: 'Postes du bureau' });
    await hosted.getByRole('button', { name: 'Nouveau code pour un poste' }).click();
    await expect(hosted.getByTestId('hosted-fingerprint')).toHaveAttribute('aria-label', fingerprint);
    await expect(hosted.getByTestId('new-join-code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await hosted.getByTestId('new-join-code').textContent()).not.toBe(code);
    await saveScreen(page, 'premier-lancement', 'postes-du-bureau');

    // ---- a second workstation joins it ---------------------------------------------------------
    const joiner = await freshStation(browser, joinDir);
    opened.push(joiner);
    const second = joiner.page;
    await second.getByRole('button', { name: /Rejoindre un bureau/ }).click();
    await second.getByLabel(/^Adresse du bureau/).fill(address.replace(/^https:\/\//, ''));
    await second.getByLabel(/^Code pour un poste/).fill('ZZZZ-ZZZZ');
    await second.getByRole('button', { name: 'Rejoindre' }).click();
    // The certificate's fingerprint, to compare with the hosting workstation's before it is pinned.
    await expect(second.getByRole('heading', { name: 'Vérifiez le certificat du bureau' })).toBeVisible({ timeout: 30_000 });
    await expect(second.getByTestId('join-fingerprint')).toHaveAttribute('aria-label', fingerprint);
    await saveScreen(second, 'premier-lancement', 'rejoindre-empreinte');
    await second.getByRole('button', { name: 'Les empreintes sont identiques' }).click();
    await expect(second.getByText(/Ce code n’est pas valide/)).toBeVisible({ timeout: 30_000 });
    await saveScreen(second, 'premier-lancement', 'rejoindre-code-refuse');
    await second.getByLabel(/^Code pour un poste/).fill(code.toLowerCase());
    await second.getByRole('button', { name: 'Rejoindre' }).click();
    await second.getByRole('button', { name: 'Les empreintes sont identiques' }).click();

    await expect(second.getByText(`Bureau «\u00a0${OFFICE}\u00a0» trouvé\u00a0: connectez-vous avec votre compte.`)).toBeVisible({ timeout: 30_000 });
    await expect(second.getByLabel(/^Adresse du serveur/)).toHaveValue(address);
    await saveScreen(second, 'premier-lancement', 'rejoindre-connexion');
    await second.getByLabel(/^Courriel/).fill(ADMIN.email);
    await second.getByLabel(/^Mot de passe/).fill(ADMIN.password);
    await second.getByRole('button', { name: 'Se connecter' }).click();
    await expect(second.getByRole('heading', { name: 'Ma journée', level: 1 })).toBeVisible({ timeout: 60_000 });

    // ---- the hosting workstation, launched again, goes straight in -----------------------------
    await joiner.close();
    opened.pop();
    await host.close();
    opened.pop();
    const again = await freshStation(browser, hostDir);
    opened.push(again);
    await expect(again.page.getByRole('heading', { name: 'Ma journée', level: 1 })).toBeVisible({ timeout: 120_000 });
    expect(again.devWeb.office.state()).toMatchObject({ mode: 'host', officeName: OFFICE, hosted: { state: 'running' } });
  } finally {
    for (const station of opened.reverse()) await station.close().catch(() => undefined);
    await rm(hostDir, { recursive: true, force: true });
    await rm(joinDir, { recursive: true, force: true });
  }
});
