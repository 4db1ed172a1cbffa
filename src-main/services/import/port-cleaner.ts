import type { MessagePort } from 'node:worker_threads';
import type { Cell, CleanSetup, RowSink } from '~shared/domain/import';
import type { CleanerMessage, RawRow } from './read-protocol';

// The parser's side of the two-worker reading: the rows to clean go to the cleaner in batches. The
// parser reads faster than the cleaner cleans; unchecked, a full sheet's raw rows would pile up in
// the cleaner's queue (hundreds of megabytes), so the parser waits while BATCHES_IN_FLIGHT batches
// are not cleaned yet. It waits with Atomics.wait: the parser is a worker thread, and blocking it
// is the point (the file's reading pauses, the main process is untouched).

const ROWS_PER_BATCH = 1_000;
export const BATCHES_IN_FLIGHT = 4;
/** Re-reads the count now and then, whatever happens to a wake-up. */
const WAIT_MS = 50;

/** The count of batches sent and not yet cleaned, shared by the two workers. */
export function inFlightCounter(buffer: SharedArrayBuffer): Int32Array {
  return new Int32Array(buffer, 0, 1);
}

export class PortCleaner implements RowSink {
  private rows: RawRow[] = [];

  constructor(
    private readonly port: MessagePort,
    private readonly inFlight: Int32Array,
    setup: CleanSetup,
  ) {
    port.postMessage({ type: 'setup', setup } satisfies CleanerMessage);
  }

  push(index: number, cells: readonly Cell[], width: number): void {
    this.rows.push([index, cells as Cell[], width]);
    if (this.rows.length >= ROWS_PER_BATCH) this.flush();
  }

  flush(): void {
    if (this.rows.length === 0) return;
    for (let held = Atomics.load(this.inFlight, 0); held >= BATCHES_IN_FLIGHT; held = Atomics.load(this.inFlight, 0)) {
      Atomics.wait(this.inFlight, 0, held, WAIT_MS);
    }
    Atomics.add(this.inFlight, 0, 1);
    this.port.postMessage({ type: 'rows', rows: this.rows } satisfies CleanerMessage);
    this.rows = [];
  }
}

/** The cleaner's side: one batch cleaned, the parser may send another. */
export function batchCleaned(inFlight: Int32Array): void {
  Atomics.sub(inFlight, 0, 1);
  Atomics.notify(inFlight, 0);
}
