import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { SessionUser } from '~shared/contract/ipc';
import { normalizeServerUrl } from '../sync/http';
import { readPrivateFile, writePrivateFile } from './private-file';
import type { TokenStore } from './token-store';

// What a workstation remembers of its session between two starts (issue 4, point 3): the last
// server and user in `session.json` (no secret), and each (server, user)'s token in a TokenStore.
// Each (server, user) has its own replica file, named here too, and its replica's encryption key
// (issue 14, point 1) in a second store, kept the same way as tokens but apart from them: signing
// out forgets the token, never the key of the replica that stays.

export interface SavedSession {
  serverUrl: string | null;
  user: SessionUser | null;
}

const SESSION_FILE = 'session.json';

/** The first 12 hex digits of the server address's SHA-256: a file-name-safe key per office. */
export function serverKey(serverUrl: string): string {
  return createHash('sha256').update(normalizeServerUrl(serverUrl)).digest('hex').slice(0, 12);
}

/** `<dataDir>/replicas/<server>-<user>.sqlite`: one local database per (server, user). */
export function replicaFile(dataDir: string, serverUrl: string, userId: string): string {
  return join(dataDir, 'replicas', `${serverKey(serverUrl)}-${userId}.sqlite`);
}

function tokenKey(serverUrl: string, userId: string): string {
  return `${serverKey(serverUrl)}-${userId}`;
}

export class SessionStore {
  constructor(
    private readonly dataDir: string,
    private readonly tokens: TokenStore,
    private readonly replicaKeys: TokenStore,
  ) {}

  async read(): Promise<SavedSession> {
    const data = await readPrivateFile(this.dataDir, SESSION_FILE);
    if (data === null) return { serverUrl: null, user: null };
    try {
      const parsed = JSON.parse(data.toString('utf8')) as SavedSession;
      return { serverUrl: typeof parsed.serverUrl === 'string' ? parsed.serverUrl : null, user: parsed.user ?? null };
    } catch {
      return { serverUrl: null, user: null };
    }
  }

  write(saved: SavedSession): Promise<void> {
    return writePrivateFile(this.dataDir, SESSION_FILE, JSON.stringify(saved));
  }

  loadToken(serverUrl: string, userId: string): Promise<string | null> {
    return this.tokens.load(tokenKey(serverUrl, userId));
  }

  saveToken(serverUrl: string, userId: string, token: string): Promise<void> {
    return this.tokens.save(tokenKey(serverUrl, userId), token);
  }

  clearToken(serverUrl: string, userId: string): Promise<void> {
    return this.tokens.clear(tokenKey(serverUrl, userId));
  }

  loadReplicaKey(serverUrl: string, userId: string): Promise<string | null> {
    return this.replicaKeys.load(tokenKey(serverUrl, userId));
  }

  saveReplicaKey(serverUrl: string, userId: string, key: string): Promise<void> {
    return this.replicaKeys.save(tokenKey(serverUrl, userId), key);
  }

  clearReplicaKey(serverUrl: string, userId: string): Promise<void> {
    return this.replicaKeys.clear(tokenKey(serverUrl, userId));
  }
}
