import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenStore } from './token-store';
import { SafeStorageTokenStore } from './safe-storage-token-store';
import { replicaKeyStore } from './replica-key-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bureau-tokens-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const posix = process.platform !== 'win32';

describe('FileTokenStore', () => {
  it('keeps a token between two instances, and forgets it on clear', async () => {
    await new FileTokenStore(join(dir, 'tokens')).save('abc123-user', 'the-token-value');
    const again = new FileTokenStore(join(dir, 'tokens'));
    expect(await again.load('abc123-user')).toBe('the-token-value');
    expect(await again.load('someone-else')).toBeNull();
    await again.clear('abc123-user');
    expect(await again.load('abc123-user')).toBeNull();
    await again.clear('abc123-user'); // clearing twice is fine
  });

  it.runIf(posix)('writes files only the OS user can read (0600, folder 0700), even over a looser file', async () => {
    const folder = join(dir, 'tokens');
    const store = new FileTokenStore(folder);
    await store.save('k', 'first');
    await writeFile(join(folder, 'k.token'), 'loose', { mode: 0o644 });
    await store.save('k', 'second');
    expect((await stat(join(folder, 'k.token'))).mode & 0o777).toBe(0o600);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect(await store.load('k')).toBe('second');
    expect(await readdir(folder)).toEqual(['k.token']);
  });

  it('refuses keys that could leave its folder', async () => {
    const store = new FileTokenStore(join(dir, 'tokens'));
    await expect(store.save('../escape', 't')).rejects.toThrow(/invalide/);
    await expect(store.load('a/b')).rejects.toThrow(/invalide/);
  });
});

/**
 * Electron's safeStorage stand-in: a reversible transformation, so the test can see that what
 * reaches the disk is what safeStorage produced and not the token.
 */
function keychain(options: { available?: boolean; backend?: 'basic_text' | 'gnome_libsecret' } = {}) {
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? ('gnome_libsecret' as const),
    encryptString: (text: string) => Buffer.from(`sealed:${Buffer.from(text).toString('base64')}`),
    decryptString: (data: Buffer) => {
      const text = data.toString();
      if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(text.slice(7), 'base64').toString();
    },
  };
}

describe('SafeStorageTokenStore', () => {
  it('stores only what safeStorage sealed, and opens it again', async () => {
    const store = new SafeStorageTokenStore(keychain(), dir, 'linux');
    await store.save('k', 'secret-token-1234567890');
    const onDisk = await readFile(join(dir, 'k.sealed'), 'utf8');
    expect(onDisk).not.toContain('secret-token-1234567890');
    expect(await store.load('k')).toBe('secret-token-1234567890');
    if (posix) expect((await stat(join(dir, 'k.sealed'))).mode & 0o777).toBe(0o600);
    await store.clear('k');
    expect(await store.load('k')).toBeNull();
  });

  it('keeps nothing when the OS has no keychain (Linux basic_text): the user signs in at each start', async () => {
    const store = new SafeStorageTokenStore(keychain({ backend: 'basic_text' }), dir, 'linux');
    await store.save('k', 'secret-token-1234567890');
    expect(await readdir(dir)).toEqual([]);
    expect(await store.load('k')).toBeNull();
  });

  it('forgets a token it can no longer decrypt (another OS account, a reset keychain)', async () => {
    await writeFile(join(dir, 'k.sealed'), 'garbage');
    const store = new SafeStorageTokenStore(keychain(), dir, 'win32');
    expect(await store.load('k')).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('replicaKeyStore', () => {
  const KEY = 'a'.repeat(64);

  it('seals the replica key with the keychain, and keeps it when the keychain cannot open it today', async () => {
    const store = replicaKeyStore(keychain(), dir, 'linux');
    await store.save('k', KEY);
    expect(await readdir(dir)).toEqual(['k.sealed']);
    expect(await readFile(join(dir, 'k.sealed'), 'utf8')).not.toContain(KEY);
    expect(await store.load('k')).toBe(KEY);

    await writeFile(join(dir, 'k.sealed'), 'garbage');
    expect(await store.load('k')).toBeNull();
    // A token would be forgotten here; a key is the whole replica: it stays for another day.
    expect(await readdir(dir)).toEqual(['k.sealed']);
  });

  it('keeps the key in a 0600 file where Linux has no keychain, and finds it once a keychain appears', async () => {
    await replicaKeyStore(keychain({ backend: 'basic_text' }), dir, 'linux').save('k', KEY);
    expect(await readdir(dir)).toEqual(['k.token']);
    if (posix) expect((await stat(join(dir, 'k.token'))).mode & 0o777).toBe(0o600);
    const later = replicaKeyStore(keychain(), dir, 'linux');
    expect(await later.load('k')).toBe(KEY);
    await later.clear('k');
    expect(await readdir(dir)).toEqual([]);
  });
});
