import { parentPort, workerData } from 'node:worker_threads';
import { readSpreadsheet, SpreadsheetError } from '../../../src-node/spreadsheet';
import { cellText, readWorkbook } from '../../../src-shared/domain/import';
import type { ReadRequest, WorkerMessage } from './read-protocol';

// The import's reading, in a worker thread (issue 10, point 2): parsing a large workbook takes
// seconds of CPU, which would freeze the main process's IPC (and so every window) if it ran there.
// The file is read, its sheet cleaned with the domain's rules, and only the result goes back; the
// cells of refused rows go with it, for the rejected-rows file.

const port = parentPort;
if (port === null) throw new Error('read-worker.ts se lance comme worker_thread.');
const post = (message: WorkerMessage) => port.postMessage(message);
const request = workerData as ReadRequest;

async function main(): Promise<void> {
  const file = await readSpreadsheet(request.path, {
    sheet: request.sheet,
    onProgress: (p) => post({ type: 'progress', rowsRead: p.rowsRead, totalRows: p.totalRows }),
  });
  const read = readWorkbook(file.sheets, { sheetName: request.sheet, mapping: request.mapping, date1904: file.date1904 });
  if (!read.ok) {
    post({ type: 'refused', message: read.error });
    return;
  }
  const grid = file.sheets.find((sheet) => sheet.name === read.sheet)?.rows ?? [];
  const width = read.headers.length;
  const rejectedCells = read.errors.map(({ row }) => {
    const cells = grid[row - 1] ?? [];
    return Array.from({ length: width }, (_, column) => cellText(cells[column]));
  });
  // The grid is no longer needed: let it go before the result is copied to the main thread.
  file.sheets.length = 0;
  post({ type: 'done', sheetNames: file.sheetNames, read, rejectedCells });
}

main().catch((error: unknown) => {
  if (error instanceof SpreadsheetError) post({ type: 'refused', message: error.message });
  else post({ type: 'failed', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
});
