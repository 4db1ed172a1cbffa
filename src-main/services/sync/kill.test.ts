import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '~shared/ids';
import { Replica } from '../../db/replica';
// A fresh PostgreSQL database for the child server when TEST_DATABASE_URL is set.
// eslint-disable-next-line no-restricted-imports
import { createTemporaryDatabase } from '~server/db/temporary-database';
import { SyncEngine } from './engine';
import { ServerClient, type FetchLike } from './http';
import { startChildServer } from '../../testing/child-server';

// Issue 4, point 6: the office server killed (SIGKILL, no shutdown at all) in the middle of pushes
// loses and doubles nothing. The server is a child process (`node --import tsx src-server/main.ts`)
// on a PGlite folder (or PostgreSQL when TEST_DATABASE_URL is set); it is killed while a push is
// in flight, started again on the same data and port, and the workstation finishes its work.

const ADMIN = { email: 'admin@kill.test', password: 'mot-de-passe-admin' };
const LEADS = 120;

describe('office server killed during pushes', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('loses nothing and doubles nothing', { timeout: 180_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bureau-kill-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const postgres = process.env.TEST_DATABASE_URL ? await createTemporaryDatabase(process.env.TEST_DATABASE_URL) : null;
    if (postgres) cleanups.push(() => postgres.drop());
    const env: Record<string, string> = postgres ? { DATABASE_URL: postgres.url, PORT: '0' } : { DATA_DIR: join(folder, 'office'), PORT: '0' };

    const admin = { OFFICE_ADMIN_EMAIL: ADMIN.email, OFFICE_ADMIN_PASSWORD: ADMIN.password };
    let child = await startChildServer({ ...env, ...admin });
    cleanups.push(() => child.kill());
    const port = new URL(child.url).port;
    const { token } = await new ServerClient(child.url).login(ADMIN.email, ADMIN.password);

    // Kill the server while the third push is in flight: sent, not yet answered.
    let pushes = 0;
    let kill: Promise<void> | null = null;
    const network: FetchLike = async (input, init) => {
      if (input.includes('/api/sync/push') && ++pushes === 3) {
        const answer = fetch(input, init);
        await new Promise((resolve) => setTimeout(resolve, 5));
        kill = child.kill();
        return answer;
      }
      return fetch(input, init);
    };

    const replica = Replica.open(join(folder, 'replica.sqlite'));
    cleanups.push(() => replica.close());
    const actor = { id: (await new ServerClient(child.url).me(token)).id, role: 'admin' as const };
    const ids: string[] = [];
    for (let i = 0; i < LEADS; i++) {
      const id = newId();
      ids.push(id);
      const result = replica.runMutation(actor, 'lead.create', { id, firstName: 'Tué', lastName: `Lead ${i}`, source: 'manual' }, new Date().toISOString());
      expect(result.ok).toBe(true);
    }
    const engine = new SyncEngine({
      replica,
      client: new ServerClient(child.url, { fetch: network }),
      token,
      pokes: null,
      pushMaxMutations: 10,
    });
    cleanups.push(() => engine.stop());

    const interrupted = await engine.syncNow();
    expect(kill).not.toBeNull();
    await kill;
    expect(interrupted.phase).toBe('offline');
    // Killed mid-way: the first batches were taken, the rest waits.
    expect(interrupted.pending).toBeGreaterThan(0);
    expect(interrupted.pending).toBeLessThan(LEADS);

    child = await startChildServer({ ...env, ...admin, PORT: port });
    let status = await engine.syncNow();
    for (let attempt = 0; attempt < 5 && status.phase !== 'idle'; attempt++) status = await engine.syncNow();
    expect(status).toMatchObject({ phase: 'idle', pending: 0 });

    // Every lead once on the server, with one "created" entry each, and in the replica.
    const server = new ServerClient(child.url);
    const onServer = new Map<string, number>();
    let cursor = 0;
    for (;;) {
      const page = await server.pull(token, { clientId: newId(), cursor, limit: 5000, knownMutationId: 0 });
      for (const { table, row } of page.rows) {
        if (table === 'history' && row.kind === 'created' && ids.includes(String(row.leadId))) {
          onServer.set(String(row.leadId), (onServer.get(String(row.leadId)) ?? 0) + 1);
        }
      }
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(onServer.size).toBe(LEADS);
    expect([...onServer.values()].every((n) => n === 1)).toBe(true);
    const local = replica.sqlite.prepare('select count(*) as n from leads where version > 0').get() as { n: number };
    expect(local.n).toBe(LEADS);
  });
});
