import { SafeStorageTokenStore, sealingUsable, type Sealer } from './safe-storage-token-store';
import { FileTokenStore, type TokenStore } from './token-store';

// Where the packaged application keeps each replica's encryption key (issue 14, point 1;
// architecture.md, "The replica's key"): sealed by the OS keychain through `safeStorage`, like the
// tokens. Unlike a token, a key that is not kept costs the whole replica (and its unsent changes),
// so where Linux offers no keychain the key goes to a 0600 file, as in development; and a sealed
// key the keychain cannot open today is kept, not forgotten.

export function replicaKeyStore(keychain: Sealer, dir: string, platform: NodeJS.Platform = process.platform): TokenStore {
  const sealed = new SafeStorageTokenStore(keychain, dir, platform, { keepUnreadable: true });
  const file = new FileTokenStore(dir);
  return {
    // Either form may exist: a workstation whose keychain came (or went) since the key was made.
    load: async (key) => (await sealed.load(key)) ?? (await file.load(key)),
    save: async (key, value) => {
      if (!sealingUsable(keychain, platform)) return file.save(key, value);
      await sealed.save(key, value);
      await file.clear(key);
    },
    clear: async (key) => {
      await sealed.clear(key);
      await file.clear(key);
    },
  };
}
