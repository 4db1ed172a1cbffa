import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MIN_CLIENT_SCHEMA_VERSION,
  PROTOCOL_VERSION,
  PUSH_MAX_BYTES,
  PUSH_MAX_MUTATIONS,
  SCHEMA_VERSION,
  pushGapSchema,
  pushResponseSchema,
  syncInfoSchema,
} from '~shared/contract/sync';
import { formatFileNumber, highestFileSeq } from '~shared/domain/file-number';
import { groupedNotificationId } from '~shared/domain/mutations/effects';
import { officeYear } from '~shared/domain/office-time';
import { importGroupKey } from '~shared/domain/mutations/lead-create';
import { newId } from '~shared/ids';
import { currentVersion } from '../db/connection';
import { newPgClient } from '../db/pg-connections';
import { writePuts } from '../db/puts';
import { clients, history, leads, notifications, settings, syncClients, syncResults } from '../db/schema';
import { TEST_BACKENDS } from '../testing/databases';
import { dumpDatabase } from '../testing/dump';
import { call } from '../testing/http';
import { PUSH_GROUP_SIZE } from './push';
import { startSyncOffice, type SyncOffice } from '../testing/office';
import { refusedUpgradeStatus } from '../testing/pokes';
import { anotherReplica, type TestSyncClient } from '../testing/sync-client';

// POST /api/sync/push and GET /api/sync/info over real HTTP (sync-protocol.md, "Push",
// "Versions"): retries that change nothing, the gap, another user's clientId, clients too old,
// malformed and oversize requests, and a unique key broken by a mutation turned into a refusal.

const inADay = () => new Date(Date.now() + 24 * 3600_000).toISOString();

describe.each(TEST_BACKENDS)('push ($name)', (backend) => {
  let office: SyncOffice;

  beforeAll(async () => {
    office = await startSyncOffice(backend);
  });
  afterAll(async () => {
    await office?.stop();
  });

  const replicaOf = (key: keyof SyncOffice['people']) => anotherReplica(office.people[key].client);

  /** Every row of the database but the sessions (whose last use a request may refresh). */
  async function dump() {
    const { tables, version } = await dumpDatabase(office.server.db.db);
    delete tables['sessions'];
    return { tables, version };
  }

  async function lastMutationIdOf(client: TestSyncClient): Promise<number | null> {
    const [row] = await office.server.db.db.select().from(syncClients).where(eq(syncClients.clientId, client.clientId));
    return row?.lastMutationId ?? null;
  }

  async function historyOf(leadId: string) {
    return office.server.db.db.select().from(history).where(eq(history.leadId, leadId));
  }

  async function leadExists(id: string): Promise<boolean> {
    return (await office.server.db.db.select({ id: leads.id }).from(leads).where(eq(leads.id, id))).length === 1;
  }

  /**
   * A notification holding an import's group key under another id than the one the mutator
   * derives for it: writing that batch's summary then breaks notifications_user_group_key_unique.
   */
  async function plantImportSummary(batchId: string, userId: string): Promise<void> {
    await office.server.db.writeTransaction((tx, versions) =>
      writePuts(tx, versions, [
        {
          table: 'notifications',
          row: {
            id: newId(),
            version: 0,
            deletedAt: null,
            createdAt: new Date().toISOString(),
            userId,
            kind: 'leads_imported',
            leadId: null,
            count: 1,
            groupKey: importGroupKey(batchId),
            payload: {},
            readAt: null,
          },
        },
      ]),
    );
  }

  it('GET /api/sync/info tells the protocol and schema versions, to anyone', async () => {
    const answer = await call(office.base, 'GET', '/api/sync/info');
    expect(answer.status).toBe(200);
    expect(syncInfoSchema.strict().parse(answer.body)).toEqual({
      protocol: PROTOCOL_VERSION,
      schemaVersion: SCHEMA_VERSION,
      minClientSchemaVersion: MIN_CLIENT_SCHEMA_VERSION,
    });
  });

  it('answers a retried push with the same results and changes nothing', async () => {
    const marie = office.people.marie;
    const client = replicaOf('marie');
    const leadId = newId();
    const batch = [
      client.mutation('lead.create', { id: leadId, firstName: 'Zoé', lastName: 'Lévesque', source: 'manual', email: 'zoe@exemple.ca' }),
      // A lead typed for another counselor: refused, and the refusal must be answered again, not re-judged.
      client.mutation('lead.create', { id: newId(), lastName: 'Pour Julie', source: 'manual', assigneeId: office.people.julie.id }),
      client.mutation('task.create', { id: newId(), leadId, ownerId: marie.id, dueAt: inADay(), title: 'Rappeler Zoé' }),
    ];
    const first = await client.push(batch);
    expect(first.status).toBe(200);
    const answered = pushResponseSchema.parse(first.body);
    expect(answered.lastMutationId).toBe(3);
    expect(answered.results.map((r) => [r.id, r.status, r.code])).toEqual([
      [1, 'applied', undefined],
      [2, 'refused', 'forbidden'],
      [3, 'applied', undefined],
    ]);
    expect(answered.results[1]!.message).toMatch(/^Un lead créé par une conseillère lui est attribué/);

    const before = await dump();
    const again = await client.push(batch);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // Not one row written again: same versions, same counter, one `created` history row.
    expect(await dump()).toEqual(before);
    expect((await historyOf(leadId)).map((h) => h.kind).sort()).toEqual(['assigned', 'created', 'task_created']);
  });

  it('processes only the new tail of a batch whose answer was lost', async () => {
    const client = replicaOf('director');
    const ids = [newId(), newId(), newId(), newId()];
    const made = ids.map((id, n) => client.mutation('lead.create', { id, lastName: `Perdu ${n}`, source: 'referral' }));
    const first = await client.push(made.slice(0, 3));
    expect(first.status).toBe(200);
    const before = await dump();

    const retry = await client.push(made);
    expect(retry.status).toBe(200);
    expect(retry.body.lastMutationId).toBe(4);
    expect(retry.body.results).toEqual([...first.body.results, { id: 4, status: 'applied' }]);
    const after = await dump();
    // The three already processed kept their rows as they were; only the fourth lead is new.
    const leadsBefore = before.tables['leads'] as Array<{ id: string }>;
    const leadsAfter = after.tables['leads'] as Array<{ id: string }>;
    expect(leadsAfter.filter((l) => !leadsBefore.some((b) => b.id === l.id)).map((l) => l.id)).toEqual([ids[3]]);
    for (const lead of leadsBefore) expect(leadsAfter).toContainEqual(lead);
  });

  // Issue 9, point 4: consecutive mutations share a transaction, each in its own savepoint.
  it('runs a push longer than a group with refusals and a broken unique key rolled back alone', async () => {
    const client = replicaOf('admin');
    const director = office.people.director;
    const total = PUSH_GROUP_SIZE * 2 + 7;
    const batchId = newId();
    await plantImportSummary(batchId, director.id);
    const conflictAt = PUSH_GROUP_SIZE + 3; // inside the second group
    const created: string[] = [];
    const imported = newId();
    const mutations = Array.from({ length: total }, (_, n) => {
      const position = n + 1;
      if (position === conflictAt) {
        return client.mutation('lead.createMany', {
          importBatchId: batchId,
          fileName: 'double.xlsx',
          leads: [{ id: imported, lastName: 'Importé', source: 'import' as const }],
        });
      }
      // Every seventh: a lead that does not exist, refused by the rules.
      if (position % 7 === 0) return client.mutation('lead.update', { id: newId(), patch: { city: 'Laval' } });
      const id = newId();
      created.push(id);
      return client.mutation('lead.create', { id, lastName: `Groupe ${position}`, source: 'manual' });
    });
    const answer = await client.push(mutations);
    expect(answer.status).toBe(200);
    expect(answer.body.lastMutationId).toBe(total);
    expect(answer.body.results.map((r) => r.id)).toEqual(mutations.map((m) => m.id));
    answer.body.results.forEach((result, n) => {
      const position = n + 1;
      if (position === conflictAt) expect(result).toMatchObject({ status: 'refused', code: 'conflict' });
      else if (position % 7 === 0) expect(result).toMatchObject({ status: 'refused', code: 'not_found' });
      else expect(result).toEqual({ id: position, status: 'applied' });
    });
    expect(await leadExists(imported)).toBe(false);
    for (const id of created) expect(await leadExists(id)).toBe(true);
    // Every version the push wrote is below the counter: none was handed out twice or lost above it.
    const { tables, version } = await dump();
    const written = (tables['leads'] as Array<{ id: string; version: number }>).filter((l) => created.includes(l.id)).map((l) => l.version);
    expect(new Set(written).size).toBe(created.length);
    expect(Math.max(...written)).toBeLessThanOrEqual(version);
    const recorded = await office.server.db.db.select().from(syncResults).where(eq(syncResults.clientId, client.clientId));
    expect(recorded).toHaveLength(total);

    // A gap inside a group: what comes before it is kept, and 409 names the last one processed.
    const next = [client.mutation('lead.create', { id: newId(), lastName: 'Avant le trou', source: 'manual' })];
    client.mutation('lead.create', { id: newId(), lastName: 'Perdue', source: 'manual' }); // never sent
    next.push(client.mutation('lead.create', { id: newId(), lastName: 'Après le trou', source: 'manual' }));
    const gap = await client.push(next);
    expect(gap.status).toBe(409);
    expect(gap.body.lastMutationId).toBe(total + 1);
    expect(await lastMutationIdOf(client)).toBe(total + 1);
  });

  it('processes each mutation once when the same push arrives twice at the same time', async () => {
    const client = replicaOf('admin');
    const leadIds = Array.from({ length: 5 }, () => newId());
    const batch = leadIds.map((id, n) => client.mutation('lead.create', { id, lastName: `Double ${n}`, source: 'manual' }));
    const [a, b] = await Promise.all([client.push(batch), client.push(batch)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).toEqual(b.body);
    expect(a.body.results.every((r) => r.status === 'applied')).toBe(true);
    for (const id of leadIds) expect((await historyOf(id)).map((h) => h.kind)).toEqual(['created']);
    const recorded = await office.server.db.db.select().from(syncResults).where(eq(syncResults.clientId, client.clientId));
    expect(recorded.map((r) => r.mutationId).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers 409 with lastMutationId on a gap, and takes the resent mutations', async () => {
    const client = replicaOf('marie');
    const ids = Array.from({ length: 5 }, () => newId());
    const made = ids.map((id, n) => client.mutation('lead.create', { id, lastName: `Trou ${n}`, source: 'manual' }));
    expect((await client.push(made.slice(0, 2))).status).toBe(200);

    // 3 and 4 were lost: 5 cannot be processed before them.
    const gap = await client.push([made[4]!]);
    expect(gap.status).toBe(409);
    const body = pushGapSchema.parse(gap.body);
    expect(body.lastMutationId).toBe(2);
    expect(body.error.message).toBe('Des modifications manquent avant celle-ci : renvoyez à partir de la n° 3.');
    expect(await leadExists(ids[4]!)).toBe(false);
    expect(await lastMutationIdOf(client)).toBe(2);

    // A batch with a hole in its middle: what comes before the hole is processed and kept.
    const holed = await client.push([made[2]!, made[4]!]);
    expect(holed.status).toBe(409);
    expect(pushGapSchema.parse(holed.body).lastMutationId).toBe(3);
    expect(await leadExists(ids[2]!)).toBe(true);
    expect(await leadExists(ids[4]!)).toBe(false);

    const resent = await client.push(made.slice(3));
    expect(resent.status).toBe(200);
    expect(resent.body).toEqual({ lastMutationId: 5, results: [{ id: 4, status: 'applied' }, { id: 5, status: 'applied' }] });
    for (const id of ids) expect(await leadExists(id)).toBe(true);
  });

  it('answers 409 to a first push that does not start at 1', async () => {
    const client = replicaOf('julie');
    client.mutation('lead.create', { id: newId(), lastName: 'Jamais envoyé', source: 'manual' });
    const second = client.mutation('lead.create', { id: newId(), lastName: 'Deuxième', source: 'manual' });
    const answer = await client.push([second]);
    expect(answer.status).toBe(409);
    expect(pushGapSchema.parse(answer.body).lastMutationId).toBe(0);
  });

  it('refuses another user’s clientId with 403, on push and on pull', async () => {
    const marie = replicaOf('marie');
    await marie.apply('lead.create', { id: newId(), lastName: 'Àmarie', source: 'manual' });
    const julie = office.people.julie.client;

    const before = await dump();
    const pushed = await call<{ error: { code: string; message: string } }>(office.base, 'POST', '/api/sync/push', {
      token: julie.token,
      body: {
        protocol: PROTOCOL_VERSION,
        schemaVersion: SCHEMA_VERSION,
        clientId: marie.clientId,
        mutations: [{ id: 2, name: 'lead.create', args: { id: newId(), lastName: 'Intruse', source: 'manual' }, clientTime: new Date().toISOString() }],
      },
    });
    expect(pushed.status).toBe(403);
    expect(pushed.body.error).toEqual({
      code: 'client_of_another_user',
      message: 'Ce poste est lié à un autre utilisateur : reconnectez-vous avec votre propre compte.',
    });
    expect(await dump()).toEqual(before);

    const pulled = await julie.pull({ clientId: marie.clientId });
    expect(pulled.status).toBe(403);
    expect(pulled.body.error?.code).toBe('client_of_another_user');
    // Marie's own replica goes on.
    expect((await marie.send('lead.create', { id: newId(), lastName: 'Suite', source: 'manual' })).status).toBe('applied');
  });

  it('answers 426 in French to a client whose schema is too old, on push, pull and the poke socket', async () => {
    const client = replicaOf('accueil');
    const old = MIN_CLIENT_SCHEMA_VERSION - 1;
    const mutation = client.mutation('lead.create', { id: newId(), lastName: 'Ancienne', source: 'manual' });
    const pushed = await client.push([mutation], { schemaVersion: old });
    expect(pushed.status).toBe(426);
    expect(pushed.body.error?.code).toBe('update_required');
    expect(pushed.body.error?.message).toMatch(/^Mettez l’application à jour/);
    expect(await lastMutationIdOf(client)).toBeNull();

    const pulled = await client.pull({ schemaVersion: old });
    expect(pulled.status).toBe(426);
    expect(pulled.body.error?.message).toMatch(/^Mettez l’application à jour/);

    const socket = await refusedUpgradeStatus(office.base, { headers: { authorization: `Bearer ${client.token}` }, schemaVersion: old });
    expect(socket).toBe(426);

    // An unknown protocol is a request this server cannot read at all.
    const future = await client.push([mutation], { protocol: PROTOCOL_VERSION + 1 });
    expect(future.status).toBe(400);
    expect(future.body.error?.code).toBe('unknown_protocol');
  });

  it('answers 400 in French to malformed requests and records nothing', async () => {
    const client = replicaOf('director');
    const token = client.token;
    const good = client.mutation('lead.create', { id: newId(), lastName: 'Bien formé', source: 'manual' });
    type Err = { error: { code: string; message: string; fields?: Record<string, string> } };
    const post = (body: unknown) => call<Err>(office.base, 'POST', '/api/sync/push', { token, body });

    const unreadable = await call<Err>(office.base, 'POST', '/api/sync/push', { token, body: '{"protocol": 1, "mutations": [' });
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.error).toEqual({ code: 'invalid_json', message: 'Le corps JSON est illisible.' });

    const base = { protocol: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION, clientId: client.clientId, mutations: [good] };
    const cases: Array<[string, unknown, string]> = [
      ['no clientId', { ...base, clientId: undefined }, 'clientId'],
      ['a clientId that is no UUID', { ...base, clientId: 'poste-1' }, 'clientId'],
      ['mutations that are no list', { ...base, mutations: 'lead.create' }, 'mutations'],
      ['a mutation id of 0', { ...base, mutations: [{ ...good, id: 0 }] }, 'mutations.0.id'],
      ['a mutation without a name', { ...base, mutations: [{ ...good, name: '' }] }, 'mutations.0.name'],
      ['a clientTime that is no instant', { ...base, mutations: [{ ...good, clientTime: 'hier' }] }, 'mutations.0.clientTime'],
      [
        `more than ${PUSH_MAX_MUTATIONS} mutations`,
        { ...base, mutations: Array.from({ length: PUSH_MAX_MUTATIONS + 1 }, (_, n) => ({ ...good, id: n + 1 })) },
        'mutations',
      ],
    ];
    for (const [what, body, field] of cases) {
      const answer = await post(body);
      expect(answer.status, what).toBe(400);
      expect(answer.body.error.code, what).toBe('invalid_body');
      expect(answer.body.error.message, what).toMatch(/^Données invalides — /);
      expect(Object.keys(answer.body.error.fields ?? {}), what).toContain(field);
      // zod's French, not its English.
      expect(answer.body.error.fields?.[field], what).not.toMatch(/\b(expected|received|invalid input|too big)\b/i);
    }
    expect(await lastMutationIdOf(client)).toBeNull();

    const anonymous = await call<Err>(office.base, 'POST', '/api/sync/push', { body: base });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message).toBe('Authentification requise : connectez-vous.');
  });

  it('answers a mutation it cannot read with a refusal, not an error', async () => {
    const client = replicaOf('admin');
    const unknown = client.mutation('lead.create', { id: newId(), lastName: 'X', source: 'manual' });
    unknown.name = 'lead.teleport';
    const nameless = client.mutation('lead.create', { id: newId(), lastName: '', source: 'manual' });
    const answer = await client.push([unknown, nameless]);
    expect(answer.status).toBe(200);
    expect(answer.body.results).toEqual([
      { id: 1, status: 'refused', code: 'unknown_mutation', message: 'Opération inconnue : « lead.teleport ». Mettez l’application à jour.' },
      { id: 2, status: 'refused', code: 'invalid_args', message: expect.stringMatching(/Le nom est obligatoire\.$/) },
    ]);
  });

  it('takes a push of nearly 4 MiB and answers 413 in French past it', async () => {
    const client = replicaOf('admin');
    // Big but readable: the args are refused, which is quick; the size itself is accepted.
    const big = client.mutation('lead.create', { id: newId(), lastName: 'Gros', source: 'manual' });
    const accepted = await client.push([{ ...big, args: { ...(big.args as object), padding: 'x'.repeat(PUSH_MAX_BYTES - 4096) } }]);
    expect(accepted.status).toBe(200);
    expect(accepted.body.results).toHaveLength(1);

    const before = await dump();
    const next = client.mutation('lead.create', { id: newId(), lastName: 'Trop gros', source: 'manual' });
    const refused = await client.push([{ ...next, args: { ...(next.args as object), padding: 'x'.repeat(PUSH_MAX_BYTES + 256 * 1024) } }]);
    expect(refused.status).toBe(413);
    expect(refused.body.error).toEqual({ code: 'body_too_large', message: 'Requête trop volumineuse.' });
    expect(await dump()).toEqual(before);
  });

  it.runIf(backend.kind === 'postgres')(
    'gives the conversion that loses a race for its file number the following one',
    async () => {
      const { marie } = office.people;
      const setup = replicaOf('admin');
      const leadId = newId();
      await setup.apply('lead.create', { id: leadId, lastName: 'Course', source: 'manual' });
      await setup.apply('lead.assign', { assignments: [{ leadId, assigneeId: marie.id }] });
      await setup.apply('lead.setStatus', { leadId, status: 'qualified', force: true, reason: 'Évaluée au téléphone' });

      // The number the server is about to give: the next one of the office's year.
      const db = office.server.db.db;
      const [settingsRow] = await db.select().from(settings);
      const year = officeYear(new Date().toISOString(), settingsRow!.timeZone);
      const taken = (await db.select({ fileNumber: clients.fileNumber }).from(clients)).map((c) => c.fileNumber);
      const next = highestFileSeq(year, taken) + 1;

      // A rival writer (say, an older server process that did not take the version counter) has
      // inserted that number and not committed yet: the server cannot see it, and its own insert
      // waits on the unique index until the rival commits.
      const rival = newPgClient({ connectionString: office.database.config.databaseUrl! }, (error) => {
        throw error;
      });
      await rival.connect();
      try {
        await rival.query('begin');
        const at = new Date().toISOString();
        await rival.query(
          `insert into clients (id, version, deleted_at, created_at, updated_at, lead_id, file_number, owner_id, converted_at, converted_by_id)
           values ($1, 0, null, $2, $2, $3, $4, $5, $2, $5)`,
          [newId(), at, newId(), formatFileNumber(year, next), marie.id],
        );
        const client = replicaOf('marie');
        const clientId = newId();
        const racing = client.push([
          client.mutation('lead.convert', {
            leadId,
            clientId,
            ownerId: marie.id,
            payment: { amountCents: 90_000, method: 'card', paidAt: new Date().toISOString() },
          }),
        ]);
        for (let tries = 0; ; tries++) {
          const [waiting] = (
            await rival.query<{ n: string }>(
              `select count(*) as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
               where not l.granted and a.datname = current_database()`,
            )
          ).rows;
          if (Number(waiting!.n) > 0) break;
          if (tries > 500) throw new Error('la conversion n’attend jamais l’index unique');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await rival.query('commit');

        // The group's write failed on the unique index; done again alone, the conversion reads the
        // rival's number, now committed, and takes the next one: nothing for the user to retry.
        const answer = await racing;
        expect(answer.status).toBe(200);
        expect(answer.body.results).toEqual([{ id: 1, status: 'applied' }]);
        const [converted] = await db.select().from(clients).where(eq(clients.id, clientId));
        expect(converted!.fileNumber).toBe(formatFileNumber(year, next + 1));
        expect((await db.select().from(leads).where(eq(leads.id, leadId)))[0]).toMatchObject({ status: 'client' });
      } finally {
        await rival.end();
      }
    },
  );

  it('turns a unique key the rows break into a refusal of that mutation alone', async () => {
    const director = office.people.director;
    const client = replicaOf('admin');
    const batchId = newId();
    await plantImportSummary(batchId, director.id);
    const imported = [newId(), newId()];
    const afterIt = newId();
    const answer = await client.push([
      client.mutation('lead.createMany', {
        importBatchId: batchId,
        fileName: 'salon.xlsx',
        leads: imported.map((id, n) => ({ id, lastName: `Importé ${n}`, source: 'import' as const })),
      }),
      client.mutation('lead.create', { id: afterIt, lastName: 'Après le conflit', source: 'manual' }),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.results).toEqual([
      { id: 1, status: 'refused', code: 'conflict', message: 'Conflit avec une autre modification enregistrée au même moment : réessayez.' },
      { id: 2, status: 'applied' },
    ]);
    // Nothing of the refused mutation was kept; the next one went through in a sound transaction.
    for (const id of imported) expect(await leadExists(id)).toBe(false);
    expect(await leadExists(afterIt)).toBe(true);
    const summaries = await office.server.db.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.groupKey, importGroupKey(batchId))));
    expect(summaries.map((n) => n.id)).not.toContain(groupedNotificationId(importGroupKey(batchId), director.id));
    // Recorded like any refusal: pull repeats it.
    const pulled = await client.pull({ knownMutationId: 0, cursor: await currentVersion(office.server.db.db) });
    expect(pulled.status).toBe(200);
    expect(pulled.body.results[0]).toMatchObject({ id: 1, status: 'refused', code: 'conflict' });
  });
});
