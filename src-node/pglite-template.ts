import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';

// A new embedded office starts from a PGlite data folder prepared when the application is built
// (a freshly migrated, empty office database: src-server/db/pglite-template.ts) instead of running
// PostgreSQL's initdb, compiled to WebAssembly, which took most of the office's first start
// (issue 12, point 2; docs/benchmarks.md). The archive is PGlite's own `dumpDataDir('gzip')`
// (a gzipped tar, which PGlite's `loadDataDir` reads too); unpacked here with Node alone, since
// unpacking through PGlite's virtual file system took longer than initdb.

const BLOCK = 512;

/**
 * Unpacks `archive` as the PGlite database folder `folder`, unless that folder already holds a
 * database. All or nothing: written beside it, then renamed into place. True when it unpacked.
 */
export async function unpackPgliteTemplate(archive: string, folder: string): Promise<boolean> {
  if (existsSync(join(folder, 'PG_VERSION'))) return false;
  const partial = `${folder}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true, mode: 0o700 });
  for (const entry of readTar(gunzipSync(await readFile(archive)))) {
    const target = join(partial, entry.path);
    if (entry.kind === 'directory') await mkdir(target, { recursive: true, mode: 0o700 });
    else {
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await writeFile(target, entry.data, { mode: 0o600 });
    }
  }
  if (!existsSync(join(partial, 'PG_VERSION'))) {
    await rm(partial, { recursive: true, force: true });
    throw new Error(`${archive} n’est pas un dossier de données PGlite.`);
  }
  await rm(folder, { recursive: true, force: true });
  await rename(partial, folder);
  return true;
}

type TarEntry = { kind: 'file'; path: string; data: Buffer } | { kind: 'directory'; path: string };

/** The files and folders of a ustar archive (what PGlite writes); anything else is skipped. */
export function* readTar(tar: Buffer): Generator<TarEntry> {
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return;
    const name = text(header, 0, 100);
    const prefix = header.subarray(257, 262).toString('latin1') === 'ustar' ? text(header, 345, 155) : '';
    const size = Number.parseInt(text(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const dataStart = offset + BLOCK;
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    const path = safePath(prefix === '' ? name : `${prefix}/${name}`);
    if (path === null) continue;
    if (type === '5') yield { kind: 'directory', path };
    else if (type === '0' || type === '\0') yield { kind: 'file', path, data: tar.subarray(dataStart, dataStart + size) };
  }
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** A relative path inside the folder, or null (the root itself, or a path that would leave it). */
function safePath(raw: string): string | null {
  const path = normalize(raw.replace(/^\/+/, '').replace(/^pgdata\//, '')).replace(/[\\/]+$/, '');
  if (path === '' || path === '.' || path.startsWith('..') || path.split(sep).includes('..')) return null;
  return path;
}
