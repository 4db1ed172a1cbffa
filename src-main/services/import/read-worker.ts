import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { readSpreadsheet, SpreadsheetError } from '~node/spreadsheet';
import type { SheetStreamEnd, SheetStreamOptions } from '~shared/domain/import';
import { chooseSheet, RowCleaner, SheetStream, streamSheet } from '~shared/domain/import';
import { batchCleaned, inFlightCounter, PortCleaner } from './port-cleaner';
import type { CleanerMessage, ReadRequest, WorkerMessage, WorkerStart } from './read-protocol';

// The import's reading, in two worker threads (issue 10, point 2): parsing a large workbook and
// cleaning its rows take seconds of CPU each, which would freeze the main process's IPC (and so
// every window) if they ran there. One worker parses the file and finds the header row; the rows
// below go to the other, which cleans them with the domain's rules while the rest is parsed, on
// the machine's other core. The cleaned rows go to the main thread in batches: a large .xlsx is
// never held whole, neither as a grid nor as leads (a full sheet of 1,048,576 rows stays within
// 1 GiB). The refused rows, with their reasons and cells, leave in batches the same way: a sheet
// may refuse hundreds of thousands of rows, more than a worker's capped heap could hold.

const port = parentPort;
if (port === null) throw new Error('read-worker.ts se lance comme worker_thread.');
const post = (message: WorkerMessage) => port.postMessage(message);
const start = workerData as WorkerStart;

async function parse(request: ReadRequest, toCleaner: MessagePort, inFlight: Int32Array): Promise<void> {
  const streamOptions: Omit<SheetStreamOptions, 'name' | 'merges'> = {
    mapping: request.mapping,
    cleanIn: (setup) => new PortCleaner(toCleaner, inFlight, setup),
  };
  let streaming: SheetStream | null = null;
  const file = await readSpreadsheet(request.path, {
    sheet: request.sheet,
    onProgress: (p) => post({ type: 'progress', rowsRead: p.rowsRead, totalRows: p.totalRows }),
    rowSink: ({ name, merges, date1904 }) => {
      // A sheet that turns out empty is followed by the next: nothing of it was handed on.
      const stream = new SheetStream({ ...streamOptions, name, merges, date1904 });
      streaming = stream;
      return (index, cells) => stream.push(index, cells);
    },
  });
  let end: SheetStreamEnd;
  if (file.streamed && streaming !== null) end = (streaming as SheetStream).end();
  else {
    const chosen = chooseSheet(file.sheets, request.sheet);
    if (!chosen.ok) {
      post({ type: 'refused', message: chosen.error });
      return;
    }
    end = streamSheet(chosen.sheet, { ...streamOptions, date1904: file.date1904 });
  }
  if (!end.result.ok) {
    post({ type: 'refused', message: end.result.error });
    return;
  }
  // After the last batch (end() flushed it): the cleaner says `cleaned` once it has sent them all.
  toCleaner.postMessage({ type: 'end' } satisfies CleanerMessage);
  post({ type: 'done', sheetNames: file.sheetNames, read: end.result });
}

function clean(fromParser: MessagePort, inFlight: Int32Array): void {
  let cleaner: RowCleaner | null = null;
  fromParser.on('message', (message: CleanerMessage) => {
    if (message.type === 'setup') {
      cleaner = new RowCleaner(message.setup, {
        onRows: (rows) => post({ type: 'rows', rows }),
        onRejected: (rows) => post({ type: 'rejected', rows }),
      });
    } else if (message.type === 'rows') {
      for (const [index, cells, width] of message.rows) cleaner?.push(index, cells, width);
      batchCleaned(inFlight);
    } else {
      cleaner?.flush();
      post({ type: 'cleaned' });
      fromParser.close();
    }
  });
}

if (start.role === 'clean') clean(start.fromParser, inFlightCounter(start.inFlight));
else {
  parse(start.request, start.toCleaner, inFlightCounter(start.inFlight)).catch((error: unknown) => {
    if (error instanceof SpreadsheetError) post({ type: 'refused', message: error.message });
    else post({ type: 'failed', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  });
}
