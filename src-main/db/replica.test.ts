import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '~shared/contract/sync';
import type { Client, Lead, SyncedTable } from '~shared/domain/entities';
import { USERS, actorOf, client, lead as aLead, testId } from '~shared/testing/builders';
import { InvalidPullError, PullCursorWentBackError, Replica } from './replica';
import { listLeads } from './repositories/leads';
import { rowStore } from './rows';
import { dumpReplica } from '../testing/dump';
import type { ReferenceOffice } from '../testing/reference-office';
import { newOffice, pullAll, pushAll, rebuiltLike } from '../testing/sync-harness';

const admin = actorOf(USERS.admin);
const director = actorOf(USERS.director);
const marie = actorOf(USERS.counselor);
const julie = actorOf(USERS.counselor2);

const T = (minute: number) => new Date(Date.UTC(2026, 2, 10, 15, minute)).toISOString();
const L1 = testId('lead', 'replica-1');
const L2 = testId('lead', 'replica-2');

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function track<T extends { close(): void }>(thing: T): T {
  cleanups.push(() => thing.close());
  return thing;
}

function setup(): { office: ReferenceOffice; replica: Replica } {
  const office = track(newOffice());
  const replica = track(Replica.open(':memory:', { clock: () => new Date(T(59)) }));
  pullAll(replica, office, admin.id);
  return { office, replica };
}

/** The ids the Leads screen's search finds. */
const search = (replica: Replica, text: string) =>
  listLeads(replica.sqlite, { filters: { search: text }, sort: 'created_desc', limit: 50 }).rows.map((r) => r.id);

function leadRow(replica: Replica, id: string): Lead | null {
  return rowStore(replica.sqlite).get('leads', id);
}

function expectInvariant(replica: Replica, office: ReferenceOffice, userId: string): void {
  const fresh = track(Replica.open(':memory:', { clientId: replica.clientId }));
  const { expected, actual } = rebuiltLike(replica, fresh, userId, office);
  expect(actual).toEqual(expected);
}

const create = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  firstName: 'Hélène',
  lastName: 'Tremblay',
  phone: '514 555-0199',
  source: 'manual',
  ...fields,
});

/** Every transaction the replica opens from now on: true when opened inside another (a savepoint). */
function recordTransactions(replica: Replica): boolean[] {
  const opened: boolean[] = [];
  const transaction = replica.sqlite.transaction.bind(replica.sqlite);
  replica.sqlite.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const run = transaction(fn);
    return (...args: unknown[]) => {
      opened.push(replica.sqlite.inTransaction);
      return run(...args);
    };
  }) as typeof replica.sqlite.transaction;
  return opened;
}

describe('Replica.runMutation', () => {
  it('applies a mutation at once and queues it with gapless ids, keeping what was sent', () => {
    const { replica } = setup();
    const first = replica.runMutation(admin, 'lead.create', create(L1), T(1));
    const second = replica.runMutation(admin, 'lead.update', { id: L1, patch: { city: 'Laval' } }, T(2));

    expect(first).toMatchObject({ ok: true, mutationId: 1 });
    expect(second).toMatchObject({ ok: true, mutationId: 2 });
    expect(first.ok && first.tables).toEqual(expect.arrayContaining(['leads', 'history']));
    expect(leadRow(replica, L1)).toMatchObject({ firstName: 'Hélène', phoneE164: '+15145550199', city: 'Laval', status: 'new' });
    expect(replica.pending()).toEqual([
      { id: 1, name: 'lead.create', args: create(L1), clientTime: T(1) },
      { id: 2, name: 'lead.update', args: { id: L1, patch: { city: 'Laval' } }, clientTime: T(2) },
    ]);
    expect(replica.pendingCount()).toBe(2);
    // The first touch saved "absent" (the lead was created here) and later touches keep it.
    const image = replica.sqlite.prepare("select image from saved_images where table_name = 'leads' and row_id = ?").pluck().get(L1);
    expect(image).toBeNull();
    expect(listLeads(replica.sqlite, { filters: {}, sort: 'created_desc', limit: 10 }).rows[0]).toMatchObject({ id: L1, pending: true });
  });

  it('queues nothing for a mutation the rules refuse here, and the next one takes the next id', () => {
    const { office } = setup();
    office.perform(admin, 'lead.create', create(L1), T(0));
    const replica = track(Replica.open(':memory:'));
    pullAll(replica, office, marie.id);
    const before = dumpReplica(replica.sqlite);

    // permissions.md: a counselor edits her own leads only; L1 is nobody's.
    const refused = replica.runMutation(marie, 'lead.update', { id: L1, patch: { city: 'Laval' } }, T(1));
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'forbidden' } });
    const invalid = replica.runMutation(marie, 'lead.create', { id: 'pas-un-uuid', lastName: '' }, T(2));
    expect(invalid).toMatchObject({ ok: false, refusal: { code: 'invalid_args' } });
    expect(invalid.ok ? '' : invalid.refusal.message).toMatch(/obligatoire|invalide/);
    expect(dumpReplica(replica.sqlite)).toEqual(before);

    expect(replica.runMutation(marie, 'lead.create', create(L2), T(3))).toMatchObject({ ok: true, mutationId: 1 });
  });

  it('tells listeners which tables changed, after the commit', () => {
    const { replica } = setup();
    const seen: SyncedTable[][] = [];
    const stop = replica.onChange((tables) => seen.push(tables));
    replica.runMutation(admin, 'lead.create', create(L1), T(1));
    replica.runMutation(admin, 'lead.update', { id: L1, patch: {} }, T(2)); // refused: no event
    stop();
    replica.runMutation(admin, 'lead.update', { id: L1, patch: { city: 'Laval' } }, T(3)); // unsubscribed
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual(expect.arrayContaining(['leads', 'history']));
  });

  it('refuses a mutation whose writing breaks a constraint, keeping none of its rows and queuing nothing', () => {
    const { replica } = setup();
    expect(replica.runMutation(admin, 'lead.create', create(L1), T(1))).toMatchObject({ ok: true, mutationId: 1 });
    // The lead row is written before its history line: the failure comes midway through the writes.
    replica.sqlite.exec(`create temp trigger history_refused before insert on history when new.lead_id = '${L2}'
      begin select raise(abort, 'refusé par le test'); end`);
    const before = dumpReplica(replica.sqlite);

    const refused = replica.runMutation(admin, 'lead.create', create(L2, { phone: '514 555-0100' }), T(2));
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'conflict' } });
    expect(leadRow(replica, L2)).toBeNull();
    expect(dumpReplica(replica.sqlite)).toEqual(before);

    replica.sqlite.exec('drop trigger history_refused');
    expect(replica.runMutation(admin, 'lead.create', create(L2, { phone: '514 555-0100' }), T(3))).toMatchObject({ ok: true, mutationId: 2 });
  });

  it('writes a mutation in one transaction with no savepoint inside (an import chunk’s cost must not grow with the table)', () => {
    const { replica } = setup();
    const opened = recordTransactions(replica);
    const leads = [1, 2, 3].map((n) => create(testId('lead', `replica-chunk-${n}`), { phone: `514 555-010${n}`, source: 'import' }));

    const chunk = replica.runMutation(admin, 'lead.createMany', { importBatchId: testId('batch', 'replica-chunk'), fileName: 'leads.xlsx', leads }, T(1));
    expect(chunk).toMatchObject({ ok: true, mutationId: 1 });
    expect(opened).toEqual([false]);
    expect(replica.pendingCount()).toBe(1);
  });

  describe('runMutations (an import’s chunks, several per transaction)', () => {
    const chunkOf = (n: number, phones: string[]) => ({
      name: 'lead.createMany',
      args: {
        importBatchId: testId('batch', 'replica-group'),
        fileName: 'leads.xlsx',
        leads: phones.map((phone, k) => create(testId('lead', `group-${n}-${k}`), { phone, source: 'import' })),
      },
      clientTime: T(n),
    });

    it('runs them in one transaction, each its own outbox entry with its own id, and tells listeners once', () => {
      const { replica } = setup();
      const opened = recordTransactions(replica);
      const seen: SyncedTable[][] = [];
      replica.onChange((tables) => seen.push(tables));

      const results = replica.runMutations(admin, [chunkOf(1, ['514 555-0401']), chunkOf(2, ['514 555-0402', '514 555-0403'])]);
      expect(results).toMatchObject([
        { ok: true, mutationId: 1 },
        { ok: true, mutationId: 2 },
      ]);
      expect(opened).toEqual([false]);
      expect(replica.pending(10, 10_000_000).map((m) => [m.id, m.name, (m.args as { leads: unknown[] }).leads.length])).toEqual([
        [1, 'lead.createMany', 1],
        [2, 'lead.createMany', 2],
      ]);
      expect(seen).toHaveLength(1);
      expect(leadRow(replica, testId('lead', 'group-2-1'))).toMatchObject({ phoneE164: '+15145550403' });
    });

    it('stops at a mutation the rules refuse: those before it stay, it and those after are not run', () => {
      const { replica } = setup();
      const refusedChunk = { ...chunkOf(2, []), args: { ...chunkOf(2, []).args, leads: [] } };
      const results = replica.runMutations(admin, [chunkOf(1, ['514 555-0411']), refusedChunk, chunkOf(3, ['514 555-0413'])]);
      expect(results).toHaveLength(2);
      expect(results[0]).toMatchObject({ ok: true, mutationId: 1 });
      expect(results[1]).toMatchObject({ ok: false, refusal: { code: 'invalid_args' } });
      expect(replica.pendingCount()).toBe(1);
      expect(leadRow(replica, testId('lead', 'group-1-0'))).not.toBeNull();
      expect(leadRow(replica, testId('lead', 'group-3-0'))).toBeNull();
    });

    it('keeps the chunks before one whose writing breaks a constraint, each whole, and refuses that one as a conflict', () => {
      const { replica } = setup();
      replica.sqlite.exec(`create temp trigger history_refused before insert on history when new.lead_id = '${testId('lead', 'group-2-1')}'
        begin select raise(abort, 'refusé par le test'); end`);
      const results = replica.runMutations(admin, [chunkOf(1, ['514 555-0421']), chunkOf(2, ['514 555-0422', '514 555-0423']), chunkOf(3, ['514 555-0424'])]);
      expect(results).toMatchObject([{ ok: true, mutationId: 1 }, { ok: false, refusal: { code: 'conflict' } }]);
      expect(results).toHaveLength(2);
      expect(replica.pendingCount()).toBe(1);
      // The refused chunk left none of its rows, not even the one written before the failure.
      expect(leadRow(replica, testId('lead', 'group-2-0'))).toBeNull();
      expect(leadRow(replica, testId('lead', 'group-3-0'))).toBeNull();
      replica.sqlite.exec('drop trigger history_refused');
      expect(replica.runMutations(admin, [chunkOf(2, ['514 555-0422', '514 555-0423'])])).toMatchObject([{ ok: true, mutationId: 2 }]);
    });
  });

  it('keeps every chunk committed during writeInBulk if the application stops before its end, and folds the log after', async () => {
    const { office } = setup();
    const dir = mkdtempSync(join(tmpdir(), 'bureau-bulk-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'replica.sqlite');
    const replica = track(Replica.open(file));
    pullAll(replica, office, admin.id);
    const chunk = (n: number) => ({
      importBatchId: testId('batch', 'bulk'),
      fileName: 'leads.xlsx',
      leads: [1, 2].map((k) => create(testId('lead', `bulk-${n}-${k}`), { phone: `514 555-03${n}${k}`, source: 'import' })),
    });
    await replica.writeInBulk(async () => {
      for (const n of [1, 2]) expect(replica.runMutation(admin, 'lead.createMany', chunk(n), T(n)).ok).toBe(true);
      // A stop here: the file and its log as they are on disk, opened by the next start.
      for (const suffix of ['', '-wal']) copyFileSync(`${file}${suffix}`, join(dir, `stopped.sqlite${suffix}`));
      await Promise.resolve();
    });
    const stopped = track(Replica.open(join(dir, 'stopped.sqlite')));
    expect(stopped.pendingCount()).toBe(2);
    expect(leadRow(stopped, testId('lead', 'bulk-2-2'))).not.toBeNull();
    // After the series the log is folded into the file and SQLite's own checkpoints are back.
    expect(statSync(`${file}-wal`).size).toBe(0);
    expect(replica.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('refuses to queue another user’s work on top of pending work (one replica, one user)', () => {
    const { replica } = setup();
    replica.runMutation(admin, 'lead.create', create(L1), T(1));
    expect(() => replica.runMutation(director, 'lead.create', create(L2), T(2))).toThrow(/autre utilisateur/);
    expect(replica.pendingCount()).toBe(1);
  });

  it('keeps its client id, outbox and cursor in a file across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bureau-replica-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'replica.sqlite');
    const office = track(newOffice());
    const first = Replica.open(file);
    pullAll(first, office, admin.id);
    first.runMutation(admin, 'lead.create', create(L1), T(1));
    const { clientId } = first;
    const cursor = first.cursor();
    first.close();

    const again = track(Replica.open(file));
    expect(again.clientId).toBe(clientId);
    expect(again.cursor()).toBe(cursor);
    expect(again.pending().map((m) => m.id)).toEqual([1]);
    expect(again.runMutation(admin, 'lead.update', { id: L1, patch: { city: 'Laval' } }, T(2))).toMatchObject({ mutationId: 2 });
  });

  it('sends at most `limit` mutations and about `maxBytes`, always at least one', () => {
    const { replica } = setup();
    for (let i = 0; i < 5; i += 1) replica.runMutation(admin, 'lead.create', create(testId('lead', `batch-${i}`)), T(i));
    expect(replica.pending(3).map((m) => m.id)).toEqual([1, 2, 3]);
    expect(replica.pending(1000, 1).map((m) => m.id)).toEqual([1]);
    expect(replica.pending(1000, 600).length).toBeLessThan(5);
  });
});

describe('Replica.applyPull (the rebase)', () => {
  it('restores images, writes the server’s rows, drops processed mutations and replays the rest', () => {
    const { office, replica } = setup();
    replica.runMutation(admin, 'lead.create', create(L1), T(1));
    replica.runMutation(admin, 'lead.create', create(L2, { firstName: 'Éric', phone: null }), T(2));
    pushAll(replica, office, admin, T(3));
    replica.runMutation(admin, 'lead.update', { id: L1, patch: { city: 'Laval' } }, T(4));
    // Meanwhile, on another workstation:
    office.perform(director, 'lead.update', { id: L1, patch: { notes: 'Vue au salon' } }, T(5));

    const events: SyncedTable[][] = [];
    replica.onChange((tables) => events.push(tables));
    const [outcome] = pullAll(replica, office, admin.id);

    expect(replica.pending().map((m) => m.id)).toEqual([3]);
    const server = office.rows('leads').find((l) => l.id === L1);
    // The director's note (server) and our pending city (replayed) are both there.
    expect(leadRow(replica, L1)).toMatchObject({ notes: 'Vue au salon', city: 'Laval', version: server?.version });
    // The saved image is now the server's row, so the next pull can undo the replay again.
    const image = replica.sqlite.prepare("select image from saved_images where table_name = 'leads' and row_id = ?").pluck().get(L1);
    expect(JSON.parse(image as string)).toEqual(server);
    // L2 is the server's alone now: no saved image, not pending.
    const l2 = listLeads(replica.sqlite, { filters: { search: 'eric' }, sort: 'created_desc', limit: 10 }).rows;
    expect(l2).toEqual([expect.objectContaining({ id: L2, pending: false })]);
    expect(outcome?.tables).toEqual(expect.arrayContaining(['leads', 'history']));
    expect(events).toHaveLength(1);
    expect(replica.knownMutationId()).toBe(2);
    expectInvariant(replica, office, admin.id);
  });

  it('keeps a mutation that the rebase now refuses in the outbox, writing nothing (the server decides)', () => {
    const { office } = setup();
    office.perform(admin, 'lead.create', create(L1), T(0));
    office.perform(admin, 'lead.assign', { assignments: [{ leadId: L1, assigneeId: marie.id }] }, T(0));
    const mine = track(Replica.open(':memory:'));
    pullAll(mine, office, marie.id);
    mine.runMutation(marie, 'lead.update', { id: L1, patch: { city: 'Laval' } }, T(1));
    office.perform(admin, 'lead.assign', { assignments: [{ leadId: L1, assigneeId: julie.id }] }, T(2));

    pullAll(mine, office, marie.id);
    expect(mine.pending().map((m) => m.id)).toEqual([1]);
    expect(leadRow(mine, L1)).toMatchObject({ city: null, assigneeId: julie.id });
    expect(mine.sqlite.prepare('select count(*) from saved_images').pluck().get()).toBe(0);
    expectInvariant(mine, office, marie.id);
  });

  it('keeps a refusal with the args the user entered, once, from the push and again from the pull', () => {
    const { office } = setup();
    office.perform(admin, 'lead.create', create(L1), T(0));
    office.perform(admin, 'lead.assign', { assignments: [{ leadId: L1, assigneeId: marie.id }] }, T(0));
    const mine = track(Replica.open(':memory:', { clock: () => new Date(T(30)) }));
    pullAll(mine, office, marie.id);
    const args = { id: L1, patch: { city: 'Laval', notes: 'Rappeler après 17 h' } };
    mine.runMutation(marie, 'lead.update', args, T(1));
    office.perform(admin, 'lead.assign', { assignments: [{ leadId: L1, assigneeId: julie.id }] }, T(2));

    const fromPush = pushAll(mine, office, marie, T(3));
    const expected = { mutationId: 1, name: 'lead.update', args, code: 'forbidden', refusedAt: T(30) };
    expect(fromPush).toEqual([expect.objectContaining(expected)]);
    expect(fromPush[0]?.message).toMatch(/\S/);
    expect(mine.recordResults([{ id: 1, status: 'refused', code: 'forbidden', message: 'Non.' }])).toEqual([]);

    const [outcome] = pullAll(mine, office, marie.id);
    expect(outcome?.refusals).toEqual([]);
    expect(mine.pendingCount()).toBe(0);
    expect(leadRow(mine, L1)).toMatchObject({ city: null, notes: null });
    expect(mine.refusals()).toEqual([expect.objectContaining(expected)]);
    expect(mine.dismissRefusal(1)).toEqual([]);
    expect(mine.refusals()).toEqual([]);
  });

  it('after a lost push answer, the pull drops what the server applied and catches up on results', () => {
    const { office } = setup();
    const mine = track(Replica.open(':memory:'));
    pullAll(mine, office, marie.id);
    mine.runMutation(marie, 'lead.create', create(L1), T(1));
    mine.runMutation(marie, 'lead.create', create(L2, { phone: null }), T(2));
    pushAll(mine, office, marie, T(3), true);
    expect(mine.knownMutationId()).toBe(0);

    const outcomes = pullAll(mine, office, marie.id);
    expect(outcomes.flatMap((o) => o.refusals)).toEqual([]);
    expect(mine.knownMutationId()).toBe(2);
    expect(mine.pendingCount()).toBe(0);
    expect(mine.sqlite.prepare('select count(*) from saved_images').pluck().get()).toBe(0);
    expectInvariant(mine, office, marie.id);
  });

  it('replays the pending mutations in the page’s transaction, with no savepoint inside', () => {
    const { office, replica } = setup();
    replica.runMutation(admin, 'lead.create', create(L1), T(1));
    replica.runMutation(admin, 'lead.update', { id: L1, patch: { city: 'Laval' } }, T(2));
    const opened = recordTransactions(replica);

    replica.applyPull(office.pull(replica.clientId, admin.id, replica.cursor(), replica.knownMutationId()));
    expect(opened).toEqual([false]);
    expect(leadRow(replica, L1)).toMatchObject({ city: 'Laval' });
    expect(replica.pendingCount()).toBe(2);
  });

  it('undoes alone a replayed mutation that now breaks a constraint, keeping the page and the other replays', () => {
    const { office, replica } = setup();
    replica.runMutation(admin, 'lead.create', create(L1), T(1));
    replica.runMutation(admin, 'lead.create', create(L2, { phone: '514 555-0100' }), T(2));
    office.perform(director, 'lead.create', create(testId('lead', 'replica-office'), { phone: null }), T(3));
    // The lead row is written before its history line: the failure comes midway through the replay.
    replica.sqlite.exec(`create temp trigger history_refused before insert on history when new.lead_id = '${L2}'
      begin select raise(abort, 'refusé par le test'); end`);

    const page = office.pull(replica.clientId, admin.id, replica.cursor(), replica.knownMutationId());
    replica.applyPull(page);
    expect(replica.cursor()).toBe(page.cursor);
    expect(leadRow(replica, testId('lead', 'replica-office'))).not.toBeNull();
    expect(leadRow(replica, L1)).not.toBeNull();
    expect(leadRow(replica, L2)).toBeNull();
    // Still queued: only the server says whether it is refused.
    expect(replica.pending().map((m) => m.id)).toEqual([1, 2]);
  });

  it('records a refusal first seen in a pull', () => {
    const { office } = setup();
    office.perform(admin, 'lead.create', create(L1), T(0));
    office.perform(admin, 'lead.assign', { assignments: [{ leadId: L1, assigneeId: marie.id }] }, T(0));
    const mine = track(Replica.open(':memory:'));
    pullAll(mine, office, marie.id);
    mine.runMutation(marie, 'lead.update', { id: L1, patch: { city: 'Laval' } }, T(1));
    office.perform(admin, 'lead.assign', { assignments: [{ leadId: L1, assigneeId: julie.id }] }, T(2));
    pushAll(mine, office, marie, T(3), true);

    const refusals = pullAll(mine, office, marie.id).flatMap((o) => o.refusals);
    expect(refusals).toEqual([expect.objectContaining({ mutationId: 1, code: 'forbidden', args: { id: L1, patch: { city: 'Laval' } } })]);
    expect(mine.refusals()).toHaveLength(1);
  });

  it('leaves the replica exactly as it was when a page holds an invalid row', () => {
    const { office, replica } = setup();
    replica.runMutation(admin, 'lead.create', create(L1), T(1));
    office.perform(director, 'lead.create', create(L2, { phone: null }), T(2));
    const before = dumpReplica(replica.sqlite);
    const page = office.pull(replica.clientId, admin.id, replica.cursor(), replica.knownMutationId());
    const broken: PullResponse = {
      ...page,
      rows: [...page.rows, { table: 'leads', row: { ...aLead({ id: testId('lead', 'bad') }), status: 'perdu' } }],
    };
    expect(() => replica.applyPull(broken)).toThrow(InvalidPullError);
    expect(() => replica.applyPull({ ...page, rows: [{ table: 'nope' as SyncedTable, row: {} }] })).toThrow(/table inconnue/);
    expect(dumpReplica(replica.sqlite)).toEqual(before);
  });

  it('leaves the replica exactly as it was when writing a page fails midway', () => {
    const { office, replica } = setup();
    replica.runMutation(admin, 'lead.create', create(L1), T(1));
    office.perform(director, 'lead.create', create(L2, { phone: null }), T(2));
    const before = dumpReplica(replica.sqlite);
    const page = office.pull(replica.clientId, admin.id, replica.cursor(), replica.knownMutationId());
    // Two clients with one file number: the second write breaks the unique index, after the
    // restore and the first rows were written inside the transaction.
    const twins: Client[] = [client({ id: testId('client', 'a') }), client({ id: testId('client', 'b') })];
    const failing: PullResponse = { ...page, rows: [...page.rows, ...twins.map((row) => ({ table: 'clients' as const, row }))] };
    expect(() => replica.applyPull(failing)).toThrow(/UNIQUE/);
    expect(dumpReplica(replica.sqlite)).toEqual(before);
  });

  it('after a 410, rebuilds from cursor 0 and keeps the outbox', () => {
    const { office, replica } = setup();
    replica.runMutation(admin, 'lead.create', create(L1), T(1));
    pushAll(replica, office, admin, T(2));
    pullAll(replica, office, admin.id);
    replica.runMutation(admin, 'lead.update', { id: L1, patch: { city: 'Laval' } }, T(3));
    replica.resetForResync();
    expect(replica.cursor()).toBe(0);
    pullAll(replica, office, admin.id, 2);
    expect(replica.pending().map((m) => m.id)).toEqual([2]);
    expect(replica.cursor()).toBe(office.head());
    expectInvariant(replica, office, admin.id);
  });

  it('refuses a page whose cursor goes back, changing nothing, and resyncs from 0 with the outbox kept', () => {
    const { office, replica } = setup();
    replica.runMutation(admin, 'lead.create', create(L1), T(1));
    pushAll(replica, office, admin, T(2));
    pullAll(replica, office, admin.id);
    office.perform(director, 'lead.create', create(L2, { phone: null }), T(3));
    replica.runMutation(admin, 'lead.update', { id: L1, patch: { city: 'Laval' } }, T(4));
    const held = replica.cursor();
    expect(held).toBeGreaterThan(1);
    const before = dumpReplica(replica.sqlite);

    // A page that says the server is further back than what this replica already has.
    const page = office.pull(replica.clientId, admin.id, held, replica.knownMutationId());
    const back: PullResponse = { ...page, cursor: held - 1 };
    expect(() => replica.applyPull(back)).toThrow(PullCursorWentBackError);
    expect(dumpReplica(replica.sqlite)).toEqual(before);
    expect(replica.cursor()).toBe(held);

    // What the sync engine does next: everything again from 0, one transaction per page.
    replica.resetForResync();
    pullAll(replica, office, admin.id, 2);
    expect(replica.pending().map((m) => m.name)).toEqual(['lead.update']);
    expect(leadRow(replica, L1)?.city).toBe('Laval');
    expect(leadRow(replica, L2)).not.toBeNull();
    expect(replica.cursor()).toBe(office.head());
    // The same cursor again is no step back: a pull with nothing new is applied as usual.
    expect(() => replica.applyPull(office.pull(replica.clientId, admin.id, replica.cursor(), replica.knownMutationId()))).not.toThrow();
    expectInvariant(replica, office, admin.id);
  });

  it('never hands out a mutation id the server has already processed', () => {
    const { office, replica } = setup();
    replica.runMutation(admin, 'lead.create', create(L1), T(1));
    pushAll(replica, office, admin, T(2));
    // The same client id on a database restored from before that mutation was queued:
    const restored = track(Replica.open(':memory:', { clientId: replica.clientId }));
    pullAll(restored, office, admin.id);
    expect(restored.runMutation(admin, 'lead.create', create(L2), T(3))).toMatchObject({ mutationId: 2 });
  });
});

describe('the search index during a first sync', () => {
  it('is filled once at the last page of a pull from 0, with what was typed meanwhile, and kept row by row after', () => {
    const office = track(newOffice());
    const source = track(Replica.open(':memory:'));
    pullAll(source, office, admin.id);
    const ids = ['a', 'b', 'c', 'd', 'e'].map((n) => testId('lead', `fts-${n}`));
    ids.forEach((id, i) => source.runMutation(admin, 'lead.create', create(id, { lastName: `Bouchard${'abcde'[i]}` }), T(i)));
    pushAll(source, office, admin, T(10));

    const replica = track(Replica.open(':memory:', { clock: () => new Date(T(59)) }));
    const first = office.pull(replica.clientId, admin.id, 0, 0, 3);
    expect(first.more).toBe(true);
    replica.applyPull(first);
    // Typed while the first sync runs: found once it ends, like everything pulled.
    const typed = testId('lead', 'fts-typed');
    replica.runMutation(admin, 'lead.create', create(typed, { lastName: 'Pendantlesync' }), T(20));
    pullAll(replica, office, admin.id);
    expect(search(replica, 'bouchardc')).toEqual([ids[2]]);
    expect(search(replica, 'pendantlesync')).toEqual([typed]);

    // Afterwards the triggers keep the index row by row again.
    expect(replica.runMutation(admin, 'lead.update', { id: ids[0]!, patch: { lastName: 'Renommée' } }, T(30)).ok).toBe(true);
    expect(search(replica, 'renommee')).toEqual([ids[0]]);
    expect(search(replica, 'boucharda')).toEqual([]);
  });

  it('is rebuilt by the next completed pull when a first sync was cut off', () => {
    const office = track(newOffice());
    const source = track(Replica.open(':memory:'));
    pullAll(source, office, admin.id);
    const ids = ['a', 'b', 'c', 'd'].map((n) => testId('lead', `cut-${n}`));
    ids.forEach((id, i) => source.runMutation(admin, 'lead.create', create(id, { lastName: `Gagnon${'abcd'[i]}` }), T(i)));
    pushAll(source, office, admin, T(10));

    const dir = mkdtempSync(join(tmpdir(), 'bureau-fts-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'replica.sqlite');
    const cut = Replica.open(file);
    cut.applyPull(office.pull(cut.clientId, admin.id, 0, 0, 2));
    const clientId = cut.clientId;
    cut.close(); // the application was closed in the middle of its first sync

    const resumed = track(Replica.open(file));
    expect(resumed.clientId).toBe(clientId);
    pullAll(resumed, office, admin.id);
    for (const [i, id] of ids.entries()) expect(search(resumed, `gagnon${'abcd'[i]}`)).toEqual([id]);
  });
});

describe('the search index of new leads', () => {
  it('indexes the leads of an import chunk after their rows, consistent through an update and a rebase', () => {
    const { office, replica } = setup();
    const ids = ['a', 'b', 'c'].map((n) => testId('lead', `fts-chunk-${n}`));
    const leads = ids.map((id, i) => create(id, { lastName: `Cloutier${'abc'[i]}`, phone: `514 555-020${i}`, source: 'import' }));
    const batch = { importBatchId: testId('batch', 'fts-chunk'), fileName: 'leads.xlsx', leads };
    expect(replica.runMutation(admin, 'lead.createMany', batch, T(1)).ok).toBe(true);
    const checkIndex = () => replica.sqlite.exec(`insert into leads_fts (leads_fts) values ('integrity-check')`);
    expect(search(replica, 'cloutierb')).toEqual([ids[1]]);
    checkIndex();
    // Not left deferred: the next lead typed, and an update, are indexed at once by the triggers.
    expect(replica.sqlite.prepare(`select count(*) from sync_state where key = 'leadsFtsDeferred'`).pluck().get()).toBe(0);
    expect(replica.runMutation(admin, 'lead.update', { id: ids[0]!, patch: { lastName: 'Renommée' } }, T(2)).ok).toBe(true);
    expect(search(replica, 'renommee')).toEqual([ids[0]]);
    expect(search(replica, 'cloutiera')).toEqual([]);
    // The rebase removes the optimistic leads and replays the chunk: each lead is found once.
    replica.applyPull(office.pull(replica.clientId, admin.id, replica.cursor(), replica.knownMutationId()));
    expect(search(replica, 'cloutierc')).toEqual([ids[2]]);
    expect(search(replica, 'renommee')).toEqual([ids[0]]);
    checkIndex();
    pushAll(replica, office, admin, T(10));
    pullAll(replica, office, admin.id);
    expect(search(replica, 'cloutierc')).toEqual([ids[2]]);
    checkIndex();
  });
});
