import { and, eq, inArray } from 'drizzle-orm';
import type { MutationResult, PushMutation } from '~shared/contract/sync';
import { WORKSTATION_WIPED_MESSAGE } from '~shared/contract/workstations';
import type { Put } from '~shared/domain/entities';
import { mergeNeeds, prepare, readAhead, runTurns, type Preparation } from '~shared/domain/mutations/pipeline';
import type { ParsedMutation } from '~shared/domain/mutations/registry';
import type { Actor, NeedsTime, Refusal } from '~shared/domain/mutations/types';
import { newId } from '~shared/ids';
import { arrayParam } from '../db/array-param';
import { rawQuery, type DbExecutor, type RawStatement, type ServerDb, type ServerTx, type VersionAllocator } from '../db/connection';
import { isUniqueViolation } from '../db/errors';
import { stampVersions, writeRows } from '../db/puts';
import * as schema from '../db/schema';
import { executeMutation, officeCache, type ExecuteResult } from './execute';
import { SyncRefusal } from './refusal';
import { loadedRows, loadState, OfficeCache } from './state-loader';

// Push (sync-protocol.md, "Push", revised 2026-12-06): the new mutations of a push, in id order,
// in groups of consecutive ones, each group in ONE database transaction, each mutation's rows, its
// result and the client's lastMutationId committed together. A retry after a lost answer finds
// them processed and changes nothing; a crash mid-push leaves every group either committed whole
// or not at all; nothing is answered before every group has committed.
//
// A group is read once and written once (groupAtOnce); a refusal writes nothing, so it needs no
// savepoint. When that one write fails on the database (a unique key broken), the group is done
// again one mutation at a time, each in its own savepoint (groupOneByOne), so that the conflict is
// the refusal of its own mutation alone.

/**
 * Mutations per transaction. The group holds the version counter's lock, so it stays short (every
 * other writer of the office waits for it); and when it is done one by one, PostgreSQL keeps the
 * subtransactions of at most 64 savepoints per transaction in shared memory, past which every
 * snapshot of every session slows down. Chosen by `npm run bench -- server` (docs/benchmarks.md).
 */
export const PUSH_GROUP_SIZE = 50;

export class MutationGapError extends SyncRefusal {
  constructor(readonly lastMutationId: number) {
    super('mutation_gap', `Des modifications manquent avant celle-ci : renvoyez à partir de la n° ${lastMutationId + 1}.`);
  }
}

/** A group that finds its workstation marked applies nothing (issue 14, point 4: "after pushing nothing further"). */
export const WORKSTATION_WIPED_REFUSAL = new SyncRefusal('workstation_wiped', WORKSTATION_WIPED_MESSAGE);

export const CLIENT_OF_ANOTHER_USER = new SyncRefusal(
  'client_of_another_user',
  'Ce poste est lié à un autre utilisateur : reconnectez-vous avec votre propre compte.',
);

/** What a test may fix about a push; the office server leaves them as they are. */
export interface PushOptions {
  /** Mutations per transaction (PUSH_GROUP_SIZE). */
  groupSize?: number;
  /** Makes the ids of the rows a mutation's mutator creates on its own (random unless fixed). */
  idsFor?: (mutation: PushMutation) => () => string;
  /** Every group one mutation at a time, as when a group's write fails (to compare both ways). */
  oneByOne?: boolean;
}

/** One push: who, which workstation, the server's clock. */
interface PushRun {
  db: ServerDb;
  actor: Actor;
  clientId: string;
  now: () => Date;
  idsFor: (mutation: PushMutation) => () => string;
  oneByOne: boolean;
  /** Mutations read ahead (readAhead), until their group prepares them. */
  parsed: Map<PushMutation, ParsedMutation>;
  /** Those of the next group, in order: read ahead while the database works on this one. */
  next: readonly PushMutation[];
}

/** What a group did: the results of the mutations it processed, and a gap if it met one. */
interface GroupOutcome {
  results: MutationResult[];
  lastMutationId: number;
  gap: boolean;
  /** How many of the group's mutations it answered, from the first: the next group starts after them. */
  processed: number;
}

export async function pushMutations(
  db: ServerDb,
  actor: Actor,
  clientId: string,
  mutations: readonly PushMutation[],
  now: () => Date,
  options: PushOptions = {},
): Promise<PushOutcome> {
  const run: PushRun = {
    db,
    actor,
    clientId,
    now,
    idsFor: options.idsFor ?? (() => newId),
    oneByOne: options.oneByOne ?? false,
    parsed: new Map(),
    next: [],
  };
  const groupSize = options.groupSize ?? PUSH_GROUP_SIZE;
  const results: MutationResult[] = [];
  let lastMutationId = await currentLastMutationId(db, actor, clientId);
  const already = mutations.filter((m) => m.id <= lastMutationId).map((m) => m.id);
  const known = await recordedResults(db.db, clientId, already);
  // Already processed (a retry): answer what was decided then, change nothing.
  for (const id of already) {
    const result = known.get(id);
    if (result !== undefined) results.push(result);
  }
  const fresh = mutations.filter((m) => m.id > lastMutationId);
  let oneByOne = 0;
  for (let start = 0; start < fresh.length; ) {
    run.next = fresh.slice(start + groupSize, start + 2 * groupSize);
    const outcome = await pushGroup(run, fresh.slice(start, start + groupSize));
    if (outcome.oneByOne) oneByOne++;
    results.push(...outcome.results);
    lastMutationId = outcome.lastMutationId;
    if (outcome.gap) throw new MutationGapError(lastMutationId);
    // A group may end early (see groupAtOnce); the next one starts after what it processed.
    start += outcome.processed;
  }
  return { lastMutationId, results, oneByOne };
}

export interface PushOutcome {
  lastMutationId: number;
  results: MutationResult[];
  /** How many groups were done one mutation at a time: their one write failed (or `oneByOne` asked it). */
  oneByOne: number;
}

/**
 * A group at once (groupAtOnce), or, when its one write fails on the database or the group cannot
 * be written as one, again from the start in a new transaction one mutation after the other
 * (groupOneByOne), so that a conflict or an error rolls back its own mutation alone.
 */
async function pushGroup(run: PushRun, group: readonly PushMutation[]): Promise<GroupOutcome & { oneByOne: boolean }> {
  if (!run.oneByOne) {
    try {
      return { ...(await run.db.writeTransaction((tx, versions) => groupAtOnce(tx, versions, run, group))).result, oneByOne: false };
    } catch (error) {
      if (!(error instanceof OneByOne)) throw error;
    }
  }
  return { ...(await run.db.writeTransaction((tx, versions) => groupOneByOne(tx, versions, run, group))).result, oneByOne: true };
}

/** Thrown inside groupAtOnce's transaction (rolling it back) when the group must go one by one. */
class OneByOne extends Error {
  constructor(cause?: unknown) {
    super('groupe repris une modification à la fois', { cause });
  }
}

const CONFLICT: ExecuteResult = {
  status: 'refused',
  code: 'conflict',
  message: 'Conflit avec une autre modification enregistrée au même moment : réessayez.',
};

/** Tables whose rows the office cache holds: a mutation that writes them ends its group. */
const OFFICE_TABLES: ReadonlySet<string> = new Set(['users', 'settings']);

/** One mutation of a group walked by groupAtOnce, in the group's order. */
type Step =
  | { kind: 'new'; mutation: PushMutation; at: string; prepared: Preparation; result?: MutationResult }
  /** Processed before this group, or earlier in it (the same id sent twice). */
  | { kind: 'seen'; mutation: PushMutation };

/**
 * The group's mutations in four round trips whatever their number: the client's row, the rows
 * all of them need (their needs merged: pipeline.ts, mergeNeeds), then the pure mutators one after
 * the other in memory, each seeing what those before it wrote (runTurns) — a refusal writes
 * nothing, so it needs no savepoint — then ONE statement with every row, every result, the
 * client's lastMutationId and the version counter. The answers and rows are those groupOneByOne
 * would give; when the write fails, it throws OneByOne and the transaction rolls back.
 */
async function groupAtOnce(
  tx: ServerTx,
  versions: VersionAllocator,
  run: PushRun,
  group: readonly PushMutation[],
): Promise<GroupOutcome> {
  const client = await readClient(tx, run.actor, run.clientId);
  const office = await officeCache(run.db).read(tx, client.stamp);
  let last = client.last;
  let gap = false;
  let year: number | undefined;
  const steps: Step[] = [];
  /** The time the next group is read ahead at: this group's latest (no extra reading of the clock). */
  let readAheadTime = { now: new Date(0).toISOString(), timeZone: office.settings.timeZone };
  for (const mutation of group) {
    if (mutation.id <= last) {
      steps.push({ kind: 'seen', mutation });
      continue;
    }
    if (mutation.id > last + 1) {
      gap = true;
      break;
    }
    const at = run.now().toISOString();
    const ctx = { now: at, timeZone: office.settings.timeZone, newId: run.idsFor(mutation) };
    const prepared = prepare(mutation.name, mutation.args, run.actor, ctx, run.parsed.get(mutation));
    run.parsed.delete(mutation);
    // One load holds one year's file numbers (mergeNeeds): another year starts the next group.
    const needsYear = prepared.ok ? prepared.needs.fileNumberYear : undefined;
    if (needsYear !== undefined) {
      if (year !== undefined && year !== needsYear) break;
      year = needsYear;
    }
    steps.push({ kind: 'new', mutation, at, prepared });
    readAheadTime = { now: at, timeZone: office.settings.timeZone };
    last = mutation.id;
  }

  const ready = steps.flatMap((s) => (s.kind === 'new' && s.prepared.ok ? [s.prepared] : []));
  let turns: ReturnType<typeof runTurns> = [];
  if (ready.length > 0) {
    const loading = loadState(tx, mergeNeeds(ready.map((p) => p.needs)), office);
    readNextAhead(run, readAheadTime);
    turns = runTurns(ready, await loading);
  }
  const rows: Put[] = [];
  /** Per row written: whether the first mutation that put it could replace it (see below). */
  const replaces = new Map<string, boolean>();
  const answered = new Map<number, MutationResult>();
  let next = 0;
  let processed = 0;
  for (const step of steps) {
    processed++;
    if (step.kind === 'seen') continue;
    const { mutation, prepared } = step;
    const turn = prepared.ok ? turns[next++]! : null;
    const refusal: Refusal | null = !prepared.ok ? prepared.refusal : turn!.result.ok ? null : turn!.result.refusal;
    step.result = refusal === null ? { id: mutation.id, status: 'applied' } : { id: mutation.id, status: 'refused', code: refusal.code, message: refusal.message };
    answered.set(mutation.id, step.result);
    if (turn === null || !turn.result.ok) continue;
    // As the mutation alone would write them: it may replace only the rows its own state held,
    // and inserts the others. A row first put without that right is inserted; a later put of it
    // without that right would have failed alone (the row exists by then): one by one, then.
    const held = loadedRows(turn.state);
    const own = stampVersions(turn.result.puts, versions);
    for (const put of own) {
      const key = `${put.table}:${put.row.id}`;
      if (!replaces.has(key)) replaces.set(key, held(put));
      else if (!held(put)) throw new OneByOne();
    }
    rows.push(...own);
    // The next mutation must re-read the office cache's stamp: a change of users or settings
    // closes the group, and those after it (run in memory only) go into the next one.
    if (turn.result.puts.some((p) => OFFICE_TABLES.has(p.table))) {
      gap = false;
      break;
    }
  }

  const done = steps.slice(0, processed);
  const results = done.map((step) => (step.kind === 'new' ? step.result! : (answered.get(step.mutation.id) ?? null)));
  const earlier = done.flatMap((step, n) => (results[n] === null ? [step.mutation.id] : []));
  // Processed by another request for the same client meanwhile: what was decided then.
  const recorded = earlier.length === 0 ? new Map<number, MutationResult>() : await recordedResults(tx, run.clientId, earlier);
  const answers = results.map((result, n) => result ?? recorded.get(done[n]!.mutation.id) ?? { id: done[n]!.mutation.id, status: 'applied' as const });

  const written = done.flatMap((step) => (step.kind === 'new' ? [step] : []));
  if (written.length > 0) {
    const extra = recordResults(run.clientId, written.map((step) => ({ mutation: step.mutation, result: step.result!, at: step.at })));
    const writing = writeRows(tx, versions, rows, extra, (put) => replaces.get(`${put.table}:${put.row.id}`) === true);
    readNextAhead(run, readAheadTime);
    try {
      await writing;
    } catch (error) {
      throw new OneByOne(error);
    }
  }
  return { results: answers, lastMutationId: written.at(-1)?.mutation.id ?? client.last, gap, processed };
}

/**
 * Reads ahead (readAhead) half of the next group's mutations not read yet, called while the
 * database runs this group's read, then its write: on a machine with a core for each, the parsing
 * and the phone numbers of the next group no longer wait for this group's statements. Only what
 * depends on nothing but the args is done; each mutation is still prepared at its turn, at its time.
 */
function readNextAhead(run: PushRun, time: NeedsTime): void {
  let budget = Math.ceil(run.next.length / 2);
  for (const mutation of run.next) {
    if (budget === 0) return;
    if (run.parsed.has(mutation)) continue;
    budget--;
    try {
      run.parsed.set(mutation, readAhead(mutation.name, mutation.args, run.actor, time));
    } catch {
      // Its own prepare meets the same error at its turn, where it is answered.
    }
  }
}

/**
 * The group one mutation after the other, each in a savepoint. A unique key its rows broke (two
 * conversions racing for a file number on two server processes) rolls back that mutation alone,
 * which is then recorded as refused; any other error aborts the group (5xx: the workstation
 * retries it whole, with the same ids).
 */
async function groupOneByOne(
  tx: ServerTx,
  versions: VersionAllocator,
  run: PushRun,
  group: readonly PushMutation[],
): Promise<GroupOutcome> {
  const { db, actor, clientId } = run;
  const client = await readClient(tx, actor, clientId);
  let last = client.last;
  // Valid for the whole group: users and settings are written under the counter's lock, which
  // this transaction holds, and a mutation of the group that writes them ends it.
  const stamp = client.stamp;
  const results: MutationResult[] = [];
  for (const mutation of group) {
    if (mutation.id <= last) {
      // Processed before, by another request for the same client, or earlier in this group.
      const [row] = await tx.select().from(schema.syncResults).where(and(eq(schema.syncResults.clientId, clientId), eq(schema.syncResults.mutationId, mutation.id)));
      results.push(row ? toResult(row) : { id: mutation.id, status: 'applied' });
      continue;
    }
    if (mutation.id > last + 1) return { results, lastMutationId: last, gap: true, processed: results.length };

    const at = run.now().toISOString();
    const mark = versions.mark();
    await rawQuery(tx, SAVEPOINT);
    let outcome: ExecuteResult;
    try {
      // Applied: the result and lastMutationId go out in the statement that writes the rows.
      outcome = await executeMutation(tx, versions, {
        actor,
        name: mutation.name,
        rawArgs: mutation.args,
        now: new Date(at),
        newId: run.idsFor(mutation),
        cache: officeCache(db),
        officeStamp: stamp,
        whenApplied: recordResults(clientId, [{ mutation, result: { id: mutation.id, status: 'applied' }, at }]),
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await rawQuery(tx, ROLLBACK_TO_SAVEPOINT);
      versions.restore(mark);
      outcome = CONFLICT;
    }
    const result: MutationResult =
      outcome.status === 'applied'
        ? { id: mutation.id, status: 'applied' }
        : { id: mutation.id, status: 'refused', code: outcome.code, message: outcome.message };
    if (result.status === 'refused') {
      for (const write of recordResults(clientId, [{ mutation, result, at }])) await rawQuery(tx, write);
    }
    last = mutation.id;
    results.push(result);
    // The next mutation re-reads the stamp; and the cache must never hold rows of a transaction
    // that may still roll back, so a change of users or settings closes the group.
    if (outcome.status === 'applied' && outcome.tables.some((t) => OFFICE_TABLES.has(t))) break;
  }
  return { results, lastMutationId: last, gap: false, processed: results.length };
}

// One name for every savepoint of a group: a rollback goes to the latest one, the mutation's own.
const SAVEPOINT: RawStatement = { text: 'savepoint mutation', params: [] };
const ROLLBACK_TO_SAVEPOINT: RawStatement = { text: 'rollback to savepoint mutation', params: [] };

/**
 * The results of consecutive mutations, and the client's lastMutationId moved to the last one, as
 * statements of fixed text whatever their number (arrays unnested): prepared once per connection.
 */
function recordResults(clientId: string, done: ReadonlyArray<{ mutation: PushMutation; result: MutationResult; at: string }>): RawStatement[] {
  const final = done.at(-1)!;
  return [
    {
      text: `insert into sync_results (client_id, mutation_id, name, status, code, message, at)
             select $1, * from unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])`,
      params: [
        clientId,
        arrayParam(done.map((d) => String(d.mutation.id))),
        arrayParam(done.map((d) => d.mutation.name.slice(0, 64))),
        arrayParam(done.map((d) => d.result.status)),
        arrayParam(done.map((d) => (d.result.status === 'refused' ? (d.result.code ?? null) : null))),
        arrayParam(done.map((d) => (d.result.status === 'refused' ? (d.result.message ?? null) : null))),
        arrayParam(done.map((d) => d.at)),
      ],
    },
    { text: 'update sync_clients set last_mutation_id = $1, updated_at = $2 where client_id = $3', params: [final.mutation.id, final.at, clientId] },
  ];
}

/**
 * The client's lastMutationId (its row created for this user on first use), and the office
 * cache's stamp, in one round trip. No row lock: every push runs inside writeTransaction, which
 * holds the version counter's lock, so no other transaction writes this client's row meanwhile,
 * and this statement, started after that lock was granted, sees every commit made before it.
 */
async function readClient(tx: ServerTx, actor: Actor, clientId: string): Promise<{ last: number; stamp: string }> {
  const [row] = await rawQuery<{ user_id: string | null; last_mutation_id: string | number | null; stamp: string; wipe: string | null }>(tx, {
    text: `select c.user_id, c.last_mutation_id, ${OfficeCache.STAMP_SQL} as stamp, w.wipe_requested_at as wipe
           from (select 1) as one left join sync_clients c on c.client_id = $1
           left join workstations w on w.client_id = $1`,
    params: [clientId],
  });
  if (row === undefined) throw new Error('lecture du poste impossible');
  // A revocation commits under the same lock (auth/workstations.ts, requestWipe): a group that
  // starts after it sees its mark and applies nothing; one before it was pushed before it.
  if (row.wipe !== null) throw WORKSTATION_WIPED_REFUSAL;
  if (row.user_id === null) {
    await tx.insert(schema.syncClients).values({ clientId, userId: actor.id, lastMutationId: 0 });
    return { last: 0, stamp: row.stamp };
  }
  if (row.user_id !== actor.id) throw CLIENT_OF_ANOTHER_USER;
  return { last: Number(row.last_mutation_id), stamp: row.stamp };
}

/** lastMutationId of a client (0 when new), refusing another user's client. */
export async function currentLastMutationId(db: ServerDb | { db: ServerDb['db'] }, actor: Actor, clientId: string): Promise<number> {
  const [row] = await db.db.select().from(schema.syncClients).where(eq(schema.syncClients.clientId, clientId));
  if (row === undefined) return 0;
  if (row.userId !== actor.id) throw CLIENT_OF_ANOTHER_USER;
  return row.lastMutationId;
}

async function recordedResults(db: DbExecutor, clientId: string, ids: number[]): Promise<Map<number, MutationResult>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(schema.syncResults)
    .where(and(eq(schema.syncResults.clientId, clientId), inArray(schema.syncResults.mutationId, ids)));
  return new Map(rows.map((r) => [r.mutationId, toResult(r)]));
}

export function toResult(row: typeof schema.syncResults.$inferSelect): MutationResult {
  return row.status === 'applied'
    ? { id: row.mutationId, status: 'applied' }
    : { id: row.mutationId, status: 'refused', code: row.code ?? 'refused', message: row.message ?? 'Modification refusée.' };
}
