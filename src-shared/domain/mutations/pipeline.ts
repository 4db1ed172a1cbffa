import type { MutationName } from './args';
import { loadState, officeOfState, writeInto } from './memory-state';
import { mutationNeeds, parseMutation, runMutator, type ParsedMutation } from './registry';
import type { Actor, MutationContext, MutatorResult, Needs, NeedsTime, Refusal, State } from './types';

// The run of one catalogue mutation, the same wherever it runs — the desktop's replica (apply and
// rebase), the office server's push, its web form and its seed, the tests:
//
//   prepare(name, rawArgs, actor, ctx)  parse the args, say which rows the mutator needs
//   <the caller loads them>             SQLite, PostgreSQL or memory: each side's loader
//   prepared.run(state)                 the pure mutator: the rows to write, or a refusal
//   <the caller writes the puts>
//
// Loading and writing stay with the caller (synchronous on SQLite, asynchronous under the
// server's lock); everything between is here once.

/** What a mutation runs with, besides its actor. */
export interface PrepareContext {
  /** ISO instant the mutation is judged at: ctx.now of the mutator. */
  readonly now: string;
  /** The office's time zone (settings.timeZone), for the needs that depend on the date. */
  readonly timeZone: string;
  /** Ids for the rows the mutator creates on its own (see MutationContext.newId). */
  readonly newId: () => string;
}

export interface PreparedMutation {
  readonly ok: true;
  readonly name: MutationName;
  /** The rows to load for `run`. */
  readonly needs: Needs;
  /** Applies the parsed args to the state loaded for `needs`. */
  run(state: State): MutatorResult;
}

/** A prepared mutation, or the refusal of args that do not parse (or of an unknown name). */
export type Preparation = PreparedMutation | { readonly ok: false; readonly refusal: Refusal };

/** `parsed`: what readAhead gave for the same name and args, else they are parsed here. */
export function prepare(name: string, rawArgs: unknown, actor: Actor, ctx: PrepareContext, parsed = parseMutation(name, rawArgs)): Preparation {
  if (!parsed.ok) return parsed;
  const context: MutationContext = { actor, now: ctx.now, newId: ctx.newId };
  return {
    ok: true,
    name: parsed.name,
    needs: mutationNeeds(parsed.name, parsed.args as never, actor, { now: ctx.now, timeZone: ctx.timeZone }),
    run: (state) => runMutator(parsed.name, parsed.args as never, state, context),
  };
}

/**
 * The first half of prepare, done ahead of time (the office server reads a push's next group
 * while the database writes the current one): the args parsed, for prepare to take, and the needs
 * worked out once and dropped, which leaves what they read — each phone number, the slowest of
 * them — in its memory (phone.ts, normalizePhone) for prepare to find. Pure otherwise: prepare
 * still judges the mutation at its own time.
 */
export function readAhead(name: string, rawArgs: unknown, actor: Actor, time: NeedsTime): ParsedMutation {
  const parsed = parseMutation(name, rawArgs);
  if (parsed.ok) mutationNeeds(parsed.name, parsed.args as never, actor, time);
  return parsed;
}

/** prepare, load, run, for a loader that answers at once (SQLite, memory). Writes nothing. */
export function perform(
  name: string,
  rawArgs: unknown,
  actor: Actor,
  ctx: PrepareContext,
  load: (needs: Needs) => State,
): MutatorResult {
  const prepared = prepare(name, rawArgs, actor, ctx);
  return prepared.ok ? prepared.run(load(prepared.needs)) : prepared;
}

// ---- several mutations, one load -----------------------------------------------------------
// The office server writes a push's group of mutations, and the web form the leads that arrive
// together, in one transaction: one load for all of them (mergeNeeds), then each runs in turn
// exactly as if it ran alone after the previous one's write (runTurns): a second post with the
// same phone is flagged as the duplicate of the first.

function union(...lists: Array<readonly string[] | undefined>): string[] | undefined {
  const all = lists.flatMap((list) => list ?? []);
  return all.length === 0 ? undefined : [...new Set(all)];
}

/**
 * Needs that load, at least, the rows each of `all` would load on its own, so that runInTurn can
 * answer each one's needs from that state alone. Throws for mutations that need different years'
 * file numbers (a State holds only one): run those apart.
 */
export function mergeNeeds(all: readonly Needs[]): Needs {
  const merged: { -readonly [K in keyof Needs]: Needs[K] } = {};
  const keys = new Set(all.flatMap((needs) => Object.keys(needs) as Array<keyof Needs>));
  const list = (key: Exclude<keyof Needs, 'leadsByContact' | 'openCallbacks' | 'fileNumberYear'>) => union(...all.map((n) => n[key]));
  for (const key of keys) {
    switch (key) {
      case 'leadsByContact':
        merged.leadsByContact = {
          phones: union(...all.map((n) => n.leadsByContact?.phones)) ?? [],
          emails: union(...all.map((n) => n.leadsByContact?.emails)) ?? [],
        };
        break;
      case 'openCallbacks':
        merged.openCallbacks = all.some((n) => n.openCallbacks === true);
        break;
      case 'fileNumberYear': {
        const years = new Set(all.flatMap((n) => (n.fileNumberYear === undefined ? [] : [n.fileNumberYear])));
        if (years.size > 1) throw new Error(`mergeNeeds : numéros de dossier de plusieurs années (${[...years].join(', ')}).`);
        merged.fileNumberYear = [...years][0];
        break;
      }
      // The rows these lead through come too, so that the replay can follow them to the leads.
      case 'appointments':
      case 'leadsOfAppointments':
        merged.appointments = union(list('appointments'), list('leadsOfAppointments'));
        merged.leadsOfAppointments = list('leadsOfAppointments');
        break;
      case 'tasks':
      case 'leadsOfTasks':
        merged.tasks = union(list('tasks'), list('leadsOfTasks'));
        merged.leadsOfTasks = list('leadsOfTasks');
        break;
      default:
        merged[key] = list(key);
    }
  }
  return merged;
}

/** One mutation's turn (runTurns): its result, and the state it ran on. */
export interface Turn {
  readonly result: MutatorResult;
  /** What its own needs loaded after the writes of those before it: the rows it may replace. */
  readonly state: State;
}

/**
 * Runs `prepared` in order against `loaded`, the state loaded for mergeNeeds of their needs: each
 * gets what its own needs would have loaded after the writes of those before it (the reference
 * loader, over the loaded rows and the writes so far). Returns each one's turn; the caller writes
 * the puts of the applied ones, in order.
 */
export function runTurns(prepared: readonly PreparedMutation[], loaded: State): Turn[] {
  const office = officeOfState(loaded);
  return prepared.map((mutation) => {
    const own = loadState(office, mutation.needs);
    const state: State = {
      ...own,
      // What the office held outside the loaded rows is known only from the load itself: ids
      // taken in tables it did not read, file numbers of clients it did not bring.
      takenIds: new Set([...own.takenIds, ...(mutation.needs.newIds ?? []).filter((id) => loaded.takenIds.has(id))]),
      lastFileNumber: mutation.needs.fileNumberYear === undefined ? 0 : Math.max(own.lastFileNumber, loaded.lastFileNumber),
      // The history read for the load is not in the office replayed on (only the writes since
      // are): leads worked before the load count too.
      workedLeadIds: new Set([...own.workedLeadIds, ...[...loaded.workedLeadIds].filter((id) => own.leads.has(id))]),
    };
    const result = mutation.run(state);
    if (result.ok) writeInto(office, result.puts);
    return { result, state };
  });
}

/** runTurns' results alone. */
export function runInTurn(prepared: readonly PreparedMutation[], loaded: State): MutatorResult[] {
  return runTurns(prepared, loaded).map((turn) => turn.result);
}
