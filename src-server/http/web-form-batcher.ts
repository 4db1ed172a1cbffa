import type { Lead, Put } from '../../src-shared/domain/entities';
import type { MutationArgs } from '../../src-shared/domain/mutations/args';
import { mutationNeeds, parseMutation, runMutator } from '../../src-shared/domain/mutations/registry';
import { SYSTEM_ACTOR, type Needs, type State } from '../../src-shared/domain/mutations/types';
import { FINAL_STATUSES } from '../../src-shared/domain/statuses';
import { newId } from '../../src-shared/ids';
import type { ServerDb, ServerTx, VersionAllocator } from '../db/connection';
import { writePuts } from '../db/puts';
import type { Log } from '../log';
import { executeMutation, officeCache, type ExecuteResult } from '../sync/execute';
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
// leads the ones before it made — a second post with the same phone is flagged as the duplicate
// of the first even when both share the transaction. What they write goes out in one writePuts.
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
          this.log.warn({ leads: batch.length, code: errorCode(error) }, 'formulaire web : transaction commune en échec, leads repris un à un');
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

type Parsed = { ok: true; args: MutationArgs<'lead.create'>; now: string; needs: Needs } | { ok: false; result: ExecuteResult };

/** executeMutation's steps for many lead.create at once: parse, one load, run in order, one write. */
async function createLeads(db: ServerDb, tx: ServerTx, versions: VersionAllocator, batch: readonly Pending[]): Promise<ExecuteResult[]> {
  const office = await officeCache(db).read(tx);
  const parsed = batch.map((item): Parsed => {
    const result = parseMutation('lead.create', item.args);
    if (!result.ok) return { ok: false, result: { status: 'refused', ...result.refusal } };
    if (result.name !== 'lead.create') throw new Error('lead.create attendu');
    const now = item.now.toISOString();
    return { ok: true, args: result.args, now, needs: mutationNeeds('lead.create', result.args, SYSTEM_ACTOR, { now, timeZone: office.settings.timeZone }) };
  });

  const loaded = await loadState(tx, mergeNeeds(parsed.flatMap((p) => (p.ok ? [p.needs] : []))), office);
  // Shared by the mutators in turn: each one's new lead is there for the next ones.
  const leads = new Map(loaded.leads);
  const byContact = new ContactIndex(loaded.contactMatches);

  const puts: Put[] = [];
  const results = parsed.map((p): ExecuteResult => {
    if (!p.ok) return p.result;
    // Each mutator gets the open leads matching its own phone or e-mail, as its own load would.
    const state: State = { ...loaded, leads, contactMatches: byContact.matching(p.needs.leadsByContact) };
    const outcome = runMutator('lead.create', p.args, state, { actor: SYSTEM_ACTOR, now: p.now, newId });
    if (!outcome.ok) return { status: 'refused', code: outcome.refusal.code, message: outcome.refusal.message };
    puts.push(...outcome.puts);
    for (const put of outcome.puts) {
      if (put.table !== 'leads') continue;
      leads.set(put.row.id, put.row);
      byContact.add(put.row);
    }
    return { status: 'applied', tables: [...new Set(outcome.puts.map((put) => put.table))] };
  });
  // As executeMutation: only what was loaded may be replaced (each lead made here is new).
  await writePuts(tx, versions, puts, [], loadedRows(loaded));
  return results;
}

/** The union of several mutations' needs (lead.create's: leads by id, open leads by contact, new ids). */
function mergeNeeds(all: readonly Needs[]): Needs {
  const leads = new Set<string>();
  const newIds = new Set<string>();
  const phones = new Set<string>();
  const emails = new Set<string>();
  for (const needs of all) {
    // A lead made earlier in the transaction is in `leads`, which lead.create checks beside takenIds.
    const { leads: ids, leadsByContact, newIds: fresh, ...rest } = needs;
    // Anything else would have to be merged and kept up to date between the mutators too.
    if (Object.values(rest).some((value) => value !== undefined)) throw new Error('lead.create lit désormais d’autres lignes : adapter web-form-batcher.ts');
    for (const id of ids ?? []) leads.add(id);
    for (const id of fresh ?? []) newIds.add(id);
    for (const phone of leadsByContact?.phones ?? []) phones.add(phone);
    for (const email of leadsByContact?.emails ?? []) emails.add(email);
  }
  return { leads: [...leads], leadsByContact: { phones: [...phones], emails: [...emails] }, newIds: [...newIds] };
}

/** Open leads by normalised phone and e-mail, as state-loader's leadsByContact selects them. */
class ContactIndex {
  private readonly byKey = new Map<string, Lead[]>();

  constructor(leads: readonly Lead[]) {
    for (const lead of leads) this.add(lead);
  }

  add(lead: Lead): void {
    if (lead.deletedAt !== null || FINAL_STATUSES.has(lead.status)) return;
    for (const key of [lead.phoneE164 === null ? null : `phone:${lead.phoneE164}`, lead.email === null ? null : `email:${lead.email}`]) {
      if (key === null) continue;
      const list = this.byKey.get(key);
      if (list === undefined) this.byKey.set(key, [lead]);
      else list.push(lead);
    }
  }

  matching(contact: Needs['leadsByContact']): Lead[] {
    const found = new Map<string, Lead>();
    const keys = [...(contact?.phones ?? []).map((p) => `phone:${p}`), ...(contact?.emails ?? []).map((e) => `email:${e}`)];
    for (const key of keys) for (const lead of this.byKey.get(key) ?? []) found.set(lead.id, lead);
    return [...found.values()];
  }
}
