import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_ID } from '~shared/domain/entities';
import { settings } from '../db/schema';
import { createLogger } from '../log';
import { startServer, type RunningServer } from '../server';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { call, instantThrottle, login } from '../testing/http';

// POST /api/host/setup, /api/host/join-codes and /api/join over real HTTP (server-api.md,
// "Setting up an office"), on an office that has no user yet, as the hosting workstation starts it.

const SECRET = 'un-secret-de-poste-hote-assez-long-pour-etre-accepte-0123456789';
const ADMIN = { name: 'Nadia Roy', email: 'Nadia.Roy@cabinet.test', password: 'une phrase secrète' };

interface ErrorAnswer {
  error: { code: string; message: string; fields?: Record<string, string> };
}

describe.each(TEST_BACKENDS)('création du bureau et code pour un autre poste ($name)', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  let base: string;
  const host = { authorization: `Bearer ${SECRET}` };

  beforeAll(async () => {
    database = await createTestDatabase(backend, { migrated: true });
    server = await startServer(
      { ...database.config, firstAdmin: null, hostSecret: SECRET },
      { throttle: instantThrottle(), log: createLogger({ level: 'silent' }) },
    );
    base = server.url;
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it('ne répond qu’au poste hôte, secret en main : ailleurs la route n’existe pas', async () => {
    const body = { officeName: 'Cabinet Roy', admin: ADMIN };
    const refused: Array<Record<string, string>> = [{}, { authorization: 'Bearer mauvais' }, { authorization: `Bearer ${SECRET}x` }];
    for (const headers of refused) {
      const answer = await call<ErrorAnswer>(base, 'POST', '/api/host/setup', { body, headers });
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
    // Relayed by a local proxy: not this machine's own request.
    const relayed = await call<ErrorAnswer>(base, 'POST', '/api/host/setup', { body, headers: { ...host, 'x-forwarded-for': '203.0.113.9' } });
    expect(relayed.status).toBe(404);
    expect((await call(base, 'POST', '/api/host/join-codes', { body: {}, headers: {} })).status).toBe(404);
  });

  it('refuse en français un administrateur aux règles non respectées, sans rien créer', async () => {
    const answer = await call<ErrorAnswer>(base, 'POST', '/api/host/setup', {
      headers: host,
      body: { officeName: ' ', admin: { ...ADMIN, email: 'pas-un-courriel', password: 'court' } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toMatchObject({
      officeName: 'Le nom du cabinet est obligatoire.',
      'admin.email': 'Adresse courriel invalide.',
    });
    expect(answer.body.error.fields?.['admin.password']).toMatch(/10 caractères/);
    expect((await call(base, 'POST', '/api/auth/login', { body: { email: 'pas-un-courriel', password: 'court' } })).status).toBe(401);
  });

  it('crée le premier administrateur et nomme le cabinet, une seule fois', async () => {
    const answer = await call<{ user: { email: string; name: string; role: string }; joinCode: { code: string; expiresAt: string } }>(
      base,
      'POST',
      '/api/host/setup',
      { headers: host, body: { officeName: '  Cabinet Roy Immigration ', admin: ADMIN } },
    );
    expect(answer.status).toBe(201);
    expect(answer.body.user).toMatchObject({ email: 'nadia.roy@cabinet.test', name: 'Nadia Roy', role: 'admin' });
    expect(answer.body.joinCode.code).toMatch(/^[0-9A-Z]{8}$/);

    await login(base, 'nadia.roy@cabinet.test', ADMIN.password);
    const [row] = await server.db.db.select().from(settings).where(eq(settings.id, SETTINGS_ID));
    expect(row?.officeName).toBe('Cabinet Roy Immigration');
    expect(row?.version).toBeGreaterThan(0);

    // Again, even with the secret: the office has its administrator.
    const again = await call<ErrorAnswer>(base, 'POST', '/api/host/setup', {
      headers: host,
      body: { officeName: 'Autre', admin: { ...ADMIN, email: 'intrus@exemple.test' } },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('office_already_set_up');
    expect((await call(base, 'POST', '/api/auth/login', { body: { email: 'intrus@exemple.test', password: ADMIN.password } })).status).toBe(401);

    // The code it gave works once, typed as a person types it.
    const typed = `${answer.body.joinCode.code.slice(0, 4).toLowerCase()} ${answer.body.joinCode.code.slice(4)}`;
    const joined = await call<{ officeName: string }>(base, 'POST', '/api/join', { body: { code: typed } });
    expect(joined.status).toBe(200);
    expect(joined.body.officeName).toBe('Cabinet Roy Immigration');
    const reused = await call<ErrorAnswer>(base, 'POST', '/api/join', { body: { code: answer.body.joinCode.code } });
    expect(reused.status).toBe(404);
    expect(reused.body.error.code).toBe('join_code_invalid');
  });

  it('donne au poste hôte un nouveau code par poste à ajouter, chacun à usage unique', async () => {
    const first = await call<{ code: string }>(base, 'POST', '/api/host/join-codes', { headers: host, body: {} });
    const second = await call<{ code: string }>(base, 'POST', '/api/host/join-codes', { headers: host, body: {} });
    expect(first.status).toBe(201);
    expect(second.body.code).not.toBe(first.body.code);
    expect((await call(base, 'POST', '/api/join', { body: { code: second.body.code } })).status).toBe(200);
    expect((await call(base, 'POST', '/api/join', { body: { code: first.body.code } })).status).toBe(200);
    expect((await call(base, 'POST', '/api/join', { body: { code: first.body.code } })).status).toBe(404);
  });

  it('limite les essais de codes depuis une même adresse', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call(base, 'POST', '/api/join', { body: { code: 'ZZZZ-ZZZZ' } })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 429).every((s) => s === 404)).toBe(true);
  });
});

describe('sans secret de poste hôte (serveur installé à part)', () => {
  let database: TestDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    database = await createTestDatabase(TEST_BACKENDS[0]!, { migrated: true });
    server = await startServer({ ...database.config, firstAdmin: null, hostSecret: null }, { log: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it('n’a aucune route de création : le premier administrateur vient de OFFICE_ADMIN_EMAIL ou de la commande', async () => {
    const answer = await call(server.url, 'POST', '/api/host/setup', { body: { officeName: 'X', admin: ADMIN } });
    expect(answer.status).toBe(404);
  });
});
