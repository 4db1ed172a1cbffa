// `npm run bench -- server`, web form part (issue 3, point 9): leads posted to the public web form
// over loopback by concurrent senders, against a floor of the same rows (the lead, its `created`
// history row, one notification per admin and director, the version counter) written by plain SQL
// through the same driver, one transaction per lead, with the same concurrency, in the same run.
// PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (a temporary database), else PGlite.
// Targets (PostgreSQL): >= 1,000 leads/s and p99 <= 50 ms.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createUser } from '~server/auth/users';
import { loadConfig } from '~server/config';
import { migrateServerDb, openServerDatabase, type ServerDb } from '~server/db/connection';
import { createTemporaryDatabase } from '~server/db/temporary-database';
import { startBenchServer } from './server-process';
import { figure, percentile, type Reporter } from './report';

const LEADS = Number(process.env.BENCH_WEBFORM_LEADS ?? 3_000);
const SENDERS = Number(process.env.BENCH_WEBFORM_SENDERS ?? 24);
const FIRST = ['Marie', 'Jean', 'Hélène', 'Mohamed', 'Sofia', 'Luc', 'Amina', 'François', 'Camille', 'Nadia'];
const LAST = ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné'];

function person(i: number) {
  return {
    prenom: FIRST[i % FIRST.length],
    nom: `${LAST[(i * 7) % LAST.length]}-${i}`,
    courriel: `personne${i}@exemple.ca`,
    telephone: `514 ${String(200 + (i % 700)).padStart(3, '0')}-${String(i % 10_000).padStart(4, '0')}`,
    programme: 'Entrée express',
    message: 'Bonjour, je souhaite une consultation.',
    consentement: 'oui',
    utm_source: 'bench',
  };
}

/** Runs `count` jobs with `concurrency` workers; returns each job's latency in ms and the total seconds. */
async function drive(count: number, concurrency: number, job: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await job(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

async function floor(db: ServerDb, offset: number, managers: string[]) {
  return drive(LEADS, SENDERS, async (i) => {
    const p = person(offset + i);
    const now = new Date().toISOString();
    await db.transaction(async (tx) => {
      const [counter] = (await tx.execute(sql`update version_counter set value = value + ${2 + managers.length} where id = 1 returning value`) as unknown as { rows: Array<{ value: string }> }).rows;
      let version = Number(counter!.value) - (2 + managers.length);
      const id = randomUUID();
      await tx.execute(sql`insert into leads (id, version, deleted_at, created_at, updated_at, first_name, last_name, email, phone_e164, phone_raw,
        language, city, country, program_of_interest, notes, status, status_changed_at, assignee_id, source, import_batch_id,
        utm_source, utm_medium, utm_campaign, consent, duplicate_of_id, callback_at, created_by_id)
        values (${id}, ${++version}, null, ${now}, ${now}, ${p.prenom}, ${p.nom}, ${p.courriel}, ${'+1514555' + String(i % 10_000).padStart(4, '0')}, ${p.telephone},
        null, null, null, ${p.programme}, ${p.message}, 'new', ${now}, null, 'web_form', null, ${p.utm_source}, null, null, true, null, null, null)`);
      await tx.execute(sql`insert into history (id, version, deleted_at, lead_id, at, actor_id, kind, before, after, note)
        values (${randomUUID()}, ${++version}, null, ${id}, ${now}, null, 'created', null, ${JSON.stringify({ status: 'new' })}::jsonb, null)`);
      for (const userId of managers) {
        await tx.execute(sql`insert into notifications (id, version, deleted_at, created_at, user_id, kind, lead_id, count, group_key, payload, read_at)
          values (${randomUUID()}, ${++version}, null, ${now}, ${userId}, 'lead_created', ${id}, 1, null, '{}'::jsonb, null)`);
      }
    });
  });
}


export async function run(reporter: Reporter): Promise<void> {
  const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const temporary = baseUrl ? await createTemporaryDatabase(baseUrl) : null;
  const folder = temporary ? null : mkdtempSync(join(tmpdir(), 'bureau-bench-'));
  const engine = temporary ? 'postgres' : 'pglite';
  const dbEnv: Record<string, string> = temporary ? { DATABASE_URL: temporary.url } : { DATA_DIR: folder! };
  const config = { ...loadConfig({}), databaseUrl: temporary?.url ?? null, dataDir: folder ?? 'memory://' };

  // The office's managers, who are notified of every web lead.
  let db = await openServerDatabase(config);
  await migrateServerDb(db);
  for (const [email, role] of [['admin@bureau.bench', 'admin'], ['direction@bureau.bench', 'director']] as const) {
    await createUser(db, { email, name: role, role, password: 'mot-de-passe-du-banc' }, new Date());
  }
  await db.close();

  const server = await startBenchServer(dbEnv);
  let measured: Awaited<ReturnType<typeof drive>>;
  try {
    // Warm-up: connections, JIT, caches.
    await drive(200, SENDERS, async (i) => void (await post(server.url, person(1_000_000 + i))));
    measured = await drive(LEADS, SENDERS, async (i) => {
      const status = await post(server.url, person(i));
      if (status !== 201) throw new Error(`formulaire web : réponse ${status}`);
    });
  } finally {
    await server.stop();
  }

  // PGlite belongs to one process at a time: the floor opens it once the server has stopped.
  db = await openServerDatabase(config);
  try {
    const managers = (await db.query<{ id: string }>(`select id from users where role in ('admin', 'director')`)).map((r) => r.id);
    const floorRun = await floor(db, 2_000_000, managers);
    const suite = 'server';
    reporter.add(figure(suite, `webform-${engine}-throughput`, LEADS / measured.seconds, 'per s', LEADS / floorRun.seconds, '>= 1,000 leads/s (PostgreSQL)'));
    for (const p of [50, 95, 99] as const) {
      reporter.add(
        figure(suite, `webform-${engine}-latency-p${p}`, percentile(measured.latencies, p), 'ms', percentile(floorRun.latencies, p), p === 99 ? '<= 50 ms (PostgreSQL)' : 'report'),
      );
    }
  } finally {
    await db.close();
    await temporary?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  }
}

async function post(base: string, body: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${base}/api/public/leads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}
