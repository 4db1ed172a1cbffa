import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogPage, Incident, IncidentVersion } from '~shared/contract/accountability';
import { TEST_BACKENDS } from '../testing/databases';
import { call } from '../testing/http';
import { startSyncOffice, type SyncOffice } from '../testing/office';
import { recordAccess } from './access-log';

// The access log and the incident register over real HTTP, on PGlite and PostgreSQL (issue 14,
// point 6): events stored once whatever is resent, always under the token's user; only admins
// read or write; and the database itself refuses to change or delete what was written.

type ErrorAnswer = { error: { code: string; message: string; fields?: Record<string, string> } };

const event = (overrides: Record<string, unknown> = {}) => ({ id: randomUUID(), kind: 'lead.open', subjectId: null, detail: null, at: new Date().toISOString(), ...overrides });

describe.each(TEST_BACKENDS)('journal d’accès et incidents ($name)', (backend) => {
  let office: SyncOffice;
  let leadId: string;

  beforeAll(async () => {
    office = await startSyncOffice(backend);
    leadId = randomUUID();
    await office.people.marie.client.apply('lead.create', { id: leadId, firstName: 'Zoé', lastName: 'Lévesque', source: 'manual' });
  });
  afterAll(async () => {
    await office?.stop();
  });

  const send = (token: string, body: unknown) => call<{ received: number; stored: number } & ErrorAnswer>(office.base, 'POST', '/api/access-log', { token, body });
  const read = (token: string, query = '') => call<AccessLogPage & ErrorAnswer>(office.base, 'GET', `/api/admin/access-log${query}`, { token });

  it('stores a batch once, however often it is sent, under the token’s user whatever the body says', async () => {
    const { marie, julie, admin } = office.people;
    const opened = event({ subjectId: leadId });
    const exported = event({ kind: 'export', detail: 'Leads — 3 lignes' });
    const first = await send(marie.token, { events: [opened, exported] });
    expect(first).toMatchObject({ status: 200, body: { received: 2, stored: 2 } });
    // The same batch 100 times, some at once: nothing more is stored.
    const again = await Promise.all(Array.from({ length: 100 }, () => send(marie.token, { events: [opened, exported] })));
    expect(again.every((a) => a.status === 200 && a.body.stored === 0)).toBe(true);
    // Another user resending Marie's ids takes nothing of hers.
    expect((await send(julie.token, { events: [opened] })).body.stored).toBe(0);
    // A user named in the body is refused outright, never believed.
    const forged = await send(julie.token, { events: [event({ userId: marie.id, subjectId: leadId })] });
    expect(forged.status).toBe(400);

    const page = await read(admin.token, `?leadId=${leadId}`);
    expect(page.status).toBe(200);
    expect(page.body.entries).toHaveLength(1);
    expect(page.body.entries[0]).toMatchObject({ id: opened.id, kind: 'lead.open', userId: marie.id, userName: marie.name, leadId, leadName: 'Zoé Lévesque', source: 'desktop' });
    const mine = await read(admin.token, `?userId=${marie.id}`);
    expect(mine.body.entries.map((e) => e.id).sort()).toEqual([opened.id, exported.id].sort());
  });

  it('dates an event from the future at its receipt, and bounds what one request may carry', async () => {
    const { marie, admin } = office.people;
    const future = event({ subjectId: leadId, at: '2099-01-01T00:00:00.000Z' });
    expect((await send(marie.token, { events: [future] })).body.stored).toBe(1);
    const stored = (await read(admin.token, `?userId=${marie.id}&limit=200`)).body.entries.find((e) => e.id === future.id)!;
    expect(stored.at).toBe(stored.receivedAt);

    const tooMany = await send(marie.token, { events: Array.from({ length: 201 }, () => event()) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/Au plus 200 événements/);
    const huge = await send(marie.token, { events: [event({ detail: 'x'.repeat(200_000) })] });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
    expect((await send(marie.token, { events: [] })).status).toBe(400);
    expect((await call(office.base, 'POST', '/api/access-log', { body: { events: [event()] } })).status).toBe(401);
  });

  it('lets admins alone read, filter and page through the log', async () => {
    const { admin, director, marie, accueil } = office.people;
    for (const person of [director, marie, accueil]) {
      const refused = await read(person.token);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/Seul l.administrateur peut consulter le journal/);
    }
    await recordAccess(office.server.db.db, { kind: 'export', userId: null, detail: 'Sauvegarde de la base' }, new Date());
    const exports = await read(admin.token, '?kind=export');
    expect(exports.body.entries.every((e) => e.kind === 'export')).toBe(true);
    expect(exports.body.entries.some((e) => e.source === 'server' && e.userId === null && e.detail === 'Sauvegarde de la base')).toBe(true);

    const all: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { body: AccessLogPage } = await read(admin.token, `?limit=2${cursor === '' ? '' : `&cursor=${cursor}`}`);
      all.push(...page.body.entries.map((e) => e.id));
      cursor = page.body.next;
    }
    const whole = (await read(admin.token, '?limit=200')).body.entries.map((e) => e.id);
    expect(all).toEqual(whole);
    expect(new Set(all).size).toBe(all.length);
    const past = await read(admin.token, `?to=${encodeURIComponent('2000-01-01T00:00:00Z')}`);
    expect(past.body.entries).toEqual([]);
    expect((await read(admin.token, '?cursor=nimporte')).status).toBe(400);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the log and the register in the database itself', async () => {
    const { db } = office.server;
    await recordAccess(db.db, { kind: 'export', userId: null, detail: 'à garder' }, new Date());
    for (const statement of [
      "update access_log set detail = 'effacé'",
      'delete from access_log',
      'truncate access_log',
      'delete from privacy_incident_versions',
      "update privacy_incidents set created_at = now()",
    ]) {
      await expect(db.query(statement), statement).rejects.toThrow(/ajout seulement/);
    }
    const kept = await db.query<{ n: number }>("select count(*)::int as n from access_log where detail = 'à garder'");
    expect(kept[0]?.n).toBe(1);
  });

  it('keeps every version of an incident: created, corrected, never lost', async () => {
    const { admin, director } = office.people;
    const fields = {
      occurredAt: '2026-11-02',
      discoveredAt: '2026-11-03',
      nature: 'Un portable non chiffré oublié dans un taxi.',
      peopleConcerned: 'Environ 40 leads de la liste de Marie.',
      leadIds: [leadId],
      measures: '',
      seriousRisk: true,
      caiNotifiedAt: null,
      peopleNotifiedAt: null,
    };
    expect((await call(office.base, 'POST', '/api/admin/incidents', { token: director.token, body: fields })).status).toBe(403);
    const invalid = await call<ErrorAnswer>(office.base, 'POST', '/api/admin/incidents', { token: admin.token, body: { ...fields, nature: ' ', discoveredAt: '2026-11-01' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields).toMatchObject({ nature: expect.stringMatching(/nature/), discoveredAt: expect.stringMatching(/précéder/) });
    const future = await call<ErrorAnswer>(office.base, 'POST', '/api/admin/incidents', { token: admin.token, body: { ...fields, caiNotifiedAt: '2099-01-01' } });
    expect(future.body.error.fields).toEqual({ caiNotifiedAt: 'Cette date est dans le futur.' });

    const created = await call<Incident>(office.base, 'POST', '/api/admin/incidents', { token: admin.token, body: fields });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, nature: fields.nature, createdById: admin.id, createdByName: admin.name });
    const id = created.body.id;
    const measures = 'Mots de passe changés, poste révoqué à distance.';
    const edited = await call<Incident>(office.base, 'PUT', `/api/admin/incidents/${id}`, { token: admin.token, body: { version: 1, fields: { ...fields, measures, caiNotifiedAt: '2026-11-04' } } });
    expect(edited.body).toMatchObject({ version: 2, measures, caiNotifiedAt: '2026-11-04', createdAt: created.body.createdAt });
    // Saved over a version already replaced: refused, nothing overwritten.
    const stale = await call<ErrorAnswer>(office.base, 'PUT', `/api/admin/incidents/${id}`, { token: admin.token, body: { version: 1, fields } });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'incident_edited' } } });

    const history = await call<{ versions: IncidentVersion[] }>(office.base, 'GET', `/api/admin/incidents/${id}/history`, { token: admin.token });
    expect(history.body.versions.map((v) => [v.version, v.measures, v.caiNotifiedAt])).toEqual([
      [1, '', null],
      [2, measures, '2026-11-04'],
    ]);
    const list = await call<{ incidents: Incident[] }>(office.base, 'GET', '/api/admin/incidents', { token: admin.token });
    expect(list.body.incidents.filter((i) => i.id === id)).toEqual([edited.body]);
    expect((await call(office.base, 'GET', `/api/admin/incidents/${randomUUID()}/history`, { token: admin.token })).status).toBe(404);
    expect((await call(office.base, 'DELETE', `/api/admin/incidents/${id}`, { token: admin.token })).status).toBe(404);
  });
});
