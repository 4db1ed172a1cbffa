import { newId } from '~shared/ids';
import { expect, test } from './support/fixtures';
import { postWebForm, signInOverHttp } from './support/office-http';
import { actionButton, chooseOption, expectSynced, goTo, modal, officeWall, openLead, openNotifications, pickDateTime, screenTitle, sheetStatus } from './support/ui';
import { saveScreen } from './support/screenshots';

// processus-leads.fr.md, steps 3 to 8, by the counselor the lead is assigned to: no answer with a
// callback, then a contact, an appointment, the consultation held, the evaluation (qualified,
// two procedures) and the conversion with the initial payment; the client keeps the lead's history.

const HOUR = 3_600_000;

test('une conseillère mène un lead du premier appel jusqu’au client', async ({ openStation, desk }) => {
  const leadId = await postWebForm({ prenom: 'Inès', nom: 'Parcours', courriel: 'ines.parcours@example.com', telephone: '438 555 0142' });
  const marie = (await signInOverHttp('marie')).user;
  await desk.run('lead.assign', { assignments: [{ leadId, assigneeId: marie.id }] });

  const { page } = await openStation('marie');
  // She is told, by name (one grouped notification per assignment batch).
  const panel = await openNotifications(page);
  await panel.getByRole('button', { name: 'Un lead vous a été attribué — Inès Parcours (non lue)' }).click();
  await expect(screenTitle(page)).toHaveText('Inès Parcours');
  await expect(sheetStatus(page)).toHaveText('Nouveau');

  // No answer: the lead waits for a callback tomorrow morning.
  await actionButton(page, 'Consigner un contact').click();
  let dialog = modal(page, 'Consigner un contact');
  await dialog.getByRole('radio', { name: 'Pas de réponse' }).check();
  await pickDateTime(dialog, 'Date du rappel', new Date(Date.now() + 24 * HOUR));
  await dialog.getByRole('button', { name: 'Enregistrer le contact' }).click();
  await expect(dialog).toBeHidden();
  await expect(sheetStatus(page)).toHaveText('À recontacter');

  // She calls back and reaches the person.
  await actionButton(page, 'Consigner un contact').click();
  dialog = modal(page, 'Consigner un contact');
  await dialog.getByRole('radio', { name: 'La personne a répondu' }).check();
  await dialog.getByRole('textbox', { name: 'Note' }).fill('Intéressée par la résidence permanente.');
  await dialog.getByRole('button', { name: 'Enregistrer le contact' }).click();
  await expect(dialog).toBeHidden();
  await expect(sheetStatus(page)).toHaveText('Contacté');

  // The appointment. A consultation is marked held only once it has begun (mutations/appointment.ts),
  // and the picker offers only times after "now": the page's clock is set back three hours, so
  // the slot booked "in an hour" has in fact begun two hours ago — the time passing between the
  // booking and the consultation, without waiting for it.
  const realNow = Date.now();
  await page.clock.setFixedTime(new Date(realNow - 3 * HOUR));
  const startsAt = new Date(Math.floor((realNow - 2 * HOUR) / 60_000) * 60_000);
  await actionButton(page, 'Prendre rendez-vous').click();
  dialog = modal(page, 'Prendre rendez-vous');
  await pickDateTime(dialog, 'Date et heure', startsAt);
  await expect(dialog.getByRole('combobox', { name: /^Tenu par/ })).toHaveValue('Marie Tremblay — Conseillère');
  // A segmented control: the label is what one clicks.
  await dialog.getByRole('radiogroup', { name: 'Type de consultation' }).getByText('Vidéo', { exact: true }).click();
  await expect(dialog.getByRole('radio', { name: 'Vidéo' })).toBeChecked();
  await dialog.getByRole('button', { name: 'Prendre le rendez-vous' }).click();
  await expect(dialog).toBeHidden();
  await expect(sheetStatus(page)).toHaveText('Rendez-vous pris');
  const appointments = page.getByRole('region', { name: 'Rendez-vous' });
  await expect(appointments).toContainText('Vidéo · Marie Tremblay');
  await expect(appointments).toContainText('Prévu');

  // Back to the real time, as when she opens the sheet again later: the consultation has begun,
  // so the sheet offers to close it.
  // Before it begins, closing shows disabled and says from when (issue 15, point 9).
  const notYet = page.getByRole('group', { name: 'Actions sur le lead' }).getByRole('button', { name: /^Consultation effectuée — Possible à partir du début du rendez-vous/ });
  await expect(notYet).toHaveAttribute('aria-disabled', 'true');
  await notYet.hover();
  await expect(page.getByRole('tooltip')).toContainText('Possible à partir du début du rendez-vous');
  await expect(actionButton(page, 'Consultation effectuée')).toHaveCount(0);
  await page.clock.setFixedTime(new Date());
  await openLead(page, 'Parcours', 'Inès Parcours');
  await actionButton(page, 'Consultation effectuée').click();
  dialog = modal(page, 'Consultation effectuée');
  await dialog.getByRole('button', { name: 'Consultation effectuée' }).click();
  await expect(dialog).toBeHidden();
  await expect(sheetStatus(page)).toHaveText('Consultation effectuée');
  await expect(appointments).toContainText('Présent');

  await actionButton(page, 'Évaluer l’admissibilité').click();
  dialog = modal(page, 'Évaluer l’admissibilité');
  await dialog.getByRole('radio', { name: 'Qualifié', exact: true }).check();
  await chooseOption(dialog, /^Procédures recommandées/, 'Entrée express');
  await chooseOption(dialog, /^Procédures recommandées/, 'Parrainage familial');
  await dialog.getByRole('textbox', { name: 'Notes d’évaluation' }).fill('Profil solide : diplôme, français avancé.');
  await dialog.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
  await expect(dialog).toBeHidden();
  await expect(sheetStatus(page)).toHaveText('Qualifié');
  await expect(page.getByRole('region', { name: 'Évaluations' })).toContainText('Entrée express, Parrainage familial');

  await actionButton(page, 'Convertir en client').click();
  dialog = modal(page, 'Convertir en client');
  await dialog.getByRole('textbox', { name: /^Paiement initial/ }).fill('1 500,00');
  await chooseOption(dialog, /^Mode de paiement/, 'Virement Interac');
  await expect(dialog.getByRole('combobox', { name: /^Conseillère responsable/ })).toHaveValue('Marie Tremblay');
  await expect(dialog.getByText('Montant lu : 1 500,00 $')).toBeVisible();
  await dialog.getByRole('button', { name: 'Vérifier' }).click();
  await expect(dialog).toContainText('Créer le dossier client avec un paiement initial de 1 500,00 $, suivi par Marie Tremblay ?');
  await dialog.getByRole('button', { name: 'Convertir en client' }).click();
  await expect(dialog).toBeHidden();
  await expect(sheetStatus(page)).toHaveText('Client');
  // The office server accepted every step (nothing waits, nothing refused).
  await expectSynced(page);
  await expect(page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('button', { name: 'Refus' })).toHaveText('Refus');
  const fileNumber = (await page.getByText(/^Client — dossier \d{4}-\d{4}$/).textContent())?.replace('Client — dossier ', '') ?? '';
  await saveScreen(page, 'conseillere', 'fiche-lead-client');

  // The client appears in Clients; its sheet reaches the lead's whole history.
  await goTo(page, 'Clients');
  const row = page.getByRole('row').filter({ hasText: 'Inès Parcours' });
  await expect(row).toContainText(fileNumber);
  await expect(row).toContainText('Marie Tremblay');
  await row.getByRole('button', { name: 'Inès Parcours' }).click();
  await expect(screenTitle(page)).toHaveText('Inès Parcours');
  await expect(page.getByRole('main')).toContainText('Virement Interac');
  await expect(page.getByRole('main')).toContainText('1 500,00 $');
  const history = page.getByRole('main').locator('section, div').filter({ has: page.getByRole('heading', { name: 'Historique' }) }).last();
  for (const step of ['Lead créé', 'Contact consigné', 'Rendez-vous pris', 'Consultation fermée', 'Évaluation', 'Converti en client']) {
    await expect(history).toContainText(step);
  }
  await saveScreen(page, 'conseillere', 'fiche-client');
  await page.getByRole('button', { name: 'Voir le lead et son historique' }).click();
  await expect(screenTitle(page)).toHaveText('Inès Parcours');
  await expect(page.getByRole('region', { name: 'Historique' })).toContainText('Converti en client');
  await expect(page.getByRole('region', { name: 'Historique' })).toContainText('Pas de réponse');
  expect((await desk.lead(leadId)).client?.fileNumber).toBe(fileNumber);
});

// Issue 8: a callback is done once the person is reached (it leaves "Mes rappels dus" and the
// lead's tasks), and a callback can be ticked done from Ma journée.
test('un rappel disparaît quand la personne est jointe, ou quand on le coche', async ({ openStation, desk }) => {
  // "Mes rappels dus" lists what falls due by the end of the office's day: a callback in a few
  // minutes, unless that is already tomorrow in Montréal.
  const now = new Date();
  const soon = new Date(Math.ceil((now.getTime() + 3 * 60_000) / 60_000) * 60_000);
  test.skip(officeWall(soon).dayLabel !== officeWall(now).dayLabel, 'Minuit à Montréal dans moins de trois minutes : le rappel tomberait demain.');

  const reachedId = await postWebForm({ prenom: 'Rosalie', nom: 'Rappelée', courriel: 'rosalie.rappelee@example.com', telephone: '438 555 0171' });
  const tickedId = await postWebForm({ prenom: 'Théo', nom: 'Coché', courriel: 'theo.coche@example.com', telephone: '438 555 0172' });
  const marie = (await signInOverHttp('marie')).user;
  await desk.run('lead.assign', { assignments: [{ leadId: reachedId, assigneeId: marie.id }, { leadId: tickedId, assigneeId: marie.id }] });
  // Théo did not answer the administrator's call: the callback goes to Marie, his counselor.
  await desk.run('lead.logContact', { id: newId(), leadId: tickedId, channel: 'phone', outcome: 'no_answer', callbackAt: soon.toISOString() });

  const { page } = await openStation('marie');
  await openLead(page, 'Rappelée', 'Rosalie Rappelée');
  await actionButton(page, 'Consigner un contact').click();
  let dialog = modal(page, 'Consigner un contact');
  await dialog.getByRole('radio', { name: 'Pas de réponse' }).check();
  await pickDateTime(dialog, 'Date du rappel', soon);
  await dialog.getByRole('button', { name: 'Enregistrer le contact' }).click();
  await expect(dialog).toBeHidden();
  const tasks = page.getByRole('region', { name: 'Tâches à faire' });
  await expect(tasks).toContainText('Rappeler Rosalie Rappelée');

  // Both callbacks wait in Ma journée.
  await goTo(page, 'Ma journée');
  const callbacks = page.getByRole('region', { name: 'Mes rappels dus' });
  await expect(callbacks.getByRole('button', { name: 'Rosalie Rappelée', exact: true })).toBeVisible();
  await expect(callbacks.getByRole('button', { name: 'Théo Coché', exact: true })).toBeVisible({ timeout: 15_000 });

  // She calls Rosalie back and reaches her: the callback is done, on the sheet and in Ma journée.
  await callbacks.getByRole('button', { name: 'Rosalie Rappelée', exact: true }).click();
  await expect(screenTitle(page)).toHaveText('Rosalie Rappelée');
  await actionButton(page, 'Consigner un contact').click();
  dialog = modal(page, 'Consigner un contact');
  await dialog.getByRole('radio', { name: 'La personne a répondu' }).check();
  await dialog.getByRole('button', { name: 'Enregistrer le contact' }).click();
  await expect(dialog).toBeHidden();
  await expect(sheetStatus(page)).toHaveText('Contacté');
  await expect(tasks).toContainText('Aucune tâche ouverte.');
  await expect(page.getByRole('region', { name: 'Historique' })).toContainText('Tâche terminée');
  await goTo(page, 'Ma journée');
  await expect(callbacks.getByRole('button', { name: 'Théo Coché', exact: true })).toBeVisible();
  await expect(callbacks.getByRole('button', { name: 'Rosalie Rappelée', exact: true })).toHaveCount(0);

  // Théo's she ticks done from Ma journée.
  await callbacks.getByRole('button', { name: 'Marquer comme fait : Rappeler Théo Coché' }).click();
  await expect(callbacks.getByRole('button', { name: 'Théo Coché', exact: true })).toHaveCount(0);
  await expectSynced(page);
  for (const id of [reachedId, tickedId]) {
    const callbacksOfLead = (await desk.lead(id)).tasks.filter((t) => t.kind === 'callback');
    expect(callbacksOfLead).toEqual([expect.objectContaining({ completedById: marie.id })]);
  }
});
