import type { SafeStorage } from 'electron';
import type { TokenStore } from './token-store';
import { keyFileName, readPrivateFile, removePrivateFile, writePrivateFile } from './private-file';

// The packaged application's token store: the token is encrypted with the OS keychain (DPAPI on
// Windows, Keychain on macOS, libsecret/kwallet on Linux) through Electron's `safeStorage`, and
// only the encrypted bytes reach the disk. `safeStorage` is handed in by main.ts (after `ready`),
// so this file never loads Electron at run time and is tested without its binary.

export class SafeStorageTokenStore implements TokenStore {
  constructor(
    private readonly safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>,
    private readonly dir: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /**
   * On Linux without a keychain, Electron falls back to a fixed key ('basic_text'): that is no
   * better than clear text, so the token is not kept and the user signs in at each start.
   */
  private usable(): boolean {
    if (!this.safeStorage.isEncryptionAvailable()) return false;
    return this.platform !== 'linux' || this.safeStorage.getSelectedStorageBackend() !== 'basic_text';
  }

  async load(key: string): Promise<string | null> {
    const data = await readPrivateFile(this.dir, keyFileName(key, 'sealed'));
    if (data === null || !this.usable()) return null;
    try {
      return this.safeStorage.decryptString(data);
    } catch {
      // Another OS user's keychain, or a reset one: the token is lost, the user signs in again.
      await this.clear(key);
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
