import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiEvent, SessionUser, SyncStatus } from '~shared/contract/ipc';
import { ReplicaUnreadableError, isEncryptedDatabase, isReplicaKey, newReplicaKey } from '../../db/encryption';
import { AccessEvents } from '../../db/access-events';
import { Replica } from '../../db/replica';
import type { SaveFile } from '../../exports/save-file';
import { createServices, type ServiceMap } from '../handlers';
import { createImportService } from '../import/import-service';
import { SyncEngine, type SyncEngineOptions } from '../sync/engine';
import type { ServerClient } from '../sync/http';
import type { Halted } from './accounts-client';
import { replicaFile, type SessionStore } from './session-store';

// One signed-in user's data on this workstation: their replica, the services that answer the
// contract's data channels on it (services/handlers.ts, the import), and the sync engine that
// keeps it in step with the office server (none when there is no token to sync with). The
// session manager opens one at sign-in and closes it at sign-out; the replica and its outbox stay
// on disk for that user's next sign-in.

export const SIGNED_OUT_STATUS: SyncStatus = {
  phase: 'signed_out',
  online: false,
  pending: 0,
  refusals: 0,
  lastSyncedAt: null,
  progress: null,
  message: null,
};

export interface WorkspaceOptions {
  serverUrl: string;
  user: SessionUser;
  /** Null: no engine (the session ended, or the application must be updated first). */
  token: string | null;
  halted: Halted;
  client: ServerClient;
  clock: () => Date;
  saveFile?: SaveFile;
  engine?: Partial<Omit<SyncEngineOptions, 'replica' | 'client' | 'token' | 'clock'>>;
  emit: (event: ApiEvent) => void;
  /** The user's own row changed (role, name, e-mail): the workspace already follows it. */
  onUserChanged: (user: SessionUser) => void;
  /** The server revoked the token: the replica and its outbox stay. */
  onTokenRevoked: () => void;
  /** The office revoked this workstation: the session deletes the replica and the token. */
  onWorkstationWiped: () => void;
  onError: (error: unknown) => void;
}

/**
 * Opens the user's replica, encrypted with its own key (issue 14, point 1): a new key is made and
 * kept before the file is created or a plain one converted, so an encrypted file never exists
 * without its key being stored. An encrypted file whose key is gone gives ReplicaUnreadableError.
 */
export async function openReplica(dataDir: string, serverUrl: string, userId: string, clock: () => Date, store: SessionStore): Promise<Replica> {
  await mkdir(join(dataDir, 'replicas'), { recursive: true, mode: 0o700 });
  const file = replicaFile(dataDir, serverUrl, userId);
  const stored = await store.loadReplicaKey(serverUrl, userId);
  let key = isReplicaKey(stored) ? stored : null;
  if (key === null) {
    if (isEncryptedDatabase(file)) throw new ReplicaUnreadableError(file, 'missing_key');
    key = newReplicaKey();
    await store.saveReplicaKey(serverUrl, userId, key);
  }
  return Replica.open(file, { clock, key });
}

export class Workspace {
  readonly serverUrl: string;
  user: SessionUser;
  token: string | null;
  readonly halted: Halted;
  readonly services: ServiceMap;
  engine: SyncEngine | null = null;
  /** What this user opened and exported, until the office's access log holds it (issue 14, point 6). */
  readonly access: AccessEvents;
  /** Services answer only while the workspace is the session's current one. */
  private active = false;
  private unsubscribe: Array<() => void> = [];

  constructor(
    readonly replica: Replica,
    private readonly options: WorkspaceOptions,
  ) {
    this.serverUrl = options.serverUrl;
    this.user = options.user;
    this.token = options.token;
    this.halted = options.halted;
    const signedUser = () => (this.active ? this.user : null);
    const { clock } = options;
    const imports = createImportService({ replica, session: signedUser, clock, emit: options.emit });
    this.access = new AccessEvents(replica.sqlite, clock);
    this.services = { ...createServices({ replica, session: signedUser, clock, saveFile: options.saveFile, access: this.access }), ...imports.handlers };
    // Signing out stops a reading or a commit between two chunks and removes uploaded files.
    this.unsubscribe.push(() => void imports.dispose().catch(options.onError));
  }

  /** Becomes the session's current workspace: events flow, the engine starts. */
  attach(): void {
    const { emit, onError } = this.options;
    this.active = true;
    this.unsubscribe.push(
      this.replica.onChange((tables) => {
        if (tables.length > 0) emit({ type: 'changed', tables: [...tables] });
        if (tables.includes('users')) this.followUserRow();
      }),
    );
    if (this.token !== null) {
      const engine = new SyncEngine({
        ...this.options.engine,
        onError: this.options.engine?.onError ?? onError,
        replica: this.replica,
        client: this.options.client,
        token: this.token,
        clock: this.options.clock,
        accessQueue: this.access,
      });
      this.engine = engine;
      this.unsubscribe.push(
        engine.on((event) => {
          if (event.type === 'refused') {
            emit({ type: 'refused', refusal: event.refusal });
            return;
          }
          emit({ type: 'sync', status: event.status });
          if (event.status.phase === 'session_ended' && this.active && this.token !== null) {
            this.token = null;
            this.options.onTokenRevoked();
          }
          if (event.status.phase === 'workstation_wiped' && this.active && this.token !== null) {
            this.token = null;
            this.options.onWorkstationWiped();
          }
        }),
      );
    }
  }

  /** Starts syncing, or tells why it does not. */
  start(): void {
    if (this.engine !== null) this.engine.start();
    else this.options.emit({ type: 'sync', status: this.status() });
  }

  status(): SyncStatus {
    if (this.engine !== null) return this.engine.status();
    return {
      ...SIGNED_OUT_STATUS,
      phase: this.halted?.phase ?? 'offline',
      pending: this.replica.pendingCount(),
      refusals: this.replica.refusals().length,
      message: this.halted?.message ?? null,
    };
  }

  /** Stops events and the engine; the replica stays open (the same user signing in again). */
  async detach(): Promise<void> {
    this.active = false;
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.unsubscribe = [];
    await this.engine?.stop();
    this.engine = null;
    this.options.emit({ type: 'sync', status: SIGNED_OUT_STATUS });
  }

  async close(): Promise<void> {
    await this.detach();
    this.replica.close();
  }

  /**
   * The signed-in user as the office now describes them: an administrator who changes her role or
   * name is obeyed at once by this workstation's rules and header, without signing in again.
   */
  private followUserRow(): void {
    const row = this.replica.user(this.user.id);
    if (row === null || row.deletedAt !== null) return;
    const { role, name, email } = row;
    if (role === this.user.role && name === this.user.name && email === this.user.email) return;
    this.user = { ...this.user, role, name, email };
    if (this.active) this.options.onUserChanged(this.user);
  }
}
