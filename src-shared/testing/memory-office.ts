import { isDuplicateTarget } from '../domain/duplicates';
import { SYNCED_TABLE_NAMES, type Put, type RowOf, type SyncedTable, type User } from '../domain/entities';
import { isWork } from '../domain/import-revert';
import type { MutationInput, MutationName } from '../domain/mutations/args';
import { applyPuts, loadState, memoryOffice, settingsOf, type MemoryOffice, type MemoryRows } from '../domain/mutations/memory-state';
import { perform as runPipeline } from '../domain/mutations/pipeline';
import type { Actor, MutationContext, MutatorResult, Refusal, State } from '../domain/mutations/types';
import { DEFAULT_TEST_SETTINGS, NOW, USERS, actorOf, testId } from './builders';

// The in-memory office for the mutators' tests and later suites: the rows of builders.ts held by
// memory-state.ts (whose loader the real loaders are tested against), and `perform`, which runs a
// mutation end to end through the shared pipeline: parse, needs, load, apply. Nothing here stands
// in for a database under test.

export type TestDb = MemoryOffice;
export type TestRows = MemoryRows;
export { applyPuts, loadState };

/** An office holding `rows`, plus USERS and the default settings unless rows of theirs are given. */
export function makeDb(rows: TestRows = {}): TestDb {
  return memoryOffice({ ...rows, users: rows.users ?? Object.values(USERS), settings: rows.settings ?? [DEFAULT_TEST_SETTINGS] });
}

/** A State holding every row given (no `needs` filtering), for tests of apply alone. */
export function makeState(rows: TestRows & { lastFileNumber?: number } = {}): State {
  const db = makeDb(rows);
  const all = <T extends { id: string }>(m: ReadonlyMap<string, T>) => new Map(m);
  return {
    users: all(db.users),
    settings: settingsOf(db),
    leads: all(db.leads),
    appointments: all(db.appointments),
    tasks: all(db.tasks),
    clients: all(db.clients),
    notifications: all(db.notifications),
    procedures: all(db.procedures),
    smsTemplates: all(db.sms_templates),
    importBatches: all(db.import_batches),
    workedLeadIds: new Set([...db.history.values()].filter((h) => isWork(h.kind)).map((h) => h.leadId)),
    contactMatches: [...db.leads.values()].filter(isDuplicateTarget),
    lastFileNumber: rows.lastFileNumber ?? 0,
    takenIds: new Set(SYNCED_TABLE_NAMES.flatMap((table) => [...db[table].keys()])),
  };
}

/** Deterministic ids, as the desktop makes them from (clientId, mutation id). */
export function testCtx(actor: Actor, now: string = NOW, seed = 'ctx'): MutationContext {
  let n = 0;
  return { actor, now, newId: () => testId(seed, ++n) };
}

/** Runs one mutation on the office as the server would: parse, needs, load, apply (pipeline.ts). */
export function perform<N extends MutationName>(
  db: TestDb,
  name: N,
  input: MutationInput<N>,
  actor: Actor | User,
  options: { now?: string; seed?: string } = {},
): MutatorResult {
  const ctx = testCtx(actorOf(actor), options.now ?? NOW, options.seed);
  return runPipeline(name, input, ctx.actor, { ...ctx, timeZone: settingsOf(db).timeZone }, (needs) => loadState(db, needs));
}

/** The puts of an applied result; throws with the refusal's message otherwise. */
export function putsOf(result: MutatorResult): Put[] {
  if (!result.ok) throw new Error(`Refusée (${result.refusal.code}) : ${result.refusal.message}`);
  return result.puts;
}

/** The refusal of a refused result; throws otherwise. */
export function refusalOf(result: MutatorResult): Refusal {
  if (result.ok) throw new Error(`Appliquée (${result.puts.length} écritures) alors qu’un refus était attendu.`);
  return result.refusal;
}

/** The rows written into one table. */
export function rowsIn<T extends SyncedTable>(puts: readonly Put[], table: T): RowOf[T][] {
  return puts.filter((p) => p.table === table).map((p) => p.row as RowOf[T]);
}
