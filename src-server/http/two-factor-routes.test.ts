import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server';
import { base32Decode, totp } from '../auth/totp';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { call, capturingLogger, login, startTestServer, TEST_ADMIN } from '../testing/http';

// Two-factor sign-in over real HTTP (issue 14, point 3): set-up, sign-in with a code or a
// recovery code, replays, throttling shared with passwords, the office's rule, an admin's reset.

type ErrorAnswer = { error: { code: string; message: string } };
const PASSWORD = 'un-bon-mot-de-passe';
const at = (steps: number) => new Date(Date.now() + steps * 30_000);
const PULL = `/api/sync/pull?clientId=${randomUUID()}`;

describe.each(TEST_BACKENDS)('double authentification ($name)', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  let base: string;
  let adminToken: string;
  const logged = capturingLogger();

  beforeAll(async () => {
    database = await createTestDatabase(backend, { migrated: true });
    server = await startTestServer(database.config, { log: logged.log });
    base = server.url;
    adminToken = await login(base, TEST_ADMIN.email, TEST_ADMIN.password);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  async function newCounselor(email: string): Promise<{ id: string; token: string }> {
    const created = await call<{ id: string }>(base, 'POST', '/api/admin/users', {
      token: adminToken,
      body: { email, name: 'Conseillère test', role: 'counselor', password: PASSWORD },
    });
    expect(created.status).toBe(201);
    return { id: created.body.id, token: await login(base, email, PASSWORD) };
  }

  /** Turns two-factor sign-in on for the token's user; answers the key and the recovery codes. */
  async function enable(token: string): Promise<{ key: Buffer; secret: string; recoveryCodes: string[] }> {
    const setup = await call<{ secret: string; uri: string }>(base, 'POST', '/api/auth/two-factor/setup', { token });
    expect(setup.status).toBe(200);
    const key = base32Decode(setup.body.secret);
    const enabled = await call<{ recoveryCodes: string[] }>(base, 'POST', '/api/auth/two-factor/enable', { token, body: { code: totp(key, at(0)) } });
    expect(enabled.status).toBe(200);
    return { key, secret: setup.body.secret, recoveryCodes: enabled.body.recoveryCodes };
  }

  const signIn = (email: string, code?: string, password = PASSWORD) =>
    call<{ token: string; twoFactorSetup?: boolean } & ErrorAnswer>(base, 'POST', '/api/auth/login', { body: { email, password, ...(code === undefined ? {} : { code }) } });

  it('turns on with a first code, then asks every sign-in for a code used once, or a recovery code used once', async () => {
    const email = 'amelie@bureau.test';
    const { token } = await newCounselor(email);
    expect((await call(base, 'GET', '/api/auth/two-factor', { token })).body).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });

    const setup = await call<{ secret: string; uri: string }>(base, 'POST', '/api/auth/two-factor/setup', { token });
    const uri = new URL(setup.body.uri);
    expect(decodeURIComponent(uri.pathname)).toMatch(/:amelie@bureau\.test$/);
    expect(uri.searchParams.get('secret')).toBe(setup.body.secret);
    const wrongFirst = await call<ErrorAnswer>(base, 'POST', '/api/auth/two-factor/enable', { token, body: { code: '000000' } });
    expect(wrongFirst).toMatchObject({ status: 422, body: { error: { code: 'invalid_second_factor' } } });
    const key = base32Decode(setup.body.secret);
    const enabled = await call<{ recoveryCodes: string[] }>(base, 'POST', '/api/auth/two-factor/enable', { token, body: { code: totp(key, at(0)) } });
    expect(enabled.status).toBe(200);
    expect(enabled.body.recoveryCodes).toHaveLength(10);
    expect(new Set(enabled.body.recoveryCodes).size).toBe(10);
    expect(enabled.body.recoveryCodes[0]).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect((await call(base, 'GET', '/api/auth/two-factor', { token })).body).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });

    // The password alone no longer signs in; the answer says what is missing.
    const noCode = await signIn(email);
    expect(noCode).toMatchObject({ status: 401, body: { error: { code: 'second_factor_required', message: expect.stringMatching(/six chiffres/) } } });
    expect((await signIn(email, '123456')).body.error.code).toBe('invalid_second_factor');
    // A right code with a wrong password says only what a wrong password says.
    expect((await signIn(email, totp(key, at(1)), 'pas-le-bon')).body.error.code).toBe('invalid_credentials');

    const next = totp(key, at(1));
    const signed = await signIn(email, next);
    expect(signed.status).toBe(200);
    expect((await call(base, 'GET', '/api/auth/me', { token: signed.body.token })).status).toBe(200);
    // The same code again, or the one already used to turn it on: refused.
    expect((await signIn(email, next)).body.error.code).toBe('invalid_second_factor');
    expect((await signIn(email, totp(key, at(0)))).body.error.code).toBe('invalid_second_factor');

    const recovery = enabled.body.recoveryCodes[3]!;
    expect((await signIn(email, recovery.toLowerCase().replace('-', ' '))).status).toBe(200);
    expect((await signIn(email, recovery)).body.error.code).toBe('invalid_second_factor');
    expect((await call(base, 'GET', '/api/auth/two-factor', { token })).body).toMatchObject({ recoveryCodesLeft: 9 });

    // Nothing secret in the logs.
    expect(logged.lines()).not.toContain(setup.body.secret);
    expect(logged.lines()).not.toContain(recovery);
  });

  it('signs in once when the same code is sent many times at once', async () => {
    const email = 'beatrice@bureau.test';
    const { key } = await enable((await newCounselor(email)).token);
    const code = totp(key, at(1));
    const answers = await Promise.all(Array.from({ length: 20 }, () => signIn(email, code)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
  });

  it('counts wrong codes with wrong passwords: the tenth locks the account, the right password included', async () => {
    const email = 'chantal@bureau.test';
    const { key } = await enable((await newCounselor(email)).token);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await signIn(email, '000000')).status);
    expect(statuses.slice(0, 9).every((status) => status === 401)).toBe(true);
    expect(statuses[9]).toBe(429);
    expect((await signIn(email, totp(key, at(0)))).status).toBe(429);
  });

  it('turns off only with the password, and not while the office requires it', async () => {
    const email = 'denise@bureau.test';
    const { token } = await newCounselor(email);
    await enable(token);
    expect((await call<ErrorAnswer>(base, 'POST', '/api/auth/two-factor/disable', { token, body: { password: 'pas-le-bon' } })).status).toBe(403);
    expect((await call(base, 'POST', '/api/auth/two-factor/setup', { token })).status).toBe(409);

    expect((await call(base, 'PUT', '/api/admin/security', { token: adminToken, body: { requireTwoFactor: true } })).status).toBe(200);
    try {
      const refused = await call<ErrorAnswer>(base, 'POST', '/api/auth/two-factor/disable', { token, body: { password: PASSWORD } });
      expect(refused).toMatchObject({ status: 409, body: { error: { code: 'two_factor_required' } } });
    } finally {
      await call(base, 'PUT', '/api/admin/security', { token: adminToken, body: { requireTwoFactor: false } });
    }
    expect((await call(base, 'POST', '/api/auth/two-factor/disable', { token, body: { password: PASSWORD } })).status).toBe(200);
    expect((await signIn(email)).status).toBe(200);
  });

  it('when the office requires it, an account without one reaches only its set-up until it has one', async () => {
    const { token: before } = await newCounselor('estelle@bureau.test');
    const counselorToken = await login(base, 'estelle@bureau.test', PASSWORD);
    expect((await call(base, 'PUT', '/api/admin/security', { token: counselorToken, body: { requireTwoFactor: true } })).status).toBe(403);
    expect((await call(base, 'PUT', '/api/admin/security', { token: adminToken, body: { requireTwoFactor: 'oui' } })).status).toBe(400);
    expect((await call(base, 'PUT', '/api/admin/security', { token: adminToken, body: { requireTwoFactor: true } })).status).toBe(200);
    try {
      expect((await call(base, 'GET', '/api/admin/security', { token: adminToken })).body).toEqual({ requireTwoFactor: true });
      const signed = await signIn('estelle@bureau.test');
      expect(signed.status).toBe(200);
      expect(signed.body.twoFactorSetup).toBe(true);
      const limited = signed.body.token;
      const pull = await call<ErrorAnswer>(base, 'GET', PULL, { token: limited });
      expect(pull).toMatchObject({ status: 403, body: { error: { code: 'two_factor_setup_required' } } });
      expect((await call(base, 'GET', '/api/auth/me', { token: limited })).status).toBe(200);
      expect((await call(base, 'GET', '/api/auth/two-factor', { token: limited })).body).toMatchObject({ enabled: false, required: true });
      // Tokens from before the rule keep working: it applies at the next sign-in.
      expect((await call(base, 'GET', PULL, { token: before })).status).toBe(200);

      await enable(limited);
      expect((await call(base, 'GET', PULL, { token: limited })).status).toBe(200);
    } finally {
      await call(base, 'PUT', '/api/admin/security', { token: adminToken, body: { requireTwoFactor: false } });
    }
  });

  it('lets an admin reset a lost phone, which ends that user’s sessions', async () => {
    const email = 'fanny@bureau.test';
    const { id, token } = await newCounselor(email);
    await enable(token);
    const other = await newCounselor('gisele@bureau.test');
    expect((await call(base, 'POST', `/api/admin/users/${id}/two-factor/reset`, { token: other.token })).status).toBe(403);
    expect((await call(base, 'POST', '/api/admin/users/pas-un-id/two-factor/reset', { token: adminToken })).status).toBe(400);

    expect((await call(base, 'POST', `/api/admin/users/${id}/two-factor/reset`, { token: adminToken })).status).toBe(200);
    expect((await call(base, 'GET', '/api/auth/me', { token })).status).toBe(401);
    expect((await signIn(email)).status).toBe(200);
  });
});
