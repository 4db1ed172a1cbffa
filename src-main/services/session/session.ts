import { join } from 'node:path';
import {
  CONTRACT,
  type ApiEvent,
  type CalendarFeed,
  type Channel,
  type DemoOffice,
  type IpcResult,
  type Session,
  type SessionUser,
  type SyncStatus,
} from '~shared/contract/ipc';
import { createEmitter, type Emitter } from '~shared/events';
import { refuseUnless, type Action } from '~shared/domain/permissions';
import type { Replica } from '../../db/replica';
import type { SaveFile } from '../../exports/save-file';
import { SIGNED_OUT_MESSAGE, ServiceError, dispatch, type ServiceMap } from '../handlers';
import type { SyncEngine } from '../sync/engine';
import { MESSAGES, normalizeServerUrl, type FetchLike, type ServerClient } from '../sync/http';
import { AccountsClient, type Halted } from './accounts-client';
import { SessionStore } from './session-store';
import { FileTokenStore, type TokenStore } from './token-store';
import { SIGNED_OUT_STATUS, Workspace, openReplica, type WorkspaceOptions } from './workspace';

export { replicaFile, serverKey } from './session-store';

// The contract's host on a workstation (sync-protocol.md, "Identities and counters"; issue 4,
// point 3): who is signed in, against which office server, and their workspace (replica, services,
// sync engine). Each (server, user) has its own local database, so another user signing in on the
// same workstation gets theirs, and signing out keeps the replica and its outbox for that user's
// next sign-in. It answers the session:*, sync:*, users:* and calendarFeed:* channels itself and
// hands every other channel to the signed-in user's workspace.
//
// In the application it runs in the data host process (src-main/host/), never on the main
// process's thread.

export interface SessionManagerOptions {
  /** Replicas, tokens (FileTokenStore by default) and session.json live here. */
  dataDir: string;
  tokenStore?: TokenStore;
  fetch?: FetchLike;
  clock?: () => Date;
  /** Prefills the sign-in screen's server address when nobody ever signed in here. */
  defaultServerUrl?: string | null;
  /** Timers, pokes, page sizes… for tests and benches. */
  engine?: WorkspaceOptions['engine'];
  /** Told about unexpected failures, for the log. */
  onError?: (error: unknown) => void;
  /** Where exported files go (services/handlers.ts); a download for the page by default. */
  saveFile?: SaveFile;
}

const ACCOUNTS_ADMIN_ONLY = "Seul l'administrateur gère les comptes du bureau.";
const CALENDAR_FEED_NEEDS_SERVER =
  'L’adresse d’abonnement au calendrier est gardée par le serveur du bureau, qui ne répond pas : réessayez quand le poste sera reconnecté.';
const ACCOUNTABILITY_NEEDS_SERVER =
  'Le journal d’accès et le registre des incidents sont gardés par le serveur du bureau, qui ne répond pas : réessayez quand le poste sera reconnecté.';
const ACCOUNTS_NEED_SERVER =
  'La gestion des comptes passe par le serveur du bureau, qui ne répond pas : réessayez quand le poste sera reconnecté. Rien n’a été modifié.';

/** Before anyone signs in, every data channel answers the same French sentence. */
const SIGNED_OUT_SERVICES: ServiceMap = Object.fromEntries(
  Object.keys(CONTRACT).map((channel) => [
    channel,
    () => {
      throw new ServiceError('not_signed_in', SIGNED_OUT_MESSAGE);
    },
  ]),
);

export class SessionManager {
  private readonly dataDir: string;
  private readonly store: SessionStore;
  private readonly accounts: AccountsClient;
  private readonly clock: () => Date;
  private readonly saveFile: SaveFile | undefined;
  private readonly engineOptions: SessionManagerOptions['engine'];
  private readonly onError: (error: unknown) => void;
  /** dispatch's own logger (ids and stack, no payload) unless the host gave one. */
  private readonly logFailure: ((channel: string, error: unknown) => void) | undefined;
  private readonly events: Emitter<ApiEvent>;

  private current: Workspace | null = null;
  private lastServerUrl: string | null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: SessionManagerOptions) {
    this.dataDir = options.dataDir;
    this.store = new SessionStore(options.dataDir, options.tokenStore ?? new FileTokenStore(join(options.dataDir, 'tokens')));
    this.clock = options.clock ?? (() => new Date());
    this.engineOptions = options.engine;
    this.onError = options.onError ?? (() => {});
    this.accounts = new AccountsClient(options.fetch, this.onError);
    this.saveFile = options.saveFile;
    this.events = createEmitter(this.onError);
    const onError = options.onError;
    this.logFailure = onError ? (_channel, error) => onError(error) : undefined;
    this.lastServerUrl = options.defaultServerUrl ?? null;
  }

  // ---- reading ----------------------------------------------------------------------------

  session(): Session {
    return { user: this.current?.user ?? null, serverUrl: this.current?.serverUrl ?? this.lastServerUrl };
  }

  status(): SyncStatus {
    return this.current?.status() ?? SIGNED_OUT_STATUS;
  }

  /** The signed-in user's replica and engine (tests, benches). */
  get replica(): Replica | null {
    return this.current?.replica ?? null;
  }

  get engine(): SyncEngine | null {
    return this.current?.engine ?? null;
  }

  on(listener: (event: ApiEvent) => void): () => void {
    return this.events.on(listener);
  }

  // ---- the contract -----------------------------------------------------------------------

  /**
   * Answers one channel of the contract: the input checked against its zod schema by `dispatch`
   * (French messages), then the session's own handlers or the signed-in user's services.
   */
  invoke(channel: string, rawInput: unknown): Promise<IpcResult<unknown>> {
    const services = this.current?.services ?? SIGNED_OUT_SERVICES;
    return dispatch({ ...services, ...this.own }, channel as Channel, rawInput, this.logFailure);
  }

  private readonly own: ServiceMap = {
    'session:get': () => this.session(),
    'session:login': async ({ serverUrl, email, password }) => {
      const result = await this.login(serverUrl, email, password);
      if (!result.ok) throw new ServiceError(result.error.code, result.error.message, result.error.fields);
      return result.value;
    },
    'session:logout': () => this.logout(),
    'session:demo': ({ serverUrl }) => this.demoOffice(serverUrl),
    'sync:status': () => this.status(),
    'sync:now': () => this.current?.engine?.syncNow() ?? this.status(),
    'users:create': (account) => this.administer((client, token) => client.createUser(token, account)),
    'users:update': ({ id, ...patch }) => this.administer((client, token) => client.updateUser(token, id, patch)),
    // The feed's secret lives on the office server only (it is no synced row): asked there each time.
    'calendarFeed:get': () => this.calendarFeed((client, token) => client.calendarFeed(token)),
    'calendarFeed:reset': () => this.calendarFeed((client, token) => client.resetCalendarFeed(token)),
    // The access log and the incident register live on the office server only (issue 14, point 6).
    'accessLog:list': (query) => this.adminRead('accessLog.read', (client, token) => client.accessLog(token, query)),
    'incidents:list': () => this.adminRead('incidents.manage', (client, token) => client.incidents(token)),
    'incidents:history': ({ id }) => this.adminRead('incidents.manage', (client, token) => client.incidentHistory(token, id)),
    'incidents:save': (input) => this.adminRead('incidents.manage', (client, token) => client.saveIncident(token, input)),
  };

  /** An admin's request to the office server, refused here first by the shared permission table. */
  private adminRead<T>(action: Action, call: (client: ServerClient, token: string) => Promise<T>): Promise<T> {
    const user = this.current?.user;
    const refusal = user ? refuseUnless({ id: user.id, role: user.role }, action) : null;
    if (refusal) throw new ServiceError(refusal.code, refusal.message);
    return this.atServer(call, ACCOUNTABILITY_NEEDS_SERVER);
  }

  /**
   * The account screen (admins): accounts live on the office server, so these calls go to it at
   * once rather than through the outbox — a password cannot wait in a queue. The new row comes
   * back by sync, pulled right after.
   */
  private async administer(call: (client: ServerClient, token: string) => Promise<{ id: string }>): Promise<{ id: string }> {
    if (this.current !== null && this.current.user.role !== 'admin') throw new ServiceError('forbidden', ACCOUNTS_ADMIN_ONLY);
    const answer = await this.atServer(call, ACCOUNTS_NEED_SERVER);
    void this.current?.engine?.syncNow().catch(this.onError);
    return answer;
  }

  /** The user's calendar subscription address, whole (server address and secret path). */
  private async calendarFeed(call: (client: ServerClient, token: string) => Promise<{ path: string }>): Promise<CalendarFeed> {
    const { path } = await this.atServer(call, CALENDAR_FEED_NEEDS_SERVER);
    return { url: `${normalizeServerUrl(this.current!.serverUrl)}${path}` };
  }

  private atServer<T>(call: (client: ServerClient, token: string) => Promise<T>, offlineMessage: string): Promise<T> {
    const current = this.current;
    if (current === null) throw new ServiceError('not_signed_in', SIGNED_OUT_MESSAGE);
    if (current.token === null) throw new ServiceError('session_ended', MESSAGES.sessionEnded);
    return this.accounts.atServer(current.serverUrl, current.token, call, offlineMessage);
  }

  demoOffice(serverUrl: string): Promise<DemoOffice | null> {
    return this.accounts.demoOffice(serverUrl);
  }

  // ---- signing in and out -----------------------------------------------------------------

  /** At start: signs the last user back in when their token is still stored. */
  resume(): Promise<Session> {
    return this.exclusive(async () => {
      const saved = await this.store.read();
      if (saved.serverUrl !== null) this.lastServerUrl = saved.serverUrl;
      if (saved.serverUrl === null || saved.user === null) return this.session();
      const token = await this.store.loadToken(saved.serverUrl, saved.user.id);
      if (token === null) return this.session();
      const checked = await this.accounts.check(saved.serverUrl, token, saved.user);
      if (checked.forgetToken) await this.store.clearToken(saved.serverUrl, saved.user.id);
      if (checked.user.id !== saved.user.id) return this.session();
      await this.open(saved.serverUrl, checked.user, checked.halted === null ? token : null, checked.halted);
      return this.session();
    });
  }

  login(serverUrl: string, email: string, password: string): Promise<IpcResult<Session>> {
    return this.exclusive(async () => {
      const signed = await this.accounts.login(serverUrl, email, password);
      if (!signed.ok) return signed;
      await this.open(signed.value.serverUrl, signed.value.user, signed.value.token, null);
      this.lastServerUrl = signed.value.serverUrl;
      return { ok: true as const, value: this.session() };
    });
  }

  /** Signs out: the token is revoked (when the server answers) and forgotten; the replica stays. */
  logout(): Promise<Session> {
    return this.exclusive(async () => {
      const current = this.current;
      if (current === null) return this.session();
      this.current = null;
      await this.release(current, { revoke: true });
      await this.store.write({ serverUrl: current.serverUrl, user: null });
      this.emitSession();
      return this.session();
    });
  }

  /** Application exit: stops syncing and closes the replica; the session stays for the next start. */
  close(): Promise<void> {
    return this.exclusive(async () => {
      this.closed = true;
      const current = this.current;
      this.current = null;
      if (current !== null) await this.release(current, { revoke: false });
    });
  }

  // ---- internals --------------------------------------------------------------------------

  private async open(serverUrl: string, user: SessionUser, token: string | null, halted: Halted): Promise<void> {
    if (this.closed) throw new Error('SessionManager fermé');
    const previous = this.current;
    this.current = null;
    let replica: Replica;
    if (previous !== null && previous.serverUrl === serverUrl && previous.user.id === user.id) {
      // The same user signing in again (after their session ended): same replica, same outbox.
      await previous.detach();
      replica = previous.replica;
    } else {
      if (previous !== null) await this.release(previous, { revoke: true });
      replica = await openReplica(this.dataDir, serverUrl, user.id, this.clock);
    }

    if (token !== null) await this.store.saveToken(serverUrl, user.id, token);
    await this.store.write({ serverUrl, user });

    const workspace: Workspace = new Workspace(replica, {
      serverUrl,
      user,
      token,
      halted,
      client: this.accounts.server(serverUrl),
      clock: this.clock,
      saveFile: this.saveFile,
      engine: this.engineOptions,
      emit: (event) => this.emit(event),
      onUserChanged: (changed) => {
        void this.store.write({ serverUrl, user: changed }).catch(this.onError);
        this.emitSession();
      },
      // The server revoked this token: forget it; the replica and its outbox stay.
      onTokenRevoked: () => void this.store.clearToken(serverUrl, user.id).catch(this.onError),
      onError: this.onError,
    });
    workspace.attach();
    this.current = workspace;
    this.emitSession();
    workspace.start();
  }

  private async release(workspace: Workspace, options: { revoke: boolean }): Promise<void> {
    await workspace.close();
    if (!options.revoke) return;
    const token = workspace.token;
    workspace.token = null;
    if (token !== null) await this.accounts.revoke(workspace.serverUrl, token);
    await this.store.clearToken(workspace.serverUrl, workspace.user.id);
  }

  private emitSession(): void {
    this.emit({ type: 'session', session: this.session() });
  }

  private emit(event: ApiEvent): void {
    this.events.emit(event);
  }

  /** Sign-in, sign-out and resume never interleave. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }
}
