import { and, eq, inArray } from 'drizzle-orm';
import type { MutationResult, PushMutation } from '../../src-shared/contract/sync';
import type { Actor } from '../../src-shared/domain/mutations/types';
import { rawQuery, type RawStatement, type ServerDb, type ServerTx, type VersionAllocator } from '../db/connection';
import { isUniqueViolation } from '../db/errors';
import * as schema from '../db/schema';
import { HttpError } from '../http/errors';
import { executeMutation, officeCache, type ExecuteResult } from './execute';
import { OfficeCache } from './state-loader';

// Push (sync-protocol.md, "Push"): each mutation in id order, in ONE database transaction of its
// own, which also records its result and the client's lastMutationId — so a retry after a lost
// answer finds it processed and changes nothing, and a crash mid-push leaves every mutation either
// wholly applied and recorded, or not at all.

export class MutationGapError extends HttpError {
  constructor(readonly lastMutationId: number) {
    super(409, 'mutation_gap', `Des modifications manquent avant celle-ci : renvoyez à partir de la n° ${lastMutationId + 1}.`, {}, {});
  }
}

export const CLIENT_OF_ANOTHER_USER = new HttpError(
  403,
  'client_of_another_user',
  'Ce poste est lié à un autre utilisateur : reconnectez-vous avec votre propre compte.',
);

type Step = { kind: 'processed'; result: MutationResult } | { kind: 'gap'; lastMutationId: number };

export async function pushMutations(
  db: ServerDb,
  actor: Actor,
  clientId: string,
  mutations: readonly PushMutation[],
  now: () => Date,
): Promise<{ lastMutationId: number; results: MutationResult[] }> {
  const results: MutationResult[] = [];
  let lastMutationId = await currentLastMutationId(db, actor, clientId);
  const already = mutations.filter((m) => m.id <= lastMutationId).map((m) => m.id);
  const known = await recordedResults(db, clientId, already);
  for (const mutation of mutations) {
    if (mutation.id <= lastMutationId) {
      // Already processed (a retry): answer what was decided then, change nothing.
      const result = known.get(mutation.id);
      if (result !== undefined) results.push(result);
      continue;
    }
    const step = await processInItsTransaction(db, actor, clientId, mutation, now);
    if (step.kind === 'gap') throw new MutationGapError(step.lastMutationId);
    results.push(step.result);
    lastMutationId = mutation.id;
  }
  return { lastMutationId, results };
}

const CONFLICT: ExecuteResult = {
  status: 'refused',
  code: 'conflict',
  message: 'Conflit avec une autre modification enregistrée au même moment : réessayez.',
};

/**
 * One mutation in its transaction. A unique key its rows broke (two conversions racing for a file
 * number on two server processes) aborts that transaction; the mutation is then recorded as
 * refused in a new one, instead of failing the whole request forever.
 */
async function processInItsTransaction(db: ServerDb, actor: Actor, clientId: string, mutation: PushMutation, now: () => Date): Promise<Step> {
  try {
    return (await db.writeTransaction((tx, versions) => processOne(tx, versions, db, actor, clientId, mutation, now))).result;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return (await db.writeTransaction((tx, versions) => processOne(tx, versions, db, actor, clientId, mutation, now, CONFLICT))).result;
  }
}

async function processOne(
  tx: ServerTx,
  versions: VersionAllocator,
  db: ServerDb,
  actor: Actor,
  clientId: string,
  mutation: PushMutation,
  now: () => Date,
  forced?: ExecuteResult,
): Promise<Step> {
  const { last, stamp } = await readClient(tx, actor, clientId);
  if (mutation.id <= last) {
    // Another request for the same client processed it meanwhile.
    const [row] = await tx.select().from(schema.syncResults).where(and(eq(schema.syncResults.clientId, clientId), eq(schema.syncResults.mutationId, mutation.id)));
    return { kind: 'processed', result: row ? toResult(row) : { id: mutation.id, status: 'applied' } };
  }
  if (mutation.id > last + 1) return { kind: 'gap', lastMutationId: last };

  const at = now();
  const record = (outcome: ExecuteResult) => recordResult(clientId, mutation, outcome, at.toISOString());
  // Applied: the result and lastMutationId go out in the statement that writes the rows.
  const outcome =
    forced ?? (await executeMutation(tx, versions, { actor, name: mutation.name, rawArgs: mutation.args, now: at, cache: officeCache(db), officeStamp: stamp, whenApplied: record({ status: 'applied', tables: [] }) }));
  if (outcome.status === 'refused') {
    for (const write of record(outcome)) await rawQuery(tx, write);
  }
  return {
    kind: 'processed',
    result:
      outcome.status === 'applied'
        ? { id: mutation.id, status: 'applied' }
        : { id: mutation.id, status: 'refused', code: outcome.code, message: outcome.message },
  };
}

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
