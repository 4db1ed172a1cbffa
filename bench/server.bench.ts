// `npm run bench -- server`, push part (issue 3, point 9): catalogue mutations pushed over real HTTP
// on loopback to an office server (this process), in batches of 500 — lead.create, then lead.assign
// with one lead per mutation — as one workstation pushes its outbox: one request after the other,
// consecutive mutations grouped in transactions with a savepoint each (sync-protocol.md, "Push",
// revised 2026-12-06). Floor, same run, same database, same driver: the same rows — the lead
// (inserted, then its assignee updated), its history row, the notification the mutator writes, the
// sync_results row, the client's lastMutationId and the version counter — written by plain SQL,
// grouped the same way.
// PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (a temporary database), else
// PGlite (in memory). Targets (PostgreSQL): >= 2,000 mutations/s and >= 0.5 of the floor.
//
// On PostgreSQL the queries the server sends are counted (node-postgres' Client.query, BEGIN and
// COMMIT included) and reported per mutation: that, not CPU, is what a push costs first.
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { PROTOCOL_VERSION, SCHEMA_VERSION, type PushMutation, type PushResponse } from '~shared/contract/sync';
import type { MutationInput } from '~shared/domain/mutations/args';
import { newId } from '~shared/ids';
import { createUser } from '~server/auth/users';
import { loadConfig, type ServerConfig } from '~server/config';
import type { ServerDb } from '~server/db/connection';
import { createTemporaryDatabase } from '~server/db/temporary-database';
import { createLogger } from '~server/log';
import { startServer } from '~server/server';
import { PUSH_GROUP_SIZE } from '~server/sync/push';
import { figure, type Reporter } from './report';

const BATCH = 500;
const BATCHES = Number(process.env.BENCH_PUSH_BATCHES ?? 10);
const ADMIN = { email: 'admin@bureau.bench', password: 'mot-de-passe-du-banc' };
const TARGET = '>= 2,000 mutations/s and >= 0.5 of the floor (ratio <= 2), PostgreSQL';

const FIRST = ['Marie', 'Jean', 'Hélène', 'Mohamed', 'Sofia', 'Luc', 'Amina', 'François', 'Camille', 'Nadia', 'Élise', 'Karim'];
const LAST = ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné', 'Ouellet', 'Pelletier'];
const AREAS = ['514', '438', '450', '418', '819', '581'];

/** A seeded generator (mulberry32): the same people on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function people(count: number, seed: number): Array<MutationInput<'lead.create'>> {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    const digits = String(Math.floor(random() * 10_000_000)).padStart(7, '0');
    return {
      id: newId(),
      firstName,
      lastName,
      email: `${firstName}.${lastName}.${seed}.${i}@exemple.ca`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(),
      phone: `${pick(AREAS)} ${digits.slice(0, 3)}-${digits.slice(3)}`,
      city: 'Montréal',
      programOfInterest: 'Entrée express',
      source: 'manual' as const,
    };
  });
}

function zip<A, B>(as: readonly A[], bs: readonly B[]): Array<[A, B]> {
  return as.map((a, n) => [a, bs[n]!]);
}

/** Counts the queries node-postgres sends while `during` runs (PostgreSQL only). */
async function countingQueries<T>(enabled: boolean, during: () => Promise<T>): Promise<{ result: T; queries: number }> {
  if (!enabled) return { result: await during(), queries: 0 };
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  let queries = 0;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    queries++;
    return original.apply(this, args);
  };
  try {
    return { result: await during(), queries };
  } finally {
    prototype.query = original;
  }
}

class Pusher {
  readonly clientId = randomUUID();
  private lastId = 0;
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  /** Pushes `args` as mutations of `name`, `BATCH` per request, one request after the other; seconds. */
  async pushAll(name: 'lead.create' | 'lead.assign', args: unknown[]): Promise<number> {
    const started = performance.now();
    for (let start = 0; start < args.length; start += BATCH) {
      const mutations: PushMutation[] = args
        .slice(start, start + BATCH)
        .map((a) => ({ id: ++this.lastId, name, args: a, clientTime: new Date().toISOString() }));
      const response = await fetch(`${this.base}/api/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ protocol: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION, clientId: this.clientId, mutations }),
      });
      const body = (await response.json()) as PushResponse;
      if (response.status !== 200) throw new Error(`push ${name} : ${response.status} ${JSON.stringify(body)}`);
      const refused = body.results.find((r) => r.status !== 'applied');
      if (refused) throw new Error(`${name} refusée : ${refused.code} — ${refused.message}`);
    }
    return (performance.now() - started) / 1000;
  }
}

/**
 * The floor: the rows the push writes, by plain SQL, grouped as the push groups them: PUSH_GROUP_SIZE
 * mutations per transaction, which locks the version counter and then writes every row of the
 * group — leads, history, notifications, results, the client's lastMutationId and the counter —
 * in one statement (multi-row inserts chained as data-modifying CTEs). Its client is registered
 * once, as a workstation's first push does.
 */
class Floor {
  readonly clientId = randomUUID();
  private lastId = 0;
  constructor(
    private readonly db: ServerDb,
    private readonly actorId: string,
  ) {}

  async register(): Promise<void> {
    await this.db.query('insert into sync_clients (client_id, user_id, last_mutation_id) values ($1, $2, 0)', [this.clientId, this.actorId]);
  }

  /** `write`: the statements writing a group's own rows, from each item's versions (3 from `version` + 1) and time. */
  private async grouped<T>(
    name: string,
    items: readonly T[],
    write: (group: ReadonlyArray<{ item: T; version: number; now: string }>) => SQL[],
  ): Promise<number> {
    const started = performance.now();
    for (let start = 0; start < items.length; start += PUSH_GROUP_SIZE) {
      await this.db.transaction(async (tx) => {
        // Both drivers answer `{ rows }`; the counter is a bigint, read back as text by node-postgres.
        const counter = (await tx.execute(sql`select value from version_counter where id = 1 for update`)) as unknown as {
          rows: Array<{ value: string | number }>;
        };
        let version = Number(counter.rows[0]!.value);
        const group = items.slice(start, start + PUSH_GROUP_SIZE).map((item) => {
          const at = { item, version, now: new Date().toISOString(), id: ++this.lastId };
          version += 3;
          return at;
        });
        const results = sql.join(
          group.map((g) => sql`(${this.clientId}, ${g.id}, ${name}, 'applied', null, null, ${g.now})`),
          sql`, `,
        );
        const last = group.at(-1)!;
        const writes = [
          ...write(group),
          sql`insert into sync_results (client_id, mutation_id, name, status, code, message, at) values ${results}`,
          sql`update sync_clients set last_mutation_id = ${last.id}, updated_at = ${last.now} where client_id = ${this.clientId}`,
        ];
        await tx.execute(sql`with ${sql.join(
          writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
          sql`, `,
        )} update version_counter set value = ${version} where id = 1`);
      });
    }
    return (performance.now() - started) / 1000;
  }

  create(inputs: Array<MutationInput<'lead.create'>>, notifiedId: string): Promise<number> {
    return this.grouped('lead.create', inputs, (group) => {
      const leads = group.map(({ item: p, version, now }) => sql`(${p.id}, ${version + 1}, null, ${now}, ${now}, ${p.firstName}, ${p.lastName}, ${p.email},
        ${'+1' + String(p.phone).replace(/\D/g, '')}, ${p.phone}, null, ${p.city}, null, ${p.programOfInterest}, null, 'new', ${now}, null, 'manual',
        null, null, null, null, false, null, null, ${this.actorId})`);
      const history = group.map(({ item: p, version, now }) => sql`(${newId()}, ${version + 2}, null, ${p.id}, ${now}, ${this.actorId}, 'created', null,
        ${JSON.stringify({ status: 'new', source: 'manual' })}::jsonb, null)`);
      const notifications = group.map(({ item: p, version, now }) => sql`(${newId()}, ${version + 3}, null, ${now}, ${notifiedId}, 'lead_created', ${p.id}, 1, null,
        ${JSON.stringify({ name: `${p.firstName} ${p.lastName}`, source: 'manual' })}::jsonb, null)`);
      return [
        sql`insert into leads (id, version, deleted_at, created_at, updated_at, first_name, last_name, email, phone_e164, phone_raw,
          language, city, country, program_of_interest, notes, status, status_changed_at, assignee_id, source, import_batch_id,
          utm_source, utm_medium, utm_campaign, consent, duplicate_of_id, callback_at, created_by_id) values ${sql.join(leads, sql`, `)}`,
        sql`insert into history (id, version, deleted_at, lead_id, at, actor_id, kind, before, after, note) values ${sql.join(history, sql`, `)}`,
        sql`insert into notifications (id, version, deleted_at, created_at, user_id, kind, lead_id, count, group_key, payload, read_at)
          values ${sql.join(notifications, sql`, `)}`,
      ];
    });
  }

  assign(leadIds: string[], assigneeId: string): Promise<number> {
    return this.grouped('lead.assign', leadIds, (group) => {
      const leads = group.map(({ item: leadId, version, now }) => sql`(${leadId}::uuid, ${version + 1}::bigint, ${now}::timestamptz)`);
      const history = group.map(({ item: leadId, version, now }) => sql`(${newId()}, ${version + 2}, null, ${leadId}, ${now}, ${this.actorId}, 'assigned',
        ${JSON.stringify({ assigneeId: null })}::jsonb, ${JSON.stringify({ assigneeId })}::jsonb, null)`);
      const notifications = group.map(({ item: leadId, version, now }) => sql`(${newId()}, ${version + 3}, null, ${now}, ${assigneeId}, 'leads_assigned', ${leadId}, 1, null,
        ${JSON.stringify({ leadIds: [leadId] })}::jsonb, null)`);
      return [
        sql`update leads set assignee_id = ${assigneeId}, version = v.version, updated_at = v.at
          from (values ${sql.join(leads, sql`, `)}) as v (id, version, at) where leads.id = v.id`,
        sql`insert into history (id, version, deleted_at, lead_id, at, actor_id, kind, before, after, note) values ${sql.join(history, sql`, `)}`,
        sql`insert into notifications (id, version, deleted_at, created_at, user_id, kind, lead_id, count, group_key, payload, read_at)
          values ${sql.join(notifications, sql`, `)}`,
      ];
    });
  }
}

export async function run(reporter: Reporter): Promise<void> {
  const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const temporary = baseUrl ? await createTemporaryDatabase(baseUrl) : null;
  const engine = temporary ? 'postgres' : 'pglite';
  const config: ServerConfig = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    databaseUrl: temporary?.url ?? null,
    dataDir: 'memory://',
    firstAdmin: ADMIN,
  };
  const server = await startServer(config, { log: createLogger({ level: 'silent' }) });
  try {
    const at = new Date();
    const { user: director } = await createUser(server.db, { email: 'direction@bureau.bench', name: 'Diane Direction', role: 'director', password: ADMIN.password }, at);
    const { user: marie } = await createUser(server.db, { email: 'marie@bureau.bench', name: 'Marie Conseillère', role: 'counselor', password: ADMIN.password }, at);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { token, user: admin } = (await login.json()) as { token: string; user: { id: string } };

    const total = BATCH * BATCHES;
    const pusher = new Pusher(server.url, token);
    // Warm-up (connections, JIT, the office cache), on a replica of its own.
    await new Pusher(server.url, token).pushAll('lead.create', people(BATCH, 7));
    const floor = new Floor(server.db, admin.id);
    await floor.register();

    // Push and floor take turns, batch by batch, so that both see the machine as it is at that
    // moment (other work on it comes and goes): the ratio compares like with like.
    const created = people(total, 42);
    const floorPeople = people(total, 4242);
    const counting = engine === 'postgres';
    const seconds = { create: 0, assign: 0, floorCreate: 0, floorAssign: 0 };
    const queries = { create: 0, assign: 0 };
    const batches = <T>(list: readonly T[]): T[][] => Array.from({ length: BATCHES }, (_, n) => list.slice(n * BATCH, (n + 1) * BATCH));
    for (const [pushed, floored] of zip(batches(created), batches(floorPeople))) {
      const push = await countingQueries(counting, () => pusher.pushAll('lead.create', pushed));
      seconds.create += push.result;
      queries.create += push.queries;
      seconds.floorCreate += await floor.create(floored, director.id);
    }
    for (const [pushed, floored] of zip(batches(created), batches(floorPeople))) {
      const assignments = pushed.map((p) => ({ assignments: [{ leadId: p.id, assigneeId: marie.id }] }));
      const push = await countingQueries(counting, () => pusher.pushAll('lead.assign', assignments));
      seconds.assign += push.result;
      queries.assign += push.queries;
      seconds.floorAssign += await floor.assign(
        floored.map((p) => p.id),
        marie.id,
      );
    }

    const suite = 'server';
    reporter.add(figure(suite, `push-lead-create-${engine}`, total / seconds.create, 'per s', total / seconds.floorCreate, TARGET));
    reporter.add(figure(suite, `push-lead-assign-${engine}`, total / seconds.assign, 'per s', total / seconds.floorAssign, TARGET));
    if (counting) {
      // The floor's: begin, the counter's lock, the one write, commit, per group.
      const floorQueries = 4 / PUSH_GROUP_SIZE;
      const report = `report (floor: 4 statements per ${PUSH_GROUP_SIZE})`;
      reporter.add(figure(suite, `push-lead-create-queries-per-mutation`, queries.create / total, 'count', floorQueries, report));
      reporter.add(figure(suite, `push-lead-assign-queries-per-mutation`, queries.assign / total, 'count', floorQueries, report));
    }
  } finally {
    await server.stop();
    await temporary?.drop();
  }
}
