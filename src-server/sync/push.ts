import { and, eq, inArray } from 'drizzle-orm';
import type { MutationResult, PushMutation } from '../../src-shared/contract/sync';
import type { Actor } from '../../src-shared/domain/mutations/types';
import { rawQuery, type RawStatement, type ServerDb, type ServerTx, type VersionAllocator } from '../db/connection';
import { isUniqueViolation } from '../db/errors';
import * as schema from '../db/schema';
import { executeMutation, officeCache, type ExecuteResult } from './execute';
import { SyncRefusal } from './refusal';
import { OfficeCache } from './state-loader';

// Push (sync-protocol.md, "Push", revised 2026-12-06): the new mutations of a push, in id order,
// in groups of consecutive ones, each group in ONE database transaction and each mutation inside
// it in its own savepoint, with its result and the client's lastMutationId. A retry after a lost
// answer finds them processed and changes nothing; a crash mid-push leaves every group either
// committed whole or not at all; nothing is answered before every group has committed.

/**
 * Mutations per transaction. The group holds the version counter's lock, so it stays short (every
 * other writer of the office waits for it); and PostgreSQL keeps the subtransactions of at most 64
 * savepoints per transaction in shared memory, past which every snapshot of every session slows
 * down. Chosen by `npm run bench -- server` (docs/benchmarks.md).
 */
export const PUSH_GROUP_SIZE = 50;

export class MutationGapError extends SyncRefusal {
  constructor(readonly lastMutationId: number) {
    super('mutation_gap', `Des modifications manquent avant celle-ci : renvoyez à partir de la n° ${lastMutationId + 1}.`);
  }
}

export const CLIENT_OF_ANOTHER_USER = new SyncRefusal(
  'client_of_another_user',
  'Ce poste est lié à un autre utilisateur : reconnectez-vous avec votre propre compte.',
);

/** What a group did: the results of the mutations it processed, and a gap if it met one. */
interface GroupOutcome {
  results: MutationResult[];
  lastMutationId: number;
  gap: boolean;
}

export async function pushMutations(
  db: ServerDb,
  actor: Actor,
  clientId: string,
  mutations: readonly PushMutation[],
  now: () => Date,
  groupSize: number = PUSH_GROUP_SIZE,
): Promise<{ lastMutationId: number; results: MutationResult[] }> {
  const results: MutationResult[] = [];
  let lastMutationId = await currentLastMutationId(db, actor, clientId);
  const already = mutations.filter((m) => m.id <= lastMutationId).map((m) => m.id);
  const known = await recordedResults(db, clientId, already);
  // Already processed (a retry): answer what was decided then, change nothing.
  for (const id of already) {
    const result = known.get(id);
    if (result !== undefined) results.push(result);
  }
  const fresh = mutations.filter((m) => m.id > lastMutationId);
  for (let start = 0; start < fresh.length; ) {
    const group = fresh.slice(start, start + groupSize);
    const outcome = (await db.writeTransaction((tx, versions) => processGroup(tx, versions, db, actor, clientId, group, now))).result;
    results.push(...outcome.results);
    lastMutationId = outcome.lastMutationId;
    if (outcome.gap) throw new MutationGapError(lastMutationId);
    // A group may end early (see processGroup); the next one starts after what it processed.
    start += group.filter((m) => m.id <= lastMutationId).length;
  }
  return { lastMutationId, results };
}

const CONFLICT: ExecuteResult = {
  status: 'refused',
  code: 'conflict',
  message: 'Conflit avec une autre modification enregistrée au même moment : réessayez.',
};

/** Tables whose rows the office cache holds: a mutation that writes them ends its group. */
const OFFICE_TABLES: ReadonlySet<string> = new Set(['users', 'settings']);

/**
 * Consecutive mutations in one transaction, each in a savepoint. A unique key its rows broke (two
 * conversions racing for a file number on two server processes) rolls back that mutation alone,
 * which is then recorded as refused; any other error aborts the group (5xx: the workstation
 * retries it whole, with the same ids).
 */
async function processGroup(
  tx: ServerTx,
  versions: VersionAllocator,
  db: ServerDb,
  actor: Actor,
  clientId: string,
  group: readonly PushMutation[],
  now: () => Date,
): Promise<GroupOutcome> {
  const client = await readClient(tx, actor, clientId);
  let last = client.last;
  // Valid for the whole group: users and settings are written under the counter's lock, which
  // this transaction holds, and a mutation of the group that writes them ends it.
  const stamp = client.stamp;
  const results: MutationResult[] = [];
  for (const mutation of group) {
    if (mutation.id <= last) {
      // Another request for the same client processed it meanwhile.
      const [row] = await tx.select().from(schema.syncResults).where(and(eq(schema.syncResults.clientId, clientId), eq(schema.syncResults.mutationId, mutation.id)));
      results.push(row ? toResult(row) : { id: mutation.id, status: 'applied' });
      continue;
    }
    if (mutation.id > last + 1) return { results, lastMutationId: last, gap: true };

    const at = now();
    const record = (outcome: ExecuteResult) => recordResult(clientId, mutation, outcome, at.toISOString());
    const mark = versions.mark();
    await rawQuery(tx, SAVEPOINT);
    let outcome: ExecuteResult;
    try {
      // Applied: the result and lastMutationId go out in the statement that writes the rows.
      outcome = await executeMutation(tx, versions, {
        actor,
        name: mutation.name,
        rawArgs: mutation.args,
        now: at,
        cache: officeCache(db),
        officeStamp: stamp,
        whenApplied: record({ status: 'applied', tables: [] }),
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await rawQuery(tx, ROLLBACK_TO_SAVEPOINT);
      versions.restore(mark);
      outcome = CONFLICT;
    }
    if (outcome.status === 'refused') {
      for (const write of record(outcome)) await rawQuery(tx, write);
    }
    last = mutation.id;
    results.push(
      outcome.status === 'applied'
        ? { id: mutation.id, status: 'applied' }
        : { id: mutation.id, status: 'refused', code: outcome.code, message: outcome.message },
    );
    // The next mutation re-reads the stamp; and the cache must never hold rows of a transaction
    // that may still roll back, so a change of users or settings closes the group.
    if (outcome.status === 'applied' && outcome.tables.some((t) => OFFICE_TABLES.has(t))) break;
  }
  return { results, lastMutationId: last, gap: false };
}

// One name for every savepoint of a group: a rollback goes to the latest one, the mutation's own.
const SAVEPOINT: RawStatement = { text: 'savepoint mutation', params: [] };
const ROLLBACK_TO_SAVEPOINT: RawStatement = { text: 'rollback to savepoint mutation', params: [] };

/** The mutation's result, and the client's lastMutationId moved to it. */
function recordResult(clientId: string, mutation: PushMutation, outcome: ExecuteResult, at: string): RawStatement[] {
  const refused = outcome.status === 'refused';
  return [
    {
      text: 'insert into sync_results (client_id, mutation_id, name, status, code, message, at) values ($1, $2, $3, $4, $5, $6, $7)',
      params: [clientId, mutation.id, mutation.name.slice(0, 64), outcome.status, refused ? outcome.code : null, refused ? outcome.message : null, at],
    },
    { text: 'update sync_clients set last_mutation_id = $1, updated_at = $2 where client_id = $3', params: [mutation.id, at, clientId] },
  ];
}

/**
 * The client's lastMutationId (its row created for this user on first use), and the office
 * cache's stamp, in one round trip. No row lock: every push runs inside writeTransaction, which
 * holds the version counter's lock, so no other transaction writes this client's row meanwhile,
 * and this statement, started after that lock was granted, sees every commit made before it.
 */
async function readClient(tx: ServerTx, actor: Actor, clientId: string): Promise<{ last: number; stamp: string }> {
  const [row] = await rawQuery<{ user_id: string | null; last_mutation_id: string | number | null; stamp: string }>(tx, {
    text: `select c.user_id, c.last_mutation_id, ${OfficeCache.STAMP_SQL} as stamp
           from (select 1) as one left join sync_clients c on c.client_id = $1`,
    params: [clientId],
  });
  if (row === undefined) throw new Error('lecture du poste impossible');
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

async function recordedResults(db: ServerDb, clientId: string, ids: number[]): Promise<Map<number, MutationResult>> {
  if (ids.length === 0) return new Map();
  const rows = await db.db
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
