import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BACKENDS, startTestOffice, type TestOffice } from '../../testing/office';
import { leadArgs, workstation, workstations, type Workstation } from '../../testing/workstation';
import { replicaFile } from './session';

// The remote wipe end to end (issue 14, point 4): a real office server on loopback, real replica
// files. Once the office revokes the workstation — or deactivates its user — the next contact
// deletes the replica (with its journal and key files) and the token, pushes nothing of what
// waited in the outbox, and the session says why.

describe.each(TEST_BACKENDS)('effacement à distance ($name)', (backend) => {
  let office: TestOffice;
  let admin: Workstation;
  const stations = workstations();

  beforeAll(async () => {
    office = await startTestOffice({ backend });
    admin = await stations.open(office, 'admin', { workstationName: 'Poste de l’administratrice' });
  });
  afterAll(async () => {
    await stations.disposeAll();
    await office?.dispose();
  });

  async function expectWiped(ws: Workstation, userId: string): Promise<void> {
    await ws.manager.settled();
    const file = replicaFile(ws.dataDir, office.url, userId);
    const left = await readdir(join(ws.dataDir, 'replicas'));
    expect(left.filter((name) => name.startsWith(`${file.split('/').pop()}`))).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect(await readdir(join(ws.dataDir, 'tokens')).catch(() => [])).toEqual([]);
    const session = await ws.call('session:get', {});
    expect(session).toMatchObject({ user: null, wiped: true });
    expect(ws.events).toContainEqual({ type: 'session', session: expect.objectContaining({ user: null, wiped: true }) });
  }

  it('lists the workstation with its user and name; once revoked, its next sync deletes the replica and the token and pushes nothing', async () => {
    const ws = await stations.open(office, 'marie', { workstationName: 'Portable de Marie' });
    const clientId = ws.manager.replica!.clientId;
    const file = replicaFile(ws.dataDir, office.url, office.users.marie.id);
    // A key file beside the replica (an encrypted replica's) goes with it.
    await writeFile(`${file}.key`, 'clé');

    const listed = await admin.call('workstations:list', {});
    expect(listed.find((w) => w.clientId === clientId)).toMatchObject({ userId: office.users.marie.id, userName: office.users.marie.name, name: 'Portable de Marie', wipeRequestedAt: null });

    // Work done offline, waiting in the outbox when the office revokes the workstation.
    ws.offline = true;
    const queued = leadArgs('Après-révocation');
    await ws.run('lead.create', queued);
    const revoked = await admin.call('workstations:revoke', { clientId });
    expect(revoked.find((w) => w.clientId === clientId)).toMatchObject({ wipeReason: 'revoked' });

    ws.offline = false;
    await ws.sync();
    await expectWiped(ws, office.users.marie.id);
    expect(await office.hasLead(queued.id)).toBe(false);
    expect((await admin.call('workstations:list', {})).find((w) => w.clientId === clientId)?.wipeSentAt).not.toBeNull();

    // The person may sign in again: a fresh replica, with a new clientId, syncs.
    const again = await ws.manager.login(office.url, office.users.marie.email, office.users.marie.password);
    expect(again).toMatchObject({ ok: true, value: { user: { id: office.users.marie.id } } });
    expect(again.ok && again.value.wiped).toBeFalsy();
    await ws.sync();
    expect(ws.manager.replica!.clientId).not.toBe(clientId);
    expect((await ws.call('sync:status', {})).phase).toBe('idle');
  });

  it('deactivating the user wipes each of their workstations at its next contact, even one that was closed', async () => {
    const desk = await stations.open(office, 'julie');
    const laptopDir = (await stations.open(office, 'julie')).dataDir;
    const deskFile = replicaFile(desk.dataDir, office.url, office.users.julie.id);
    expect(existsSync(deskFile)).toBe(true);
    // The laptop is shut; it will learn of the wipe when it starts again.
    const shut = await workstation(office, null, { dataDir: laptopDir });
    await shut.dispose();

    desk.offline = true;
    const queued = leadArgs('Après-départ');
    await desk.run('lead.create', queued);
    await admin.call('users:update', { id: office.users.julie.id, active: false });
    desk.offline = false;
    await desk.sync();
    await expectWiped(desk, office.users.julie.id);
    expect(await office.hasLead(queued.id)).toBe(false);

    const restarted = await stations.open(office, null, { dataDir: laptopDir });
    await restarted.manager.resume();
    await expectWiped(restarted, office.users.julie.id);
    await admin.call('users:update', { id: office.users.julie.id, active: true });
  });

  it('refuses the workstations list and a revocation to anyone but an administrator', async () => {
    const ws = await stations.open(office, 'director');
    const list = await ws.manager.invoke('workstations:list', {});
    expect(list).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const revoke = await ws.manager.invoke('workstations:revoke', { clientId: ws.manager.replica!.clientId });
    expect(revoke).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await ws.call('sync:status', {})).phase).toBe('idle');
  });
});
