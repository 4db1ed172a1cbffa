import type { Refusal, SyncStatus } from '~shared/contract/ipc';
import {
  PULL_DEFAULT_LIMIT,
  PULL_MAX_LIMIT,
  PUSH_MAX_BYTES,
  PUSH_MAX_MUTATIONS,
  type MutationResult,
  type PullResponse,
  type PushMutation,
} from '~shared/contract/sync';
import type { SyncedTable } from '~shared/domain/entities';
import { ACCESS_BATCH_MAX, type AccessEvent } from '~shared/contract/accountability';
import { createEmitter, type Emitter } from '~shared/events';
import { PullCursorWentBackError } from '../../db/replica';
import { MESSAGES, ServerError, type ServerClient } from './http';
import { wsPokeConnector, type PokeConnector, type PokeSocket } from './pokes';

// The desktop's sync client (sync-protocol.md; issue 4, point 3) for one replica and one signed-in
// user. It pushes whenever the outbox is not empty, pulls page by page when a poke says the server
// is ahead, every 30 s and on reconnect, and reports what it is doing as a `SyncStatus`.
//
// One cycle runs at a time: pull what is wanted, then push one batch, then pull again (the pull
// drops the pushed mutations from the outbox and brings the server's rows), until the outbox is
// empty. A failure ends the cycle and schedules the next one with exponential backoff and jitter;
// nothing is lost, because the outbox is only emptied by a pull that saw the server's
// `lastMutationId`, and the server skips ids it already processed.

/** What the engine needs of the local replica (src-main/db/replica.ts). */
export interface SyncReplica {
  readonly clientId: string;
  pending(limit?: number, maxBytes?: number): PushMutation[];
  pendingCount(): number;
  cursor(): number;
  knownMutationId(): number;
  recordResults(results: MutationResult[]): Refusal[];
  applyPull(page: PullResponse): { tables: readonly SyncedTable[]; refusals: Refusal[] };
  resetForResync(): void;
  refusals(): readonly Refusal[];
  onChange(listener: (tables: readonly SyncedTable[]) => void): () => void;
  /** Runs many write transactions with the log folded on another core and at the end (Replica.writeInBulk). */
  writeInBulk?<T>(run: () => Promise<T>): Promise<T>;
}

/** The access log's queue (src-main/db/access-events.ts): sent after the outbox, in batches. */
export interface SyncAccessQueue {
  pending(limit: number): AccessEvent[];
  remove(ids: readonly string[]): void;
  onRecorded(listener: () => void): () => void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // Timers never keep a process alive on their own (tests, the bridge's shutdown).
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SyncEngineOptions {
  replica: SyncReplica;
  client: ServerClient;
  token: string;
  clock?: () => Date;
  timers?: Timers;
  random?: () => number;
  /** null: no WebSocket (tests that drive every sync themselves). */
  pokes?: PokeConnector | null;
  pollIntervalMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pullLimit?: number;
  /** Larger pages for a first sync, where round trips dominate. */
  firstSyncPullLimit?: number;
  pushMaxMutations?: number;
  pushMaxBytes?: number;
  /** Told about failures that are not the network's (a bug, an unreadable answer), for the log. */
  onError?: (error: unknown) => void;
  /** Sheets opened and files exported, for the office's access log (issue 14, point 6). */
  accessQueue?: SyncAccessQueue | null;
}

/** Lets the callbacks and I/O already queued run (setImmediate: after the poll phase, not a timer's 1 ms). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export type SyncEngineEvent = { type: 'status'; status: SyncStatus } | { type: 'refused'; refusal: Refusal };

type Activity = 'first_sync' | 'pushing' | 'pulling' | null;
type Halt = 'session_ended' | 'update_required' | 'workstation_wiped' | 'stopped';

export class SyncEngine {
  private readonly replica: SyncReplica;
  private readonly client: ServerClient;
  private readonly token: string;
  private readonly clock: () => Date;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly pokes: PokeConnector | null;
  private readonly pollIntervalMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly pullLimit: number;
  private readonly firstSyncPullLimit: number;
  private readonly pushMaxMutations: number;
  private readonly pushMaxBytes: number;
  private readonly onError: (error: unknown) => void;
  private readonly accessQueue: SyncAccessQueue | null;

  private readonly events: Emitter<SyncEngineEvent>;
  private readonly emittedRefusals = new Set<number>();
  private unsubscribeReplica: (() => void) | null = null;
  private unsubscribeAccess: (() => void) | null = null;

  private started = false;
  private halted: Halt | null = null;
  /** The last cycle was refused for the server's certificate: retried, shown until it passes. */
  private certificateChanged = false;
  private running: Promise<void> | null = null;
  private again = false;
  private pullWanted = true;
  private abort = new AbortController();

  private activity: Activity = null;
  private online = true;
  private message: string | null = null;
  private lastSyncedAt: string | null = null;
  private progress: SyncStatus['progress'] = null;
  private firstSyncDone: boolean;
  /** Highest cursor announced by a poke: an estimate of the first sync's size. */
  private serverHead = 0;

  private failures = 0;
  private retryTimer: unknown = null;
  private pollTimer: unknown = null;

  private socket: PokeSocket | null = null;
  private socketFailures = 0;
  private reconnectTimer: unknown = null;

  private lastStatus = '';

  constructor(options: SyncEngineOptions) {
    this.replica = options.replica;
    this.client = options.client;
    this.token = options.token;
    this.clock = options.clock ?? (() => new Date());
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    this.pokes = options.pokes === undefined ? wsPokeConnector : options.pokes;
    this.pollIntervalMs = options.pollIntervalMs ?? 30_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.backoffMaxMs = options.backoffMaxMs ?? 30_000;
    this.pullLimit = options.pullLimit ?? PULL_DEFAULT_LIMIT;
    this.firstSyncPullLimit = options.firstSyncPullLimit ?? PULL_MAX_LIMIT;
    this.pushMaxMutations = options.pushMaxMutations ?? PUSH_MAX_MUTATIONS;
    this.pushMaxBytes = options.pushMaxBytes ?? PUSH_MAX_BYTES;
    this.onError = options.onError ?? (() => {});
    this.accessQueue = options.accessQueue ?? null;
    this.events = createEmitter(this.onError);
    this.firstSyncDone = this.replica.cursor() > 0;
  }

  on(listener: (event: SyncEngineEvent) => void): () => void {
    return this.events.on(listener);
  }

  /** Connects the pokes, starts the 30 s pull and runs the first cycle (a first sync when the replica is empty). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribeReplica = this.replica.onChange(() => {
      // A local mutation was queued (or a pull landed): refresh the counts, and push unless a
      // failure's backoff is running (its timer will push).
      this.emitStatus();
      if (this.replica.pendingCount() > 0) this.kick(false);
    });
    // A sheet opened or a file exported: sent now if online, else with the next cycle that works.
    this.unsubscribeAccess = this.accessQueue?.onRecorded(() => this.kick(false)) ?? null;
    this.connect();
    this.schedulePoll();
    this.kick(true);
  }

  /** Stops everything: timers, the socket, the request in flight. Queued work stays in the replica. */
  async stop(): Promise<void> {
    if (this.halted !== 'stopped') {
      this.halted = 'stopped';
      this.shutdown();
    }
    await this.running?.catch(() => {});
  }

  /**
   * Syncs now, whatever the backoff (the user's "Synchroniser" button, tests): resolves once a full
   * cycle that began after this call has ended, with the status it left.
   */
  async syncNow(): Promise<SyncStatus> {
    if (this.halted === null) {
      this.clearRetry();
      this.failures = 0;
      this.kick(true, true);
      while (this.running) await this.running;
    }
    return this.status();
  }

  /** Resolves once no cycle is running (tests and benches wait for quiet before they look). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  status(): SyncStatus {
    const phase: SyncStatus['phase'] =
      this.halted === 'session_ended' || this.halted === 'update_required' || this.halted === 'workstation_wiped'
        ? this.halted
        : this.halted === 'stopped'
          ? 'signed_out'
          : this.certificateChanged
            ? 'certificate_changed'
            : !this.firstSyncDone
              ? 'first_sync'
              : (this.activity ?? (this.online ? 'idle' : 'offline'));
    return {
      phase,
      online: this.online,
      pending: this.replica.pendingCount(),
      refusals: this.replica.refusals().length,
      lastSyncedAt: this.lastSyncedAt,
      progress: this.progress,
      message: this.message,
    };
  }

  // ---- cycles -----------------------------------------------------------------------------

  private kick(pull: boolean, force = false): void {
    if (pull) this.pullWanted = true;
    // Before start() only an explicit syncNow() runs a cycle (benches, tools).
    if (this.halted !== null || (!this.started && !force)) return;
    if (this.retryTimer !== null) {
      if (!force) return;
      this.clearRetry();
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.cycle().finally(() => {
      this.running = null;
    });
  }

  private async cycle(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.work();
      } while (this.again && this.halted === null);
      this.failures = 0;
      this.online = true;
      this.certificateChanged = false;
      this.message = null;
      this.lastSyncedAt = this.clock().toISOString();
    } catch (error) {
      this.fail(error);
    } finally {
      this.activity = null;
      this.emitStatus();
    }
  }

  private async work(): Promise<void> {
    let lastPushedFirst = 0;
    for (;;) {
      if (this.halted !== null) return;
      if (this.pullWanted) {
        this.pullWanted = false;
        await this.pullAll();
      }
      const batch = this.replica.pending(this.pushMaxMutations, this.pushMaxBytes);
      if (batch.length === 0) {
        // After the outbox, so that a lead created offline exists on the server when its opening
        // arrives. A failure fails the cycle: the queue stays and the backoff retries it.
        await this.sendAccessEvents();
        return;
      }
      const first = batch[0]!.id;
      if (first === lastPushedFirst) {
        // The pull after the push did not move the outbox: the server did not take it. Try again
        // later rather than spin.
        throw new ServerError('server', MESSAGES.server);
      }
      lastPushedFirst = first;
      await this.push(batch);
      // The server's rows for what it just applied, and the outbox trimmed by lastMutationId.
      this.pullWanted = true;
    }
  }

  private async push(batch: PushMutation[]): Promise<void> {
    this.setActivity('pushing');
    let toSend = batch;
    for (;;) {
      try {
        const answer = await this.client.push(this.token, this.replica.clientId, toSend, this.abort.signal);
        this.online = true;
        this.report(this.replica.recordResults(answer.results));
        return;
      } catch (error) {
        if (!(error instanceof ServerError) || error.kind !== 'gap') throw error;
        // 409: the server has processed up to `last`; resend from last + 1 (sync-protocol.md, push 2).
        const last = error.details.lastMutationId ?? 0;
        const rest = toSend.filter((m) => m.id > last);
        if (rest.length === 0) return;
        if (rest[0]!.id !== last + 1) {
          throw new ServerError(
            'server',
            `Le serveur du bureau n’a pas les modifications n° ${last + 1} à ${rest[0]!.id - 1} de ce poste et ce poste ne les a plus. Prévenez l’administrateur du bureau.`,
          );
        }
        toSend = rest;
      }
    }
  }

  private async sendAccessEvents(): Promise<void> {
    if (this.accessQueue === null) return;
    for (;;) {
      if (this.halted !== null) return;
      const events = this.accessQueue.pending(ACCESS_BATCH_MAX);
      if (events.length === 0) return;
      try {
        await this.client.sendAccessLog(this.token, events, this.abort.signal);
      } catch (error) {
        // A batch the server cannot read (400, 413) would be refused forever and fail every
        // cycle: it is reported as a bug and dropped. Anything else (offline, 5xx) is retried.
        if (!(error instanceof ServerError) || (error.status !== 400 && error.status !== 413)) throw error;
        this.onError(error);
      }
      // The server holds them now (or held them already: it skips known ids).
      this.accessQueue.remove(events.map((event) => event.id));
    }
  }

  /**
   * A first sync writes every row of the office, a page (one transaction) at a time: its pages are
   * written in bulk, as an import's chunks are, so that SQLite does not fold the log into the
   * file after each page (docs/decisions.md, "A first sync written in bulk").
   */
  private async pullAll(): Promise<void> {
    if (!this.firstSyncDone && this.replica.writeInBulk) return this.replica.writeInBulk(() => this.pullPages());
    return this.pullPages();
  }

  private async pullPages(): Promise<void> {
    let resynced = false;
    let received = 0;
    const first = !this.firstSyncDone;
    // The next page is asked for while this one is applied (the server works while we write):
    // its request depends only on the cursor and lastMutationId this page brings.
    let next: Promise<PullResponse> | null = null;
    const startOver = () => {
      this.replica.resetForResync();
      this.firstSyncDone = false;
      this.progress = null;
    };
    for (;;) {
      const firstSync = first || resynced;
      this.setActivity(firstSync ? 'first_sync' : 'pulling');
      if (firstSync && this.progress === null) this.setProgress(0);
      const limit = firstSync ? this.firstSyncPullLimit : this.pullLimit;
      let page: PullResponse;
      try {
        page = await (next ?? this.requestPage(this.replica.cursor(), this.replica.knownMutationId(), limit));
      } catch (error) {
        next = null;
        if (error instanceof ServerError && error.kind === 'resync' && !resynced) {
          // 410: our cursor is older than what the server can answer; start again from 0, the
          // outbox kept (sync-protocol.md, pull).
          resynced = true;
          received = 0;
          startOver();
          continue;
        }
        this.pullWanted = true;
        throw error;
      }
      next = null;
      this.online = true;
      if (this.halted !== null) return;
      if (page.more) {
        // Applying a page holds this thread until it is written (SQLite is synchronous), so the
        // next page's request must be on the wire before. fetch gets there in later turns of the
        // event loop: the connection this page came on is back in its pool a turn after its body
        // (asked at once, the request opens a second connection, up only once the page is
        // written), and undici's own fetch (pinnedFetch's, for a pinned https office) writes a
        // request some steps after it is asked. Hence a turn on each side of the request.
        await nextTurn();
        // Stopped meanwhile: a request now would escape stop(), which has replaced the signal.
        if (this.halted !== null) return;
        next = this.requestPage(page.cursor, Math.max(this.replica.knownMutationId(), page.lastMutationId), limit);
        // Settled later (or dropped when applying fails): never an unhandled rejection.
        next.catch(() => {});
        await nextTurn();
        if (this.halted !== null) return;
      }
      let refusals: Refusal[];
      try {
        ({ refusals } = this.replica.applyPull(page));
      } catch (error) {
        if (!(error instanceof PullCursorWentBackError) || resynced) throw error;
        // A page older than what we hold was refused, unapplied: start again from 0 as after a
        // 410, one local transaction per page, the outbox kept. Twice in one pull is an error.
        next = null;
        resynced = true;
        received = 0;
        startOver();
        continue;
      }
      this.report(refusals);
      received += page.rows.length;
      if (firstSync) this.setProgress(received);
      if (!page.more) break;
    }
    this.firstSyncDone = true;
    this.progress = null;
    this.serverHead = Math.max(this.serverHead, this.replica.cursor());
  }

  private requestPage(cursor: number, knownMutationId: number, limit: number): Promise<PullResponse> {
    return this.client.pull(this.token, { clientId: this.replica.clientId, cursor, limit, knownMutationId }, this.abort.signal);
  }

  private fail(error: unknown): void {
    if (this.halted === 'stopped') return;
    const failure =
      error instanceof ServerError ? error : new ServerError('server', 'La synchronisation a échoué. Nouvel essai sous peu.');
    if (!(error instanceof ServerError) || error.kind === 'server') this.onError(error);
    this.message = failure.message;
    if (failure.kind === 'session_ended' || failure.kind === 'update_required' || failure.kind === 'workstation_wiped') {
      // Queued work stays in the outbox for the next sign-in, or the updated application.
      this.halted = failure.kind;
      this.shutdown();
      return;
    }
    // A changed certificate is retried like an outage (nothing is sent before the check), so the
    // sync resumes by itself once an administrator accepts the new certificate.
    this.certificateChanged = failure.kind === 'certificate_changed';
    this.online = failure.kind !== 'offline' && failure.kind !== 'certificate_changed';
    this.pullWanted = true;
    this.failures += 1;
    this.clearRetry();
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      this.kick(true);
    }, this.backoff(this.failures));
  }

  /** Exponential, capped, with "equal jitter" so that a room of workstations does not retry in step. */
  private backoff(failures: number): number {
    const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** Math.min(failures - 1, 20));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private schedulePoll(): void {
    this.pollTimer = this.timers.setTimeout(() => {
      this.pollTimer = null;
      if (this.halted !== null) return;
      this.kick(true);
      this.schedulePoll();
    }, this.pollIntervalMs);
  }

  // ---- pokes ------------------------------------------------------------------------------

  private connect(): void {
    if (this.pokes === null || this.halted !== null) return;
    let opened = false;
    this.socket = this.pokes(this.client.eventsUrl, this.token, {
      open: () => {
        opened = true;
        this.socketFailures = 0;
        // Pokes sent while we were away are lost: pull on every (re)connection.
        this.kick(true);
      },
      poke: (cursor) => {
        this.serverHead = Math.max(this.serverHead, cursor);
        if (cursor <= this.replica.cursor()) return;
        // The server is there: a pending retry need not wait for its backoff.
        this.kick(true, true);
      },
      closed: ({ status }) => {
        this.socket = null;
        if (this.halted !== null) return;
        if (status === 401 || status === 426) {
          // Let the HTTP path find out and say it (session ended, update required).
          this.kick(true, true);
        }
        // A socket that was up and dropped is the first sign of a cut network (or a stopped server):
        // a cycle now finds out over HTTP, so the indicator says "offline" at once rather than at
        // the next 30 s pull.
        if (opened) this.kick(true);
        if (!opened) this.socketFailures += 1;
        const delay = this.socketFailures === 0 ? this.backoffBaseMs : this.backoff(this.socketFailures);
        this.reconnectTimer = this.timers.setTimeout(() => {
          this.reconnectTimer = null;
          this.connect();
        }, delay);
      },
    });
  }

  // ---- status and events ------------------------------------------------------------------

  private shutdown(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.clearRetry();
    if (this.pollTimer !== null) this.timers.clearTimeout(this.pollTimer);
    this.pollTimer = null;
    if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.socket?.close();
    this.socket = null;
    this.unsubscribeReplica?.();
    this.unsubscribeReplica = null;
    this.unsubscribeAccess?.();
    this.unsubscribeAccess = null;
    this.activity = null;
    this.progress = null;
    this.emitStatus();
  }

  private setActivity(activity: Activity): void {
    this.activity = activity;
    this.emitStatus();
  }

  private setProgress(received: number): void {
    // The server does not say how many rows a first sync holds; the newest version it poked about
    // bounds it from above (every row has one version; rows written twice used two), so it is
    // shown only when known and never below what already arrived.
    const total = this.serverHead > 0 ? Math.max(received, this.serverHead) : null;
    this.progress = { received, total };
    this.emitStatus();
  }

  private report(refusals: readonly Refusal[]): void {
    for (const refusal of refusals) {
      if (this.emittedRefusals.has(refusal.mutationId)) continue;
      this.emittedRefusals.add(refusal.mutationId);
      this.emit({ type: 'refused', refusal });
    }
    if (refusals.length > 0) this.emitStatus();
  }

  private emitStatus(): void {
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.emit({ type: 'status', status });
  }

  private emit(event: SyncEngineEvent): void {
    this.events.emit(event);
  }
}
