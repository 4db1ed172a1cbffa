import { count } from 'drizzle-orm';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from './db/data-dir-lock';
import { procedures, users } from './db/schema';
import { currentVersion } from './db/connection';
import type { FeaturePlugin } from './http/feature';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from './testing/databases';
import { call, login, startTestServer, TEST_ADMIN } from './testing/http';

// Starting and stopping the office server (server-api.md, "Starting").

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

describe.each(TEST_BACKENDS)('démarrage et arrêt ($name)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend, { onDisk: true, migrated: true });
  });
  afterAll(() => database?.dispose());

  it('creates the first administrator once, seeds the defaults once, and keeps sessions across a restart', async () => {
    const first = await startTestServer(database.config);
    const token = await login(first.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const [catalogue] = await first.db.db.select({ n: count() }).from(procedures);
    expect(catalogue!.n).toBeGreaterThanOrEqual(8);
    const version = await currentVersion(first.db.db);
    await first.stop();

    // Another first administrator in the environment: the office already has users, so nothing happens.
    const second = await startTestServer({ ...database.config, firstAdmin: { email: 'autre@bureau.test', password: 'autre-mot-de-passe' } });
    try {
      expect((await second.db.db.select().from(users)).map((u) => u.email)).toEqual([TEST_ADMIN.email]);
      expect(await currentVersion(second.db.db)).toBe(version);
      expect((await call(second.url, 'GET', '/api/auth/me', { token })).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('lets in-flight requests finish on stop, then closes the database', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slow: FeaturePlugin = {
      name: 'lent',
      register(app) {
        app.get('/lent', async () => {
          entered();
          await new Promise<void>((resolve) => (release = resolve));
          return { fini: true };
        });
      },
    };
    const server = await startTestServer(database.config, { plugins: [slow] });
    const pending = call(server.url, 'GET', '/lent');
    await inside;
    const stopped = server.stop();
    release();
    const answer = await pending;
    await stopped;
    expect(answer).toMatchObject({ status: 200, body: { fini: true } });
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    if (backend.kind === 'pglite') expect(existsSync(join(database.config.dataDir, LOCK_FILE_NAME))).toBe(false);
  });
});

describe('npm run server, in its own process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ name: 'PGlite', kind: 'pglite' }, { onDisk: true, migrated: true });
  });
  afterAll(() => database?.dispose());

  function server(env: Record<string, string>) {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src-server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const ready = new Promise<string>((done, fail) => {
      child.stdout.on('data', () => out.includes('\n') && done(out));
      void exited.then(() => fail(new Error(`arrêté avant d’être prêt : ${err}`)));
    });
    ready.catch(() => undefined); // awaited by the tests that expect it; not a failure for the others
    return { child, ready, exited, output: () => ({ out, err }) };
  }

  it('prints one line once it listens, and stops cleanly on SIGTERM', async () => {
    const running = server({ PORT: '0', DATA_DIR: database.config.dataDir });
    const line = await running.ready;
    const match = /^Serveur du bureau prêt sur (http:\/\/127\.0\.0\.1:\d+) \(PGlite: (.+)\)\n$/.exec(line);
    expect(match?.[2]).toBe(database.config.dataDir);
    expect((await call(match![1]!, 'GET', '/healthz')).status).toBe(200);
    expect(existsSync(join(database.config.dataDir, LOCK_FILE_NAME))).toBe(true);

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.output().out).toBe(line);
    expect(existsSync(join(database.config.dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  // Issue 15, point 3: `npm run server` while `npm start` holds the port.
  it('says in French and English that the port is taken, and how to choose another', async () => {
    const holder = createServer();
    await new Promise<void>((listening) => holder.listen(0, '127.0.0.1', listening));
    const port = (holder.address() as AddressInfo).port;
    try {
      const running = server({ PORT: String(port), DATA_DIR: database.config.dataDir });
      expect(await running.exited).toBe(1);
      const { out, err } = running.output();
      expect(out).toBe('');
      expect(err).toContain(`Le port ${port} est déjà utilisé`);
      expect(err).toContain(`Port ${port} is already in use`);
      expect(err).toContain(`PORT=${port + 1} npm run server`);
      expect(err).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(join(database.config.dataDir, LOCK_FILE_NAME))).toBe(false);
    } finally {
      await new Promise((closed) => holder.close(closed));
    }
  });

  it('refuses to start on invalid settings, naming them in French', async () => {
    const running = server({ PORT: 'huit', OFFICE_TIMEZONE: 'Lune/Tranquillité', DATA_DIR: database.config.dataDir });
    expect(await running.exited).toBe(1);
    const { out, err } = running.output();
    expect(out).toBe('');
    expect(err).toContain('Configuration invalide du serveur du bureau');
    expect(err).toContain('PORT doit être un entier');
    expect(err).toContain('OFFICE_TIMEZONE : fuseau horaire inconnu « Lune/Tranquillité »');
  });
});
