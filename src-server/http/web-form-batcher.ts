import type { Put } from '~shared/domain/entities';
import { mergeNeeds, prepare, runInTurn, type PreparedMutation } from '~shared/domain/mutations/pipeline';
import { SYSTEM_ACTOR } from '~shared/domain/mutations/types';
import { newId } from '~shared/ids';
import type { ServerDb, ServerTx, VersionAllocator } from '../db/connection';
import { writePuts } from '../db/puts';
import type { Log } from '../log';
import { appliedResult, executeMutation, officeCache, refusedResult, type ExecuteResult } from '../sync/execute';
import { loadedRows, loadState } from '../sync/state-loader';

// Web leads that arrive together are written together. Every writing transaction holds the
// office's version counter to commit, so one lead per transaction would cap the form at one
// commit (one disk flush) and half a dozen round trips per lead. Leads waiting while a transaction
// runs go into the next one, and each sender is answered once its lead is committed: nothing is
// acknowledged before it is durable.
//
// Inside the shared transaction the same lead.create mutator runs for each lead, as SYSTEM_ACTOR,
// in arrival order, exactly as one mutation after the other would: the rows they need are read
// once for all (the union of their needs, under the counter's lock), and each mutator sees the
// leads the ones before it made (pipeline.ts: mergeNeeds, runInTurn) — a second post with the
// same phone is flagged as the duplicate of the first even when both share the transaction. What
// they write goes out in one writePuts.
// Should the shared transaction fail, each lead is tried again alone through executeMutation, so
// that only the one at fault hears of it.

interface Pending {
  args: unknown;
  now: Date;
  resolve: (result: ExecuteResult) => void;
  reject: (error: unknown) => void;
}

/** Keeps one transaction short enough for the senders waiting behind it. */
const MAX_PER_TRANSACTION = 200;

export class WebFormBatcher {
  private queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly db: ServerDb,
    private readonly log: Log,
  ) {}

  /** Creates the lead `args` (lead.create's arguments) as the server, at `now`. */
  create(args: unknown, now: Date): Promise<ExecuteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ args, now, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_PER_TRANSACTION);
        try {
          const { result } = await this.db.writeTransaction((tx, versions) => createLeads(this.db, tx, versions, batch));
          result.forEach((r, i) => batch[i]!.resolve(r));
        } catch (error) {
          // The code only: a driver's message may quote the query's parameters (names, e-mails).
          this.log.warn({ leads: batch.length, code: errorCode(error) }, 'formulaire web : transaction commune en échec, leads repris un à un');
          for (const item of batch) {
            try {
              const { result } = await this.db.writeTransaction((tx, versions) =>
                executeMutation(tx, versions, {
                  actor: SYSTEM_ACTOR,
                  name: 'lead.create',
                  rawArgs: item.args,
                  now: item.now,
                  cache: officeCache(this.db),
                }),
              );
              item.resolve(result);
            } catch (error) {
              item.reject(error);
            }
          }
        }
      }
    } finally {
      this.running = false;
    }
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
}

/** executeMutation's steps for many lead.create at once: prepare, one load, run in turn, one write (pipeline.ts). */
async function createLeads(db: ServerDb, tx: ServerTx, versions: VersionAllocator, batch: readonly Pending[]): Promise<ExecuteResult[]> {
  const office = await officeCache(db).read(tx);
  const prepared = batch.map((item) =>
    prepare('lead.create', item.args, SYSTEM_ACTOR, { now: item.now.toISOString(), timeZone: office.settings.timeZone, newId }),
  );
  const ready = prepared.filter((p): p is PreparedMutation => p.ok);
  const loaded = await loadState(tx, mergeNeeds(ready.map((p) => p.needs)), office);
  const outcomes = runInTurn(ready, loaded);

  const puts: Put[] = [];
  let next = 0;
  const results = prepared.map((p): ExecuteResult => {
    if (!p.ok) return refusedResult(p.refusal);
    const outcome = outcomes[next++]!;
    if (!outcome.ok) return refusedResult(outcome.refusal);
    puts.push(...outcome.puts);
    return appliedResult(outcome.puts);
  });
  // As executeMutation: only what was loaded may be replaced (each lead made here is new).
  await writePuts(tx, versions, puts, [], loadedRows(loaded));
  return results;
}
