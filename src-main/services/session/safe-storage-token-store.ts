import type { SafeStorage } from 'electron';
import type { TokenStore } from './token-store';
import { keyFileName, readPrivateFile, removePrivateFile, writePrivateFile } from './private-file';

// The packaged application's token store: the token is encrypted with the OS keychain (DPAPI on
// Windows, Keychain on macOS, libsecret/kwallet on Linux) through Electron's `safeStorage`, and
// only the encrypted bytes reach the disk. `safeStorage` is handed in by main.ts (after `ready`),
// so this file never loads Electron at run time and is tested without its binary.

export type Sealer = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/**
 * On Linux without a keychain, Electron falls back to a fixed key ('basic_text'): that is no
 * better than clear text, so the token is not kept and the user signs in at each start.
 */
export function sealingUsable(safeStorage: Sealer, platform: NodeJS.Platform = process.platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

export class SafeStorageTokenStore implements TokenStore {
  constructor(
    private readonly safeStorage: Sealer,
    private readonly dir: string,
    private readonly platform: NodeJS.Platform = process.platform,
    /**
     * Replica keys: a key the keychain cannot open now (locked, reset) is kept, not forgotten —
     * the replica would be lost for good, where a forgotten token costs one sign-in.
     */
    private readonly options: { keepUnreadable?: boolean } = {},
  ) {}

  private usable(): boolean {
    return sealingUsable(this.safeStorage, this.platform);
  }

  async load(key: string): Promise<string | null> {
    const data = await readPrivateFile(this.dir, keyFileName(key, 'sealed'));
    if (data === null || !this.usable()) return null;
    try {
      return this.safeStorage.decryptString(data);
    } catch {
      // Another OS user's keychain, or a reset one: the token is lost, the user signs in again.
      if (!this.options.keepUnreadable) await this.clear(key);
      return null;
    }
  }

  async save(key: string, token: string): Promise<void> {
    if (!this.usable()) return;
    await writePrivateFile(this.dir, keyFileName(key, 'sealed'), this.safeStorage.encryptString(token));
  }

  async clear(key: string): Promise<void> {
    await removePrivateFile(this.dir, keyFileName(key, 'sealed'));
  }
}
