// `npm run bench -- sync` (issue 4, point 7), against a real office server on loopback, in a
// process of its own as in an office (PGlite in a temporary folder, or PostgreSQL with
// BENCH_DATABASE_URL); the data is made and the floor measured in this process first, on the same
// database, before the server process opens it:
//
// 1. first-sync: 100,000 leads with 500,000 history rows pulled into an empty replica by the sync
//    engine (pages of 5,000, each applied by the rebase in one transaction). Target <= 20 s and
//    <= 2x the floor. Floor, same run, same rows: every row read by SQL on the server's database
//    (drizzle, whole rows) and written locally by one prepared statement per table in one
//    transaction, one after the other in one process.
// 2. edit-visible: one workstation edits a lead (lead.update, applied and queued locally, pushed
//    by its engine), another sees the edit in its replica (poke over the WebSocket, pull, rebase).
//    p50 and p95 over 1,000 edits, one after the other. Target p95 <= 300 ms on loopback. No
//    floor: it is a latency across two processes' worth of work.
//
// Data: leads from fakeLeads (seeded: French names, Canadian phones), written through drizzle in
// chunks; five history rows per lead made by SQL from the leads. BENCH_SYNC_LEADS scales it.
import { mkdtempSync, rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNCED_TABLE_NAMES, type SyncedTable } from '~shared/domain/entities';
import { newReplicaKey } from '~main/db/encryption';
import { Replica } from '~main/db/replica';
import { rowStore } from '~main/db/rows';
import { fakeLeads } from '~shared/testing/fake-leads';
import { SyncEngine } from '~main/services/sync/engine';
import { ServerClient } from '~main/services/sync/http';
import { startChildServer, type ChildServer } from '~main/testing/child-server';
import { createUser } from '~server/auth/users';
import { loadConfig } from '~server/config';
import { createTemporaryDatabase } from '~server/db/temporary-database';
import { syncedTables, leads as leadsTable } from '~server/db/schema';
import { startServer, type RunningServer } from '~server/server';
import { figure, percentile, type Reporter } from './report';

const LEADS = Number(process.env.BENCH_SYNC_LEADS ?? 100_000);
const HISTORY_PER_LEAD = 5;
const EDITS = Number(process.env.BENCH_SYNC_EDITS ?? 1_000);
const PASSWORD = 'mot-de-passe-du-banc';

async function seedOffice(server: RunningServer, assignees: string[]): Promise<void> {
  const chunk = 2_000;
  const all = fakeLeads(LEADS, { seed: 4242, assignees });
  for (let i = 0; i < all.length; i += chunk) {
    await server.db.writeTransaction(async (tx, versions) => {
      const rows = all.slice(i, i + chunk).map((lead) => ({ ...lead, version: versions.next() }));
      await tx.insert(leadsTable).values(rows);
    });
  }
  // Five history rows per lead, versions after the leads', in one statement.
  await server.db.writeTransaction(async (tx, versions) => {
    const base = versions.next();
    for (let i = 1; i < LEADS * HISTORY_PER_LEAD; i++) versions.next();
    await tx.execute(
      sql.raw(`insert into history (id, version, deleted_at, lead_id, at, actor_id, kind, before, after, note)
       select gen_random_uuid(), ${base} + row_number() over (order by l.id, k) - 1, null, l.id, l.created_at + k * interval '1 hour',
              null, case when k = 1 then 'created' else 'updated' end,
              case when k = 1 then null else jsonb_build_object('notes', 'avant ' || k) end,
              jsonb_build_object('notes', 'après ' || k), null
       from leads l cross join generate_series(1, ${HISTORY_PER_LEAD}) k`),
    );
  });
}

async function floorCopy(server: RunningServer, dir: string): Promise<{ seconds: number; rows: number }> {
  const replica = Replica.open(join(dir, 'floor.sqlite'), { key: newReplicaKey() });
  try {
    const start = performance.now();
    const store = rowStore(replica.sqlite);
    let rows = 0;
    for (const table of SYNCED_TABLE_NAMES) {
      const read = (await server.db.db.select().from(syncedTables[table])) as Array<Record<string, unknown>>;
      replica.sqlite.transaction(() => {
        for (const row of read) store.upsert(table as SyncedTable, row);
      })();
      rows += read.length;
    }
    return { seconds: (performance.now() - start) / 1000, rows };
  } finally {
    replica.close();
  }
}

export async function run(reporter: Reporter): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bureau-bench-sync-'));
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;
  const engine = databaseUrl ? 'postgres' : 'pglite';
  const temporary = databaseUrl ? await createTemporaryDatabase(databaseUrl) : null;
  const env: Record<string, string> = temporary ? { DATABASE_URL: temporary.url } : { DATA_DIR: join(dir, 'office') };
  const engines: SyncEngine[] = [];
  const replicas: Replica[] = [];
  let child: ChildServer | null = null;
  try {
    const seeding = await startServer(loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ...env }));
    let floor: { seconds: number; rows: number };
    let admin: { id: string };
    try {
      const now = new Date();
      admin = (await createUser(seeding.db, { email: 'admin@banc.test', name: 'Admin', role: 'admin', password: PASSWORD }, now)).user;
      const marie = (await createUser(seeding.db, { email: 'marie@banc.test', name: 'Marie', role: 'counselor', password: PASSWORD }, now)).user;
      await seedOffice(seeding, [admin.id, marie.id]);
      // Planner statistics, as PostgreSQL's autovacuum would gather after such a load. PGlite has no
      // autovacuum: without this every pull scans whole tables (reported to the server's owners).
      await seeding.db.query('analyze');
      floor = await floorCopy(seeding, dir);
    } finally {
      await seeding.stop();
    }
    child = await startChildServer({ HOST: '127.0.0.1', PORT: '0', ...env });
    const server = child;

    const client = new ServerClient(server.url);
    const adminToken = (await client.login('admin@banc.test', PASSWORD)).token;
    const marieToken = (await client.login('marie@banc.test', PASSWORD)).token;

    // 1. The first sync, as a workstation does it after its user signs in.
    const first = Replica.open(join(dir, 'first.sqlite'), { key: newReplicaKey() });
    replicas.push(first);
    const firstEngine = new SyncEngine({ replica: first, client, token: adminToken, pokes: null });
    engines.push(firstEngine);
    const start = performance.now();
    const status = await firstEngine.syncNow();
    const seconds = (performance.now() - start) / 1000;
    if (status.phase !== 'idle') throw new Error(`premier sync : ${status.phase} ${status.message ?? ''}`);
    const pulled = (first.sqlite.prepare('select (select count(*) from leads) + (select count(*) from history) as n').get() as { n: number }).n;
    reporter.add(
      figure('sync', `first-sync-${LEADS / 1000}k-leads-${(LEADS * HISTORY_PER_LEAD) / 1000}k-history-${engine}`, seconds, 's', floor.seconds, '<= 20 s and ratio <= 2'),
    );
    if (pulled < LEADS * (HISTORY_PER_LEAD + 1)) throw new Error(`premier sync incomplet : ${pulled} lignes`);

    // 2. An edit on one workstation, visible in another's replica: both engines live, with pokes.
    const writer = first;
    const writerEngine = firstEngine;
    await writerEngine.stop();
    const live = new SyncEngine({ replica: writer, client, token: adminToken });
    engines.push(live);
    const reader = Replica.open(join(dir, 'reader.sqlite'), { key: newReplicaKey() });
    replicas.push(reader);
    const readerEngine = new SyncEngine({ replica: reader, client, token: marieToken });
    engines.push(readerEngine);
    live.start();
    readerEngine.start();
    await live.syncNow();
    await readerEngine.syncNow();

    const ids = (writer.sqlite.prepare('select id from leads limit 200').all() as Array<{ id: string }>).map((r) => r.id);
    const notesOf = reader.sqlite.prepare('select notes from leads where id = ?').pluck();
    const actor = { id: admin.id, role: 'admin' as const };
    const latencies: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const id = ids[i % ids.length]!;
      const notes = `Édition ${i}`;
      const seen = new Promise<void>((resolve) => {
        const off = reader.onChange(() => {
          if (notesOf.get(id) === notes) {
            off();
            resolve();
          }
        });
      });
      const t = performance.now();
      const result = writer.runMutation(actor, 'lead.update', { id, patch: { notes } }, new Date().toISOString());
      if (!result.ok) throw new Error(result.refusal.message);
      await seen;
      latencies.push(performance.now() - t);
    }
    reporter.add(figure('sync', 'edit-visible-elsewhere-p50', percentile(latencies, 50), 'ms', null, 'p95 <= 300 ms on loopback'));
    reporter.add(figure('sync', 'edit-visible-elsewhere-p95', percentile(latencies, 95), 'ms', null, 'p95 <= 300 ms on loopback'));
  } finally {
    for (const engine of engines) await engine.stop();
    for (const replica of replicas) replica.close();
    await child?.stop();
    await temporary?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
