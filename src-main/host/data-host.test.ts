import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelOutput, SyncStatus } from '~shared/contract/ipc';
import { newId } from '~shared/ids';
import { REPLICA_UNREADABLE_MESSAGE } from '~shared/contract/replica';
import { newReplicaKey } from '../db/encryption';
import type { TokenStore } from '../services/session/token-store';
import { startTestOffice, type TestOffice } from '../testing/office';
import { childProcessLauncher } from './child-process-port';
import { DataHost, HOST_STOPPED_MESSAGE, type DataHostOptions } from './data-host';
import { BIG_OFFICE_ADMIN, startLeadsOffice } from './testing/leads-office';
import { fakeUtilityProcess } from './testing/fake-utility-process';
import { utilityProcessLauncher } from './utility-process-port';

// Issue 12, point 1: the session, the replica and the sync in a process of their own. The host
// runs for real as a Node child process (the development bridge's transport), and through the
// utilityProcess transport with Electron's API replaced by a FAKE that starts a Node child process
// the way Electron would (its binary is absent here). Real office servers, real SQLite files.

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bureau-host-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function started(options: Partial<DataHostOptions> & Pick<DataHostOptions, 'start'>): Promise<{ host: DataHost; restarted: () => Promise<string> }> {
  const restarts: Array<(how: string) => void> = [];
  const host = await DataHost.start({ launch: childProcessLauncher(), onRestart: (how) => restarts.shift()?.(how), ...options });
  cleanups.push(() => host.close());
  return { host, restarted: () => new Promise((resolve) => restarts.push(resolve)) };
}

async function call<C extends keyof ChannelOutput>(host: DataHost, channel: C, input: unknown): Promise<ChannelOutput[C]> {
  const result = await host.invoke(channel, input);
  if (!result.ok) throw new Error(`${channel} : ${result.error.message}`);
  return result.value as ChannelOutput[C];
}

async function signIn(host: DataHost, serverUrl: string, email: string, password: string): Promise<void> {
  await call(host, 'session:login', { serverUrl, email, password });
}

describe('the data host in a Node child process', () => {
  it('writes a first sync of 100,000 leads while the parent keeps answering', { timeout: 900_000 }, async () => {
    const dir = await folder();
    const office = await startLeadsOffice(dir, 100_000);
    cleanups.push(() => office.stop());
    const { host } = await started({ start: { dataDir: join(dir, 'desk'), defaultServerUrl: office.url, tokens: 'file', saveFile: 'download', engine: { pokes: false } } });

    // The parent's own work during the sync: a timer, and the host's answers to status calls.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 10);
    cleanups.push(async () => clearInterval(timer));
    await signIn(host, office.url, BIG_OFFICE_ADMIN.email, BIG_OFFICE_ADMIN.password);
    const ticksAtStart = ticks;
    const during: SyncStatus[] = [];
    let status = await call(host, 'sync:status', {});
    while (status.lastSyncedAt === null || status.phase !== 'idle') {
      if (status.phase === 'first_sync' || status.phase === 'pulling') during.push(status);
      expect(['first_sync', 'pulling', 'pushing', 'idle']).toContain(status.phase);
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await call(host, 'sync:status', {});
    }
    clearInterval(timer);
    lag.disable();

    // The host answered while it wrote, with the sync's progress, and the parent's timer ran.
    expect(during.length).toBeGreaterThan(0);
    expect(during.some((s) => s.progress !== null)).toBe(true);
    expect(ticks - ticksAtStart).toBeGreaterThan(during.length);
    const page = await call(host, 'leads:list', { limit: 1 });
    expect(page.total).toBe(100_000);
    // The figure is the bench's (`npm run bench -- desktop`); here it is only told.
    console.info(`[hôte] boucle du parent pendant le premier sync : p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`);
  });

  describe('killed (SIGKILL)', () => {
    let office: TestOffice;

    it('starts again with its outbox intact, and a call in flight is answered in French', { timeout: 180_000 }, async () => {
      office = await startTestOffice({ persistent: true });
      cleanups.push(() => office.dispose());
      const dir = await folder();
      const { host, restarted } = await started({ start: { dataDir: dir, defaultServerUrl: office.url, tokens: 'file', saveFile: 'download', engine: { pokes: false } } });
      const admin = office.users.admin;
      await signIn(host, office.url, admin.email, admin.password);
      await call(host, 'sync:now', {});

      // Offline, three leads wait in the outbox.
      await office.stop();
      for (const n of [1, 2, 3]) await call(host, 'mutations:run', { name: 'lead.create', args: { id: newId(), firstName: 'Tué', lastName: `Lead ${n}`, source: 'manual' } });
      expect((await call(host, 'sync:status', {})).pending).toBe(3);

      const pid = host.pid!;
      const back = restarted();
      const inFlight = host.invoke('leads:list', { limit: 10 });
      process.kill(pid, 'SIGKILL');
      expect(await inFlight).toEqual({ ok: false, error: { code: 'host_stopped', message: HOST_STOPPED_MESSAGE } });
      expect(await back).toBe('signal SIGKILL');

      // A call made while it starts again waits for the new host, which resumed the session.
      const session = await call(host, 'session:get', {});
      expect(host.pid).not.toBe(pid);
      expect(session.user?.email).toBe(admin.email);
      expect((await call(host, 'sync:status', {})).pending).toBe(3);

      // Back online: the pending leads reach the office.
      await office.start();
      const synced = await call(host, 'sync:now', {});
      expect(synced.pending).toBe(0);
      const rows = await office.server.db.query<{ n: number }>("select count(*)::int as n from leads where first_name = 'Tué'");
      expect(rows[0]!.n).toBe(3);
    });
  });
});

describe('an encrypted replica whose key no longer opens it (issue 14, point 1)', () => {
  it('says so at start, refuses a fresh start without confirmation, then starts one from the server', { timeout: 180_000 }, async () => {
    const office = await startTestOffice();
    cleanups.push(() => office.dispose());
    const dir = await folder();
    const start = { dataDir: dir, defaultServerUrl: office.url, tokens: 'file' as const, saveFile: 'download' as const, engine: { pokes: false } };
    const admin = office.users.admin;
    const first = await started({ start });
    await signIn(first.host, office.url, admin.email, admin.password);
    const id = newId();
    await call(first.host, 'mutations:run', { name: 'lead.create', args: { id, firstName: 'Clé', lastName: 'Perdue', source: 'manual' } });
    expect((await call(first.host, 'sync:now', {})).pending).toBe(0);
    await first.host.close();

    // The key kept for this replica no longer matches it (a restored backup, another account's).
    const [keyFile] = await readdir(join(dir, 'keys'));
    await writeFile(join(dir, 'keys', keyFile!), newReplicaKey());

    const { host } = await started({ start });
    expect(await call(host, 'replica:status', {})).toEqual({ unreadable: { reason: 'wrong_key', serverUrl: office.url, userName: admin.name, email: admin.email } });
    expect((await call(host, 'session:get', {})).user).toBeNull();
    // Signing in again meets the same replica: a French refusal, not a crash.
    expect(await host.invoke('session:login', { serverUrl: office.url, email: admin.email, password: admin.password })).toEqual({
      ok: false,
      error: { code: 'replica_unreadable', message: REPLICA_UNREADABLE_MESSAGE },
    });
    expect(await host.invoke('replica:reset', { confirmed: false })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await call(host, 'replica:status', {})).unreadable).not.toBeNull();

    const session = await call(host, 'replica:reset', { confirmed: true });
    expect(session.user?.email).toBe(admin.email);
    expect(await call(host, 'replica:status', {})).toEqual({ unreadable: null });
    await call(host, 'sync:now', {});
    expect(await call(host, 'leads:get', { id })).toMatchObject({ lead: { id, lastName: 'Perdue' } });
  });
});

describe('the data host over the utilityProcess transport (FAKE utilityProcess: Electron’s binary is absent)', () => {
  it('starts the host module with a parent port, keeps tokens and files in the parent, restarts, closes', { timeout: 180_000 }, async () => {
    const office = await startTestOffice();
    cleanups.push(() => office.dispose());
    const dir = await folder();
    const electronUtility = fakeUtilityProcess();
    const sealed = new Map<string, string>();
    const inMap = (map: Map<string, string>): TokenStore => ({
      load: async (key) => map.get(key) ?? null,
      save: async (key, token) => void map.set(key, token),
      clear: async (key) => void map.delete(key),
    });
    const tokenStore = inMap(sealed);
    const replicaKeys = new Map<string, string>();
    const saved: string[] = [];
    const { host, restarted } = await started({
      launch: utilityProcessLauncher(electronUtility),
      start: { dataDir: dir, defaultServerUrl: office.url, tokens: 'parent', saveFile: 'parent', engine: { pokes: false } },
      tokenStore,
      replicaKeyStore: inMap(replicaKeys),
      saveFile: async ({ fileName, bytes }) => {
        saved.push(`${fileName} ${bytes.length > 0}`);
        return { kind: 'saved', fileName, path: join(dir, fileName) };
      },
    });
    // The host's module: its source, or the run's bundle of it (src-main/testing/vitest-bundles.ts).
    expect(electronUtility.forks).toEqual([{ modulePath: expect.stringMatching(/[/\\](host-process\.ts|host\.js)$/), serviceName: 'Bureau — données' }]);

    const admin = office.users.admin;
    await signIn(host, office.url, admin.email, admin.password);
    // The token went to the parent's store (Electron's safeStorage there), not to a file of the host.
    expect([...sealed.values()]).toHaveLength(1);
    // So did the replica's key (issue 14, point 1): no key file in the host's data folder.
    expect([...replicaKeys.values()]).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(await readdir(dir)).not.toContain('keys');
    const exported = await call(host, 'export:importTemplate', {});
    expect(exported.kind).toBe('saved');
    expect(saved).toHaveLength(1);

    const back = restarted();
    process.kill(host.pid!, 'SIGKILL');
    await back;
    // Started again through utilityProcess.fork, signed in again with the token kept by the parent.
    expect((await call(host, 'session:get', {})).user?.email).toBe(admin.email);
    expect(electronUtility.forks).toHaveLength(2);

    await host.close();
    expect(await host.invoke('session:get', {})).toMatchObject({ ok: false, error: { code: 'closing' } });
  });
});
