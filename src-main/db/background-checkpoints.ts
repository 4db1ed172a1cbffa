import type { Worker } from 'node:worker_threads';
import { errorLabel } from '../error-label';
import { startWorker } from '../workers/start-worker';
import type { ReplicaKey } from './encryption';

// Folds the write-ahead log into the replica's file on another core during an import's commit
// (Replica.writeInBulk). The replica's own connection writes the chunks one transaction after
// another; folding the log (each page read, decrypted, encrypted and written again) used to run
// on that same thread at the end: 1.7–2.2 s of a 100,000-lead commit, 0.5 s with this
// (docs/benchmarks.md, twelfth session). A second connection, in a worker thread, checkpoints
// what each commit left while the next chunk is prepared and written: SQLite lets one checkpoint
// run beside one writer in WAL mode, and a PASSIVE checkpoint never blocks the writer. Nothing
// depends on it: if it cannot start or fails, the log waits for the replica's own checkpoint, as
// before.

export interface CheckpointerStart {
  file: string;
  key: ReplicaKey | null;
  /** The pause between two checkpoints. */
  everyMs: number;
}

export interface BackgroundCheckpoints {
  /** Stops the checkpoints, once the one under way (if any) has finished. */
  stop(): Promise<void>;
}

const EVERY_MS = 50;
/** A checkpoint of the whole log takes a second or two; past this, the worker is stopped by force. */
const STOP_WAIT_MS = 15_000;
/** Enough for a connection and its checkpoints: the pages go through SQLite's buffers, not the heap. */
const LIMITS = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 };

/**
 * Says that the checkpointer failed, by the error's name and code only: enough to see in the
 * data host's log that an installed app runs without it, nothing of the file or the key.
 */
function logFailure(error: unknown): void {
  console.error(`[replica] checkpoints en arrière-plan arrêtés : ${errorLabel(error)} ; le journal sera replié à la fin de l’écriture.`);
}

export function startBackgroundCheckpoints(file: string, key: ReplicaKey | null, onError: (error: unknown) => void = logFailure): BackgroundCheckpoints {
  const start: CheckpointerStart = { file, key, everyMs: EVERY_MS };
  let worker: Worker;
  try {
    worker = startWorker('checkpoint-worker', new URL('./checkpoint-worker.ts', import.meta.url), { workerData: start, resourceLimits: LIMITS });
  } catch (error) {
    onError(error);
    return { stop: async () => {} };
  }
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // A worker that cannot open the file (or fails later) ends with an error: the replica's own
  // checkpoint then does all the work, as without it.
  worker.on('error', onError);
  return {
    async stop() {
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_WAIT_MS)));
      if ((await Promise.race([exited, late])) === 'late') await worker.terminate();
      clearTimeout(timer);
    },
  };
}
