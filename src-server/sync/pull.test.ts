import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema, type MutationResult, type PullResponse } from '~shared/contract/sync';
import { newId } from '~shared/ids';
import { currentVersion } from '../db/connection';
import { TEST_BACKENDS } from '../testing/databases';
import { call } from '../testing/http';
import { startSyncOffice, type SyncOffice } from '../testing/office';
import { anotherReplica, type TestSyncClient } from '../testing/sync-client';

// GET /api/sync/pull over real HTTP (sync-protocol.md, "Pull"): pages from one snapshot while
// other workstations keep writing — no row missed, none repeated past the cursor —, 410 for a
// cursor this database never reached, notifications for their addressee alone, and the results
// of a client's mutations repeated so that a refusal is never lost with a lost push answer.

type Key = string;
const keyOf = (table: string, row: Record<string, unknown>): Key => `${table}:${String(row['id'])}`;

/** A full pull by a fresh replica of the same person: the state the paged replica must reach. */
async function freshState(of: TestSyncClient): Promise<Map<Key, Record<string, unknown>>> {
  const fresh = anotherReplica(of);
  await fresh.pullToEnd(5000);
  return fresh.replica;
}

/**
 * What every page must satisfy, whatever happens between pages: at most `limit` rows, each with
 * a version in (cursor sent, cursor answered], in version order, and no (row, version) twice.
 */
function checkPage(page: PullResponse, cursorSent: number, limit: number, seen: Set<string>): void {
  pullResponseSchema.parse(page);
  expect(page.rows.length).toBeLessThanOrEqual(limit);
  expect(page.cursor).toBeGreaterThanOrEqual(cursorSent);
  let previous = cursorSent;
  for (const { table, row } of page.rows) {
    const version = row['version'] as number;
    expect(version).toBeGreaterThan(cursorSent);
    expect(version).toBeLessThanOrEqual(page.cursor);
    expect(version).toBeGreaterThan(previous);
    previous = version;
    const seenKey = `${keyOf(table, row)}@${version}`;
    expect(seen.has(seenKey), `${seenKey} déjà reçue`).toBe(false);
    seen.add(seenKey);
  }
}

describe.each(TEST_BACKENDS)('pull ($name)', (backend) => {
  let office: SyncOffice;

  beforeAll(async () => {
    office = await startSyncOffice(backend);
  });
  afterAll(async () => {
    await office?.stop();
  });

  const replicaOf = (key: keyof SyncOffice['people']) => anotherReplica(office.people[key].client);
  const counter = () => currentVersion(office.server.db.db);

  /** `count` leads made in one push by `client`; their ids. */
  async function someLeads(client: TestSyncClient, count: number, label: string): Promise<string[]> {
    const ids = Array.from({ length: count }, () => newId());
    const answer = await client.push(ids.map((id, n) => client.mutation('lead.create', { id, lastName: `${label} ${n}`, source: 'manual' })));
    expect(answer.status).toBe(200);
    expect(answer.body.results.every((r) => r.status === 'applied')).toBe(true);
    return ids;
  }

  it('pages through writes made between its pages, missing nothing and repeating nothing', async () => {
    const writer = replicaOf('director');
    const existing = await someLeads(writer, 40, 'Avant');
    const reader = replicaOf('marie');
    const limit = 7;
    const seen = new Set<string>();
    let page: PullResponse;
    let pages = 0;
    do {
      const sent = reader.cursor;
      page = await reader.pullPage(limit);
      checkPage(page, sent, limit, seen);
      pages++;
      // Between pages, another workstation changes rows this replica already has, rows it has
      // not reached yet, and adds new ones — for the first ten pages, then lets it finish.
      if (pages <= 10) {
        await writer.apply('lead.update', { id: existing[pages - 1]!, patch: { city: `Ville ${pages}` } });
        await writer.apply('lead.update', { id: existing[39 - pages]!, patch: { notes: `Note ${pages}` } });
        await someLeads(writer, 2, `Pendant ${pages}`);
      }
    } while (page.more || pages <= 10);

    expect(pages).toBeGreaterThan(10);
    expect(reader.cursor).toBe(await counter());
    expect(reader.replica).toEqual(await freshState(reader));
    expect(reader.replica.get(`leads:${existing[0]}`)).toMatchObject({ city: 'Ville 1' });
    expect(reader.replica.get(`leads:${existing[38]}`)).toMatchObject({ notes: 'Note 1' });
  });

  it('misses nothing while another workstation writes at the same time', async () => {
    const writer = replicaOf('admin');
    const reader = replicaOf('julie');
    await someLeads(writer, 20, 'Base');
    let writing = true;
    const written: string[] = [];
    const background = (async () => {
      while (writing) written.push(...(await someLeads(writer, 3, 'Concurrent')));
    })();
    const seen = new Set<string>();
    try {
      for (let n = 0; n < 30; n++) {
        const sent = reader.cursor;
        checkPage(await reader.pullPage(5), sent, 5, seen);
      }
    } finally {
      writing = false;
      await background;
    }
    // The writer has stopped: the rest is read in large pages (how much it wrote grows with the
    // machine's load, and small pages here would prove nothing more).
    const sent = reader.cursor;
    for (const page of await reader.pullToEnd(500)) checkPage(page, sent, 500, seen);
    expect(written.length).toBeGreaterThan(0);
    for (const id of written) expect(reader.replica.has(`leads:${id}`), id).toBe(true);
    expect(reader.replica).toEqual(await freshState(reader));
  });

  it('never says a mutation is processed before its rows can be pulled', async () => {
    // The same replica pushes and pulls at once: when a last page says lastMutationId = n,
    // the rows of mutations 1..n are in what it has pulled (the rebase drops them from the outbox).
    const client = replicaOf('accueil');
    const created = new Map<number, string>();
    let pushing = true;
    const background = (async () => {
      while (pushing) {
        const id = newId();
        const mutation = client.mutation('lead.create', { id, lastName: 'Simultanée', source: 'manual' });
        created.set(mutation.id, id);
        expect((await client.push([mutation])).status).toBe(200);
      }
    })();
    try {
      for (let n = 0; n < 25; n++) {
        const page = await client.pullPage(50);
        if (page.more) continue;
        for (let id = 1; id <= page.lastMutationId; id++) {
          expect(client.replica.has(`leads:${created.get(id)}`), `mutation ${id}`).toBe(true);
        }
      }
    } finally {
      pushing = false;
      await background;
    }
  });

  it('answers 410 in French to a cursor this database never reached', async () => {
    const client = replicaOf('marie');
    const top = await counter();
    const atTop = await client.pull({ cursor: top });
    expect(atTop.status).toBe(200);
    expect(atTop.body).toMatchObject({ cursor: top, rows: [], more: false });

    const ahead = await client.pull({ cursor: top + 1000 });
    expect(ahead.status).toBe(410);
    expect(ahead.body.error).toEqual({
      code: 'cursor_gone',
      message: 'Les données de ce poste ne correspondent plus au serveur : une synchronisation complète va recommencer.',
    });
  });

  it('gives each notification to its addressee alone, and moves everyone’s cursor past the others', async () => {
    const marie = replicaOf('marie');
    const director = replicaOf('director');
    const admin = replicaOf('admin');
    for (const client of [marie, director, admin]) client.cursor = await counter();
    // A lead made by a counselor: the admin and the director are told, each by a row of their own.
    const leadId = newId();
    await marie.apply('lead.create', { id: leadId, lastName: 'Pour les gestionnaires', source: 'manual' });
    const top = await counter();

    const got = new Map<string, PullResponse>();
    for (const [name, client] of [['marie', marie], ['director', director], ['admin', admin]] as const) {
      const [page] = await client.pullToEnd(1000);
      expect(page!.cursor, name).toBe(top);
      got.set(name, page!);
    }
    const notificationsOf = (name: string) => got.get(name)!.rows.filter((r) => r.table === 'notifications').map((r) => r.row);
    expect(notificationsOf('marie')).toEqual([]);
    expect(notificationsOf('director')).toEqual([expect.objectContaining({ userId: office.people.director.id, leadId, kind: 'lead_created' })]);
    expect(notificationsOf('admin')).toEqual([expect.objectContaining({ userId: office.people.admin.id, leadId, kind: 'lead_created' })]);
    for (const name of ['marie', 'director', 'admin']) {
      expect(got.get(name)!.rows.filter((r) => r.table === 'leads').map((r) => r.row['id'])).toEqual([leadId]);
    }

    // Paged, the others' notifications still count for nobody: a page of one row is that row.
    const paged = replicaOf('marie');
    paged.cursor = top - 5; // then: the lead, its two history lines (created, assigned to her), the two managers' notifications
    const pages = await paged.pullToEnd(1);
    expect(pages.map((p) => p.rows.map((r) => r.table))).toEqual([['leads'], ['history'], ['history']]);
    expect(paged.cursor).toBe(top);
  });

  it('repeats the results of this client’s mutations after knownMutationId, refusals included', async () => {
    const client = replicaOf('marie');
    const leadId = newId();
    const pushed = await client.push([
      client.mutation('lead.create', { id: leadId, lastName: 'Résultats', source: 'manual' }),
      client.mutation('lead.createMany', { importBatchId: newId(), fileName: 'x.xlsx', leads: [{ id: newId(), lastName: 'X', source: 'import' }] }),
      client.mutation('lead.update', { id: leadId, patch: { city: 'Lévis' } }),
      client.mutation('settings.update', { officeName: 'Pas le mien' }),
    ]);
    expect(pushed.status).toBe(200);
    const results: MutationResult[] = pushed.body.results;
    // The lead she typed is hers (issue 8): editing it is applied.
    expect(results.map((r) => r.status)).toEqual(['applied', 'refused', 'applied', 'refused']);

    // Another replica of another person, with results of its own, never mixes in.
    await replicaOf('julie').send('settings.update', { officeName: 'Non plus' });

    const top = await counter();
    for (const known of [0, 1, 2, 4]) {
      const answer = await client.pull({ cursor: top, knownMutationId: known });
      expect(answer.status).toBe(200);
      expect(answer.body.lastMutationId).toBe(4);
      expect(answer.body.results, `knownMutationId ${known}`).toEqual(results.filter((r) => r.id > known));
    }
    const unknownClient = await replicaOf('marie').pull({ cursor: top });
    expect(unknownClient.body).toMatchObject({ lastMutationId: 0, results: [] });
  });

  it('answers 400 in French to a malformed query', async () => {
    const client = replicaOf('marie');
    const token = client.token;
    for (const [what, query, field] of [
      ['no clientId', `cursor=0`, 'clientId'],
      ['a negative cursor', `clientId=${client.clientId}&cursor=-1`, 'cursor'],
      ['a limit of 0', `clientId=${client.clientId}&limit=0`, 'limit'],
      ['a limit past the maximum', `clientId=${client.clientId}&limit=999999`, 'limit'],
      ['a cursor that is no number', `clientId=${client.clientId}&cursor=abc`, 'cursor'],
    ] as const) {
      const answer = await call<{ error: { code: string; message: string; fields: Record<string, string> } }>(
        office.base,
        'GET',
        `/api/sync/pull?${query}`,
        { token },
      );
      expect(answer.status, what).toBe(400);
      expect(answer.body.error.code, what).toBe('invalid_query');
      expect(answer.body.error.message, what).toMatch(/^Données invalides — /);
      expect(Object.keys(answer.body.error.fields), what).toContain(field);
    }
    expect((await call(office.base, 'GET', `/api/sync/pull?clientId=${client.clientId}`)).status).toBe(401);
  });
});
