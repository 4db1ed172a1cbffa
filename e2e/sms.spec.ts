import { readFileSync } from 'node:fs';
import { newId } from '~shared/ids';
import { expect, test } from './support/fixtures';
import { postWebForm, signInOverHttp } from './support/office-http';
import { goTo, modal, openLead } from './support/ui';
import { saveScreen } from './support/screenshots';
import { workerOffice } from './support/paths';

// Issue 11, point 3: the confirmation SMS from the lead sheet — the template rendered in the
// lead's language with its segment count, editable, sent through the office's provider (the
// journal of the e2e office: global-setup.ts), its state in the lead's history and on the sheet —
// and the template editor with its live preview on a real lead.

const DAY = 24 * 3_600_000;

test('la conseillère envoie le SMS de confirmation depuis la fiche : texte rendu, parties comptées, état dans l’historique', async ({ openStation, desk }) => {
  const leadId = await postWebForm({ prenom: 'Zoé', nom: 'Texto', courriel: 'zoe.texto@example.com', telephone: '438 555 0190', langue: 'fr' });
  const marie = (await signInOverHttp('marie')).user;
  await desk.run('lead.assign', { assignments: [{ leadId, assigneeId: marie.id }] });
  // In two days, mid-morning in Montréal (15:00 UTC is 10:00 or 11:00 there).
  const startsAt = new Date(`${new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10)}T15:00:00.000Z`);
  await desk.run('appointment.book', {
    id: newId(),
    leadId,
    hostId: marie.id,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
    kind: 'in_person',
  });

  const { page } = await openStation('marie');
  await openLead(page, 'Texto', 'Zoé Texto');
  const smsCard = page.getByRole('region', { name: 'SMS' });
  await expect(smsCard).toContainText('Aucun SMS envoyé à ce lead.');
  await smsCard.getByRole('button', { name: 'Envoyer un SMS' }).click();

  const dialog = modal(page, 'SMS de confirmation à Zoé Texto');
  const body = dialog.getByTestId('sms-body');
  // The confirmation template, in French, filled in: name, counselor, no placeholder left.
  await expect(body).toHaveValue(/^Bonjour Zoé Texto, votre rendez-vous avec Marie Tremblay/);
  await expect(body).not.toHaveValue(/\{(prenom|nom|date|heure|conseillere|bureau|adresse)\}/);
  await expect(dialog.getByText('Langue du lead\u00a0: Français')).toBeVisible();
  // « é » is GSM-7, « ê » is not: this text is GSM-7 and longer than one part.
  const segments = dialog.getByTestId('sms-segments');
  await expect(segments).toContainText(/2 parties/);
  await expect(segments).toContainText('GSM-7');
  await saveScreen(page, 'conseillere', 'sms-dialogue', { fullPage: false });

  // Edited before it goes: a short text in one part, UCS-2 once it has a « ê ».
  await body.fill('Bonjour Zoé, à demain pour votre rendez-vous. Répondez OUI pour confirmer.');
  await expect(segments).toContainText('1 partie');
  await body.fill('Bonjour Zoé, à demain. Êtes-vous disponible ? Répondez OUI.');
  await expect(segments).toContainText('UCS-2');
  await dialog.getByRole('button', { name: 'Envoyer le SMS' }).click();
  await expect(dialog).toBeHidden();

  // Sent by the office server (journal provider), its state back through sync.
  const sent = smsCard.getByTestId('sms-list').getByRole('listitem').first();
  await expect(sent).toContainText('Êtes-vous disponible');
  await expect(sent).toContainText('Envoyé', { timeout: 15_000 });
  const history = page.getByRole('region', { name: 'Historique' });
  await expect(history).toContainText('SMS à envoyer');
  await expect(history).toContainText('État du SMS');
  await smsCard.scrollIntoViewIfNeeded();
  await saveScreen(page, 'conseillere', 'fiche-sms-envoye', { fullPage: false });

  const journal = readFileSync(workerOffice().smsJournal, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { to: string; body: string });
  expect(journal).toContainEqual(expect.objectContaining({ to: '+14385550190', body: 'Bonjour Zoé, à demain. Êtes-vous disponible ? Répondez OUI.' }));
});

test('l’administrateur modifie un modèle SMS avec l’aperçu sur un vrai lead et le compteur de parties', async ({ openStation }) => {
  await postWebForm({ prenom: 'Léa', nom: 'Aperçu', courriel: 'lea.apercu@example.com', telephone: '438 555 0191', langue: 'en' });
  const { page } = await openStation('admin');
  await goTo(page, 'Administration');
  await page.getByRole('tab', { name: 'Modèles SMS' }).click();
  await page.getByRole('row').filter({ hasText: 'Confirmation de rendez-vous' }).getByRole('button', { name: 'Modifier' }).click();
  const editor = modal(page, 'Modifier le modèle');
  const preview = editor.getByTestId('sms-template-preview');
  await preview.getByLabel('Lead de l’aperçu').fill('Aperçu');
  await page.getByRole('option', { name: 'Léa Aperçu' }).click();
  await expect(preview.getByTestId('preview-fr')).toContainText('Bonjour Léa Aperçu');
  await expect(preview.getByTestId('preview-en')).toContainText('Hello Léa Aperçu');

  const french = editor.getByTestId('template-fr');
  await french.fill('Bonjour {prenom}, votre rendez-vous est le {date} à {heure}. ');
  await editor.getByRole('button', { name: 'Insérer {bureau}' }).first().click();
  await expect(french).toHaveValue(/\{bureau\}$/);
  await expect(preview.getByTestId('preview-fr')).toContainText(/^Bonjour Léa, votre rendez-vous est le \{date\} à \{heure\}\. /);
  await expect(editor.getByTestId('template-fr-segments')).toContainText('1 partie');
  await saveScreen(page, 'admin', 'modeles-sms', { fullPage: false });
  await editor.getByRole('button', { name: 'Annuler' }).click();
  await expect(editor).toBeHidden();
});
