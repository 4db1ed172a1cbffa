import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CONTRACT,
  type ApiEvent,
  type CalendarFeed,
  type Channel,
  type DemoOffice,
  type IpcError,
  type IpcResult,
  type Session,
  type SessionUser,
  type SyncStatus,
} from '../../../src-shared/contract/ipc';
import { createEmitter, type Emitter } from '../../../src-shared/events';
import { Replica } from '../../db/replica';
import { SIGNED_OUT_MESSAGE, ServiceError, createServices, dispatch, type ServiceMap } from '../handlers';
import type { SaveFile } from '../../exports/save-file';
import { createImportService } from '../import/import-service';
import { SyncEngine, type SyncEngineOptions } from '../sync/engine';
import { MESSAGES, ServerError, ServerClient, normalizeServerUrl, type FetchLike } from '../sync/http';
import { readPrivateFile, writePrivateFile } from './private-file';
import { FileTokenStore, type TokenStore } from './token-store';

// Who is signed in on this workstation, against which office server, and the sync of their own
// replica (sync-protocol.md, "Identities and counters"; issue 4, point 3). Each (server, user) has
// its own local database, so another user signing in on the same workstation gets theirs, and
// signing out keeps the replica and its outbox for that user's next sign-in. The token waits in a
// TokenStore between starts; the last signed-in user (no secret) in `session.json`.
//
// It answers the session:* and sync:* channels itself and hands every other channel of the
// contract to the replica's services (services/handlers.ts) of the user signed in.

export interface SessionManagerOptions {
  /** Replicas, tokens (FileTokenStore by default) and session.json live here. */
  dataDir: string;
  tokenStore?: TokenStore;
  fetch?: FetchLike;
  clock?: () => Date;
  /** Prefills the sign-in screen's server address when nobody ever signed in here. */
  defaultServerUrl?: string | null;
  /** Timers, pokes, page sizes… for tests and benches. */
  engine?: Partial<Omit<SyncEngineOptions, 'replica' | 'client' | 'token' | 'clock'>>;
  /** Told about unexpected failures, for the log. */
  onError?: (error: unknown) => void;
  /** Where exported files go (services/handlers.ts); a download for the page by default. */
  saveFile?: SaveFile;
}

interface Signed {
  serverUrl: string;
  user: SessionUser;
  replica: Replica;
  services: ServiceMap;
  token: string | null;
  engine: SyncEngine | null;
  /** Why there is no engine: the server ended the session or wants a newer application. */
  halted: { phase: 'session_ended' | 'update_required'; message: string } | null;
  unsubscribe: Array<() => void>;
}

interface SavedSession {
  serverUrl: string | null;
  user: SessionUser | null;
}

const SESSION_FILE = 'session.json';
const LOGOUT_TIMEOUT_MS = 3_000;
/** The sign-in screen asks while the user types: a server that hangs must not keep it waiting. */
const DEMO_TIMEOUT_MS = 5_000;

/** The first 12 hex digits of the server address's SHA-256: a file-name-safe key per office. */
export function serverKey(serverUrl: string): string {
  return createHash('sha256').update(normalizeServerUrl(serverUrl)).digest('hex').slice(0, 12);
}

const ACCOUNTS_ADMIN_ONLY = "Seul l'administrateur gère les comptes du bureau.";
const CALENDAR_FEED_NEEDS_SERVER =
  'L’adresse d’abonnement au calendrier est gardée par le serveur du bureau, qui ne répond pas : réessayez quand le poste sera reconnecté.';
const ACCOUNTS_NEED_SERVER =
  'La gestion des comptes passe par le serveur du bureau, qui ne répond pas : réessayez quand le poste sera reconnecté. Rien n’a été modifié.';

/** `<dataDir>/replicas/<server>-<user>.sqlite`: one local database per (server, user). */
export function replicaFile(dataDir: string, serverUrl: string, userId: string): string {
  return join(dataDir, 'replicas', `${serverKey(serverUrl)}-${userId}.sqlite`);
}

function tokenKey(serverUrl: string, userId: string): string {
  return `${serverKey(serverUrl)}-${userId}`;
}

/** Before anyone signs in, every data channel answers the same French sentence. */
const SIGNED_OUT_SERVICES: ServiceMap = Object.fromEntries(
  Object.keys(CONTRACT).map((channel) => [
    channel,
    () => {
      throw new ServiceError('not_signed_in', SIGNED_OUT_MESSAGE);
    },
  ]),
);

const SIGNED_OUT_STATUS: SyncStatus = {
  phase: 'signed_out',
  online: false,
  pending: 0,
  refusals: 0,
  lastSyncedAt: null,
  progress: null,
  message: null,
};

export class SessionManager {
  private readonly dataDir: string;
  private readonly tokens: TokenStore;
  private readonly fetchImpl: FetchLike | undefined;
  private readonly clock: () => Date;
  private readonly saveFile: SaveFile | undefined;
  private readonly engineOptions: SessionManagerOptions['engine'];
  private readonly onError: (error: unknown) => void;
  /** dispatch's own logger (ids and stack, no payload) unless the host gave one. */
  private readonly logFailure: ((channel: string, error: unknown) => void) | undefined;
  private readonly events: Emitter<ApiEvent>;

  private current: Signed | null = null;
  private lastServerUrl: string | null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: SessionManagerOptions) {
    this.dataDir = options.dataDir;
    this.tokens = options.tokenStore ?? new FileTokenStore(join(options.dataDir, 'tokens'));
    this.fetchImpl = options.fetch;
    this.clock = options.clock ?? (() => new Date());
    this.engineOptions = options.engine;
    this.onError = options.onError ?? (() => {});
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
    const current = this.current;
    if (current === null) return SIGNED_OUT_STATUS;
    if (current.engine !== null) return current.engine.status();
    return {
      ...SIGNED_OUT_STATUS,
      phase: current.halted?.phase ?? 'offline',
      pending: current.replica.pendingCount(),
      refusals: current.replica.refusals().length,
      message: current.halted?.message ?? null,
    };
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
  };

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

  /** A request to the office server on behalf of the signed-in user, its failures in French. */
  private async atServer<T>(call: (client: ServerClient, token: string) => Promise<T>, offlineMessage: string): Promise<T> {
    const current = this.current;
    if (current === null) throw new ServiceError('not_signed_in', SIGNED_OUT_MESSAGE);
    if (current.token === null) throw new ServiceError('session_ended', MESSAGES.sessionEnded);
    try {
      return await call(this.client(current.serverUrl), current.token);
    } catch (error) {
      if (!(error instanceof ServerError)) throw error;
      if (error.kind === 'offline') throw new ServiceError('offline', offlineMessage);
      throw new ServiceError(error.details.code ?? error.kind, error.message, error.details.fields);
    }
  }

  /**
   * The sign-in screen's demo card: the demo office's accounts, or null for a real office, an
   * address that is not one, or a server that does not answer — never an error to show.
   */
  async demoOffice(serverUrl: string): Promise<DemoOffice | null> {
    let client: ServerClient;
    try {
      client = this.client(serverUrl);
    } catch {
      return null;
    }
    const signal = AbortSignal.timeout(DEMO_TIMEOUT_MS);
    try {
      return await client.demoOffice(signal);
    } catch (error) {
      // Offline or another program at the address is expected here; anything else is a bug to log.
      if (!(error instanceof ServerError) && !signal.aborted) this.onError(error);
      return null;
    }
  }

  // ---- signing in and out -----------------------------------------------------------------

  /** At start: signs the last user back in when their token is still stored. */
  resume(): Promise<Session> {
    return this.exclusive(async () => {
      const saved = await this.readSaved();
      if (saved.serverUrl !== null) this.lastServerUrl = saved.serverUrl;
      if (saved.serverUrl === null || saved.user === null) return this.session();
      const token = await this.tokens.load(tokenKey(saved.serverUrl, saved.user.id));
      if (token === null) return this.session();

      const client = this.client(saved.serverUrl);
      let user = saved.user;
      let halted: Signed['halted'] = null;
      try {
        user = await client.me(token);
      } catch (error) {
        if (!(error instanceof ServerError)) throw error;
        if (error.kind === 'session_ended' || error.kind === 'forbidden') {
          await this.tokens.clear(tokenKey(saved.serverUrl, saved.user.id));
          halted = { phase: 'session_ended', message: MESSAGES.sessionEnded };
        } else if (error.kind === 'update_required') {
          halted = { phase: 'update_required', message: error.message };
        }
        // Offline: work on the replica with the user we knew; the engine retries.
      }
      if (user.id !== saved.user.id) return this.session();
      await this.open(saved.serverUrl, user, halted === null ? token : null, halted);
      return this.session();
    });
  }

  login(serverUrl: string, email: string, password: string): Promise<IpcResult<Session>> {
    return this.exclusive(async () => {
      let normalized: string;
      try {
        normalized = normalizeServerUrl(serverUrl);
      } catch {
        return fail('invalid_input', 'Adresse du serveur invalide.', { serverUrl: 'Adresse du serveur invalide.' });
      }
      let answer: { token: string; user: SessionUser };
      try {
        answer = await this.client(normalized).login(email, password);
      } catch (error) {
        return { ok: false, error: loginError(error) };
      }
      await this.open(normalized, answer.user, answer.token, null);
      this.lastServerUrl = normalized;
      return ok(this.session());
    });
  }

  /** Signs out: the token is revoked (when the server answers) and forgotten; the replica stays. */
  logout(): Promise<Session> {
    return this.exclusive(async () => {
      const current = this.current;
      if (current === null) return this.session();
      await this.release(current, { revoke: true });
      this.current = null;
      await this.writeSaved({ serverUrl: current.serverUrl, user: null });
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

  private async open(serverUrl: string, user: SessionUser, token: string | null, halted: Signed['halted']): Promise<void> {
    if (this.closed) throw new Error('SessionManager fermé');
    const previous = this.current;
    let replica: Replica;
    if (previous !== null && previous.serverUrl === serverUrl && previous.user.id === user.id) {
      // The same user signing in again (after their session ended): same replica, same outbox.
      await this.release(previous, { revoke: false, keepReplica: true });
      replica = previous.replica;
    } else {
      if (previous !== null) await this.release(previous, { revoke: true });
      await mkdir(join(this.dataDir, 'replicas'), { recursive: true, mode: 0o700 });
      replica = Replica.open(replicaFile(this.dataDir, serverUrl, user.id), { clock: this.clock });
    }
    this.current = null;

    if (token !== null) await this.tokens.save(tokenKey(serverUrl, user.id), token);
    await this.writeSaved({ serverUrl, user });

    const signed: Signed = {
      serverUrl,
      user,
      replica,
      services: undefined as unknown as Signed['services'],
      token,
      engine: null,
      halted,
      unsubscribe: [],
    };
    const signedUser = () => (this.current === signed ? signed.user : null);
    const imports = createImportService({ replica, session: signedUser, clock: this.clock, emit: (event) => this.emit(event) });
    signed.services = { ...createServices({ replica, session: signedUser, clock: this.clock, saveFile: this.saveFile }), ...imports.handlers };
    // Signing out stops a reading or a commit between two chunks and removes uploaded files.
    signed.unsubscribe.push(() => void imports.dispose().catch(this.onError));
    signed.unsubscribe.push(
      replica.onChange((tables) => {
        if (tables.length > 0) this.emit({ type: 'changed', tables: [...tables] });
        if (tables.includes('users')) this.followUserRow(signed);
      }),
    );
    if (token !== null) {
      const engine = new SyncEngine({
        ...this.engineOptions,
        onError: this.engineOptions?.onError ?? this.onError,
        replica,
        client: this.client(serverUrl),
        token,
        clock: this.clock,
      });
      signed.engine = engine;
      signed.unsubscribe.push(
        engine.on((event) => {
          if (event.type === 'refused') {
            this.emit({ type: 'refused', refusal: event.refusal });
            return;
          }
          this.emit({ type: 'sync', status: event.status });
          if (event.status.phase === 'session_ended' && this.current === signed && signed.token !== null) {
            // The server revoked this token: forget it; the replica and its outbox stay.
            const key = tokenKey(serverUrl, user.id);
            signed.token = null;
            void this.tokens.clear(key).catch(this.onError);
          }
        }),
      );
    }
    this.current = signed;
    this.emitSession();
    if (signed.engine !== null) signed.engine.start();
    else this.emit({ type: 'sync', status: this.status() });
  }

  private async release(signed: Signed, options: { revoke: boolean; keepReplica?: boolean }): Promise<void> {
    for (const unsubscribe of signed.unsubscribe) unsubscribe();
    signed.unsubscribe = [];
    await signed.engine?.stop();
    signed.engine = null;
    if (options.revoke) {
      if (signed.token !== null) {
        const token = signed.token;
        signed.token = null;
        // Best effort: offline, the token is forgotten here and expires on the server.
        const abort = AbortSignal.timeout(LOGOUT_TIMEOUT_MS);
        await this.client(signed.serverUrl)
          .logout(token, abort)
          .catch(() => {});
      }
      await this.tokens.clear(tokenKey(signed.serverUrl, signed.user.id));
    }
    if (!options.keepReplica) signed.replica.close();
    this.emit({ type: 'sync', status: SIGNED_OUT_STATUS });
  }

  private client(serverUrl: string): ServerClient {
    return new ServerClient(serverUrl, { fetch: this.fetchImpl });
  }

  private async readSaved(): Promise<SavedSession> {
    const data = await readPrivateFile(this.dataDir, SESSION_FILE);
    if (data === null) return { serverUrl: null, user: null };
    try {
      const parsed = JSON.parse(data.toString('utf8')) as SavedSession;
      return { serverUrl: typeof parsed.serverUrl === 'string' ? parsed.serverUrl : null, user: parsed.user ?? null };
    } catch {
      return { serverUrl: null, user: null };
    }
  }

  private writeSaved(saved: SavedSession): Promise<void> {
    return writePrivateFile(this.dataDir, SESSION_FILE, JSON.stringify(saved));
  }

  /**
   * The signed-in user as the office now describes them: an administrator who changes her role or
   * name is obeyed at once by this workstation's rules and header, without signing in again.
   */
  private followUserRow(signed: Signed): void {
    const row = signed.replica.user(signed.user.id);
    if (row === null || row.deletedAt !== null) return;
    const { role, name, email } = row;
    if (role === signed.user.role && name === signed.user.name && email === signed.user.email) return;
    signed.user = { ...signed.user, role, name, email };
    if (this.current !== signed) return;
    void this.writeSaved({ serverUrl: signed.serverUrl, user: signed.user }).catch(this.onError);
    this.emitSession();
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

function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

function fail(code: string, message: string, fields?: Record<string, string>): { ok: false; error: IpcError } {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}

function loginError(error: unknown): IpcError {
  if (!(error instanceof ServerError)) return { code: 'internal_error', message: 'La connexion a échoué de façon inattendue. Réessayez.' };
  switch (error.kind) {
    case 'bad_credentials':
      return { code: 'bad_credentials', message: MESSAGES.badCredentials };
    case 'locked':
      return { code: 'locked', message: error.message };
    case 'offline':
      return { code: 'server_unreachable', message: MESSAGES.unreachable };
    case 'update_required':
      return { code: 'update_required', message: error.message };
    default:
      return { code: 'server_error', message: error.message };
  }
}
