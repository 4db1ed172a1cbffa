import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '~shared/contract/ipc';
import { newId } from '~shared/ids';
import { Replica } from '../../db/replica';
import { SyncEngine, type Timers } from './engine';
import { ServerClient, type FetchLike } from './http';
// The office server's own errors, answered by the network in the 410 and 426 tests.
/* eslint-disable no-restricted-imports */
import { errorBody } from '~server/http/errors';
import { CURSOR_TOO_OLD } from '~server/sync/pull';
import { UPDATE_REQUIRED } from '~server/sync/routes';
/* eslint-enable no-restricted-imports */
import { TEST_BACKENDS, startTestOffice, type TestOffice } from '../../testing/office';
import { leadArgs, workstations } from '../../testing/workstation';

// The sync client against a real office server on loopback (issue 4, points 3 and 6).

/** How many history rows of `kind` the office holds for a lead: what "nothing doubled" counts. */
async function historyCount(office: TestOffice, leadId: string, kind: string): Promise<number> {
  const rows = await office.server.db.query<{ n: number | string }>('select count(*) as n from history where lead_id = $1 and kind = $2', [
    leadId,
    kind,
  ]);
  return Number(rows[0]?.n ?? 0);
}

describe.each(TEST_BACKENDS)('SyncEngine against an office server ($name)', (backend) => {
  let office: TestOffice;
  const stations = workstations();
  const open = stations.open;

  beforeAll(async () => {
    office = await startTestOffice({ backend, persistent: true });
  });
  afterEach(async () => {
    await office.start();
    await stations.disposeAll();
  });
  afterAll(async () => {
    await office?.dispose();
  });

  it('carries work between two workstations, across a stopped server, losing and doubling nothing', async () => {
    const admin = await open(office, 'admin');
    const marie = await open(office, 'marie');
    const first = leadArgs('Tremblay');
    await admin.run('lead.create', first);
    await admin.sync();
    await marie.sync();
    expect((await marie.call('leads:get', { id: first.id }))?.lead.lastName).toBe('Tremblay');

    await office.stop();
    const queued = [leadArgs('Gagnon'), leadArgs('Roy')];
    for (const args of queued) await admin.run('lead.create', args);
    await admin.run('lead.update', { id: first.id, patch: { notes: 'Rappeler après 17 h' } });
    const hers = leadArgs('Côté');
    await marie.run('lead.create', hers);
    expect(await admin.sync()).toMatchObject({ phase: 'offline', online: false, pending: 3 });
    expect(await marie.sync()).toMatchObject({ phase: 'offline', pending: 1 });
    // Offline, each workstation sees its own work at once.
    expect((await admin.call('leads:get', { id: first.id }))?.lead.notes).toBe('Rappeler après 17 h');

    await office.start();
    expect(await admin.sync()).toMatchObject({ phase: 'idle', online: true, pending: 0, message: null });
    expect(await marie.sync()).toMatchObject({ phase: 'idle', pending: 0 });
    await admin.sync();

    for (const station of [admin, marie]) {
      for (const args of [first, ...queued, hers]) {
        const sheet = await station.call('leads:get', { id: args.id });
        expect(sheet?.lead.lastName).toBe(args.lastName);
        expect(sheet?.lead.version).toBeGreaterThan(0);
      }
      expect((await station.call('leads:get', { id: first.id }))?.lead.notes).toBe('Rappeler après 17 h');
    }
    for (const args of [first, ...queued, hers]) expect(await historyCount(office, args.id, 'created')).toBe(1);
    expect(await historyCount(office, first.id, 'updated')).toBe(1);
  });

  it('pushes on its own and pulls on a poke, without waiting for the 30 s pull', async () => {
    const slow = { pokes: undefined, pollIntervalMs: 10 * 60_000 };
    const admin = await open(office, 'admin', { engine: slow });
    const julie = await open(office, 'julie', { engine: slow });
    const lead = leadArgs('Poké');
    await admin.run('lead.create', lead);
    await vi.waitFor(async () => expect(await julie.call('leads:get', { id: lead.id })).not.toBeNull(), { timeout: 15_000 });
    expect(julie.events.some((e) => e.type === 'changed' && e.tables.includes('leads'))).toBe(true);
    await vi.waitFor(() => expect(admin.manager.status()).toMatchObject({ phase: 'idle', pending: 0 }));
  });

  // A deactivation now wipes the workstation instead (issue 14, point 4: session/wipe.test.ts);
  // a new password set by an administrator still only ends the session.
  it('ends the session on 401 (password changed by an administrator), keeping the queued work for the next sign-in', async () => {
    const accueil = await open(office, 'accueil');
    const admin = await open(office, 'admin');
    const newPassword = 'un-nouveau-mot-de-passe';
    await admin.call('users:update', { id: office.users.accueil.id, password: newPassword });
    const lead = leadArgs('Gardé');
    await accueil.run('lead.create', lead);
    const status = await accueil.sync();
    expect(status).toMatchObject({ phase: 'session_ended', pending: 1 });
    expect(status.message).toMatch(/Reconnectez-vous/);
    expect(accueil.manager.replica!.pending().map((m) => m.name)).toEqual(['lead.create']);
    expect((await accueil.call('session:get', {})).user?.id).toBe(office.users.accueil.id);
    expect(accueil.events.some((e) => e.type === 'sync' && e.status.phase === 'session_ended')).toBe(true);

    const back = await accueil.manager.login(office.url, office.users.accueil.email, newPassword);
    expect(back.ok).toBe(true);
    expect(await accueil.sync()).toMatchObject({ phase: 'idle', pending: 0 });
    expect(await historyCount(office, lead.id, 'created')).toBe(1);
  });

  it('keeps a refusal from the server with the data the user had entered', async () => {
    const admin = await open(office, 'admin');
    const marie = await open(office, 'marie');
    const lead = leadArgs('Refusé');
    await admin.run('lead.create', lead);
    await admin.run('lead.assign', { assignments: [{ leadId: lead.id, assigneeId: office.users.marie.id }] });
    await admin.sync();
    await marie.sync();

    // Marie, offline, logs a call on her lead; meanwhile the admin hands it to Julie.
    marie.offline = true;
    const contact = { id: newId(), leadId: lead.id, channel: 'phone' as const, outcome: 'reached' as const, note: 'Appel du matin, très motivée' };
    await marie.run('lead.logContact', contact);
    expect((await marie.call('leads:get', { id: lead.id }))?.lead.status).toBe('contacted');
    await admin.run('lead.assign', { assignments: [{ leadId: lead.id, assigneeId: office.users.julie.id }] });
    await admin.sync();

    marie.offline = false;
    const status = await marie.sync();
    expect(status).toMatchObject({ phase: 'idle', pending: 0, refusals: 1 });
    const [refusal] = await marie.call('refusals:list', {});
    expect(refusal).toMatchObject({ name: 'lead.logContact', args: contact, code: 'forbidden' });
    expect(refusal!.message.length).toBeGreaterThan(10);
    expect(marie.events.filter((e): e is Extract<ApiEvent, { type: 'refused' }> => e.type === 'refused').map((e) => e.refusal.args)).toEqual([contact]);
    // Her replica is the server's again: no contact, Julie's lead.
    const sheet = await marie.call('leads:get', { id: lead.id });
    expect(sheet?.lead).toMatchObject({ status: 'new', assigneeId: office.users.julie.id });
    expect(sheet?.contactAttempts).toEqual([]);
    expect(await historyCount(office, lead.id, 'contact_logged')).toBe(0);
  });

  // The office server answers 410 to a cursor ahead of its counter (a database restored from a
  // backup) and 426 to a schema older than MIN_CLIENT_SCHEMA_VERSION (1 today, so no client can be
  // too old yet): both are answered here once, with the server's own error, by the network.
  const answerOnce = (status: 410 | 426, error: { code: string; message: string }, when: (url: string) => boolean) => {
    const state = { armed: false };
    const network: FetchLike = async (input, init) => {
      if (state.armed && when(input)) {
        state.armed = false;
        return Response.json(errorBody(error.code, error.message), { status });
      }
      return fetch(input, init);
    };
    return { state, network };
  };

  it('writes a first sync’s pages in bulk (the log folded at the end, not after each page), and later pulls as usual', async () => {
    const autocheckpoint = (station: Awaited<ReturnType<typeof open>>) => station.manager.replica?.sqlite.pragma('wal_autocheckpoint', { simple: true });
    const seen: Array<{ phase: string; pages: unknown }> = [];
    const marie = await open(office, null, { engine: { firstSyncPullLimit: 2 } });
    marie.manager.on((event) => {
      if (event.type === 'sync' && (event.status.phase === 'first_sync' || event.status.phase === 'pulling')) seen.push({ phase: event.status.phase, pages: autocheckpoint(marie) });
    });
    const login = await marie.manager.login(office.url, office.users.marie.email, office.users.marie.password);
    expect(login.ok).toBe(true);
    await marie.sync();
    const firstSync = seen.filter((s) => s.phase === 'first_sync');
    expect(firstSync.length).toBeGreaterThan(2);
    expect(new Set(firstSync.map((s) => s.pages))).toEqual(new Set([65_536]));
    expect(autocheckpoint(marie)).toBe(1000);

    seen.length = 0;
    await marie.run('lead.create', leadArgs('Après'));
    await marie.sync();
    expect(seen.filter((s) => s.phase === 'pulling').map((s) => s.pages)).toContain(1000);
    expect(seen.some((s) => s.phase === 'first_sync')).toBe(false);
  });

  it('starts again from 0 on 410, keeping the outbox', async () => {
    const gone = answerOnce(410, CURSOR_TOO_OLD, (url) => url.includes('/api/sync/pull') && !url.includes('cursor=0&'));
    const marie = await open(office, 'marie', { fetch: gone.network });
    const lead = leadArgs('Resync');
    await marie.run('lead.create', lead);
    gone.state.armed = true;
    expect(await marie.sync()).toMatchObject({ phase: 'idle', pending: 0 });
    expect(gone.state.armed).toBe(false);
    expect(marie.events.some((e) => e.type === 'sync' && e.status.phase === 'first_sync')).toBe(true);
    expect((await marie.call('leads:get', { id: lead.id }))?.lead.version).toBeGreaterThan(0);
    expect(await historyCount(office, lead.id, 'created')).toBe(1);
  });

  it('refuses a pull page whose cursor goes back and starts again from 0, keeping the outbox', async () => {
    // An answer from the past (a stale cache between the workstation and the office, say): the
    // real server's page with a cursor one below the one asked from, once.
    const state = { armed: false, wentBack: 0, pulledFrom: [] as number[] };
    const network: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (!input.includes('/api/sync/pull')) return response;
      const from = Number(new URL(input).searchParams.get('cursor'));
      state.pulledFrom.push(from);
      if (!state.armed || from === 0 || !response.ok) return response;
      state.armed = false;
      state.wentBack = from - 1;
      return Response.json({ ...((await response.json()) as object), cursor: from - 1 });
    };
    const marie = await open(office, 'marie', { fetch: network });
    // Queued offline, so that it is still in the outbox when the page from the past comes.
    marie.offline = true;
    const lead = leadArgs('Curseur en arrière');
    await marie.run('lead.create', lead);
    await marie.sync();
    marie.offline = false;
    state.armed = true;
    state.pulledFrom.length = 0;

    expect(await marie.sync()).toMatchObject({ phase: 'idle', pending: 0 });
    expect(state.wentBack).toBeGreaterThan(0);
    // The refused page was followed by a pull from 0, and the cursor never went back.
    const wentBackAt = state.pulledFrom.indexOf(state.wentBack + 1);
    expect(state.pulledFrom[wentBackAt + 1]).toBe(0);
    expect(marie.events.some((e) => e.type === 'sync' && e.status.phase === 'first_sync')).toBe(true);
    expect(marie.manager.replica!.cursor()).toBeGreaterThan(state.wentBack);
    // The queued lead reached the office once, and came back with its version.
    expect((await marie.call('leads:get', { id: lead.id }))?.lead.version).toBeGreaterThan(0);
    expect(await historyCount(office, lead.id, 'created')).toBe(1);
  });

  it('stops on 426 with the server’s French message, keeping the outbox', async () => {
    const old = answerOnce(426, UPDATE_REQUIRED, (url) => url.includes('/api/sync/push'));
    const julie = await open(office, 'julie', { fetch: old.network });
    old.state.armed = true;
    await julie.run('lead.create', leadArgs('Ancienne version'));
    const status = await julie.sync();
    expect(status).toMatchObject({ phase: 'update_required', pending: 1, message: UPDATE_REQUIRED.message });
    expect(status.message).toMatch(/^Mettez l’application à jour/);
    // Nothing more is tried until the application is updated (here: signed in again).
    expect(await julie.sync()).toMatchObject({ phase: 'update_required', pending: 1 });
  });
});

describe('SyncEngine scheduling', () => {
  /** Timers the test fires by hand, recording every delay asked for. */
  function manualTimers() {
    const queue: Array<{ fn: () => void; ms: number; handle: number }> = [];
    let next = 1;
    const timers: Timers = {
      setTimeout: (fn, ms) => {
        const handle = next++;
        queue.push({ fn, ms, handle });
        return handle;
      },
      clearTimeout: (handle) => {
        const index = queue.findIndex((t) => t.handle === handle);
        if (index >= 0) queue.splice(index, 1);
      },
    };
    return { timers, queue };
  }

  it('backs off exponentially with jitter, capped at 30 s, and resets after a success', async () => {
    const replica = Replica.open(':memory:');
    const { timers, queue } = manualTimers();
    let up = false;
    let random = 0;
    const client = new ServerClient('http://127.0.0.1:9', {
      fetch: async (input) => {
        if (!up) throw new TypeError('fetch failed');
        if (input.includes('/api/sync/pull')) {
          return Response.json({ cursor: 5, lastMutationId: 0, results: [], rows: [], more: false });
        }
        return Response.json({ lastMutationId: 0, results: [] });
      },
    });
    const HOUR = 3_600_000;
    const engine = new SyncEngine({ replica, client, token: 'x'.repeat(32), timers, pokes: null, random: () => random, pollIntervalMs: HOUR });
    engine.start();
    await vi.waitFor(() => expect(engine.status().online).toBe(false));

    const retries = () => queue.filter((t) => t.ms !== HOUR);
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const [retry] = retries();
      expect(retries()).toHaveLength(1);
      delays.push(retry!.ms);
      random = i % 2 === 0 ? 0 : 0.999_999;
      queue.splice(queue.indexOf(retry!), 1);
      retry!.fn();
      await vi.waitFor(() => expect(retries()).toHaveLength(1));
    }
    // Equal jitter: between half and all of min(30 s, 500 ms × 2^(n-1)).
    expect(delays).toEqual([250, 500, 2000, 2000, 8000, 8000, 30_000, 15_000, 30_000]);
    expect(engine.status()).toMatchObject({ phase: 'first_sync', online: false });
    expect(engine.status().message).toMatch(/^Le serveur du bureau ne répond pas/);

    up = true;
    const [retry] = retries();
    queue.splice(queue.indexOf(retry!), 1);
    retry!.fn();
    await vi.waitFor(() => expect(engine.status()).toMatchObject({ phase: 'idle', online: true, message: null }));
    expect(retries()).toHaveLength(0);
    // The periodic pull is the one timer left.
    expect(queue.map((t) => t.ms)).toEqual([HOUR]);
    await engine.stop();
    expect(queue).toEqual([]);
    expect(engine.status().phase).toBe('signed_out');
    replica.close();
  });
});
