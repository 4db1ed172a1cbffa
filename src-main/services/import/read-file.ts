import { MessageChannel, type ResourceLimits, type TransferListItem, type Worker } from 'node:worker_threads';
import type { ImportRow } from '~shared/domain/import';
import { startWorker } from '../../workers/start-worker';
import type { FileRead, ReadRequest, WorkerMessage, WorkerStart } from './read-protocol';
import { RejectedBatches } from './rejected-batches';

// Runs read-worker.ts for one reading — twice: a parser and a cleaner, joined by a port of their
// own — with progress and cancel. In the built app the worker is out/main/import-worker.js, beside
// main.js (workers/start-worker.ts).

export class ReadRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadRefused';
  }
}

export class ReadCancelled extends Error {
  constructor() {
    super('Lecture annulée.');
    this.name = 'ReadCancelled';
  }
}

export interface Reading {
  result: Promise<FileRead>;
  /** Stops the worker at once; `result` rejects with ReadCancelled. */
  cancel(): void;
}

/**
 * Each worker's heap is capped: left to itself V8 lets a busy isolate's heap grow to gigabytes of
 * garbage before collecting it, and a full sheet's reading then took more memory than the rows
 * it keeps. The young generation is given 64 MiB: with V8's default for a heap this size, a
 * worker spent more than a quarter of its time collecting the rows of each batch (short-lived
 * all). 32 MiB brought the reading of 100,000 rows from 5.6–6.8 s to 3.8–4.9 s (seventh session),
 * 64 MiB to 2.4 s against 3.4 s (tenth session; 2.6 s with 64 MiB for the cleaner alone), for a
 * full sheet's peak of 985 MiB against 959 (docs/benchmarks.md).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 64 };

/** Only a file read whole (.csv, .xls, .ods, a small .xlsx) can reach the cap: a large .xlsx streams. */
const TOO_BIG_TO_HOLD =
  'Le fichier est trop volumineux pour être lu d’un seul bloc\u00a0: enregistrez-le au format .xlsx (lu ligne par ligne) ou découpez-le en plusieurs fichiers.';

function outOfMemory(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error as { code: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
}

type Limits = Pick<ResourceLimits, 'maxOldGenerationSizeMb' | 'maxYoungGenerationSizeMb'>;

function startReader(start: WorkerStart, transferList: TransferListItem[], limits: Limits): Worker {
  return startWorker('import-worker', new URL('./read-worker.ts', import.meta.url), { workerData: start, transferList, resourceLimits: limits });
}

export interface ReadOptions {
  /** A test gives a smaller heap, to show the reading's memory does not grow with the rows. */
  limits?: Limits;
  /** Each batch of cleaned rows as it arrives, before the reading ends. */
  onRows?: (rows: readonly ImportRow[]) => void;
}

export function readInWorker(
  request: ReadRequest,
  onProgress: (rowsRead: number, totalRows: number | null) => void,
  { limits = WORKER_LIMITS, onRows }: ReadOptions = {},
): Reading {
  const { port1: toCleaner, port2: fromParser } = new MessageChannel();
  const inFlight = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const cleaner = startReader({ role: 'clean', fromParser, inFlight }, [fromParser], limits);
  const parser = startReader({ role: 'parse', request, toCleaner, inFlight }, [toCleaner], limits);
  const workers = [parser, cleaner];
  const stop = () => {
    for (const worker of workers) void worker.terminate();
  };
  let cancelled = false;
  const result = new Promise<FileRead>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      stop();
    };
    // The rows come in batches before the end; they are gathered here, in order. The parser's
    // `done` may come before the cleaner's last rows: the reading ends when both have spoken.
    const rows: ImportRow[] = [];
    const rejected = new RejectedBatches();
    let parsed: Extract<WorkerMessage, { type: 'done' }> | null = null;
    let cleaned = false;
    let parserEnded = false;
    let cleanerEnded = false;
    const finish = () => {
      if (parsed === null || !cleaned) return;
      const read = { ...parsed.read, rows, errors: rejected.first };
      const { sheetNames } = parsed;
      settle(() => resolve({ sheetNames, read, errorCount: rejected.count, rejected: rejected.batches }));
    };
    const onMessage = (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message.rowsRead, message.totalRows);
      else if (message.type === 'rows') {
        for (const row of message.rows) rows.push(row);
        onRows?.(message.rows);
      } else if (message.type === 'rejected') rejected.add(message.rows);
      else if (message.type === 'done') {
        parsed = message;
        finish();
      } else if (message.type === 'cleaned') {
        cleaned = true;
        finish();
      } else if (message.type === 'refused') settle(() => reject(new ReadRefused(message.message)));
      else settle(() => reject(new Error(`Lecture du fichier : ${message.message}`)));
    };
    for (const worker of workers) {
      worker.on('message', onMessage);
      worker.on('error', (error) =>
        settle(() => reject(cancelled ? new ReadCancelled() : outOfMemory(error) ? new ReadRefused(TOO_BIG_TO_HOLD) : error)),
      );
      // Each ends by itself once it has said its last word; the reading is over when both have.
      // The cleaner also ends when the parser dies (their port closes): the parser's own end
      // (its error, such as running out of memory) then says why, whichever exit comes first.
      worker.on('exit', () => {
        if (worker === parser) {
          parserEnded = true;
          if (parsed !== null && !cleanerEnded) return;
        } else {
          cleanerEnded = true;
          if (cleaned || !parserEnded) return;
        }
        settle(() => reject(cancelled ? new ReadCancelled() : new Error('Le lecteur de fichier s’est arrêté sans réponse.')));
      });
    }
  });
  return {
    result,
    cancel() {
      cancelled = true;
      stop();
    },
  };
}
