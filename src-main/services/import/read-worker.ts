import { parentPort, workerData } from 'node:worker_threads';
import { readSpreadsheet, SpreadsheetError } from '~node/spreadsheet';
import type { ImportRow, RejectedCells, SheetStreamEnd, SheetStreamOptions } from '~shared/domain/import';
import { chooseSheet, SheetStream, streamSheet } from '~shared/domain/import';
import type { ReadRequest, WorkerMessage } from './read-protocol';

// The import's reading, in a worker thread (issue 10, point 2): parsing a large workbook takes
// seconds of CPU, which would freeze the main process's IPC (and so every window) if it ran there.
// Each row is cleaned with the domain's rules as the reader hands it over, and the cleaned rows
// go to the main thread in batches while the rest is read: a large .xlsx is never held whole
// here, neither as a grid nor as leads (a full sheet of 1,048,576 rows stays within 1 GiB). The
// refused rows, with their reasons and cells, leave in batches the same way: a sheet may refuse
// hundreds of thousands of rows, more than the worker's capped heap could hold.

const port = parentPort;
if (port === null) throw new Error('read-worker.ts se lance comme worker_thread.');
const post = (message: WorkerMessage) => port.postMessage(message);
const request = workerData as ReadRequest;

const streamOptions: Omit<SheetStreamOptions, 'name' | 'merges'> = {
  mapping: request.mapping,
  onRows: (rows: ImportRow[]) => post({ type: 'rows', rows }),
  onRejected: (rows: RejectedCells[]) => post({ type: 'rejected', rows }),
};

async function main(): Promise<void> {
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
  post({ type: 'done', sheetNames: file.sheetNames, read: end.result });
}

main().catch((error: unknown) => {
  if (error instanceof SpreadsheetError) post({ type: 'refused', message: error.message });
  else post({ type: 'failed', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
});
