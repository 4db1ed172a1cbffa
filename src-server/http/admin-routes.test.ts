import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { currentVersion } from '../db/connection';
import { writePuts } from '../db/puts';
import { userCredentials, users } from '../db/schema';
import type { RunningServer } from '../server';
import { TEST_BACKENDS } from '../testing/databases';
import { call, login, TEST_ADMIN } from '../testing/http';
import { startOfficeServer, type OfficeServer } from '../testing/office';

// POST /api/admin/users and PATCH /api/admin/users/:id over real HTTP (server-api.md).

interface UserBody {
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
  version: number;
}
interface ErrorAnswer {
  error: { code: string; message: string; fields?: Record<string, string> };
}

describe.each(TEST_BACKENDS)('gestion des utilisateurs ($name)', (backend) => {
  let office: OfficeServer;
  let server: RunningServer;
  let base: string;
  let admin: string;
  let seq = 0;

  beforeAll(async () => {
    office = await startOfficeServer(backend);
    ({ server, base } = office);
    admin = await login(base, TEST_ADMIN.email, TEST_ADMIN.password);
  });
  afterAll(async () => {
    await office?.stop();
  });

  async function create(role: string, password = 'un-bon-mot-de-passe') {
    const email = `personne${++seq}@bureau.test`;
    const answer = await call<UserBody>(base, 'POST', '/api/admin/users', {
      token: admin,
      body: { email, name: `Personne ${seq}`, role, password },
    });
    expect(answer.status).toBe(201);
    return { ...answer.body, password, answered: answer.body };
  }

  async function giveClient(ownerId: string) {
    const at = new Date().toISOString();
    const client: Client = {
      id: newId(),
      version: 0,
      deletedAt: null,
      createdAt: at,
      updatedAt: at,
      leadId: newId(),
      fileNumber: `2026-${String(++seq).padStart(4, '0')}`,
      ownerId,
      convertedAt: at,
      convertedById: ownerId,
    };
    await server.db.writeTransaction((tx, versions) => writePuts(tx, versions, [{ table: 'clients', row: client }]));
  }

  it('creates a user as a synced row with a new version, and secrets apart', async () => {
    const before = await currentVersion(server.db.db);
    const marie = await create('counselor');
    expect(marie).toMatchObject({ role: 'counselor', active: true, name: `Personne ${seq}` });
    expect(marie.version).toBeGreaterThan(before);
    expect(await currentVersion(server.db.db)).toBe(marie.version);
    expect(Object.keys(marie.answered).sort()).toEqual(
      ['active', 'createdAt', 'email', 'id', 'name', 'role', 'titleForm', 'updatedAt', 'version'],
    );

    const [secrets] = await server.db.db.select().from(userCredentials).where(eq(userCredentials.userId, marie.id));
    expect(secrets!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(secrets!.passwordHash).not.toContain(marie.password);
    // ≥ 128 bits, url-safe: it goes in /calendar/<secret>.ics
    expect(secrets!.calendarSecret).toMatch(/^[A-Za-z0-9_-]{32,}$/);

    expect(await login(base, marie.email, marie.password)).toBeTypeOf('string');
  });

  it('keeps how each person’s role is said: chosen at creation, changed or reset by a patch, as a new version (issue 15, point 9)', async () => {
    const created = await call<UserBody & { titleForm: string | null }>(base, 'POST', '/api/admin/users', {
      token: admin,
      body: { email: `directeur${++seq}@bureau.test`, name: 'Denis Directeur', role: 'director', titleForm: 'masculine', password: 'un-bon-mot-de-passe' },
    });
    expect(created.status).toBe(201);
    expect(created.body.titleForm).toBe('masculine');
    expect((await create('counselor')).answered).toMatchObject({ titleForm: null });

    const feminine = await call<UserBody & { titleForm: string | null }>(base, 'PATCH', `/api/admin/users/${created.body.id}`, { token: admin, body: { titleForm: 'feminine' } });
    expect(feminine.body.titleForm).toBe('feminine');
    expect(feminine.body.version).toBeGreaterThan(created.body.version);
    const reset = await call<UserBody & { titleForm: string | null }>(base, 'PATCH', `/api/admin/users/${created.body.id}`, { token: admin, body: { titleForm: null } });
    expect(reset.body.titleForm).toBeNull();
    const [row] = await server.db.db.select().from(users).where(eq(users.id, created.body.id));
    expect(row).toMatchObject({ titleForm: null, version: reset.body.version });

    const bad = await call<ErrorAnswer>(base, 'PATCH', `/api/admin/users/${created.body.id}`, { token: admin, body: { titleForm: 'neutre' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ titleForm: 'Forme du titre inconnue\u00a0: feminine, masculine ou null.' });
  });

  it('answers 409 when the e-mail exists, whatever its case', async () => {
    const existing = await create('director');
    const again = await call<ErrorAnswer>(base, 'POST', '/api/admin/users', {
      token: admin,
      body: { email: existing.email.toUpperCase(), name: 'Autre', role: 'counselor', password: 'un-bon-mot-de-passe' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: 'email_taken', message: 'Un utilisateur existe déjà avec ce courriel.' });
  });

  it('validates the body in French', async () => {
    const answer = await call<ErrorAnswer>(base, 'POST', '/api/admin/users', {
      token: admin,
      body: { email: 'pas-un-courriel', name: ' ', role: 'stagiaire', password: 'court' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual({
      email: 'Adresse courriel invalide.',
      name: 'Le nom est obligatoire.',
      role: 'Rôle inconnu\u00a0: admin, director, counselor, secretary.',
      password: 'Le mot de passe doit compter au moins 10 caractères.',
    });
  });

  it('answers 400 to a bad patch with French errors per field, the ones the desktop gives, and changes nothing', async () => {
    const julie = await create('counselor');
    const bad = await call<ErrorAnswer>(base, 'PATCH', `/api/admin/users/${julie.id}`, {
      token: admin,
      body: { name: 'x'.repeat(201), role: 'stagiaire', active: 'oui', password: 'court' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_body');
    expect(bad.body.error.fields).toEqual({
      name: 'Le nom compte au plus 200 caractères.',
      role: 'Rôle inconnu\u00a0: admin, director, counselor, secretary.',
      active: 'Actif\u00a0: oui (true) ou non (false).',
      password: 'Le mot de passe doit compter au moins 10 caractères.',
    });
    // One sentence per field, each naming it, in the message a client shows when it has no form.
    expect(bad.body.error.message).toBe(
      'Données invalides — Le nom compte au plus 200 caractères. Rôle inconnu\u00a0: admin, director, counselor, secretary. ' +
        'Actif\u00a0: oui (true) ou non (false). Le mot de passe doit compter au moins 10 caractères.',
    );

    const notChangeable = await call<ErrorAnswer>(base, 'PATCH', `/api/admin/users/${julie.id}`, { token: admin, body: { email: 'autre@bureau.test' } });
    expect(notChangeable.status).toBe(400);
    expect(notChangeable.body.error.fields).toEqual({ _: 'Champ non modifiable\u00a0: seuls name, role, titleForm, active et password le sont.' });
    const [row] = await server.db.db.select().from(users).where(eq(users.id, julie.id));
    expect(row).toMatchObject({ name: julie.name, role: 'counselor', active: true, email: julie.email });
  });

    it('is for admins only: 403 for every other role, 401 without a token', async () => {
    for (const role of ['director', 'counselor', 'secretary']) {
      const user = await create(role);
      const token = await login(base, user.email, user.password);
      const created = await call<ErrorAnswer>(base, 'POST', '/api/admin/users', {
        token,
        body: { email: `x-${role}@bureau.test`, name: 'X', role: 'admin', password: 'un-bon-mot-de-passe' },
      });
      expect(created.status).toBe(403);
      expect(created.body.error.message).toMatch(/administrateurs/);
      const patched = await call(base, 'PATCH', `/api/admin/users/${user.id}`, { token, body: { role: 'admin' } });
      expect(patched.status).toBe(403);
    }
    const anonymous = await call(base, 'POST', '/api/admin/users', {
      body: { email: 'y@bureau.test', name: 'Y', role: 'admin', password: 'un-bon-mot-de-passe' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('revokes every token of a deactivated user at once, and refuses their sign-in', async () => {
    const julie = await create('counselor');
    const first = await login(base, julie.email, julie.password);
    const second = await login(base, julie.email, julie.password);
    expect((await call(base, 'GET', '/api/auth/me', { token: first })).status).toBe(200);

    const patched = await call<UserBody>(base, 'PATCH', `/api/admin/users/${julie.id}`, {
      token: admin,
      body: { active: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);
    expect(patched.body.version).toBeGreaterThan(julie.version);

    for (const token of [first, second]) {
      expect((await call(base, 'GET', '/api/auth/me', { token })).status).toBe(401);
    }
    const again = await call<ErrorAnswer>(base, 'POST', '/api/auth/login', {
      body: { email: julie.email, password: julie.password },
    });
    // The right password of a deactivated account is answered like a wrong one (issue 8, point 3).
    const wrong = await call<ErrorAnswer>(base, 'POST', '/api/auth/login', {
      body: { email: julie.email, password: 'pas-le-bon-mot-de-passe' },
    });
    expect(again.status).toBe(401);
    expect(again.body).toEqual(wrong.body);
    expect(again.body.error).toEqual({
      code: 'invalid_credentials',
      message: 'Courriel ou mot de passe incorrect, ou compte désactivé.',
    });

    const back = await call<UserBody>(base, 'PATCH', `/api/admin/users/${julie.id}`, { token: admin, body: { active: true } });
    expect(back.body.active).toBe(true);
    expect(await login(base, julie.email, julie.password)).toBeTypeOf('string');
  });

  it('refuses to make a secretary of a user who owns clients (409), and allows it once they own none', async () => {
    const sophie = await create('counselor');
    await giveClient(sophie.id);
    const refused = await call<ErrorAnswer>(base, 'PATCH', `/api/admin/users/${sophie.id}`, {
      token: admin,
      body: { role: 'secretary' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('secretary_rule');
    expect(refused.body.error.message).toMatch(/secrétaire ne peut jamais être propriétaire d’un client/);
    const [row] = await server.db.db.select().from(users).where(eq(users.id, sophie.id));
    expect(row!.role).toBe('counselor');

    const other = await create('counselor');
    const allowed = await call<UserBody>(base, 'PATCH', `/api/admin/users/${other.id}`, {
      token: admin,
      body: { role: 'secretary', name: 'Réception' },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ role: 'secretary', name: 'Réception' });
  });

  it('re-hashes a new password: the old one stops working, the new one works, old sessions end', async () => {
    const user = await create('counselor', 'ancien-mot-de-passe');
    const session = await login(base, user.email, 'ancien-mot-de-passe');
    const patched = await call(base, 'PATCH', `/api/admin/users/${user.id}`, {
      token: admin,
      body: { password: 'nouveau-mot-de-passe' },
    });
    expect(patched.status).toBe(200);
    expect((await call(base, 'POST', '/api/auth/login', { body: { email: user.email, password: 'ancien-mot-de-passe' } })).status).toBe(401);
    expect(await login(base, user.email, 'nouveau-mot-de-passe')).toBeTypeOf('string');
    expect((await call(base, 'GET', '/api/auth/me', { token: session })).status).toBe(401);
  });

  it('answers 404 for an unknown user and 400 for a field that cannot be changed', async () => {
    const missing = await call<ErrorAnswer>(base, 'PATCH', `/api/admin/users/${newId()}`, { token: admin, body: { name: 'X' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('Utilisateur introuvable.');

    const user = await create('counselor');
    const email = await call<ErrorAnswer>(base, 'PATCH', `/api/admin/users/${user.id}`, {
      token: admin,
      body: { email: 'autre@bureau.test' },
    });
    expect(email.status).toBe(400);
    const empty = await call<ErrorAnswer>(base, 'PATCH', `/api/admin/users/${user.id}`, { token: admin, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/Aucun champ à modifier/);
    expect((await call(base, 'PATCH', '/api/admin/users/pas-un-id', { token: admin, body: { name: 'X' } })).status).toBe(400);
  });

  it('keeps at least one active administrator', async () => {
    const [me] = await server.db.db.select().from(users).where(eq(users.email, TEST_ADMIN.email));
    const others = await server.db.db.select().from(users).where(eq(users.role, 'admin'));
    expect(others).toHaveLength(1);
    const refused = await call<ErrorAnswer>(base, 'PATCH', `/api/admin/users/${me!.id}`, { token: admin, body: { active: false } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('last_admin');

    const second = await create('admin');
    const demoted = await call<UserBody>(base, 'PATCH', `/api/admin/users/${second.id}`, { token: admin, body: { role: 'director' } });
    expect(demoted.status).toBe(200);
  });
});
