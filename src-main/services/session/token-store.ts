import { keyFileName, readPrivateFile, removePrivateFile, writePrivateFile } from './private-file';

// Where a signed-in user's session token waits between two starts of the application
// (issue 4, point 3). In the packaged app the token is encrypted by the OS keychain through
// Electron's `safeStorage` (safe-storage-token-store.ts, built by main.ts with `safeStorage`);
// in development and tests, where there is no Electron, a file only the OS user can read.

export interface TokenStore {
  load(key: string): Promise<string | null>;
  save(key: string, token: string): Promise<void>;
  clear(key: string): Promise<void>;
}

/** Development store: one 0600 file per key in a 0700 folder. The token is in clear text. */
export class FileTokenStore implements TokenStore {
  constructor(private readonly dir: string) {}

  async load(key: string): Promise<string | null> {
    const data = await readPrivateFile(this.dir, keyFileName(key, 'token'));
    const token = data?.toString('utf8').trim() ?? '';
    return token === '' ? null : token;
  }

  async save(key: string, token: string): Promise<void> {
    await writePrivateFile(this.dir, keyFileName(key, 'token'), token);
  }

  async clear(key: string): Promise<void> {
    await removePrivateFile(this.dir, keyFileName(key, 'token'));
  }
}
