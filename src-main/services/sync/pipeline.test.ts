import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Replica } from '../../db/replica';
import { dumpSynced } from '../../testing/dump';
import { TEST_BACKENDS, startTestOffice, type TestOffice } from '../../testing/office';
import { startPullWatch, type PullWatch } from '../../testing/pull-watch';
import { leadArgs, workstations } from '../../testing/workstation';
import { SyncEngine, type Timers } from './engine';
import { ServerClient, type FetchLike } from './http';

// A pull of several pages asks the server for the next page as soon as a page has come, and writes
// that page meanwhile (docs/decisions.md, "The first sync's next page asked for while one is
// written"): the same requests in the same order, one page per transaction, and a page asked ahead
// is dropped when the page before it cannot be written or the engine stops.

/** Retries and polls that never fire: each test runs its syncs itself. */
const stillTimers: Timers = { setTimeout: () => null, clearTimeout: () => {} };

/** The cursor a pull request starts from. */
const cursorOf = (input: string) => Number(new URL(input).searchParams.get('cursor'));

describe.each(TEST_BACKENDS)('A pull asks for its next page while it writes one ($name)', (backend) => {
  let office: TestOffice;
  let watch: PullWatch;
  let folder: string;
  let token: string;
  /** The office as one page pulls it, nothing asked ahead. */
  let onePage: Record<string, unknown[]>;
  const engines: SyncEngine[] = [];
  const replicas: Replica[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  const replica = (name: string) => {
    const opened = Replica.open(join(folder, `${name}.sqlite`));
    replicas.push(opened);
    return opened;
  };
  const engine = (on: Replica, client: ServerClient, options: { onError?: (error: unknown) => void; firstSyncPullLimit?: number } = {}) => {
    const made = new SyncEngine({ replica: on, client, token, pokes: null, timers: stillTimers, firstSyncPullLimit: 4, ...options });
    engines.push(made);
    return made;
  };
  /** Writes each page through `write`, which may fail it or stop the engine first. */
  const writeThrough = (on: Replica, write: (page: Parameters<Replica['applyPull']>[0], apply: () => ReturnType<Replica['applyPull']>) => ReturnType<Replica['applyPull']>) => {
    const apply = on.applyPull.bind(on);
    vi.spyOn(on, 'applyPull').mockImplementation((page) => write(page, () => apply(page)));
  };

  beforeAll(async () => {
    office = await startTestOffice({ backend });
    watch = await startPullWatch(office.url);
    folder = mkdtempSync(join(tmpdir(), 'bureau-pipeline-'));
    const stations = workstations();
    const admin = await stations.open(office, 'admin');
    for (let i = 0; i < 8; i++) await admin.run('lead.create', leadArgs(`Page ${i}`));
    await admin.sync();
    await stations.disposeAll();
    token = (await new ServerClient(office.url).login(office.users.admin.email, office.users.admin.password)).token;
    const reference = replica('one-page');
    expect(await engine(reference, new ServerClient(office.url), { firstSyncPullLimit: 1_000 }).syncNow()).toMatchObject({ phase: 'idle' });
    onePage = dumpSynced(reference.sqlite);
    expect(onePage['leads']).toHaveLength(8);
  });
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    for (const made of engines.splice(0)) await made.stop();
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    for (const opened of replicas.splice(0)) opened.close();
    await watch?.stop();
    await office?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  // Node's fetch sends at once on a free connection; undici's own, which pinnedFetch uses for a
  // pinned https office (tls/pinned.ts), always a few steps later.
  const undiciAgent = new Agent();
  const fetches: Array<{ name: string; fetch: FetchLike }> = [
    { name: 'Node’s fetch', fetch: (input, init) => fetch(input, init) },
    { name: 'undici’s fetch, as pinnedFetch', fetch: (input, init) => undiciFetch(input, { ...(init as object), dispatcher: undiciAgent }) as unknown as Promise<Response> },
  ];
  afterAll(async () => {
    await undiciAgent.close();
  });

  it.each(fetches)('has the next page’s request on the network before it writes a page, with the same requests and rows as one page ($name)', async (via) => {
    const ahead = replica(`ahead-${fetches.indexOf(via)}`);
    const written: number[] = [];
    const askedBeforeWritten: boolean[] = [];
    const before = watch.cursors().length;
    writeThrough(ahead, (page, apply) => {
      // This thread is held from here until the page is written: only the proxy's thread can
      // have heard of the next request meanwhile.
      if (page.more) askedBeforeWritten.push(watch.arrivedWithin(page.cursor, 1_000, before));
      written.push(page.cursor);
      return apply();
    });
    expect(await engine(ahead, new ServerClient(watch.url, { fetch: via.fetch })).syncNow()).toMatchObject({ phase: 'idle' });

    expect(written.length).toBeGreaterThan(3);
    expect(askedBeforeWritten).toEqual(written.slice(0, -1).map(() => true));
    // One request per page, each from the cursor of the page before it, as a pull one page at a time.
    expect(watch.cursors().slice(before)).toEqual([0, ...written.slice(0, -1)]);
    expect(dumpSynced(ahead.sqlite)).toEqual(onePage);
  });

  it('drops the page asked ahead when a page cannot be written, and starts again from the last page written', async () => {
    const failed = replica('failed');
    const asked: number[] = [];
    let failing = true;
    const network: FetchLike = (input, init) => {
      if (!input.includes('/api/sync/pull')) return fetch(input, init);
      asked.push(cursorOf(input));
      // The third request is the one asked ahead while the second page is written: it fails once
      // nobody waits for it any more.
      if (failing && asked.length === 3) return new Promise((_, reject) => setTimeout(() => reject(new TypeError('fetch failed')), 50));
      return fetch(input, init);
    };
    const written: number[] = [];
    writeThrough(failed, (page, apply) => {
      if (failing && written.length === 1) throw new Error('disque plein');
      const outcome = apply();
      written.push(page.cursor);
      return outcome;
    });
    const errors: unknown[] = [];
    const client = new ServerClient(office.url, { fetch: network });
    const status = await engine(failed, client, { onError: (error) => errors.push(error) }).syncNow();

    expect(status).toMatchObject({ phase: 'first_sync', message: 'La synchronisation a échoué. Nouvel essai sous peu.' });
    expect(errors).toEqual([new Error('disque plein')]);
    expect(failed.cursor()).toBe(written[0]);
    await vi.waitFor(() => expect(asked).toHaveLength(3));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(unhandled).toEqual([]);

    failing = false;
    asked.length = 0;
    expect(await engine(failed, client).syncNow()).toMatchObject({ phase: 'idle' });
    expect(asked[0]).toBe(written[0]);
    expect(dumpSynced(failed.sqlite)).toEqual(onePage);
  });

  it('drops the page asked ahead when the engine stops while it writes a page, and the next sign-in goes on from there', async () => {
    const stopped = replica('stopped');
    const written: number[] = [];
    let stopping: Promise<void> | null = null;
    writeThrough(stopped, (page, apply) => {
      // Signed out while the second page is written, its next page already asked for.
      if (written.length === 1) stopping ??= first.stop();
      const outcome = apply();
      written.push(page.cursor);
      return outcome;
    });
    const errors: unknown[] = [];
    const asked: number[] = [];
    const client = new ServerClient(office.url, {
      fetch: (input, init) => {
        if (input.includes('/api/sync/pull')) asked.push(cursorOf(input));
        return fetch(input, init);
      },
    });
    const first = engine(stopped, client, { onError: (error) => errors.push(error) });
    expect(await first.syncNow()).toMatchObject({ phase: 'signed_out' });
    await stopping;

    expect(written).toHaveLength(2);
    expect(stopped.cursor()).toBe(written[1]);
    expect(asked).toEqual([0, ...written]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(unhandled).toEqual([]);
    expect(errors).toEqual([]);

    asked.length = 0;
    expect(await engine(stopped, client).syncNow()).toMatchObject({ phase: 'idle' });
    expect(asked[0]).toBe(written[1]);
    expect(dumpSynced(stopped.sqlite)).toEqual(onePage);
  });
});
