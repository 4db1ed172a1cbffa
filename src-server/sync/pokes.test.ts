import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '~shared/ids';
import { currentVersion } from '../db/connection';
import { newPgClient } from '../db/pg-connections';
import type { RunningServer } from '../server';
import { TEST_BACKENDS } from '../testing/databases';
import { call } from '../testing/http';
import { runSystemMutation } from './execute';
import { startAnotherServer, startSyncOffice, type SyncOffice } from '../testing/office';
import { listenForPokes, refusedUpgradeStatus, type PokeListener } from '../testing/pokes';
import { anotherReplica } from '../testing/sync-client';

// GET /api/sync/events (sync-protocol.md, "Poke"): after every commit that wrote rows — a push,
// the web form's path, on this server or, with PostgreSQL, on another server process on the
// same database — every connected workstation hears the new cursor.

/** Ends every other connection to the database, as a PostgreSQL restart would; how many. */
async function terminateEveryConnection(url: string): Promise<number> {
  const admin = newPgClient({ connectionString: url }, (error) => {
    throw error;
  });
  await admin.connect();
  try {
    // Materialized first: in one WHERE, PostgreSQL may call pg_terminate_backend before it has
    // ruled out its own pid. The timeout makes each call wait until its backend is gone.
    const { rows } = await admin.query<{ n: number }>(
      `with others as materialized (
         select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
       )
       select count(*) filter (where pg_terminate_backend(pid, 5000))::int as n from others`,
    );
    return rows[0]!.n;
  } finally {
    await admin.end();
  }
}

describe.each(TEST_BACKENDS)('pokes ($name)', (backend) => {
  let office: SyncOffice;
  const open: PokeListener[] = [];

  beforeAll(async () => {
    office = await startSyncOffice(backend);
  });
  afterAll(async () => {
    await Promise.all(open.map((l) => l.close()));
    await office?.stop();
  });

  async function listen(base: string, token: string, via: 'header' | 'subprotocol' = 'header') {
    const listener = await listenForPokes(base, token, via);
    open.push(listener);
    return listener;
  }
  const counter = () => currentVersion(office.server.db.db);

  it('tells a workstation the current cursor as soon as it connects', async () => {
    const marie = await listen(office.base, office.people.marie.token);
    const top = await counter();
    expect(top).toBeGreaterThan(0);
    expect(await marie.waitFor(top)).toBe(top);
  });

  it('pokes a workstation after another user’s push, with the cursor of that commit', async () => {
    const marie = await listen(office.base, office.people.marie.token);
    const director = anotherReplica(office.people.director.client);
    await director.apply('lead.create', { id: newId(), lastName: 'Poussée', source: 'manual' });
    const after = await counter();
    expect(await marie.waitFor(after)).toBe(after);
  });

  it('takes the token as the subprotocol bearer.<token>, as a browser sends it', async () => {
    const token = office.people.accueil.token;
    const accueil = await listen(office.base, token, 'subprotocol');
    expect(accueil.protocol).toBe(`bearer.${token}`);
    await anotherReplica(office.people.admin.client).apply('lead.create', { id: newId(), lastName: 'Navigateur', source: 'manual' });
    const after = await counter();
    expect(await accueil.waitFor(after)).toBe(after);
  });

  it('pokes after a commit of the web form’s path, which no push made', async () => {
    const julie = await listen(office.base, office.people.julie.token);
    const result = await runSystemMutation(
      office.server.db,
      'lead.create',
      { id: newId(), firstName: 'Inès', lastName: 'Formulaire', email: 'ines@exemple.ca', source: 'web_form' },
      new Date(),
    );
    expect(result.status).toBe('applied');
    const after = await counter();
    expect(await julie.waitFor(after)).toBe(after);
  });

  it('refuses the socket without a valid token', async () => {
    expect(await refusedUpgradeStatus(office.base)).toBe(401);
    expect(await refusedUpgradeStatus(office.base, { headers: { authorization: 'Bearer ce-jeton-nexiste-pas-du-tout' } })).toBe(401);
    expect(await refusedUpgradeStatus(office.base, { protocols: ['bearer.ce-jeton-nexiste-pas-du-tout'] })).toBe(401);

    // A token revoked by logout stops working for pokes too.
    const login = await call<{ token: string }>(office.base, 'POST', '/api/auth/login', {
      body: { email: office.people.julie.email, password: 'mot-de-passe-de-test' },
    });
    expect((await call(office.base, 'POST', '/api/auth/logout', { token: login.body.token })).status).toBeLessThan(300);
    expect(await refusedUpgradeStatus(office.base, { headers: { authorization: `Bearer ${login.body.token}` } })).toBe(401);
  });

  describe.runIf(backend.kind === 'postgres')('two server processes on one database', () => {
    let other: RunningServer;

    beforeAll(async () => {
      other = await startAnotherServer(office);
    });
    afterAll(async () => {
      await other?.stop();
    });

    it('tells a workstation the current cursor at once, on a process that has committed nothing yet', async () => {
      const top = await counter();
      const onOther = await listen(other.url, office.people.director.token);
      expect(await onOther.waitFor(top)).toBe(top);
    });

    it('pokes the workstations of one process after a push to the other, both ways', async () => {
      const onOther = await listen(other.url, office.people.marie.token);
      const onFirst = await listen(office.base, office.people.julie.token);

      await anotherReplica(office.people.director.client).apply('lead.create', { id: newId(), lastName: 'Premier serveur', source: 'manual' });
      const first = await counter();
      expect(await onOther.waitFor(first)).toBe(first);

      const viaOther = anotherReplica(office.people.admin.client);
      const pushed = await call<{ results: Array<{ status: string }> }>(other.url, 'POST', '/api/sync/push', {
        token: viaOther.token,
        body: {
          protocol: 1,
          schemaVersion: 1,
          clientId: viaOther.clientId,
          mutations: [viaOther.mutation('lead.create', { id: newId(), lastName: 'Second serveur', source: 'manual' })],
        },
      });
      expect(pushed.status).toBe(200);
      expect(pushed.body.results).toEqual([{ id: 1, status: 'applied' }]);
      const second = await counter();
      expect(second).toBeGreaterThan(first);
      expect(await onFirst.waitFor(second)).toBe(second);
    });

    // Issue 17: PostgreSQL ends every connection (a restart, an administrator's
    // pg_terminate_backend). Both processes must live through it, answer again, and the LISTEN
    // connection must come back so that pokes cross processes again.
    it('keeps serving and poking across processes after PostgreSQL terminates every connection', async () => {
      const onOther = await listen(other.url, office.people.marie.token);
      const terminated = await terminateEveryConnection(office.database.config.databaseUrl!);
      expect(terminated).toBeGreaterThanOrEqual(3); // both pools' connections and the two LISTENs

      // A request caught by the dropped connections may fail (5xx: the workstation retries, as
      // the protocol says); the pools then open new connections.
      const director = anotherReplica(office.people.director.client);
      const createLead = async (lastName: string) => {
        // Retried as the desktop retries: the same mutation, the same id.
        const mutation = director.mutation('lead.create', { id: newId(), lastName, source: 'manual' });
        for (let tries = 0; tries < 20; tries++) {
          const answer = await director.push([mutation]);
          if (answer.status === 200) return expect(answer.body.results).toEqual([{ id: mutation.id, status: 'applied' }]);
          expect(answer.status).toBeGreaterThanOrEqual(500);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error('le serveur ne répond plus après la coupure');
      };
      await createLead('Après coupure');
      const first = await counter();
      expect(await onOther.waitFor(first)).toBe(first);

      // Heard above through the reconnected LISTEN or its catch-up; this one only through NOTIFY.
      await createLead('Après reconnexion');
      const second = await counter();
      expect(second).toBeGreaterThan(first);
      expect(await onOther.waitFor(second)).toBe(second);
      expect((await call(other.url, 'GET', '/healthz')).status).toBe(200);
    });

    it('pokes the other process’s workstations after the web form’s path', async () => {
      const onOther = await listen(other.url, office.people.accueil.token);
      await runSystemMutation(office.server.db, 'lead.create', { id: newId(), lastName: 'Site web', phone: '514 555-0177', source: 'web_form' }, new Date());
      const after = await counter();
      expect(await onOther.waitFor(after)).toBe(after);
    });
  });
});
