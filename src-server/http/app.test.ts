import cors from '@fastify/cors';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { call, capturingLogger, login, startTestServer, TEST_ADMIN } from '../testing/http';
import { userOf } from './authenticate';
import type { FeaturePlugin } from './feature';

// The app as a whole: health, metrics, French errors, what the logs hold, and how a feature
// plugs in (its own CORS, the root's authentication).

const ORIGIN = 'https://www.cabinet.example';

/** A stand-in for the web form and sync features: what they need from the app. */
const probe: FeaturePlugin = {
  name: 'probe',
  async register(app) {
    await app.register(cors, { origin: [ORIGIN] });
    app.post('/api/public/probe', async () => ({ ok: true }));
    app.get('/api/probe/me', { preHandler: app.authenticate }, async (request) => ({ id: userOf(request).id }));
  },
};

/** An address of this machine other than loopback, to reach the server as a colleague's PC would. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;
}

describe.each(TEST_BACKENDS)('l’application ($name)', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  let base: string;
  const logs = capturingLogger();

  beforeAll(async () => {
    database = await createTestDatabase(backend, { migrated: true, config: { host: '0.0.0.0', bodyLimitBytes: 64 * 1024 } });
    server = await startTestServer(database.config, { log: logs.log, plugins: [probe] });
    base = server.url.replace('0.0.0.0', '127.0.0.1');
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it('answers /healthz once the database answers', async () => {
    const answer = await call(base, 'GET', '/healthz');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
  });

  it('serves /metrics as Prometheus text to this machine only', async () => {
    await call(base, 'GET', '/healthz');
    const local = await call<string>(base, 'GET', '/metrics');
    expect(local.status).toBe(200);
    expect(local.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(local.body).toMatch(/^# TYPE http_requests_total counter$/m);
    expect(local.body).toMatch(/^http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+$/m);
    expect(local.body).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(local.body).toMatch(/^# TYPE http_request_duration_seconds summary$/m);
    expect(local.body).toMatch(/^http_request_duration_seconds_count\{route="\/healthz"\} \d+$/m);

    const relayed = await call<{ error: { message: string } }>(base, 'GET', '/metrics', {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(relayed.status).toBe(403);
    expect(relayed.body.error.message).toMatch(/métriques/);
  });

  const external = externalAddress();
  it.skipIf(external === undefined)('refuses /metrics to another machine of the network', async () => {
    const port = new URL(server.url).port;
    const remote = await call(`http://${external}:${port}`, 'GET', '/metrics');
    expect(remote.status).toBe(403);
    expect((await call(`http://${external}:${port}`, 'GET', '/healthz')).status).toBe(200);
  });

  it('answers unknown routes, oversized bodies and wrong content types in French', async () => {
    const missing = await call<{ error: { code: string; message: string } }>(base, 'GET', '/nulle-part');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'not_found', message: 'Ressource introuvable.' });

    const huge = await call<{ error: { code: string } }>(base, 'POST', '/api/auth/login', {
      body: { email: 'a@b.ca', password: 'x'.repeat(100 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('body_too_large');

    const xml = await call<{ error: { code: string } }>(base, 'POST', '/api/auth/login', {
      body: '<login/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(415);
    expect(xml.body.error.code).toBe('unsupported_media_type');
  });

  it('lets a feature bring its own CORS and use the root’s authentication', async () => {
    const preflight = await fetch(`${base}/api/public/probe`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);

    const stranger = await fetch(`${base}/api/public/probe`, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();

    const token = await login(base, TEST_ADMIN.email, TEST_ADMIN.password);
    const me = await fetch(`${base}/api/auth/me`, { headers: { origin: ORIGIN, authorization: `Bearer ${token}` } });
    expect(me.headers.get('access-control-allow-origin')).toBeNull();

    expect((await call(base, 'GET', '/api/probe/me')).status).toBe(401);
    expect((await call<{ id: string }>(base, 'GET', '/api/probe/me', { token })).status).toBe(200);
  });

  it('logs requests with ids, never e-mails, passwords, names or tokens', async () => {
    const email = 'helene.tremblay@bureau.test';
    const password = 'secret-tres-personnel-42';
    const name = 'Hélène Tremblay-Gagnon';
    const adminToken = await login(base, TEST_ADMIN.email, TEST_ADMIN.password);
    const created = await call<{ id: string }>(base, 'POST', '/api/admin/users', {
      token: adminToken,
      body: { email, name, role: 'counselor', password },
    });
    expect(created.status).toBe(201);
    const token = await login(base, email, password);
    await call(base, 'POST', '/api/auth/login', { body: { email, password: 'mauvais-mot-de-passe' } });
    await call(base, 'GET', '/api/auth/me', { token });
    await call(base, 'PATCH', `/api/admin/users/${created.body.id}`, { token: adminToken, body: { name } });

    const text = logs.lines();
    expect(text).toContain(created.body.id); // ids are logged…
    expect(text).toContain('"route":"/api/auth/login"');
    for (const secret of [email, password, name, 'Hélène', token, adminToken, TEST_ADMIN.email, TEST_ADMIN.password]) {
      expect(text).not.toContain(secret); // …nothing personal or secret is
    }
  });
});
