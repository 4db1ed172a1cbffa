import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// Files only the signed-in OS user may read: the folder 0700, the files 0600, written to a
// temporary name first and renamed, so a crash never leaves half a token behind.

/** Token keys become file names: keep them to a safe alphabet so no key can escape the folder. */
export function keyFileName(key: string, extension: string): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(key)) throw new Error(`Clé de jeton invalide : « ${key} ».`);
  return `${key}.${extension}`;
}

export async function writePrivateFile(dir: string, name: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, name);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data, { mode: 0o600 });
  // `mode` only applies when the file is created; a leftover temporary keeps its own.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

export async function readPrivateFile(dir: string, name: string): Promise<Buffer | null> {
  try {
    return await readFile(join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function removePrivateFile(dir: string, name: string): Promise<void> {
  await rm(join(dir, name), { force: true });
}
