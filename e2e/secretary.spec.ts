import { randomUUID } from 'node:crypto';
import { expect, test } from './support/fixtures';
import { Cable } from './support/cable';
import type { Desk } from './support/desk';
import { postWebForm, setRoleOnServer, signInOverHttp } from './support/office-http';
import { actionButton, chooseOption, goTo, modal, openLead, screenTitle, sheetStatus } from './support/ui';
import { officeServerUrl } from './support/paths';
import { saveScreen } from './support/screenshots';

// domain.md, "The secretary rule" (processus-leads.fr.md, step 9): a lead she consulted waits
// "à confier" until she hands it to a counselor, and she never converts a lead into a client —
// the office server refuses it whatever her workstation sends.

const HOUR = 3_600_000;
const SECRETARY_RULE = 'La secrétaire ne peut pas convertir un lead en client\u00a0: une conseillère doit en être propriétaire.';

/** A web-form lead, assigned to the secretary by the administrator. */
async function leadOfTheSecretary(desk: Desk, lastName: string): Promise<string> {
  const leadId = await postWebForm({ prenom: 'Nadia', nom: lastName, courriel: `${lastName.toLowerCase()}@example.com` });
  const accueil = (await signInOverHttp('accueil')).user;
  await desk.run('lead.assign', { assignments: [{ leadId, assigneeId: accueil.id }] });
  return leadId;
}

/** Qualified after a forced transition (an administrator's shortcut, reason recorded). */
async function qualified(desk: Desk, leadId: string): Promise<void> {
  await desk.run('lead.setStatus', { leadId, status: 'qualified', force: true, reason: 'Préparation du test de bout en bout.' });
}

test('un lead consulté par la secrétaire reste « à confier » jusqu’à ce qu’elle le confie à une conseillère', async ({ openStation, desk }) => {
  const leadId = await leadOfTheSecretary(desk, 'Aconfier');
  const accueil = (await signInOverHttp('accueil')).user;
  // She holds the consultation, which began an hour ago.
  const startsAt = new Date(Date.now() - HOUR);
  await desk.run('appointment.book', {
    id: randomUUID(),
    leadId,
    hostId: accueil.id,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
    kind: 'in_person',
    location: 'Bureau de Montréal',
  });

  const { page } = await openStation('accueil');
  const toDispatch = page.getByRole('region', { name: 'À confier à une conseillère' });
  await expect(toDispatch).toBeVisible();
  await expect(toDispatch).not.toContainText('Nadia Aconfier');

  await openLead(page, 'Aconfier', 'Nadia Aconfier');
  await expect(sheetStatus(page)).toHaveText('Rendez-vous pris');
  await actionButton(page, 'Consultation effectuée').click();
  const confirm = modal(page, 'Consultation effectuée');
  await confirm.getByRole('button', { name: 'Consultation effectuée' }).click();
  await expect(confirm).toBeHidden();
  await expect(sheetStatus(page)).toHaveText('Consultation effectuée');
  await expect(page.getByTestId('to-dispatch')).toHaveText('À confier à une conseillère');

  // Her dashboard lists it until it is handed on.
  await goTo(page, 'Ma journée');
  await expect(toDispatch.getByRole('button', { name: 'Nadia Aconfier' })).toBeVisible();
  await saveScreen(page, 'secretaire', 'ma-journee-a-confier');
  await toDispatch.getByRole('button', { name: 'Nadia Aconfier' }).click();
  await expect(screenTitle(page)).toHaveText('Nadia Aconfier');
  await actionButton(page, 'Confier à une conseillère').click();
  const hand = modal(page, 'Confier à une conseillère');
  await expect(hand).toContainText('une secrétaire ne garde pas de client');
  await chooseOption(hand, /^Conseillère/, 'Marie Tremblay — Conseillère');
  await hand.getByRole('button', { name: 'Confier', exact: true }).click();
  await expect(hand).toBeHidden();
  await expect(page.getByText('Attribué à Marie Tremblay')).toBeVisible();
  await expect(page.getByTestId('to-dispatch')).toBeHidden();

  await goTo(page, 'Ma journée');
  await expect(toDispatch).toBeVisible();
  await expect(toDispatch).not.toContainText('Nadia Aconfier');
  expect((await desk.lead(leadId)).lead.assigneeId).toBe((await signInOverHttp('marie')).user.id);
});

test('la secrétaire n’a pas d’action de conversion, et son poste refuse une conversion demandée quand même', async ({ openStation, desk }) => {
  const leadId = await leadOfTheSecretary(desk, 'Sansconversion');
  await qualified(desk, leadId);
  const marie = (await signInOverHttp('marie')).user;

  const secretary = await openStation('accueil');
  const { page } = secretary;
  await openLead(page, 'Sansconversion', 'Nadia Sansconversion');
  await expect(sheetStatus(page)).toHaveText('Qualifié');
  await expect(page.getByRole('group', { name: 'Actions sur le lead' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Convertir en client' })).toHaveCount(0);

  // Sent anyway, as a tampered screen would: her own workstation's rules refuse it at once.
  const result = await secretary.api('mutations:run', {
    name: 'lead.convert',
    args: {
      leadId,
      clientId: randomUUID(),
      ownerId: marie.id,
      payment: { amountCents: 150_000, currency: 'CAD', method: 'interac', paidAt: new Date().toISOString() },
    },
  });
  expect(result).toEqual({ ok: false, error: { code: 'secretary_rule', message: SECRETARY_RULE } });
  await expect(sheetStatus(page)).toHaveText('Qualifié');
});

// The server decides, whatever the workstation believed: the administrator had made her a
// counselor for the day, and gives her back the secretary's role while her workstation is off the
// network. Offline, her workstation still applies the counselor's rules and lets the conversion
// through; once the cable is back, the office server refuses it, and she reads why.
test('une conversion envoyée quand même par la secrétaire est refusée par le serveur, en français, dans Refus', async ({ openStation, desk }) => {
  const leadId = await leadOfTheSecretary(desk, 'Refusee');
  await qualified(desk, leadId);

  await setRoleOnServer('accueil', 'counselor');
  const cable = await Cable.to(officeServerUrl());
  try {
    const secretary = await openStation('accueil', { serverUrl: cable.url });
    const { page } = secretary;
    cable.unplug();
    await setRoleOnServer('accueil', 'secretary');
    await expect(page.getByText('Hors ligne')).toBeVisible({ timeout: 20_000 });

    await openLead(page, 'Refusee', 'Nadia Refusee');
    await actionButton(page, 'Convertir en client').click();
    const dialog = modal(page, 'Convertir en client');
    await dialog.getByRole('textbox', { name: /^Paiement initial/ }).fill('2 000');
    await chooseOption(dialog, /^Mode de paiement/, 'Carte');
    await chooseOption(dialog, /^Conseillère responsable/, 'Julie Gagnon');
    await dialog.getByRole('button', { name: 'Vérifier' }).click();
    await dialog.getByRole('button', { name: 'Convertir en client' }).click();
    await expect(dialog).toBeHidden();
    cable.plug();
    // Back on the network, she does not wait for the next retry.
    await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();

    // The server's verdict comes back: a notice at once, the lead as it was, the refusal kept.
    const toast = page.getByRole('alert').filter({ hasText: 'Un changement a été refusé' });
    await expect(toast).toContainText(SECRETARY_RULE, { timeout: 15_000 });
    // The notice opens below the header: the header's controls stay within reach while it shows
    // (it once covered this button, and a click on it waited for the notice to close).
    await page.getByRole('button', { name: 'Synchroniser maintenant' }).click({ timeout: 5_000 });
    await expect(sheetStatus(page)).toHaveText('Qualifié');
    await toast.getByRole('button', { name: 'Voir et refaire' }).click();
    await expect(screenTitle(page)).toHaveText('Refus');
    await expect(toast).toBeHidden();

    await expect(page.getByTestId('refusal')).toHaveCount(1);
    const refusal = page.getByRole('region', { name: 'Refusé : conversion en client' });
    await expect(refusal).toBeVisible();
    await expect(refusal.getByTestId('refusal-message')).toHaveText(SECRETARY_RULE);
    await expect(refusal).toContainText('Nadia Refusee');
    // What she had entered is kept, in words.
    const entered = refusal.getByTestId('refusal-entered');
    await expect(entered).toContainText('2 000,00 $');
    await expect(entered).toContainText('Carte');
    await expect(entered).toContainText('Julie Gagnon');
    await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('button', { name: /^Refus/ })).toContainText('1');
    await saveScreen(page, 'secretaire', 'refus');

    expect((await desk.lead(leadId)).lead.status).toBe('qualified');
  } finally {
    await cable.close();
    await setRoleOnServer('accueil', 'secretary');
  }
});
