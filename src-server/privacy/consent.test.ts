import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_FORM_CONSENT_WORDING } from '~shared/contract/privacy';
import type { HistoryEntry } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { history } from '../db/schema';
import { WEB_FORM_PATH } from '../http/web-form';
import { TEST_BACKENDS } from '../testing/databases';
import { call } from '../testing/http';
import { startSyncOffice, type SyncOffice } from '../testing/office';

// Consent recorded with its source, date and wording (issue 14, point 5; Loi 25, s. 14): the web
// form's wording is the office's setting, the New lead dialog sends its checkbox's words, an
// import names its file. And « Conservation »'s rules are checked before they are kept.

describe.each(TEST_BACKENDS)('consentement et réglages de confidentialité ($name)', (backend) => {
  let office: SyncOffice;

  beforeAll(async () => {
    office = await startSyncOffice(backend);
  }, 60_000);
  afterAll(async () => {
    await office?.stop();
  });

  async function consentOf(leadId: string): Promise<Record<string, unknown> | undefined> {
    const [created] = (await office.server.db.db
      .select()
      .from(history)
      .where(and(eq(history.leadId, leadId), eq(history.kind, 'created')))) as HistoryEntry[];
    return created?.after?.['consent'] as Record<string, unknown> | undefined;
  }

  it('le formulaire web enregistre la source, la date et le texte réglé par le bureau', async () => {
    const token = office.people.admin.token;
    const before = await call<{ webFormConsentWording: string }>(office.base, 'GET', '/api/admin/privacy', { token });
    expect(before.body.webFormConsentWording).toBe(DEFAULT_WEB_FORM_CONSENT_WORDING);
    const wording = 'J’accepte d’être recontacté par le cabinet Exemple au sujet de ma demande.';
    expect((await call(office.base, 'PUT', '/api/admin/privacy/consent-wording', { token, body: { webFormConsentWording: wording } })).status).toBe(200);

    const posted = await call<{ id: string }>(office.base, 'POST', WEB_FORM_PATH, { body: { nom: 'Formulaire', courriel: 'formulaire@exemple.ca', consentement: 'oui' } });
    expect(posted.status).toBe(201);
    expect(await consentOf(posted.body.id)).toMatchObject({ source: 'web_form', wording, at: expect.any(String) });
    // Without the box ticked, no consent is recorded.
    const unticked = await call<{ id: string }>(office.base, 'POST', WEB_FORM_PATH, { body: { nom: 'Sansconsentement', courriel: 'sans@exemple.ca' } });
    expect(await consentOf(unticked.body.id)).toBeUndefined();
  });

  it('la saisie manuelle et l’import enregistrent chacun leur source et leur texte', async () => {
    const manualId = newId();
    await office.people.marie.client.apply('lead.create', {
      id: manualId,
      lastName: 'Manuel',
      source: 'manual',
      consent: true,
      consentWording: 'La personne a consenti à ce que le cabinet conserve ses renseignements.',
    });
    expect(await consentOf(manualId)).toMatchObject({ source: 'manual', wording: expect.stringContaining('a consenti') });

    const importBatchId = newId();
    const importedId = newId();
    await office.people.admin.client.apply('lead.createMany', {
      importBatchId,
      fileName: 'salon-2026.xlsx',
      leads: [{ id: importedId, lastName: 'Importé', source: 'import', consent: true }],
    });
    expect(await consentOf(importedId)).toMatchObject({ source: 'import', importBatchId, wording: expect.stringContaining('salon-2026.xlsx') });
  });

  it('vérifie les règles de conservation et les réserve aux administrateurs', async () => {
    const token = office.people.admin.token;
    const saved = await call<{ rules: Record<string, number | null> }>(office.base, 'PUT', '/api/admin/privacy/retention', {
      token,
      body: { rules: { not_interested: 24, not_qualified: 36 } },
    });
    expect(saved.body.rules).toEqual({ not_interested: 24, not_qualified: 36 });
    const never = await call<{ rules: Record<string, number | null> }>(office.base, 'PUT', '/api/admin/privacy/retention', { token, body: { rules: { not_qualified: null } } });
    expect(never.body.rules).toEqual({ not_interested: 24 });

    const zero = await call<{ error: { message: string } }>(office.base, 'PUT', '/api/admin/privacy/retention', { token, body: { rules: { not_interested: 0 } } });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body)).toContain('au moins un mois');
    // A status that is not final has no rule: an open lead is never anonymised by time.
    expect((await call(office.base, 'PUT', '/api/admin/privacy/retention', { token, body: { rules: { new: 1 } } })).status).toBe(400);
    expect((await call(office.base, 'PUT', '/api/admin/privacy/retention', { token: office.people.director.token, body: { rules: { not_interested: 1 } } })).status).toBe(403);
  });
});
