import type Database from 'better-sqlite3';
import type { Refusal } from '~shared/contract/ipc';
import { PUSH_MAX_BYTES, PUSH_MAX_MUTATIONS, type MutationResult, type PullResponse, type PushMutation } from '~shared/contract/sync';
import { SYNCED_TABLES, type Put, type SyncedTable, type User } from '~shared/domain/entities';
import type { MutationName } from '~shared/domain/mutations/args';
import { perform, type PrepareContext } from '~shared/domain/mutations/pipeline';
import type { Actor } from '~shared/domain/mutations/types';
import { mutationRowId, newId } from '~shared/ids';
import { createEmitter } from '~shared/events';
import { startBackgroundCheckpoints, type BackgroundCheckpoints } from './background-checkpoints';
import type { ReplicaKey } from './encryption';
import { openLocalDatabase, type LocalDatabase } from './migrate';
import { rowStore, type RowStore } from './rows';
import { loadLocalState, loadSettings } from './state-loader';
import { statement } from './statements';

// The workstation's replica of the office's data (sync-protocol.md): every user action is a named
// mutation applied here at once and queued in the outbox; every pull page is applied by the rebase
// ("Applying a pull on the client"), which keeps this invariant:
//
//   local rows == the server's rows at our cursor + the pending mutations replayed on top.
//
// The network is not here: the sync engine (services/sync) pushes `pending()`, hands back the
// results and the pull pages. Everything below is synchronous and each step is one SQLite
// transaction, so a crash at any moment leaves the replica as it was before or after a step.

export interface ReplicaOptions {
  /** For a packaged app whose migrations are not beside the sources. */
  migrationsFolder?: string;
  /** Stamps refusals and the outbox's `queuedAt` (never a mutation's time: that is `clientTime`). */
  clock?: () => Date;
  /** The client id of a NEW database (tests that rebuild a replica); an existing one keeps its own. */
  clientId?: string;
  /** The file's encryption key (encryption.ts); the session always gives one. */
  key?: ReplicaKey | null;
}

export type RunMutationResult =
  | { ok: true; mutationId: number; tables: SyncedTable[] }
  | { ok: false; refusal: { code: string; message: string } };

/** A mutation to run and queue (`Replica.runMutations`). */
export interface QueuedMutation {
  name: string;
  args: unknown;
  clientTime: string;
}

/** A QueuedMutation with its args as the outbox keeps them (`wire`) and as read back from that. */
interface PreparedMutation extends QueuedMutation {
  wire: string;
}

export interface PullOutcome {
  tables: SyncedTable[];
  refusals: Refusal[];
}

/** A pull page that does not hold what the protocol promises; nothing of it was applied. */
export class InvalidPullError extends Error {
  constructor(detail: string) {
    super(`Réponse du serveur illisible : ${detail}. Rien n’a été appliqué.`);
    this.name = 'InvalidPullError';
  }
}

/**
 * A pull page whose cursor is older than the replica's: the server (or something between) has gone
 * back in time, and this page cannot be trusted to bring what lies between (Replicache refuses it
 * too). Nothing of it was applied; the sync engine starts again from 0, the outbox kept.
 */
export class PullCursorWentBackError extends Error {
  constructor(
    readonly held: number,
    readonly received: number,
  ) {
    super(`Le serveur a renvoyé un curseur plus ancien (${received}) que celui du poste (${held}). Rien n’a été appliqué.`);
    this.name = 'PullCursorWentBackError';
  }
}

type ChangeListener = (tables: SyncedTable[]) => void;

/** What undoes a mutation's writes that break a unique index (`Replica.apply`). */
type Isolation = 'transaction' | 'savepoint';

interface OutboxRow {
  id: number;
  name: string;
  args: string;
  clientTime: string;
}

const STATE = {
  clientId: 'clientId',
  cursor: 'cursor',
  /** The last mutation id handed out: ids stay gapless even after the outbox was emptied. */
  lastQueued: 'lastQueuedMutationId',
  knownMutationId: 'knownMutationId',
  /** Who queued the pending mutations; the rebase replays them as that user. */
  actor: 'actor',
  /**
   * Set while a first sync (or a resync) fills the replica: the search index's triggers skip their
   * work and the last page rebuilds the index at once (migrations/client/0005).
   */
  leadsFtsDeferred: 'leadsFtsDeferred',
} as const;

/** SQLite's default, put back after writeInBulk. */
const WAL_AUTOCHECKPOINT_PAGES = 1000;
/** 256 MiB of 4 KiB pages (SQLCipher 4's page size): the log writeInBulk lets pile up. */
const BULK_WAL_AUTOCHECKPOINT_PAGES = 65_536;

const CONFLICT_REFUSAL = {
  code: 'conflict',
  message: 'Cette modification contredit des données déjà enregistrées sur ce poste ; rechargez et réessayez.',
} as const;

function isConstraintError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT');
}

export class Replica {
  readonly clientId: string;
  private readonly rows: RowStore;
  // A listener's failure (a closed window) must not undo or block what was committed.
  private readonly changes = createEmitter<SyncedTable[]>(() => {});
  private readonly clock: () => Date;
  private closed = false;
  /** Callers of writeInBulk still running. */
  private bulkWriters = 0;
  /** The log's checkpointer while bulk writers run (background-checkpoints.ts). */
  private checkpointer: BackgroundCheckpoints | null = null;
  /** The file's key, for the checkpointer's own connection. */
  private readonly key: ReplicaKey | null;
  /** Commits that changed leads since this replica was opened (see `leadsVersion`). */
  private leadsCommits = 0;

  private constructor(
    readonly sqlite: Database.Database,
    readonly db: LocalDatabase,
    options: ReplicaOptions,
  ) {
    this.rows = rowStore(sqlite);
    this.key = options.key ?? null;
    this.clock = options.clock ?? (() => new Date());
    this.clientId = this.sqlite.transaction(() => {
      const existing = this.getState<string>(STATE.clientId);
      if (existing) return existing;
      const made = options.clientId ?? newId();
      this.setState(STATE.clientId, made);
      return made;
    }).immediate();
  }

  static open(file: string, options: ReplicaOptions = {}): Replica {
    const { sqlite, db } = openLocalDatabase(file, { migrationsFolder: options.migrationsFolder, key: options.key });
    // The lists read the leads' indexes over and over: keep them in memory (64 MiB of page cache
    // holds the indexes of 200,000 leads); temporary files stay in memory too (encryption.ts).
    sqlite.pragma('cache_size = -65536');
    return new Replica(sqlite, db, options);
  }

  /**
   * Runs a series of write transactions (an import's chunks) with the write-ahead log folded into
   * the file once 256 MiB of it have piled up, and at the end, instead of after each transaction
   * of more than 1,000 pages: each chunk dirties pages all over the leads' indexes, and SQLite's
   * checkpoint after every commit wrote (decrypted, encrypted again) nearly the same pages each
   * time — a sixth of a 100,000-row import, whose 20 chunks leave about 240 MB of log
   * (docs/benchmarks.md, fifth session). The bound keeps a full sheet's log from growing to
   * gigabytes. Commits stay as durable (each one is in the log; a crash leaves a longer log,
   * which the next opening reads back). The log is emptied at the end. Meanwhile a checkpointer
   * on another thread folds each commit's pages as the next chunk is written, so that little is
   * left for the end (background-checkpoints.ts).
   */
  async writeInBulk<T>(run: () => Promise<T>): Promise<T> {
    this.bulkWriters += 1;
    if (this.bulkWriters === 1) {
      this.sqlite.pragma(`wal_autocheckpoint = ${BULK_WAL_AUTOCHECKPOINT_PAGES}`);
      // Meanwhile, another core folds what each commit leaves in the log (background-checkpoints.ts).
      if (!this.sqlite.memory) this.checkpointer = startBackgroundCheckpoints(this.sqlite.name, this.key);
    }
    try {
      return await run();
    } finally {
      this.bulkWriters -= 1;
      if (this.bulkWriters === 0) {
        const checkpointer = this.checkpointer;
        this.checkpointer = null;
        await checkpointer?.stop();
        // Another bulk writer may have started while the checkpointer stopped: it keeps the log.
        if (this.bulkWriters === 0 && !this.closed) {
          this.sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
          this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
        }
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.changes.clear();
    this.sqlite.close();
  }

  // ---- small persistent values ------------------------------------------------------------

  private getState<T>(key: string): T | undefined {
    const raw = statement(this.sqlite, 'select value from sync_state where key = ?').pluck().get(key) as string | undefined;
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  private setState(key: string, value: unknown): void {
    statement(this.sqlite, 'insert into sync_state (key, value) values (?, ?) on conflict (key) do update set value = excluded.value').run(
      key,
      JSON.stringify(value),
    );
  }

  /** The pull cursor: the server version up to which this replica has every row. */
  cursor(): number {
    return this.getState<number>(STATE.cursor) ?? 0;
  }

  /** The highest mutation id whose result this replica has seen (pull's `knownMutationId`). */
  knownMutationId(): number {
    return this.getState<number>(STATE.knownMutationId) ?? 0;
  }

  // ---- change events ----------------------------------------------------------------------

  /** Called after every commit that changed synced rows, with the tables changed. */
  onChange(listener: ChangeListener): () => void {
    return this.changes.on(listener);
  }

  private emit(tables: Iterable<SyncedTable>): void {
    const list = [...new Set(tables)];
    if (list.length === 0) return;
    if (list.includes('leads')) this.leadsCommits += 1;
    this.changes.emit(list);
  }

  /**
   * Moves after every commit that changed leads: a mutation run here or a pull page (every write
   * to the leads goes through `runMutation` or `applyPull`, which both announce their tables).
   * What was worked out from the leads at one version still holds while it stays the same (an
   * import's duplicates between its preview and its commit).
   */
  leadsVersion(): number {
    return this.leadsCommits;
  }

  // ---- mutations ----------------------------------------------------------------------------

  /**
   * Applies a mutation at once and queues it (sync-protocol.md, "Model"), in one transaction. A
   * mutation the rules refuse here is not queued: the refusal goes straight back to the user.
   */
  runMutation(actor: Actor, name: string, rawArgs: unknown, clientTime: string): RunMutationResult {
    return this.queueAlone(actor, this.prepareQueued({ name, args: rawArgs, clientTime }));
  }

  /**
   * Several mutations of one user, in order, in ONE transaction (an import's chunks): each is
   * still its own outbox entry, pushed and answered alone, and each is whole or absent. It stops
   * at the first the rules refuse; those before it stay. One transaction for several chunks writes
   * the pages they share (the search index's segments, the ends of the indexes) once instead of
   * once per chunk (docs/benchmarks.md, eighth session). A write that breaks a unique index rolls
   * the whole transaction back, so the mutations are then run again one transaction each, which
   * finds the one to refuse and keeps those before it. The results are those of the mutations
   * run: all of them, or up to and including the refused one.
   */
  runMutations(actor: Actor, mutations: readonly QueuedMutation[]): RunMutationResult[] {
    const queued = mutations.map((mutation) => this.prepareQueued(mutation));
    let results: RunMutationResult[];
    try {
      results = this.sqlite.transaction(() => {
        const done: RunMutationResult[] = [];
        for (const one of queued) {
          const result = this.queue(actor, one);
          done.push(result);
          if (!result.ok) break;
        }
        return done;
      })();
    } catch (error) {
      if (!isConstraintError(error)) throw error;
      results = [];
      for (const one of queued) {
        const result = this.queueAlone(actor, one);
        results.push(result);
        if (!result.ok) break;
      }
      return results;
    }
    this.emit(results.flatMap((result) => (result.ok ? result.tables : [])));
    return results;
  }

  /**
   * The wire form, as the outbox keeps it and the server will receive it: serialised once, for
   * both (an import chunk's args are megabytes).
   */
  private prepareQueued({ name, args, clientTime }: QueuedMutation): PreparedMutation {
    const wire = JSON.stringify(args) ?? 'null';
    return { name, wire, args: JSON.parse(wire) as unknown, clientTime };
  }

  /** One prepared mutation queued in a transaction of its own; listeners told after its commit. */
  private queueAlone(actor: Actor, prepared: PreparedMutation): RunMutationResult {
    const outcome = this.inOwnTransaction(() => this.queue(actor, prepared));
    if (outcome.ok) this.emit(outcome.tables);
    return outcome;
  }

  /** Applies one mutation and puts it in the outbox, inside the caller's transaction. */
  private queue(actor: Actor, { name, wire, args, clientTime }: PreparedMutation): RunMutationResult {
    const owner = this.getState<Actor>(STATE.actor);
    if (owner && owner.id !== actor.id && this.pendingCount() > 0) {
      // sync-protocol.md: a replica belongs to one user; another user's work would be pushed
      // under this user's client id and refused by the server (403).
      throw new Error('Ce poste local appartient à un autre utilisateur : ses modifications ne sont pas encore envoyées.');
    }
    const mutationId = (this.getState<number>(STATE.lastQueued) ?? 0) + 1;
    const applied = this.apply(actor, mutationId, name, args, clientTime, 'transaction');
    if (!applied.ok) return applied;
    statement(this.sqlite, 'insert into outbox (id, name, args, client_time, queued_at) values (?, ?, ?, ?, ?)').run(
      mutationId,
      name,
      wire,
      clientTime,
      this.clock().toISOString(),
    );
    this.setState(STATE.lastQueued, mutationId);
    this.setState(STATE.actor, { id: actor.id, role: actor.role });
    return { ok: true, mutationId, tables: applied.tables };
  }

  /**
   * One mutation in a transaction of its own: a write that breaks a unique index (a file number,
   * a notification group) rolls the whole transaction back and comes back as a refusal.
   */
  private inOwnTransaction(run: () => RunMutationResult): RunMutationResult {
    try {
      return this.sqlite.transaction(run)();
    } catch (error) {
      if (isConstraintError(error)) return { ok: false, refusal: CONFLICT_REFUSAL };
      throw error;
    }
  }

  /**
   * Parse, needs, load, apply, write, with the deterministic context of mutation `mutationId`: the
   * same clientTime and the same derived ids every time it runs, so a replay rewrites the same rows.
   * Writes nothing when refused. Runs inside the caller's transaction: `isolation` says what undoes
   * a write that breaks a unique index. 'transaction': the error goes up and the caller rolls its
   * whole transaction back. 'savepoint': a savepoint of its own undoes this mutation alone, never
   * the transaction around it (the rebase's second try). The savepoint is the exception because,
   * under one, each row written costs more as the table grows (a 5,000-lead import chunk took 5 s
   * instead of 1 s beside 50,000 leads; docs/decisions.md, "Desktop replica").
   */
  private apply(
    actor: Actor,
    mutationId: number,
    name: string,
    args: unknown,
    clientTime: string,
    isolation: Isolation,
  ): { ok: true; tables: SyncedTable[] } | { ok: false; refusal: { code: string; message: string } } {
    let n = 0;
    const ctx: PrepareContext = {
      now: clientTime,
      timeZone: loadSettings(this.sqlite).timeZone,
      newId: () => mutationRowId(this.clientId, mutationId, ++n, clientTime),
    };
    const result = perform(name, args, actor, ctx, (needs) => loadLocalState(this.sqlite, needs));
    if (!result.ok) return result;
    const write = () => this.write(result.puts, this.saveImages(result.puts));
    if (isolation === 'transaction') write();
    else {
      try {
        this.sqlite.transaction(write)();
      } catch (error) {
        if (isConstraintError(error)) return { ok: false, refusal: CONFLICT_REFUSAL };
        throw error;
      }
    }
    return { ok: true, tables: [...new Set(result.puts.map((put) => put.table))] };
  }

  /**
   * Writes a mutation's rows. When every lead it writes is a new row (an import chunk, a lead typed
   * in), the search index's per-row triggers stand aside (the same key as a first sync's, set and
   * removed inside this transaction) and the new leads are indexed by one statement after their
   * rows: the per-row trigger cost more than the lead's own row and indexes (docs/benchmarks.md,
   * fifth session). A lead that existed keeps the triggers, which remove its old words first.
   */
  private write(puts: readonly Put[], absentLeads: ReadonlySet<string>): void {
    const leadIds = new Set<string>();
    for (const put of puts) if (put.table === 'leads') leadIds.add(put.row.id);
    const indexAfter =
      leadIds.size > 0 && [...leadIds].every((id) => absentLeads.has(id)) && this.getState(STATE.leadsFtsDeferred) === undefined;
    if (indexAfter) this.setState(STATE.leadsFtsDeferred, true);
    for (const put of puts) this.rows.upsert(put.table, put.row);
    if (!indexAfter) return;
    statement(this.sqlite, 'delete from sync_state where key = ?').run(STATE.leadsFtsDeferred);
    statement(
      this.sqlite,
      `insert into leads_fts (rowid, first_name, last_name, email, phone_e164, phone_raw, notes)
       select rowid, first_name, last_name, email, phone_e164, phone_raw, notes from leads where id in (select value from json_each(?))`,
    ).run(JSON.stringify([...leadIds]));
  }

  /**
   * Keeps the server's image of each row (null: absent) the first time a pending mutation touches
   * it, before the mutation writes anything. Read and written per table in one statement each, not
   * per row: an import chunk touches 10,000 rows, and three statements for each cost more than
   * writing the rows themselves. Returns the leads found absent (new rows), for `write`.
   */
  private saveImages(puts: readonly Put[]): Set<string> {
    const absentLeads = new Set<string>();
    const touchedIds = new Map<SyncedTable, Set<string>>();
    for (const { table, row } of puts) {
      const ids = touchedIds.get(table);
      if (ids) ids.add(row.id);
      else touchedIds.set(table, new Set([row.id]));
    }
    for (const [table, ids] of touchedIds) {
      const saved = new Set(
        statement(this.sqlite, 'select row_id from saved_images where table_name = ? and row_id in (select value from json_each(?))')
          .pluck()
          .all(table, JSON.stringify([...ids])) as string[],
      );
      const fresh = [...ids].filter((id) => !saved.has(id));
      if (fresh.length === 0) continue;
      const current = new Map(this.rows.getMany(table, fresh).map((row) => [row.id, JSON.stringify(row)]));
      const images = fresh.map((id) => [id, current.get(id) ?? null]);
      if (table === 'leads') for (const id of fresh) if (!current.has(id)) absentLeads.add(id);
      statement(this.sqlite, 'insert into saved_images (table_name, row_id, image) select ?, value ->> 0, value ->> 1 from json_each(?)').run(
        table,
        JSON.stringify(images),
      );
    }
    return absentLeads;
  }

  /** The outbox from its first mutation, in id order: at most `limit` mutations and about `maxBytes`. */
  pending(limit: number = PUSH_MAX_MUTATIONS, maxBytes: number = PUSH_MAX_BYTES): PushMutation[] {
    const rows = statement(this.sqlite, 'select id, name, args, client_time as clientTime from outbox order by id limit ?').all(
      limit,
    ) as OutboxRow[];
    const out: PushMutation[] = [];
    let bytes = 0;
    for (const row of rows) {
      // The first mutation always goes, whatever its size: the server decides about it.
      bytes += Buffer.byteLength(row.args) + Buffer.byteLength(row.name) + 64;
      if (out.length > 0 && bytes > maxBytes) break;
      out.push({ id: row.id, name: row.name, args: JSON.parse(row.args) as unknown, clientTime: row.clientTime });
    }
    return out;
  }

  pendingCount(): number {
    return statement(this.sqlite, 'select count(*) from outbox').pluck().get() as number;
  }

  // ---- refusals -----------------------------------------------------------------------------

  /**
   * Keeps the refused results as refusals with the args the user had entered (looked up in the
   * outbox; idempotent by mutation id) and returns those that are new. The refused mutations stay
   * in the outbox until a pull's `lastMutationId` passes them (sync-protocol.md, rebase step 3).
   */
  recordResults(results: readonly MutationResult[]): Refusal[] {
    return this.sqlite.transaction(() => {
      const fresh = this.recordRefusals(results);
      // Results come in id order; `known` moves only over a run without holes, so a result the
      // server did not repeat (already processed) is read again by the next pull.
      let known = this.knownMutationId();
      const ids = new Set(results.map((r) => r.id));
      while (ids.has(known + 1)) known += 1;
      this.setState(STATE.knownMutationId, known);
      return fresh;
    })();
  }

  private recordRefusals(results: readonly MutationResult[]): Refusal[] {
    const fresh: Refusal[] = [];
    const refusedAt = this.clock().toISOString();
    for (const result of results) {
      if (result.status !== 'refused') continue;
      const queued = statement(this.sqlite, 'select name, args from outbox where id = ?').get(result.id) as
        | { name: string; args: string }
        | undefined;
      // Gone from the outbox: an earlier pull already recorded it.
      if (!queued) continue;
      const refusal: Refusal = {
        mutationId: result.id,
        name: queued.name as MutationName,
        args: JSON.parse(queued.args) as unknown,
        code: result.code ?? 'refused',
        message: result.message ?? 'Le serveur du bureau a refusé cette modification.',
        refusedAt,
      };
      const inserted = statement(
        this.sqlite,
        `insert into refusals (mutation_id, name, args, code, message, refused_at) values (?, ?, ?, ?, ?, ?)
         on conflict (mutation_id) do nothing`,
      ).run(refusal.mutationId, refusal.name, queued.args, refusal.code, refusal.message, refusal.refusedAt);
      if (inserted.changes > 0) fresh.push(refusal);
    }
    return fresh;
  }

  /** The refusals the user has not dismissed, oldest first. */
  refusals(): Refusal[] {
    const rows = statement(
      this.sqlite,
      `select mutation_id as mutationId, name, args, code, message, refused_at as refusedAt
       from refusals where dismissed_at is null order by mutation_id`,
    ).all() as Array<Omit<Refusal, 'args'> & { args: string }>;
    return rows.map((row) => ({ ...row, args: JSON.parse(row.args) as unknown }));
  }

  /** The user has read it (and maybe redone it): it leaves the list. Returns the list left. */
  dismissRefusal(mutationId: number): Refusal[] {
    statement(this.sqlite, 'update refusals set dismissed_at = ? where mutation_id = ? and dismissed_at is null').run(
      this.clock().toISOString(),
      mutationId,
    );
    return this.refusals();
  }

  // ---- the rebase ---------------------------------------------------------------------------

  /** sync-protocol.md, "Applying a pull on the client": one page, one transaction. */
  applyPull(page: PullResponse): PullOutcome {
    const held = this.cursor();
    if (page.cursor < held) throw new PullCursorWentBackError(held, page.cursor);
    const pulled = page.rows.map(({ table, row }, index) => {
      const schema = Object.hasOwn(SYNCED_TABLES, table) ? SYNCED_TABLES[table] : undefined;
      if (!schema) throw new InvalidPullError(`table inconnue « ${String(table)} » (ligne ${index + 1})`);
      const parsed = schema.safeParse(row);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue ? `${issue.path.join('.')} : ${issue.message}` : '';
        throw new InvalidPullError(`ligne ${index + 1} de « ${table} » (${String(row.id)}) invalide, ${where}`);
      }
      return { table, row: parsed.data as Record<string, unknown> & { id: string } };
    });

    let outcome: PullOutcome;
    try {
      // The pending mutations replayed straight into the page's transaction (see `apply`).
      outcome = this.sqlite.transaction(() => this.applyPage(page, pulled, 'transaction'))();
    } catch (error) {
      if (!isConstraintError(error)) throw error;
      // A replayed mutation broke a unique index: the page again, each replay in a savepoint of its
      // own, so that this mutation alone writes nothing (and stays queued, as a refused one does).
      outcome = this.sqlite.transaction(() => this.applyPage(page, pulled, 'savepoint'))();
    }
    this.emit(outcome.tables);
    return outcome;
  }

  /** One pull page's steps, inside the caller's transaction. */
  private applyPage(
    page: PullResponse,
    pulled: ReadonlyArray<{ table: SyncedTable; row: Record<string, unknown> & { id: string } }>,
    isolation: Isolation,
  ): PullOutcome {
    const tables = new Set<SyncedTable>();
    // A pull from 0 that takes several pages fills the search index once, at its end.
    if (this.cursor() === 0 && page.more) this.setState(STATE.leadsFtsDeferred, true);
    // 1. Undo the optimistic writes.
    for (const table of this.restoreImages()) tables.add(table);
    // 2. The server's rows, and the cursor.
    for (const { table, row } of pulled) {
      this.rows.upsert(table, row);
      tables.add(table);
    }
    this.setState(STATE.cursor, page.cursor);
    // An anonymised person (issue 14, point 5): the search index drops its deleted entries now,
    // not at some later merge, so that the person's former name leaves the index's pages too.
    if (pulled.some(({ table, row }) => table === 'history' && row['kind'] === 'anonymized') && this.getState(STATE.leadsFtsDeferred) === undefined) {
      this.sqlite.exec(`insert into leads_fts (leads_fts) values ('optimize')`);
    }
    if (!page.more && this.getState(STATE.leadsFtsDeferred) !== undefined) {
      statement(this.sqlite, 'delete from sync_state where key = ?').run(STATE.leadsFtsDeferred);
      this.sqlite.exec(`insert into leads_fts (leads_fts) values ('rebuild')`);
      tables.add('leads');
    }
    // 3. Results: refusals kept with their args, then the processed mutations leave the outbox.
    const refusals = this.recordRefusals(page.results);
    this.setState(STATE.knownMutationId, Math.max(this.knownMutationId(), page.lastMutationId));
    statement(this.sqlite, 'delete from outbox where id <= ?').run(page.lastMutationId);
    // Never hand out an id the server has already processed (a replica restored from a backup
    // would otherwise queue work the server skips as "already done").
    const lastQueued = this.getState<number>(STATE.lastQueued) ?? 0;
    if (page.lastMutationId > lastQueued) this.setState(STATE.lastQueued, page.lastMutationId);
    // 4. Replay what is still pending.
    for (const table of this.replayOutbox(isolation)) tables.add(table);
    return { tables: [...tables], refusals };
  }

  /** Puts back every saved server image (deleting rows that were absent); returns the tables. */
  private restoreImages(): Set<SyncedTable> {
    const tables = new Set<SyncedTable>();
    const images = statement(this.sqlite, 'select table_name as tableName, row_id as rowId, image from saved_images').all() as Array<{
      tableName: SyncedTable;
      rowId: string;
      image: string | null;
    }>;
    for (const { tableName, rowId, image } of images) {
      if (image === null) this.rows.remove(tableName, rowId);
      else this.rows.upsert(tableName, JSON.parse(image) as Record<string, unknown>);
      tables.add(tableName);
    }
    statement(this.sqlite, 'delete from saved_images').run();
    return tables;
  }

  /**
   * Replays the outbox in id order. A mutation now refused here stays queued and writes nothing:
   * only the server decides that it is refused (its verdict comes back with a pull).
   */
  private replayOutbox(isolation: Isolation): Set<SyncedTable> {
    const tables = new Set<SyncedTable>();
    const queued = statement(this.sqlite, 'select id, name, args, client_time as clientTime from outbox order by id').all() as OutboxRow[];
    if (queued.length === 0) return tables;
    const actor = this.replayActor();
    for (const mutation of queued) {
      const result = this.apply(actor, mutation.id, mutation.name, JSON.parse(mutation.args), mutation.clientTime, isolation);
      if (result.ok) for (const table of result.tables) tables.add(table);
    }
    return tables;
  }

  /** A user as the office last sent them (role and name change like any synced row). */
  user(id: string): User | null {
    return this.rows.get('users', id);
  }

  /** The user who queued the outbox, with the role the office now gives them (as the server will). */
  private replayActor(): Actor {
    const owner = this.getState<Actor>(STATE.actor);
    if (!owner) throw new Error('Outbox sans auteur : la réplique est incohérente.');
    const user = this.rows.get('users', owner.id);
    return { id: owner.id, role: user && user.deletedAt === null ? user.role : owner.role };
  }

  /**
   * After a 410 (cursor older than the server keeps): pull everything again from 0, one local
   * transaction per page as usual. The outbox, the refusals and the rows stay. Rows the server
   * does not send again are kept: the server never deletes a row (it sets `deletedAt`), so every
   * row it has comes again and overwrites ours; rows it never had can only be optimistic ones,
   * which the saved images undo at each page. Clearing the tables first instead would empty the
   * lists for the whole resync.
   */
  resetForResync(): void {
    this.setState(STATE.cursor, 0);
  }
}
