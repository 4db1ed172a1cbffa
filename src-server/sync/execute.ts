import type { Put, SyncedTable } from '~shared/domain/entities';
import { prepare } from '~shared/domain/mutations/pipeline';
import { SYSTEM_ACTOR, type Actor, type Refusal } from '~shared/domain/mutations/types';
import { newId } from '~shared/ids';
import type { RawStatement, ServerDb, ServerTx, VersionAllocator } from '../db/connection';
import { writePuts } from '../db/puts';
import { loadedRows, loadState, OfficeCache } from './state-loader';

// One catalogue mutation, with authority (sync-protocol.md, "Push", step 3): validate the args,
// load the current rows the mutator needs, run the same pure mutator the desktop ran, write what
// it returns with fresh versions. The caller owns the transaction (one per mutation) and records
// the result beside the effects.

export type ExecuteResult =
  | { status: 'applied'; tables: SyncedTable[] }
  | { status: 'refused'; code: string; message: string };

export interface ExecuteInput {
  actor: Actor;
  name: string;
  rawArgs: unknown;
  /** The server's clock: a mutation is judged at the time the server applies it. */
  now: Date;
  newId?: () => string;
  /** Users and settings kept between mutations of one server (see OfficeCache). */
  cache?: OfficeCache;
  /** OfficeCache.STAMP_SQL, when the caller read it after locking the counter (saves a round trip). */
  officeStamp?: string;
  /** Written with the mutation's rows, in the same statement, when it is applied (a push's result). */
  whenApplied?: readonly RawStatement[];
}

export async function executeMutation(tx: ServerTx, versions: VersionAllocator, input: ExecuteInput): Promise<ExecuteResult> {
  const cache = input.cache ?? new OfficeCache();
  const now = input.now.toISOString();
  const office = await cache.read(tx, input.officeStamp);
  const prepared = prepare(input.name, input.rawArgs, input.actor, { now, timeZone: office.settings.timeZone, newId: input.newId ?? newId });
  if (!prepared.ok) return refusedResult(prepared.refusal);
  const state = await loadState(tx, prepared.needs, office);
  const result = prepared.run(state);
  if (!result.ok) return refusedResult(result.refusal);
  // What the mutator did not load is new: inserted, so that an existing id fails instead of being replaced.
  const written = await writePuts(tx, versions, result.puts, input.whenApplied, loadedRows(state));
  return appliedResult(written);
}

export function refusedResult(refusal: Refusal): ExecuteResult {
  return { status: 'refused', code: refusal.code, message: refusal.message };
}

export function appliedResult(puts: readonly Put[]): ExecuteResult {
  return { status: 'applied', tables: [...new Set(puts.map((p) => p.table))] };
}

const caches = new WeakMap<ServerDb, OfficeCache>();

/** The users-and-settings cache of one open database. */
export function officeCache(db: ServerDb): OfficeCache {
  let cache = caches.get(db);
  if (cache === undefined) caches.set(db, (cache = new OfficeCache()));
  return cache;
}

/**
 * A catalogue mutation made by the server itself (web form, scheduler, seed), as SYSTEM_ACTOR, in
 * its own write transaction. Workstations are poked by the database's commit listeners.
 */
export async function runSystemMutation(db: ServerDb, name: string, rawArgs: unknown, now: Date): Promise<ExecuteResult> {
  const { result } = await db.writeTransaction((tx, versions) =>
    executeMutation(tx, versions, { actor: SYSTEM_ACTOR, name, rawArgs, now, cache: officeCache(db) }),
  );
  return result;
}
