import type { ApiEvent, IpcResult } from '~shared/contract/ipc';
import { createEmitter, type Emitter } from '~shared/events';
import type { SaveFile } from '../exports/save-file';
import type { IpcHost } from '../ipc/register';
import type { TokenStore } from '../services/session/token-store';
import type { HostLauncher, HostPort } from './port';
import { fromHostSchema, type HostRequest, type HostStart } from './protocol';

// The main process's side of the data host (issue 12, point 1): an IpcHost, as the session
// manager was when it ran on the main thread, that forwards each contract call to the host
// process and its events back. The window, the notifications and the tray read through it.
//
// A host that dies (a crash, a kill) is started again at once, on the same data folder: the
// replica and its outbox are on disk, the session resumes from its stored token, and the pending
// mutations are pushed by the new engine. A call in flight when it died is answered with a French
// error at once, never left hanging: whether it was written is unknown, so the person is told to
// look before doing it again. Calls made while it starts again wait for it.

export const HOST_STOPPED_MESSAGE =
  'Le traitement des données de Bureau s’est arrêté pendant cette opération ; il redémarre. Vérifiez si elle a été enregistrée avant de la refaire.';
export const HOST_FAILED_MESSAGE =
  'Le traitement des données de Bureau ne démarre plus. Fermez Bureau et rouvrez-le ; si cela se répète, prévenez l’administrateur du bureau.';
export const HOST_CLOSED_MESSAGE = 'Bureau se ferme : cette opération n’a pas été faite.';

/** Restarts within this window count towards giving up. */
const CRASH_WINDOW_MS = 60_000;
const MAX_CRASHES = 5;
const CLOSE_TIMEOUT_MS = 10_000;

export interface DataHostOptions {
  launch: HostLauncher;
  start: HostStart;
  /** With `start.tokens: 'parent'`: where tokens are sealed (Electron's safeStorage). */
  tokenStore?: TokenStore;
  /**
   * With `start.tokens: 'parent'`: where replica keys are sealed. Without one, the host is told
   * no key exists and makes none it could keep: a replica is then unreadable at the next start.
   */
  replicaKeyStore?: TokenStore;
  /** With `start.saveFile: 'parent'`: the save dialog. */
  saveFile?: SaveFile;
  onError?: (error: unknown) => void;
  /** Told each time the host process starts again after it died (the log). */
  onRestart?: (how: string) => void;
}

interface Generation {
  port: HostPort;
  ready: Promise<boolean>;
  markReady: (ok: boolean) => void;
  pending: Map<number, (result: IpcResult<unknown>) => void>;
  exited: Promise<void>;
  dead: boolean;
}

const failure = (code: string, message: string): IpcResult<unknown> => ({ ok: false, error: { code, message } });

export class DataHost implements IpcHost {
  private readonly events: Emitter<ApiEvent>;
  private readonly onError: (error: unknown) => void;
  private current!: Generation;
  private nextId = 0;
  private crashes: number[] = [];
  private failed = false;
  private closing: Promise<void> | null = null;

  private constructor(private readonly options: DataHostOptions) {
    this.onError = options.onError ?? (() => {});
    this.events = createEmitter(this.onError);
  }

  /** Starts the host process; resolves once its session is resumed. */
  static async start(options: DataHostOptions): Promise<DataHost> {
    const host = new DataHost(options);
    host.spawn();
    await host.ready();
    return host;
  }

  /** The host process's id now (tests, the log). */
  get pid(): number | undefined {
    return this.current.port.pid;
  }

  /** Resolves once the host process of this moment is ready (after a restart, say). */
  async ready(): Promise<void> {
    if ((await this.live()) === null) throw new Error(this.failed ? HOST_FAILED_MESSAGE : HOST_CLOSED_MESSAGE);
  }

  /** The host process that answers now, once ready; null when it failed for good or is closing. */
  private async live(): Promise<Generation | null> {
    for (;;) {
      const generation = this.current;
      const ready = await generation.ready;
      if (this.failed || this.closing !== null) return null;
      if (ready && !generation.dead && generation === this.current) return generation;
    }
  }

  on(listener: (event: ApiEvent) => void): () => void {
    return this.events.on(listener);
  }

  async invoke(channel: string, input: unknown): Promise<IpcResult<unknown>> {
    // A restart meanwhile: wait for the new host, not the old one.
    const generation = await this.live();
    if (generation === null) return this.failed ? failure('host_failed', HOST_FAILED_MESSAGE) : failure('closing', HOST_CLOSED_MESSAGE);
    const id = this.nextId++;
    return new Promise((resolve) => {
      generation.pending.set(id, resolve);
      generation.port.post({ type: 'call', id, channel, input });
    });
  }

  /** Application exit: the host closes the replica and ends; killed if it takes too long. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const generation = this.current;
      generation.port.post({ type: 'close' });
      const timer = setTimeout(() => generation.port.kill(), CLOSE_TIMEOUT_MS);
      await generation.exited;
      clearTimeout(timer);
    })();
    return this.closing;
  }

  private spawn(): void {
    let markReady: (ok: boolean) => void = () => {};
    const ready = new Promise<boolean>((resolve) => (markReady = resolve));
    let markExited: () => void = () => {};
    const exited = new Promise<void>((resolve) => (markExited = resolve));
    const port = this.options.launch();
    const generation: Generation = { port, ready, markReady, pending: new Map(), exited, dead: false };
    this.current = generation;
    port.onMessage((raw) => this.receive(generation, raw));
    port.onExit((how) => {
      markExited();
      this.ended(generation, how);
    });
  }

  private receive(generation: Generation, raw: unknown): void {
    const parsed = fromHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.onError(new Error(`message illisible du processus des données : ${parsed.error.message}`));
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'hello':
        generation.port.post({ type: 'start', options: this.options.start });
        return;
      case 'ready':
        generation.markReady(true);
        return;
      case 'result': {
        const resolve = generation.pending.get(message.id);
        generation.pending.delete(message.id);
        resolve?.(message.result);
        return;
      }
      case 'event':
        if (generation === this.current) this.events.emit(message.event);
        return;
      case 'ask':
        void this.answer(message.request).then(
          (value) => generation.port.post({ type: 'answer', id: message.id, ok: true, value }),
          (error: unknown) => {
            this.onError(error);
            generation.port.post({ type: 'answer', id: message.id, ok: false, value: null, message: error instanceof Error ? error.message : String(error) });
          },
        );
        return;
      case 'log':
        this.onError(new Error(`[données] ${message.message}`));
        return;
    }
  }

  private async answer(request: HostRequest): Promise<unknown> {
    const { tokenStore, replicaKeyStore, saveFile } = this.options;
    switch (request.kind) {
      case 'token:load':
        return tokenStore ? tokenStore.load(request.key) : null;
      case 'token:save':
        return tokenStore?.save(request.key, request.token) ?? null;
      case 'token:clear':
        return tokenStore?.clear(request.key) ?? null;
      case 'replicaKey:load':
        return replicaKeyStore ? replicaKeyStore.load(request.key) : null;
      case 'replicaKey:save':
        if (!replicaKeyStore) throw new Error('Aucun endroit n’est prévu pour garder la clé des données de ce poste.');
        return replicaKeyStore.save(request.key, request.token);
      case 'replicaKey:clear':
        return replicaKeyStore?.clear(request.key) ?? null;
      case 'saveFile':
        if (!saveFile) throw new Error('Aucun enregistrement de fichier n’est prévu ici.');
        return saveFile({ fileName: request.fileName, bytes: Buffer.from(request.bytes) });
    }
  }

  private ended(generation: Generation, how: string): void {
    generation.dead = true;
    const stopped = this.closing !== null ? failure('closing', HOST_CLOSED_MESSAGE) : failure('host_stopped', HOST_STOPPED_MESSAGE);
    for (const resolve of generation.pending.values()) resolve(stopped);
    generation.pending.clear();
    if (generation !== this.current) return;
    if (this.closing !== null) {
      generation.markReady(false);
      return;
    }
    const now = Date.now();
    this.crashes = [...this.crashes.filter((at) => now - at < CRASH_WINDOW_MS), now];
    if (this.crashes.length > MAX_CRASHES) {
      this.failed = true;
      this.onError(new Error(`le processus des données s’est arrêté ${this.crashes.length} fois en une minute (${how}) : abandon`));
      generation.markReady(false);
      return;
    }
    this.options.onRestart?.(how);
    // Callers waiting on the dead one's readiness move on to the new one's.
    this.spawn();
    generation.markReady(false);
  }
}
