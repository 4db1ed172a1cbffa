import type { ApiEvent, IpcResult } from '~shared/contract/ipc';
import type { ExportedFile } from '~shared/contract/exports';
import type { SaveFile } from '../exports/save-file';
import { SessionManager } from '../services/session/session';
import type { TokenStore } from '../services/session/token-store';
import { toHostSchema, type HostRequest, type HostStart } from './protocol';
import type { ParentLink } from './port';

// The data host's side (issue 12, point 1): the session manager — replica, sync engine, accounts
// client, import — serving the contract to its parent over a ParentLink. What needs the main
// process (the OS keychain for tokens, the save dialog for exports) is asked of the parent.

const INTERNAL: IpcResult<unknown> = { ok: false, error: { code: 'internal_error', message: 'Une erreur inattendue est survenue. Réessayez.' } };
const PARENT_GONE = 'Le processus principal de Bureau ne répond plus.';

export interface ServedHost {
  /** Resolves once the host closed its session (a 'close' from the parent, or the parent gone). */
  closed: Promise<void>;
}

export function serveHost(link: ParentLink): ServedHost {
  let manager: SessionManager | null = null;
  let ready: Promise<SessionManager> | null = null;
  let closing: Promise<void> | null = null;
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const asked = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextAsk = 0;

  const log = (error: unknown) => link.post({ type: 'log', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });

  function ask(request: HostRequest): Promise<unknown> {
    const id = nextAsk++;
    return new Promise((resolve, reject) => {
      asked.set(id, { resolve, reject });
      link.post({ type: 'ask', id, request });
    });
  }

  const parentTokens: TokenStore = {
    load: async (key) => (await ask({ kind: 'token:load', key })) as string | null,
    save: async (key, token) => void (await ask({ kind: 'token:save', key, token })),
    clear: async (key) => void (await ask({ kind: 'token:clear', key })),
  };
  const parentReplicaKeys: TokenStore = {
    load: async (key) => (await ask({ kind: 'replicaKey:load', key })) as string | null,
    save: async (key, token) => void (await ask({ kind: 'replicaKey:save', key, token })),
    clear: async (key) => void (await ask({ kind: 'replicaKey:clear', key })),
  };
  const parentSaver: SaveFile = async ({ fileName, bytes }) => (await ask({ kind: 'saveFile', fileName, bytes: new Uint8Array(bytes) })) as ExportedFile;

  async function start(options: HostStart): Promise<SessionManager> {
    const { pokes, ...engine } = options.engine ?? {};
    const session = new SessionManager({
      dataDir: options.dataDir,
      defaultServerUrl: options.defaultServerUrl,
      tokenStore: options.tokens === 'parent' ? parentTokens : undefined,
      replicaKeyStore: options.tokens === 'parent' ? parentReplicaKeys : undefined,
      saveFile: options.saveFile === 'parent' ? parentSaver : undefined,
      engine: { ...engine, ...(pokes === false ? { pokes: null } : {}) },
      onError: log,
    });
    manager = session;
    session.on((event: ApiEvent) => link.post({ type: 'event', event }));
    await session.resume().catch(log);
    link.post({ type: 'ready' });
    return session;
  }

  function close(): Promise<void> {
    closing ??= (async () => {
      for (const { reject } of asked.values()) reject(new Error(PARENT_GONE));
      asked.clear();
      await (ready ?? Promise.resolve(null)).catch(() => null);
      await manager?.close().catch(log);
      resolveClosed();
    })();
    return closing;
  }

  link.onMessage((raw) => {
    const parsed = toHostSchema.safeParse(raw);
    if (!parsed.success) {
      log(new Error(`message illisible du processus principal : ${parsed.error.message}`));
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'start':
        ready ??= start(message.options);
        return;
      case 'call':
        if (ready === null || closing !== null) {
          link.post({ type: 'result', id: message.id, result: INTERNAL });
          return;
        }
        void ready
          .then((session) => session.invoke(message.channel, message.input))
          .catch((error: unknown) => {
            log(error);
            return INTERNAL;
          })
          .then((result) => link.post({ type: 'result', id: message.id, result }));
        return;
      case 'answer': {
        const waiting = asked.get(message.id);
        asked.delete(message.id);
        if (message.ok) waiting?.resolve(message.value);
        else waiting?.reject(new Error(message.message ?? PARENT_GONE));
        return;
      }
      case 'close':
        void close();
        return;
    }
  });
  link.onDisconnect(() => void close());
  link.post({ type: 'hello' });
  return { closed };
}
