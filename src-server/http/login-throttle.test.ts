import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { call, login, startTestServer, TEST_ADMIN } from '../testing/http';

// Guesses sent all at once (issue 8, point 2): each is counted as a failure before its password
// is checked, so however many arrive together, at most ten passwords are ever checked for an
// account within the window; the rest are answered 429 without a check. "Checked" is read from
// the server's own counter of argon2 verifications (GET /metrics), not guessed from statuses.

const MINUTE = 60_000;
const GUESSES = 100;

/** A clock the test moves forward: the lock's end is reached without waiting for it. */
function movableClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
}

async function passwordChecks(base: string): Promise<number> {
  const metrics = await call<string>(base, 'GET', '/metrics');
  expect(metrics.status).toBe(200);
  const line = /^bureau_login_password_checks_total (\d+)$/m.exec(metrics.body);
  return line === null ? 0 : Number(line[1]);
}

function guess(base: string, email: string, i: number, from?: string) {
  return call<{ error: { code: string } }>(base, 'POST', '/api/auth/login', {
    body: { email, password: `devinette-numero-${i}` },
    headers: from === undefined ? {} : { 'x-forwarded-for': from },
  });
}

async function newUser(base: string, email: string, password: string): Promise<void> {
  const admin = await login(base, TEST_ADMIN.email, TEST_ADMIN.password);
  const created = await call(base, 'POST', '/api/admin/users', {
    token: admin,
    body: { email, name: 'Cible des devinettes', role: 'counselor', password },
  });
  expect(created.status).toBe(201);
}

const tally = (statuses: number[]) => ({
  unauthorized: statuses.filter((s) => s === 401).length,
  locked: statuses.filter((s) => s === 429).length,
});

describe.each(TEST_BACKENDS)('devinettes simultanées ($name)', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  const clock = movableClock();

  beforeAll(async () => {
    // Behind a proxy, so that each guess may come from another client address.
    database = await createTestDatabase(backend, { migrated: true, config: { trustProxy: true } });
    server = await startTestServer(database.config, { now: clock.now });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it(`checks at most 10 of ${GUESSES} guesses sent at once from one address, and answers the rest 429`, async () => {
    const email = 'une-adresse@bureau.test';
    await newUser(server.url, email, 'le-vrai-mot-de-passe');
    const before = await passwordChecks(server.url);

    const answers = await Promise.all(Array.from({ length: GUESSES }, (_, i) => guess(server.url, email, i, '198.51.100.7')));

    expect(await passwordChecks(server.url)).toBe(before + 10);
    const { unauthorized, locked } = tally(answers.map((a) => a.status));
    expect(unauthorized + locked).toBe(GUESSES);
    expect(locked).toBeGreaterThanOrEqual(GUESSES - 10);

    // The right password, even from another address, waits for the end of the lock.
    const right = await call(server.url, 'POST', '/api/auth/login', {
      body: { email, password: 'le-vrai-mot-de-passe' },
      headers: { 'x-forwarded-for': '198.51.100.8' },
    });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(await passwordChecks(server.url)).toBe(before + 10);

    clock.advance(14 * MINUTE);
    const stillLocked = await call(server.url, 'POST', '/api/auth/login', {
      body: { email, password: 'le-vrai-mot-de-passe' },
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    expect(stillLocked.status).toBe(429);
    expect(Number(stillLocked.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    clock.advance(MINUTE + 1000);
    const after = await call(server.url, 'POST', '/api/auth/login', {
      body: { email, password: 'le-vrai-mot-de-passe' },
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    expect(after.status).toBe(200);
  });

  it(`checks exactly 10 of ${GUESSES} guesses sent at once from ${GUESSES} addresses: the account counts them`, async () => {
    const email = 'cent-adresses@bureau.test';
    await newUser(server.url, email, 'le-vrai-mot-de-passe');
    const before = await passwordChecks(server.url);

    const answers = await Promise.all(Array.from({ length: GUESSES }, (_, i) => guess(server.url, email, i, `203.0.113.${i + 1}`)));

    expect(await passwordChecks(server.url)).toBe(before + 10);
    // Nine wrong guesses are told so; the tenth is checked too and locks the account.
    expect(tally(answers.map((a) => a.status))).toEqual({ unauthorized: 9, locked: GUESSES - 9 });

    const right = await call(server.url, 'POST', '/api/auth/login', {
      body: { email, password: 'le-vrai-mot-de-passe' },
      headers: { 'x-forwarded-for': '203.0.113.250' },
    });
    expect(right.status).toBe(429);
    const retryAfter = Number(right.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('caps the checks in flight from one address, whatever e-mails it names', async () => {
    const before = await passwordChecks(server.url);
    const answers = await Promise.all(
      Array.from({ length: GUESSES }, (_, i) => guess(server.url, `inconnu-${i}@bureau.test`, i, '192.0.2.99')),
    );
    const statuses = answers.map((a) => a.status);
    const checked = (await passwordChecks(server.url)) - before;
    // Each e-mail is a pair of its own: only the address's in-flight cap refuses some of them.
    expect(checked).toBe(tally(statuses).unauthorized);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    for (const answer of answers.filter((a) => a.status === 429)) expect(answer.body.error.code).toBe('login_busy');
  });

  describe.runIf(backend.kind === 'postgres')('two server processes on one database', () => {
    let other: RunningServer;
    beforeAll(async () => {
      other = await startTestServer(database.config, { now: clock.now });
    });
    afterAll(async () => {
      await other?.stop();
    });

    it(`checks exactly 10 of ${GUESSES} guesses split between two processes`, async () => {
      const email = 'deux-serveurs@bureau.test';
      await newUser(server.url, email, 'le-vrai-mot-de-passe');
      const before = (await passwordChecks(server.url)) + (await passwordChecks(other.url));

      const answers = await Promise.all(
        Array.from({ length: GUESSES }, (_, i) => guess(i % 2 === 0 ? server.url : other.url, email, i, `203.0.113.${i + 1}`)),
      );

      const after = (await passwordChecks(server.url)) + (await passwordChecks(other.url));
      expect(after - before).toBe(10);
      expect(tally(answers.map((a) => a.status))).toEqual({ unauthorized: 9, locked: GUESSES - 9 });
    });
  });
});
