import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SCRUBBED } from '~shared/domain/anonymise';
import type { HistoryEntry, Lead } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { history, leads, procedures, smsMessages, smsOptOuts } from '../db/schema';
import { call } from '../testing/http';
import { dumpDatabase } from '../testing/dump';
import { TEST_BACKENDS } from '../testing/databases';
import { startSyncOffice, type SyncOffice } from '../testing/office';
import { findValues, OTHER_PERSON, otherPersonSteps, PERSON, personalStrings, personFileSteps, type Step } from '../testing/person';
import { PRIVACY_ADMIN_ONLY } from '~shared/contract/privacy';

// A person's rights over HTTP (issue 14, point 5; server-api.md, "A person's rights"): the export
// holds every row about the person and nothing about anyone else; after anonymisation no personal
// value remains in any table of the server nor in what a replica pulls, history payloads included;
// only admins; a hundred requests at once anonymise once.

describe.each(TEST_BACKENDS)('droits d’une personne ($name)', (backend) => {
  let office: SyncOffice;
  const leadId = newId();
  const otherId = newId();

  async function run(steps: Step[]) {
    for (const step of steps) await office.people.admin.client.apply(step.name, step.args as never);
  }

  beforeAll(async () => {
    office = await startSyncOffice(backend);
    const [procedure] = await office.server.db.db.select({ id: procedures.id }).from(procedures).limit(1);
    await run(personFileSteps(PERSON, { leadId, counselorId: office.people.marie.id, procedureId: procedure!.id }, new Date()));
    await run(otherPersonSteps(OTHER_PERSON, otherId));
    // The number answered STOP (the webhook's row): the export says so, the anonymisation forgets it.
    await office.server.db.db.insert(smsOptOuts).values({ phoneE164: PERSON.phoneE164, at: new Date().toISOString(), source: 'STOP' });
    // The SMS the file's steps queued is dispatched after its commit, with a history line of its
    // own ('sms_status'): wait for it, or an export taken meanwhile misses a row the database has by
    // the time it is compared (seen in CI on PostgreSQL).
    await vi.waitFor(
      async () => {
        const queued = await office.server.db.db.select({ id: smsMessages.id }).from(smsMessages).where(eq(smsMessages.state, 'queued'));
        expect(queued).toEqual([]);
      },
      { timeout: 15_000, interval: 20 },
    );
  }, 60_000);
  afterAll(async () => {
    await office?.stop();
  });

  const admin = () => office.people.admin.token;
  const exportOf = (id: string, format: 'json' | 'xlsx', token = admin()) =>
    fetch(`${office.base}/api/admin/people/${id}/export?format=${format}`, { headers: { authorization: `Bearer ${token}` } });

  it('exporte tout ce qui concerne la personne, et rien d’une autre, en JSON', async () => {
    const answer = await exportOf(leadId, 'json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toContain(`personne-${leadId.slice(0, 8)}`);
    const data = (await answer.json()) as Record<string, unknown> & { lead: Lead; history: HistoryEntry[] };
    expect(data.lead).toMatchObject({ id: leadId, firstName: PERSON.firstName, lastName: PERSON.lastName, email: PERSON.email });

    // Every row of the database that carries the lead's id is in the file, each exactly once.
    const dump = await dumpDatabase(office.server.db.db);
    const tables = {
      history: 'history',
      contact_attempts: 'contactAttempts',
      appointments: 'appointments',
      evaluations: 'evaluations',
      sms_messages: 'smsMessages',
      clients: 'clients',
      payments: 'payments',
      tasks: 'tasks',
      notifications: 'notifications',
    } as const;
    for (const [table, key] of Object.entries(tables)) {
      const expected = (dump.tables[table] as Array<{ id: string; leadId: string | null }>).filter((r) => r.leadId === leadId).map((r) => r.id).sort();
      const exported = (data[key] as Array<{ id: string }>).map((r) => r.id).sort();
      expect(exported, table).toEqual(expected);
      if (table !== 'notifications') expect(expected.length, table).toBeGreaterThan(0);
    }
    expect(data['smsOptOut']).toMatchObject({ phoneE164: PERSON.phoneE164 });
    // The consent's record: source, date and the words agreed to.
    const created = data.history.find((h) => h.kind === 'created');
    expect(created?.after?.['consent']).toMatchObject({ source: 'manual', wording: expect.stringContaining('a consenti') });
    // Nothing of the other person.
    expect(findValues(data, personalStrings(OTHER_PERSON))).toEqual([]);
    expect(JSON.stringify(data)).not.toContain(otherId);
  });

  it('exporte la même chose en .xlsx, une feuille par sorte de ligne', async () => {
    const answer = await exportOf(leadId, 'xlsx');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await answer.arrayBuffer()) as never);
    const names = workbook.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['Lead', 'Historique', 'Tentatives de contact', 'Rendez-vous', 'Évaluations', 'SMS', 'Dossier client', 'Paiements']));
    const text = workbook.worksheets.map((w) => w.getSheetValues().flat().map(String).join(' ')).join(' ');
    expect(text).toContain(PERSON.email);
    expect(findValues(text, personalStrings(OTHER_PERSON))).toEqual([]);
  });

  it('refuse l’export et l’anonymisation à qui n’est pas administrateur, en français', async () => {
    for (const person of ['director', 'marie', 'accueil'] as const) {
      const answer = await exportOf(leadId, 'json', office.people[person].token);
      expect(answer.status).toBe(403);
      expect(((await answer.json()) as { error: { message: string } }).error.message).toBe(PRIVACY_ADMIN_ONLY);
      const anonymise = await call(office.base, 'POST', `/api/admin/people/${leadId}/anonymize`, { token: office.people[person].token, body: { confirm: 'ANONYMISER' } });
      expect(anonymise.status).toBe(403);
    }
    expect((await call(office.base, 'GET', `/api/admin/people/${leadId}/export`)).status).toBe(401);
    // An id that is no lead, an id that is not one, a body without the confirmation, a huge body.
    expect((await exportOf(newId(), 'json')).status).toBe(404);
    expect((await exportOf('pas-un-identifiant', 'json')).status).toBe(400);
    expect((await exportOf(leadId, 'pdf' as never)).status).toBe(400);
    const unconfirmed = await call<{ error: { message: string } }>(office.base, 'POST', `/api/admin/people/${leadId}/anonymize`, { token: admin(), body: {} });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.message).toContain('ANONYMISER');
    const huge = await call(office.base, 'POST', `/api/admin/people/${leadId}/anonymize`, { token: admin(), body: { confirm: 'ANONYMISER', pad: 'x'.repeat(5 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    const [lead] = (await office.server.db.db.select().from(leads).where(eq(leads.id, leadId))) as Lead[];
    expect(lead?.firstName).toBe(PERSON.firstName);
  });

  it('une conservation légale empêche l’anonymisation jusqu’à ce qu’on la lève', async () => {
    const hold = await call(office.base, 'PUT', `/api/admin/people/${leadId}/hold`, { token: admin(), body: { held: true, reason: 'Litige en cours' } });
    expect(hold.status).toBe(200);
    const refused = await call<{ error: { code: string; message: string } }>(office.base, 'POST', `/api/admin/people/${leadId}/anonymize`, {
      token: admin(),
      body: { confirm: 'ANONYMISER' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('conservation légale');
    const lifted = await call(office.base, 'PUT', `/api/admin/people/${leadId}/hold`, { token: admin(), body: { held: false } });
    expect(lifted.status).toBe(200);
    const kinds = ((await office.server.db.db.select().from(history).where(eq(history.leadId, leadId))) as HistoryEntry[]).map((h) => h.kind);
    expect(kinds).toEqual(expect.arrayContaining(['legal_hold_set', 'legal_hold_lifted']));
  });

  it('anonymise une fois sous cent demandes simultanées, et rien de personnel ne reste, ni sur le serveur ni dans une réplique', async () => {
    const replica = office.people.director.client;
    await replica.pullToEnd();
    expect(findValues([...replica.replica.values()], personalStrings(PERSON)).length).toBeGreaterThan(0);

    const answers = await Promise.all(
      Array.from({ length: 100 }, () => call(office.base, 'POST', `/api/admin/people/${leadId}/anonymize`, { token: admin(), body: { confirm: 'ANONYMISER' } })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(200));

    const dump = await dumpDatabase(office.server.db.db);
    expect(findValues(dump.tables, personalStrings(PERSON))).toEqual([]);
    const lines = (dump.tables['history'] as HistoryEntry[]).filter((h) => h.leadId === leadId);
    expect(lines.filter((h) => h.kind === 'anonymized')).toHaveLength(1);
    expect(dump.tables['sms_opt_outs']).toEqual([]);
    // The counts the reports read stay: status, source, counselor, programme, amounts, rows.
    const [lead] = (dump.tables['leads'] as Lead[]).filter((l) => l.id === leadId);
    expect(lead).toMatchObject({ status: 'client', source: 'manual', programOfInterest: 'PEQ', email: null, phoneE164: null });
    expect((dump.tables['payments'] as Array<{ leadId: string; amountCents: number }>).filter((p) => p.leadId === leadId)[0]?.amountCents).toBe(150_000);
    expect((dump.tables['sms_messages'] as Array<{ leadId: string; body: string }>).filter((s) => s.leadId === leadId)[0]?.body).toBe(SCRUBBED);
    // The other person is untouched.
    expect(findValues(dump.tables, personalStrings(OTHER_PERSON))).toEqual(personalStrings(OTHER_PERSON));

    // A replica that had the person receives the scrubbed rows by its next pull.
    await replica.pullToEnd();
    expect(findValues([...replica.replica.values()], personalStrings(PERSON))).toEqual([]);
    // As does a new one.
    const fresh = office.people.accueil.client;
    await fresh.pullToEnd();
    expect(findValues([...fresh.replica.values()], personalStrings(PERSON))).toEqual([]);

    const summary = await call<{ anonymisedAt: string | null; name: string }>(office.base, 'GET', `/api/admin/people/${leadId}`, { token: admin() });
    expect(summary.body.anonymisedAt).not.toBeNull();
  });
});
