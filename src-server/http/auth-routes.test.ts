import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { call, login, startTestServer, TEST_ADMIN } from '../testing/http';

// POST /api/auth/login, /logout, GET /api/auth/me over real HTTP (server-api.md).

describe.each(TEST_BACKENDS)('authentification ($name)', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase(backend, { migrated: true });
    server = await startTestServer(database.config);
    base = server.url;
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  async function newUser(email: string, password = 'un-bon-mot-de-passe') {
    const token = await login(base, TEST_ADMIN.email, TEST_ADMIN.password);
    const created = await call<{ id: string }>(base, 'POST', '/api/admin/users', {
      token,
      body: { email, name: 'Utilisatrice test', role: 'counselor', password },
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it('signs in the first administrator from the environment and says who is signed in', async () => {
    const answer = await call<{ token: string; user: Record<string, unknown> }>(base, 'POST', '/api/auth/login', {
      body: { email: 'ADMIN@Bureau.test ', password: TEST_ADMIN.password },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(answer.body.user).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' });

    const me = await call(base, 'GET', '/api/auth/me', { token: answer.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(answer.body.user);
  });

  it('answers 401 in French for a wrong password, an unknown e-mail, and a missing or made-up token', async () => {
    const wrong = await call<{ error: { code: string; message: string } }>(base, 'POST', '/api/auth/login', {
      body: { email: TEST_ADMIN.email, password: 'pas-le-bon-mot' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('Courriel ou mot de passe incorrect, ou compte désactivé.');

    const unknown = await call<{ error: { code: string; message: string } }>(base, 'POST', '/api/auth/login', {
      body: { email: 'personne@bureau.test', password: 'pas-le-bon-mot' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);

    const missing = await call<{ error: { message: string } }>(base, 'GET', '/api/auth/me');
    expect(missing.status).toBe(401);
    expect(missing.body.error.message).toMatch(/connectez-vous/);

    const madeUp = await call(base, 'GET', '/api/auth/me', { token: 'x'.repeat(43) });
    expect(madeUp.status).toBe(401);
  });

  it('refuses a malformed body with French field errors', async () => {
    const answer = await call<{ error: { code: string; fields: Record<string, string> } }>(base, 'POST', '/api/auth/login', {
      body: { email: '' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_body');
    expect(answer.body.error.fields).toMatchObject({
      email: 'Le courriel est obligatoire.',
      password: 'Le mot de passe est obligatoire.',
    });

    const broken = await call<{ error: { code: string } }>(base, 'POST', '/api/auth/login', { body: '{"email":' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
  });

  it('revokes the token on logout, and only that token', async () => {
    const first = await login(base, TEST_ADMIN.email, TEST_ADMIN.password);
    const second = await login(base, TEST_ADMIN.email, TEST_ADMIN.password);
    const out = await call(base, 'POST', '/api/auth/logout', { token: first });
    expect(out.status).toBe(200);
    expect((await call(base, 'GET', '/api/auth/me', { token: first })).status).toBe(401);
    expect((await call(base, 'POST', '/api/auth/logout', { token: first })).status).toBe(401);
    expect((await call(base, 'GET', '/api/auth/me', { token: second })).status).toBe(200);
  });

  it('locks an e-mail after 10 failures with 429 and Retry-After, even for the right password', async () => {
    const email = 'verrou@bureau.test';
    await newUser(email, 'le-vrai-mot-de-passe');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await call(base, 'POST', '/api/auth/login', { body: { email, password: `faux-${i}-mot-de-passe` } })).status);
    }
    expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
    expect(statuses[9]).toBe(429);

    const locked = await call<{ error: { code: string; message: string } }>(base, 'POST', '/api/auth/login', {
      body: { email, password: 'le-vrai-mot-de-passe' },
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('login_locked');
    expect(locked.body.error.message).toMatch(/réessayez dans 15 minutes/);
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('locks unknown e-mails the same way, so a 429 does not reveal which accounts exist', async () => {
    const email = 'inconnu@bureau.test';
    let last = 0;
    for (let i = 0; i < 10; i++) {
      last = (await call(base, 'POST', '/api/auth/login', { body: { email, password: `faux-${i}-mot-de-passe` } })).status;
    }
    expect(last).toBe(429);
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const email = 'distraite@bureau.test';
    await newUser(email, 'le-vrai-mot-de-passe');
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 8; i++) {
        const failed = await call(base, 'POST', '/api/auth/login', { body: { email, password: `faux-${i}-mot-de-passe` } });
        expect(failed.status).toBe(401);
      }
      expect(await login(base, email, 'le-vrai-mot-de-passe')).toBeTypeOf('string');
    }
  });

  // PGlite here lives in memory, which a restart does not keep; server.test.ts restarts one on disk.
  it.skipIf(backend.kind === 'pglite')('keeps a session across a restart of the server (tokens live in the database)', async () => {
    const token = await login(base, TEST_ADMIN.email, TEST_ADMIN.password);
    await server.stop();
    server = await startTestServer(database.config);
    base = server.url;
    expect((await call(base, 'GET', '/api/auth/me', { token })).status).toBe(200);
  });
});

describe.each(TEST_BACKENDS)('verrouillage du compte, toutes adresses confondues ($name)', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    // Behind a proxy, so that each request may come from another client address.
    database = await createTestDatabase(backend, { migrated: true, config: { trustProxy: true } });
    server = await startTestServer(database.config);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it('locks the account after 10 failures even when each comes from another address', async () => {
    const from = (n: number) => ({ 'x-forwarded-for': `198.51.100.${n}` });
    for (let i = 0; i < 9; i++) {
      const failed = await call(server.url, 'POST', '/api/auth/login', {
        body: { email: TEST_ADMIN.email, password: `faux-${i}-mot-de-passe` },
        headers: from(i),
      });
      expect(failed.status).toBe(401);
    }
    const tenth = await call(server.url, 'POST', '/api/auth/login', {
      body: { email: TEST_ADMIN.email, password: 'encore-un-faux' },
      headers: from(10),
    });
    expect(tenth.status).toBe(429);
    const elsewhere = await call(server.url, 'POST', '/api/auth/login', {
      body: { email: TEST_ADMIN.email, password: TEST_ADMIN.password },
      headers: from(42),
    });
    expect(elsewhere.status).toBe(429);
    expect(Number(elsewhere.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
