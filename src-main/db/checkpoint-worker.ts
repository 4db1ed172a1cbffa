import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointerStart } from './background-checkpoints';
import { openDatabaseFile } from './encryption';

// The replica's checkpointer during bulk writes (background-checkpoints.ts): a connection of its
// own that folds the write-ahead log into the file while the replica's connection keeps writing.

const port = parentPort;
if (port === null) throw new Error('checkpoint-worker.ts se lance comme worker_thread.');
const { file, key, everyMs } = workerData as CheckpointerStart;

const sqlite = openDatabaseFile(file, key);
// A lock held elsewhere (the replica's own checkpoint) is not waited for: the next turn tries again.
sqlite.pragma('busy_timeout = 0');
// A checkpoint copies pages from the log to the file; it needs no cache of its own.
sqlite.pragma('cache_size = -2048');

let timer: NodeJS.Timeout | null = null;
const turn = () => {
  try {
    // PASSIVE: copies what the log holds up to its last commit, never blocks the writer.
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or interrupted: nothing is lost, the log stays for the next turn or the replica.
  }
  timer = setTimeout(turn, everyMs);
};
turn();

port.once('message', () => {
  if (timer) clearTimeout(timer);
  sqlite.close();
  port.close();
});
