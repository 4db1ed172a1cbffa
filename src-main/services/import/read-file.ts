import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ImportRow } from '~shared/domain/import';
import { runsFromSource } from '../../runs-from-source';
import type { FileRead, ReadRequest, WorkerMessage } from './read-protocol';
import { RejectedBatches } from './rejected-batches';

// Runs read-worker.ts for one reading, with progress and cancel. From the sources (tsx, vitest,
// the development bridge) the worker is the .ts file, loaded through tsx; in the built app it is
// out/main/import-worker.js, beside main.js (scripts/build.mjs).

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
 * The worker's heap is capped: left to itself V8 lets a busy isolate's heap grow to gigabytes of
 * garbage before collecting it, and a full sheet's reading then took more memory than the rows
 * it keeps.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 256 };

/** Only a file read whole (.csv, .xls, .ods, a small .xlsx) can reach the cap: a large .xlsx streams. */
const TOO_BIG_TO_HOLD =
  'Le fichier est trop volumineux pour être lu d’un seul bloc\u00a0: enregistrez-le au format .xlsx (lu ligne par ligne) ou découpez-le en plusieurs fichiers.';

function outOfMemory(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error as { code: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
}

type Limits = Pick<ResourceLimits, 'maxOldGenerationSizeMb' | 'maxYoungGenerationSizeMb'>;

function startWorker(request: ReadRequest, limits: Limits): Worker {
  const here = import.meta.url;
  if (!runsFromSource(here)) return new Worker(new URL('./import-worker.js', here), { workerData: request, resourceLimits: limits });
  // From the sources: a worker does not inherit tsx's loader, so it registers it before loading.
  const source = JSON.stringify(new URL('./read-worker.ts', here).href);
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${source}); });`;
  return new Worker(bootstrap, { eval: true, workerData: request, resourceLimits: limits });
}

/** `limits`: a test gives a smaller heap, to show the reading's memory does not grow with the rows. */
export function readInWorker(
  request: ReadRequest,
  onProgress: (rowsRead: number, totalRows: number | null) => void,
  limits: Limits = WORKER_LIMITS,
): Reading {
  const worker = startWorker(request, limits);
  let cancelled = false;
  const result = new Promise<FileRead>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    // The rows come in batches before the end; they are gathered here, in order.
    const rows: ImportRow[] = [];
    const rejected = new RejectedBatches();
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message.rowsRead, message.totalRows);
      else if (message.type === 'rows') {
        for (const row of message.rows) rows.push(row);
      } else if (message.type === 'rejected') rejected.add(message.rows);
      else if (message.type === 'done') {
        for (const row of message.read.rows) rows.push(row);
        const read = { ...message.read, rows, errors: rejected.first };
        settle(() => resolve({ sheetNames: message.sheetNames, read, errorCount: rejected.count, rejected: rejected.batches }));
      }
      else if (message.type === 'refused') settle(() => reject(new ReadRefused(message.message)));
      else settle(() => reject(new Error(`Lecture du fichier : ${message.message}`)));
    });
    worker.on('error', (error) =>
      settle(() => reject(cancelled ? new ReadCancelled() : outOfMemory(error) ? new ReadRefused(TOO_BIG_TO_HOLD) : error)),
    );
    worker.on('exit', () => settle(() => reject(cancelled ? new ReadCancelled() : new Error('Le lecteur de fichier s’est arrêté sans réponse.'))));
  });
  return {
    result,
    cancel() {
      cancelled = true;
      void worker.terminate();
    },
  };
}
