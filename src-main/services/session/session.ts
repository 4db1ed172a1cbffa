import { readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
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
import { NOTHING_TO_RESET_MESSAGE, REPLICA_UNREADABLE_MESSAGE, type ReplicaStatus, type UnreadableReason } from '~shared/contract/replica';
import { ReplicaUnreadableError, removeDatabaseFiles } from '../../db/encryption';
import { refuseUnless, type Action } from '~shared/domain/permissions';
import type { Refusal } from '~shared/domain/mutations/types';
import type { Replica } from '../../db/replica';
import { PRIVACY_ADMIN_ONLY, PRIVACY_NEEDS_SERVER, type HoldBody } from '~shared/contract/privacy';
import { downloadSaver, type SaveFile } from '../../exports/save-file';
import { SIGNED_OUT_MESSAGE, ServiceError, dispatch, type ServiceMap } from '../handlers';
import type { SyncEngine } from '../sync/engine';
import { MESSAGES, normalizeServerUrl, type FetchLike, type ServerClient } from '../sync/http';
import { webSocketPokes } from '../sync/pokes';
import { PinStore } from '../tls/pins';
import { pinnedFetch, pinnedSocketOptions } from '../tls/pinned';
import { CertificateTrust } from '../tls/certificate-trust';
import { AccountsClient, type Halted, type SignedIn } from './accounts-client';
import { SECURITY_NEEDS_SERVER, securityServices } from './security';
import { SessionStore, replicaFile } from './session-store';
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
  /** Where each replica's encryption key is kept (a FileTokenStore in `keys/` by default). */
  replicaKeyStore?: TokenStore;
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
  /** How this computer is named in Administration → Postes de travail (its host name by default). */
  workstationName?: string;
}

const TWO_FACTOR_SETUP_FIRST =
  'Le bureau exige la validation en deux étapes\u00a0: configurez-la avant de continuer.';
const ACCOUNTS_ADMIN_ONLY = "Seul l'administrateur gère les comptes du bureau.";
const CALENDAR_FEED_NEEDS_SERVER =
  'L’adresse d’abonnement au calendrier est gardée par le serveur du bureau, qui ne répond pas : réessayez quand le poste sera reconnecté.';
const ACCOUNTABILITY_NEEDS_SERVER =
  'Le journal d’accès et le registre des incidents sont gardés par le serveur du bureau, qui ne répond pas : réessayez quand le poste sera reconnecté.';
const ACCOUNTS_NEED_SERVER =
  'La gestion des comptes passe par le serveur du bureau, qui ne répond pas : réessayez quand le poste sera reconnecté. Rien n’a été modifié.';

/** Refuses everyone but the office's admin, in the screen's own words. */
function adminOnly(message: string): (user: SessionUser) => Refusal | null {
  return (user) => (user.role === 'admin' ? null : { code: 'forbidden', message });
}

/** A replica that cannot be opened is a state the session shows, not a failure. */
function unlessUnreadable(error: unknown): void {
  if (!(error instanceof ReplicaUnreadableError)) throw error;
}

/** Before anyone signs in, every data channel answers the same French sentence. */
/** A signed-in user whose replica could not be opened: what a fresh start needs. */
interface Unreadable {
  serverUrl: string;
  user: SessionUser;
  token: string | null;
  halted: Halted;
  reason: UnreadableReason;
}

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
  private readonly trust: CertificateTrust;

  private current: Workspace | null = null;
  /** Set while the signed-in user's replica cannot be opened (issue 14, point 1). */
  private unreadable: Unreadable | null = null;
  private lastServerUrl: string | null;
  /** The office wiped this workstation's data: said once, until the next sign-in. */
  private wiped = false;
  /**
   * Signed in with a token that reaches only the set-up of a second factor the office requires
   * (issue 14, point 3): no replica is opened until the set-up is done; the token is kept in memory only.
   */
  private pendingSetup: SignedIn | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: SessionManagerOptions) {
    this.dataDir = options.dataDir;
    this.store = new SessionStore(
      options.dataDir,
      options.tokenStore ?? new FileTokenStore(join(options.dataDir, 'tokens')),
      options.replicaKeyStore ?? new FileTokenStore(join(options.dataDir, 'keys')),
    );
    this.clock = options.clock ?? (() => new Date());
    this.onError = options.onError ?? (() => {});
    // Every call to the office server from this workstation's data goes through its pins (issue 14).
    const pins = new PinStore(options.dataDir);
    this.trust = new CertificateTrust(pins);
    this.engineOptions = { pokes: webSocketPokes((url) => pinnedSocketOptions(pins, url)), ...options.engine };
    this.accounts = new AccountsClient(options.fetch ?? pinnedFetch(pins), this.onError, options.workstationName ?? hostname());
    this.saveFile = options.saveFile;
    this.events = createEmitter(this.onError);
    const onError = options.onError;
    this.logFailure = onError ? (_channel, error) => onError(error) : undefined;
    this.lastServerUrl = options.defaultServerUrl ?? null;
  }

  // ---- reading ----------------------------------------------------------------------------

  session(): Session {
    if (this.pendingSetup !== null) return { user: this.pendingSetup.user, serverUrl: this.pendingSetup.serverUrl, twoFactorSetup: true };
    const session: Session = { user: this.current?.user ?? null, serverUrl: this.current?.serverUrl ?? this.lastServerUrl };
    if (this.wiped) session.wiped = true;
    return session;
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
    'session:login': async ({ serverUrl, email, password, code }) => {
      const result = await this.login(serverUrl, email, password, code);
      if (!result.ok) throw new ServiceError(result.error.code, result.error.message, result.error.fields);
      return result.value;
    },
    'session:logout': () => this.logout(),
    'session:demo': ({ serverUrl }) => this.demoOffice(serverUrl),
    'replica:status': () => this.replicaStatus(),
    'replica:reset': () => this.startFresh(),
    'sync:status': () => this.status(),
    'sync:now': () => this.current?.engine?.syncNow() ?? this.status(),
    'users:create': (account) => this.administer((client, token) => client.createUser(token, account)),
    'users:update': ({ id, ...patch }) => this.administer((client, token) => client.updateUser(token, id, patch)),
    // The feed's secret lives on the office server only (it is no synced row): asked there each time.
    'calendarFeed:get': () => this.calendarFeed((client, token) => client.calendarFeed(token)),
    'calendarFeed:reset': () => this.calendarFeed((client, token) => client.resetCalendarFeed(token)),
    'tls:status': () => this.trust.status(this.current?.serverUrl ?? this.lastServerUrl, this.current?.user ?? null),
    'tls:accept': async ({ fingerprint }) => {
      const accepted = await this.trust.accept(this.current?.serverUrl ?? null, this.current?.user ?? null, fingerprint);
      void this.current?.engine?.syncNow().catch(this.onError);
      return accepted;
    },
    ...securityServices({
      atServer: (call, { setup }) => {
        const pending = this.pendingSetup;
        if (pending === null) return this.atServer(call, SECURITY_NEEDS_SERVER);
        if (!setup) throw new ServiceError('two_factor_setup_required', TWO_FACTOR_SETUP_FIRST);
        return this.accounts.atServer(pending.serverUrl, pending.token, call, SECURITY_NEEDS_SERVER);
      },
      role: () => (this.pendingSetup === null ? (this.current?.user.role ?? null) : null),
      onSetupDone: () => this.finishSetup(),
    }),
    // A person's rights (issue 14, point 5): the server holds every row about the person, so the
    // export and the anonymisation are asked of it; the scrubbed rows come back by sync.
    'privacy:person': ({ leadId }) => this.privacy((client, token) => client.person(token, leadId)),
    'privacy:export': ({ leadId, format }) =>
      this.privacy(async (client, token) => {
        const file = await client.personExport(token, leadId, format);
        return (this.saveFile ?? downloadSaver)(file);
      }),
    'privacy:anonymise': ({ leadId }) =>
      this.privacy(async (client, token) => {
        await client.anonymise(token, leadId);
        void this.current?.engine?.syncNow().catch(this.onError);
        return client.person(token, leadId);
      }),
    'privacy:hold': ({ leadId, ...hold }) =>
      this.privacy(async (client, token) => {
        await client.hold(token, leadId, hold as HoldBody);
        void this.current?.engine?.syncNow().catch(this.onError);
        return client.person(token, leadId);
      }),
    'privacy:settings': () => this.privacy((client, token) => client.privacySettings(token)),
    'privacy:retention': ({ rules }) => this.privacy((client, token) => client.setRetention(token, rules)),
    'privacy:consentWording': ({ webFormConsentWording }) => this.privacy((client, token) => client.setConsentWording(token, webFormConsentWording)),
    // The access log and the incident register live on the office server only (issue 14, point 6).
    'accessLog:list': (query) => this.adminRead('accessLog.read', (client, token) => client.accessLog(token, query)),
    'incidents:list': () => this.adminRead('incidents.manage', (client, token) => client.incidents(token)),
    'incidents:history': ({ id }) => this.adminRead('incidents.manage', (client, token) => client.incidentHistory(token, id)),
    'incidents:save': (input) => this.adminRead('incidents.manage', (client, token) => client.saveIncident(token, input)),
  };

  /** Administration → Confidentialité: admins only, and only with the office server reachable. */
  private privacy<T>(call: (client: ServerClient, token: string) => Promise<T>): Promise<T> {
    return this.refusedUnless(adminOnly(PRIVACY_ADMIN_ONLY), call, PRIVACY_NEEDS_SERVER);
  }

  /** An admin's request to the office server, refused here first by the shared permission table. */
  private adminRead<T>(action: Action, call: (client: ServerClient, token: string) => Promise<T>): Promise<T> {
    return this.refusedUnless((user) => refuseUnless({ id: user.id, role: user.role }, action), call, ACCOUNTABILITY_NEEDS_SERVER);
  }

  /**
   * The account screen (admins): accounts live on the office server, so these calls go to it at
   * once rather than through the outbox — a password cannot wait in a queue. The new row comes
   * back by sync, pulled right after.
   */
  private async administer(call: (client: ServerClient, token: string) => Promise<{ id: string }>): Promise<{ id: string }> {
    const answer = await this.refusedUnless(adminOnly(ACCOUNTS_ADMIN_ONLY), call, ACCOUNTS_NEED_SERVER);
    void this.current?.engine?.syncNow().catch(this.onError);
    return answer;
  }

  /**
   * A request to the office server that the signed-in user's role is checked for here first, so
   * the refusal is said in this screen's own words without a round trip. Signed out, atServer's
   * own refusal is the one given.
   */
  private refusedUnless<T>(refusal: (user: SessionUser) => Refusal | null, call: (client: ServerClient, token: string) => Promise<T>, offlineMessage: string): Promise<T> {
    const user = this.current?.user;
    const refused = user ? refusal(user) : null;
    if (refused) throw new ServiceError(refused.code, refused.message);
    return this.atServer(call, offlineMessage);
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

  replicaStatus(): ReplicaStatus {
    const unreadable = this.unreadable;
    if (unreadable === null) return { unreadable: null };
    const { reason, serverUrl, user } = unreadable;
    return { unreadable: { reason, serverUrl, userName: user.name, email: user.email } };
  }

  /**
   * After the person confirmed: the unreadable replica (and its unsent outbox) is deleted with its
   * key, and the user's session goes on with a fresh replica that the first sync fills.
   */
  startFresh(): Promise<Session> {
    return this.exclusive(async () => {
      const unreadable = this.unreadable;
      if (unreadable === null) throw new ServiceError('nothing_to_reset', NOTHING_TO_RESET_MESSAGE);
      const { serverUrl, user, token, halted } = unreadable;
      removeDatabaseFiles(replicaFile(this.dataDir, serverUrl, user.id));
      await this.store.clearReplicaKey(serverUrl, user.id);
      this.setUnreadable(null);
      await this.open(serverUrl, user, token, halted);
      return this.session();
    });
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
      if (checked.wiped === true) {
        await this.erase(saved.serverUrl, saved.user.id);
        this.emitSession();
        return this.session();
      }
      if (checked.forgetToken) await this.store.clearToken(saved.serverUrl, saved.user.id);
      if (checked.user.id !== saved.user.id) return this.session();
      await this.open(saved.serverUrl, checked.user, checked.halted === null ? token : null, checked.halted).catch(unlessUnreadable);
      return this.session();
    });
  }

  login(serverUrl: string, email: string, password: string, code?: string): Promise<IpcResult<Session>> {
    return this.exclusive(async () => {
      const signed = await this.accounts.login(serverUrl, email, password, code);
      if (!signed.ok) return signed;
      this.wiped = false;
      if (signed.value.twoFactorSetup) {
        // Whoever was signed in before is signed out: this person must set up a second factor first.
        const previous = this.current;
        this.current = null;
        if (previous !== null) await this.release(previous, { revoke: true });
        this.pendingSetup = signed.value;
        this.lastServerUrl = signed.value.serverUrl;
        this.emitSession();
        return { ok: true as const, value: this.session() };
      }
      this.pendingSetup = null;
      this.lastServerUrl = signed.value.serverUrl;
      try {
        await this.open(signed.value.serverUrl, signed.value.user, signed.value.token, null);
      } catch (error) {
        unlessUnreadable(error);
        return { ok: false as const, error: { code: 'replica_unreadable', message: REPLICA_UNREADABLE_MESSAGE } };
      }
      return { ok: true as const, value: this.session() };
    });
  }

  /** Signs out: the token is revoked (when the server answers) and forgotten; the replica stays. */
  logout(): Promise<Session> {
    return this.exclusive(async () => {
      const pending = this.pendingSetup;
      this.pendingSetup = null;
      if (pending !== null) {
        await this.accounts.revoke(pending.serverUrl, pending.token);
        this.emitSession();
      }
      const current = this.current;
      if (current === null) return this.forgetUnreadable();
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

  /** The second factor is on: the set-up token now reaches everything, and the replica opens. */
  private finishSetup(): Promise<void> {
    return this.exclusive(async () => {
      const pending = this.pendingSetup;
      if (pending === null) return;
      this.pendingSetup = null;
      await this.open(pending.serverUrl, pending.user, pending.token, null);
    });
  }

  /** Resolves once the sign-ins, sign-outs and wipes under way have ended (tests). */
  settled(): Promise<void> {
    return this.exclusive(async () => {});
  }

  // ---- internals --------------------------------------------------------------------------

  /** Signing out of a session whose replica could not be opened: its token is revoked, the file stays. */
  private async forgetUnreadable(): Promise<Session> {
    const unreadable = this.unreadable;
    if (unreadable === null) return this.session();
    this.setUnreadable(null);
    if (unreadable.token !== null) await this.accounts.revoke(unreadable.serverUrl, unreadable.token);
    await this.store.clearToken(unreadable.serverUrl, unreadable.user.id);
    await this.store.write({ serverUrl: unreadable.serverUrl, user: null });
    this.emitSession();
    return this.session();
  }

  private setUnreadable(unreadable: Unreadable | null): void {
    this.unreadable = unreadable;
    this.emit({ type: 'replica', status: this.replicaStatus() });
  }

  /**
   * Opens the user's workspace. A replica that cannot be opened throws ReplicaUnreadableError after
   * the session is kept (token, session.json), so that the next start shows the same choice.
   */
  private async open(serverUrl: string, user: SessionUser, token: string | null, halted: Halted): Promise<void> {
    if (this.closed) throw new Error('SessionManager fermé');
    if (this.unreadable !== null) this.setUnreadable(null);
    const previous = this.current;
    this.current = null;
    let replica: Replica;
    if (previous !== null && previous.serverUrl === serverUrl && previous.user.id === user.id) {
      // The same user signing in again (after their session ended): same replica, same outbox.
      await previous.detach();
      replica = previous.replica;
    } else {
      if (previous !== null) await this.release(previous, { revoke: true });
      try {
        replica = await openReplica(this.dataDir, serverUrl, user.id, this.clock, this.store);
      } catch (error) {
        if (!(error instanceof ReplicaUnreadableError)) throw error;
        if (token !== null) await this.store.saveToken(serverUrl, user.id, token);
        await this.store.write({ serverUrl, user });
        this.setUnreadable({ serverUrl, user, token, halted, reason: error.reason });
        this.onError(error);
        this.emitSession();
        throw error;
      }
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
      // The office revoked this workstation: nothing of the office stays here.
      onWorkstationWiped: () => void this.wipe(workspace).catch(this.onError),
      onError: this.onError,
    });
    workspace.attach();
    this.current = workspace;
    this.emitSession();
    workspace.start();
  }

  /**
   * The office revoked this workstation or deactivated its user (issue 14, point 4; docs/
   * decisions.md, "Remote wipe"): the session closes, and the replica — its outbox included, which
   * the server would refuse anyway — and the token are deleted; the interface says why.
   */
  private wipe(workspace: Workspace): Promise<void> {
    return this.exclusive(async () => {
      if (this.current !== workspace) return;
      this.current = null;
      await workspace.close();
      await this.erase(workspace.serverUrl, workspace.user.id);
      this.emitSession();
    });
  }

  /** Deletes the (server, user)'s replica with its journal files, its encryption key and the token. */
  private async erase(serverUrl: string, userId: string): Promise<void> {
    await this.store.clearToken(serverUrl, userId);
    await this.store.clearReplicaKey(serverUrl, userId);
    const file = replicaFile(this.dataDir, serverUrl, userId);
    const prefix = basename(file);
    const names = await readdir(dirname(file)).catch(() => [] as string[]);
    for (const name of names) {
      if (name.startsWith(prefix)) await rm(join(dirname(file), name), { force: true });
    }
    await this.store.write({ serverUrl, user: null });
    this.wiped = true;
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
