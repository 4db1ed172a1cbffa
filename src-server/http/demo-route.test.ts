import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '../auth/users';
import { createLogger } from '../log';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../seed/demo';
import { startServer, type RunningServer } from '../server';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { call, instantThrottle, login, startTestServer } from '../testing/http';

// GET /api/auth/demo (server-api.md): the sign-in screen's list of demo accounts, given by the
// demo office only. A real office answers as for a route that does not exist.

describe.each(TEST_BACKENDS)('les comptes du bureau de démonstration ($name)', (backend) => {
  let demoDatabase: TestDatabase;
  let realDatabase: TestDatabase;
  let demo: RunningServer;
  let real: RunningServer;

  beforeAll(async () => {
    demoDatabase = await createTestDatabase(backend, { migrated: true });
    // No first administrator: seed:demo installs only into an empty database.
    demo = await startServer({ ...demoDatabase.config, firstAdmin: null }, { throttle: instantThrottle(), log: createLogger({ level: 'silent' }) });
    await seedDemo(demo.db, { leads: 20 });
    realDatabase = await createTestDatabase(backend, { migrated: true });
    real = await startTestServer(realDatabase.config);
  });
  afterAll(async () => {
    await demo?.stop();
    await real?.stop();
    await demoDatabase?.dispose();
    await realDatabase?.dispose();
  });

  it('lists the six demo accounts, by name and role, with the demo password and never a secret', async () => {
    const answer = await call<{ accounts: Array<Record<string, unknown>>; password: string }>(demo.url, 'GET', '/api/auth/demo');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      accounts: DEMO_USERS.map(({ email, name, role, titleForm }) => ({ email, name, role, titleForm })),
      password: DEMO_PASSWORD,
    });
    const secrets = await demo.db.query<{ password_hash: string; calendar_secret: string }>('select password_hash, calendar_secret from user_credentials');
    expect(secrets).toHaveLength(DEMO_USERS.length);
    const text = JSON.stringify(answer.body);
    for (const secret of secrets) {
      expect(text).not.toContain(secret.password_hash);
      expect(text).not.toContain(secret.calendar_secret);
    }
    expect(text).not.toContain('$argon2');
    // What it says works: Marie's account signs in with that password.
    expect(await login(demo.url, answer.body.accounts[2]!.email as string, answer.body.password)).toBeTypeOf('string');
  });

  it('leaves out a demo account the administrator deactivated', async () => {
    const [row] = await demo.db.query<{ id: string }>(`select id from users where email = $1`, ['julie@bureau.demo']);
    await updateUser(demo.db, row!.id, { active: false }, new Date());
    try {
      const answer = await call<{ accounts: Array<{ email: string }> }>(demo.url, 'GET', '/api/auth/demo');
      expect(answer.status).toBe(200);
      expect(answer.body.accounts.map((a) => a.email)).toEqual(DEMO_USERS.map((u) => u.email).filter((e) => e !== 'julie@bureau.demo'));
    } finally {
      await updateUser(demo.db, row!.id, { active: true }, new Date());
    }
  });

  it('answers a real office as an unknown route, even when it has an account named like a demo one', async () => {
    const token = await login(real.url, 'admin@bureau.test', 'mot-de-passe-admin');
    const created = await call(real.url, 'POST', '/api/admin/users', {
      token,
      body: { email: 'marie@bureau.demo', name: 'Marie Tremblay', role: 'counselor', password: 'un-bon-mot-de-passe' },
    });
    expect(created.status).toBe(201);
    const answer = await call(real.url, 'GET', '/api/auth/demo');
    const unknown = await call(real.url, 'GET', '/api/auth/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: { code: 'not_found', message: 'Ressource introuvable.' } });
    expect(answer.body).toEqual(unknown.body);
  });
});
