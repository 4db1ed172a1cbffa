import { randomUUID } from 'node:crypto';
import { expect, test } from './support/fixtures';
import { saveScreen } from './support/screenshots';
import { goTo, modal, openLead, screenTitle } from './support/ui';

// Accountability under Loi 25 (issue 14, point 6): a counselor opens a lead's sheet on her
// workstation; the administrator sees it in Administration → Confidentialité → « Journal d'accès »
// and opens the lead from there; then he records a privacy incident, is told in French what is
// missing, and corrects it, the first version kept in its history.

test('le journal d’accès montre la fiche ouverte par une conseillère, et l’administrateur consigne un incident', async ({ openStation, desk }) => {
  // Two workstations and a sync between them: longer than one screen's journey on a busy machine.
  test.setTimeout(180_000);
  const leadId = randomUUID();
  await desk.run('lead.create', { id: leadId, firstName: 'Odile', lastName: 'Journalière', source: 'manual' });
  await desk.sync();

  const marie = await openStation('marie');
  await openLead(marie.page, 'Journalière', 'Odile Journalière');

  const admin = await openStation('admin');
  // The opening travels from Marie's replica to the office server with her next sync.
  await expect.poll(async () => ((await desk.call('accessLog:list', { leadId })).entries.length), { timeout: 60_000 }).toBe(1);
  const { page } = admin;
  await goTo(page, 'Administration');
  await page.getByRole('tab', { name: 'Confidentialité', exact: true }).click();
  await page.getByRole('tab', { name: 'Journal d’accès' }).click();
  const log = page.getByRole('table', { name: 'Journal d’accès' });
  const row = log.getByRole('row').filter({ hasText: 'Odile Journalière' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Marie Tremblay');
  await expect(row).toContainText('Fiche de lead ouverte');
  await saveScreen(page, 'admin', 'confidentialite-journal');
  await row.getByRole('button', { name: 'Odile Journalière' }).click();
  await expect(screenTitle(page)).toHaveText('Odile Journalière');

  await goTo(page, 'Administration');
  await page.getByRole('tab', { name: 'Confidentialité', exact: true }).click();
  await page.getByRole('tab', { name: 'Incidents', exact: true }).click();
  await page.getByRole('button', { name: 'Consigner un incident' }).click();
  const form = modal(page, 'Consigner un incident');
  await form.getByRole('button', { name: 'Consigner' }).click();
  await expect(form.getByText('La date de l’incident est obligatoire.')).toBeVisible();
  await expect(form.getByText('Décrivez la nature de l’incident.')).toBeVisible();
  await form.getByLabel(/^Date de l’incident/).fill('2026-11-02');
  await form.getByLabel(/^Date de découverte/).fill('2026-11-01');
  await form.getByRole('textbox', { name: /^Nature de l’incident/ }).fill('Liste de leads envoyée par courriel à une mauvaise adresse.');
  await form.getByRole('textbox', { name: 'Personnes concernées', exact: true }).fill('12 leads de la liste de Marie (noms et téléphones).');
  await form.getByRole('button', { name: 'Consigner' }).click();
  await expect(form.getByText('La découverte ne peut précéder l’incident.')).toBeVisible();
  await form.getByLabel(/^Date de découverte/).fill('2026-11-03');
  await form.getByRole('button', { name: 'Consigner' }).click();
  await expect(form).toBeHidden();

  const incident = page.getByRole('table', { name: 'Incidents de confidentialité' }).getByRole('row').filter({ hasText: 'mauvaise adresse' });
  await incident.getByRole('button', { name: 'Modifier' }).click();
  const edit = modal(page, 'Modifier l’incident');
  await edit.getByRole('textbox', { name: /^Mesures prises/ }).fill('Le destinataire a confirmé avoir effacé le courriel.');
  await edit.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(edit).toBeHidden();
  await expect(incident.getByRole('button', { name: 'Historique (2 versions)' })).toBeVisible();
  await saveScreen(page, 'admin', 'confidentialite-incidents');
  await incident.getByRole('button', { name: 'Historique (2 versions)' }).click();
  const history = modal(page, 'Historique de l’incident');
  await expect(history.getByText(/^Version 1 —/)).toBeVisible();
  await expect(history.getByText(/^Version 2 —.*Alexandre Roy/)).toBeVisible();
});
