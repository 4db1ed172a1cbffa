import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

// A PGlite database belongs to one process at a time (server-api.md, "Starting"): two processes
// writing the same files would corrupt it. Whoever opens the data folder holds a lock file with
// its pid; another process gets a clear refusal (the CLI while the server runs, a second server).
// A lock whose process is gone (a crash, a kill -9) is stale and taken over.

export const LOCK_FILE_NAME = 'server.lock';

export class DatabaseInUseError extends Error {
  readonly code = 'database_in_use';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `La base de données du bureau (${dataDir}) est déjà utilisée par un autre processus (pid ${pid}), ` +
        'probablement le serveur du bureau. Arrêtez-le avant de lancer cette commande, ' +
        'ou utilisez PostgreSQL (DATABASE_URL) pour partager la base.\n' +
        `The office database (${dataDir}) is already in use by another process (pid ${pid}), ` +
        'probably the office server. Stop it before running this command, ' +
        'or use PostgreSQL (DATABASE_URL) to share the database.',
    );
    this.name = 'DatabaseInUseError';
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/** Locks `dataDir` for this process, creating the folder; throws DatabaseInUseError when held. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const folder = resolve(dataDir);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, LOCK_FILE_NAME);

  // Two attempts: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      if (holder !== null && isAlive(holder)) throw new DatabaseInUseError(dataDir, holder);
      removeQuietly(path);
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return lockHeldAt(path);
  }
  throw new DatabaseInUseError(dataDir, readHolder(path) ?? 0);
}

function lockHeldAt(path: string): DataDirLock {
  let released = false;
  // A process that exits without closing the database (an uncaught error) leaves no lock behind.
  const onExit = () => release();
  function release() {
    if (released) return;
    released = true;
    process.off('exit', onExit);
    if (readHolder(path) === process.pid) removeQuietly(path);
  }
  process.on('exit', onExit);
  return { path, release };
}

function readHolder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  // Our own pid counts as alive: the same process opening the folder twice is just as dangerous.
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
