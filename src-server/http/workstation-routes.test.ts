import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkstationsAnswer } from '~shared/contract/workstations';
import { eq } from 'drizzle-orm';
import { workstations } from '../db/schema';
import type { RunningServer } from '../server';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { call, login, startTestServer, TEST_ADMIN } from '../testing/http';
import { listenForPokes, refusedUpgradeStatus } from '../testing/pokes';
import { TestSyncClient } from '../testing/sync-client';

// The workstation registry and the remote wipe over real HTTP (issue 14, point 4): every
// workstation listed with its user, name and last contact; once revoked — or its user deactivated
// — each of its requests answers 401 workstation_wiped, a push in it applied not at all.

type ErrorAnswer = { error: { code: string; message: string } };
const PASSWORD = 'un-bon-mot-de-passe';
const tomorrow = () => new Date(Date.now() + 24 * 3600_000).toISOString();

describe.each(TEST_BACKENDS)('postes de travail ($name)', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  let base: string;
  let adminToken: string;
  let admin: TestSyncClient;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    server = await startTestServer(database.config);
    base = server.url;
    adminToken = await login(base, TEST_ADMIN.email, TEST_ADMIN.password);
    admin = new TestSyncClient(base, adminToken);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  async function newCounselor(email: string): Promise<{ id: string; token: string }> {
    const created = await call<{ id: string }>(base, 'POST', '/api/admin/users', {
      token: adminToken,
      body: { email, name: `Conseillère ${email}`, role: 'counselor', password: PASSWORD },
    });
    expect(created.status).toBe(201);
    return { id: created.body.id, token: await login(base, email, PASSWORD) };
  }

  /** A workstation's first pull, naming itself as the desktop does. */
  async function firstSync(client: TestSyncClient, name: string): Promise<void> {
    const query = new URLSearchParams({ clientId: client.clientId, cursor: '0' });
    const answer = await call(base, 'GET', `/api/sync/pull?${query}`, { token: client.token, headers: { 'x-bureau-workstation': encodeURIComponent(name) } });
    expect(answer.status).toBe(200);
  }

  const list = async (token = adminToken) => call<WorkstationsAnswer & ErrorAnswer>(base, 'GET', '/api/admin/workstations', { token });
  const revoke = (clientId: string, token = adminToken) => call<WorkstationsAnswer & ErrorAnswer>(base, 'POST', `/api/admin/workstations/${clientId}/revoke`, { token });

  async function taskExists(id: string): Promise<boolean> {
    await admin.pullToEnd();
    return admin.replica.has(`tasks:${id}`);
  }

  it('lists each workstation with its user, its name and its last contact', async () => {
    const { id, token } = await newCounselor('liste@bureau.test');
    const laptop = new TestSyncClient(base, token);
    await firstSync(laptop, 'Portable de Josée');
    const answer = await list();
    expect(answer.status).toBe(200);
    const row = answer.body.workstations.find((w) => w.clientId === laptop.clientId);
    expect(row).toMatchObject({ userId: id, userName: 'Conseillère liste@bureau.test', name: 'Portable de Josée', wipeRequestedAt: null });
    expect(Date.parse(row!.lastContactAt)).not.toBeNaN();
  });

  it('refuses the list and the revocation to anyone but an administrator (403)', async () => {
    const { token } = await newCounselor('curieuse@bureau.test');
    const own = new TestSyncClient(base, token);
    await firstSync(own, 'Poste curieux');
    expect((await list(token)).status).toBe(403);
    const attempt = await revoke(own.clientId, token);
    expect(attempt.status).toBe(403);
    expect(attempt.body.error.message).toMatch(/administrateurs/);
    expect((await list()).body.workstations.find((w) => w.clientId === own.clientId)?.wipeRequestedAt).toBeNull();
    expect((await revoke(randomUUID())).status).toBe(404);
    expect((await revoke('pas-un-uuid')).status).toBe(400);
  });

  it('after a revocation, the next pull, push and poke answer workstation_wiped, and the push is not applied', async () => {
    const { id, token } = await newCounselor('revoquee@bureau.test');
    const laptop = new TestSyncClient(base, token);
    await firstSync(laptop, 'Portable volé');
    const pokes = await listenForPokes(base, token);

    const revoked = await revoke(laptop.clientId);
    expect(revoked.status).toBe(200);
    expect(revoked.body.workstations.find((w) => w.clientId === laptop.clientId)).toMatchObject({ wipeReason: 'revoked', wipeSentAt: null });
    // Its open socket closes; reconnecting hears the wipe.
    await pokes.closedByServer();

    const taskId = randomUUID();
    const push = await laptop.push([laptop.mutation('task.create', { id: taskId, ownerId: id, dueAt: tomorrow(), title: 'Après la révocation' })]);
    expect(push.status).toBe(401);
    expect(push.body.error?.code).toBe('workstation_wiped');
    expect(push.body.error?.message).toMatch(/révoqué par le bureau/);
    expect(await taskExists(taskId)).toBe(false);

    expect((await laptop.pull()).body.error?.code).toBe('workstation_wiped');
    expect(await refusedUpgradeStatus(base, { headers: { authorization: `Bearer ${token}` } })).toBe(401);
    // Any other authenticated request too, and the list says the workstation was told.
    expect((await call<ErrorAnswer>(base, 'GET', '/api/auth/me', { token })).body.error.code).toBe('workstation_wiped');
    expect((await list()).body.workstations.find((w) => w.clientId === laptop.clientId)?.wipeSentAt).not.toBeNull();

    // Signing in again on that workstation gives a new token, but the replica's clientId still hears the wipe.
    const fresh = new TestSyncClient(base, await login(base, 'revoquee@bureau.test', PASSWORD));
    const again = await fresh.pull({ clientId: laptop.clientId });
    expect(again.status).toBe(401);
    expect(again.body.error?.code).toBe('workstation_wiped');
    // A new replica (after the wipe) syncs normally.
    expect((await fresh.pull()).status).toBe(200);
  });

  it('deactivating a user marks every workstation of theirs, and none of their pushes is applied', async () => {
    const { id, token } = await newCounselor('partie@bureau.test');
    const desk = new TestSyncClient(base, token);
    await firstSync(desk, 'Bureau 1');
    const secondToken = await login(base, 'partie@bureau.test', PASSWORD);
    const laptop = new TestSyncClient(base, secondToken);
    await firstSync(laptop, 'Portable');

    expect((await call(base, 'PATCH', `/api/admin/users/${id}`, { token: adminToken, body: { active: false } })).status).toBe(200);
    const rows = (await list()).body.workstations.filter((w) => w.userId === id);
    expect(rows.map((w) => w.wipeReason)).toEqual(['user_deactivated', 'user_deactivated']);

    const taskId = randomUUID();
    const push = await desk.push([desk.mutation('task.create', { id: taskId, ownerId: id, dueAt: tomorrow(), title: 'Après le départ' })]);
    expect(push).toMatchObject({ status: 401, body: { error: { code: 'workstation_wiped' } } });
    expect((await laptop.pull()).body.error?.code).toBe('workstation_wiped');
    expect(await taskExists(taskId)).toBe(false);
  });

  it('never lets a user register, sync with or wipe another user’s clientId', async () => {
    const owner = await newCounselor('proprietaire@bureau.test');
    const intruder = await newCounselor('intruse@bureau.test');
    const ownerDesk = new TestSyncClient(base, owner.token);
    await firstSync(ownerDesk, 'Poste de la propriétaire');
    const stolen = new TestSyncClient(base, intruder.token);
    const answer = await stolen.pull({ clientId: ownerDesk.clientId });
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'client_of_another_user' } } });
    const row = (await list()).body.workstations.find((w) => w.clientId === ownerDesk.clientId);
    expect(row).toMatchObject({ userId: owner.id, name: 'Poste de la propriétaire' });
    // A replica that synced before the registry existed (sync_clients only) is its owner's too.
    const older = new TestSyncClient(base, owner.token);
    await older.apply('task.create', { id: randomUUID(), ownerId: owner.id, dueAt: tomorrow(), title: 'Avant le registre' });
    await server.db.db.delete(workstations).where(eq(workstations.clientId, older.clientId));
    expect((await stolen.pull({ clientId: older.clientId })).body.error?.code).toBe('client_of_another_user');
    expect((await older.pull()).status).toBe(200);
    // The intruder's token was not bound to that workstation: revoking it leaves the intruder signed in.
    await revoke(ownerDesk.clientId);
    expect((await call(base, 'GET', '/api/auth/me', { token: intruder.token })).status).toBe(200);
  });

  it('a revocation during pushes: every push after it is refused whole, none straddles it', async () => {
    const { id, token } = await newCounselor('concurrence@bureau.test');
    const laptop = new TestSyncClient(base, token);
    await firstSync(laptop, 'Poste pressé');
    const ids = Array.from({ length: 120 }, () => randomUUID());
    const mutations = ids.map((taskId, n) => laptop.mutation('task.create', { id: taskId, ownerId: id, dueAt: tomorrow(), title: `Tâche ${n}` }));
    const [push, revoked] = await Promise.all([laptop.push(mutations), revoke(laptop.clientId)]);
    expect(revoked.status).toBe(200);
    // Applied groups, if any, committed before the revocation; the answer then is 200 or the wipe.
    expect([200, 401]).toContain(push.status);
    const after = await laptop.push([laptop.mutation('task.create', { id: randomUUID(), ownerId: id, dueAt: tomorrow(), title: 'Trop tard' })]);
    expect(after.body.error?.code).toBe('workstation_wiped');
    await admin.pullToEnd();
    const applied = ids.filter((taskId) => admin.replica.has(`tasks:${taskId}`)).length;
    // Whole groups of 50 in order: never a mutation after a refused one.
    expect(ids.slice(0, applied).every((taskId) => admin.replica.has(`tasks:${taskId}`))).toBe(true);
    if (push.status === 200) expect(applied).toBe(120);
  });
});
