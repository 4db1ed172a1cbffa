import { UPLOAD_PIECE_BYTES, type ImportView } from '~shared/contract/import';
import { call, getApi } from '../../lib/api';
import { isOpenedFile, type PendingImport } from './importStore';

// How a file reaches the main process (issue 10, point 1). In Electron the preload gives its path
// and the main process reads it from the disk; in Chromium (the development bridge) there is no
// path, so its bytes go in pieces to a file of the main process. Both end in import:open.

function base64(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode takes arguments: in slices, or a 1 MiB piece overflows the stack.
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

export async function openFile(importId: string, file: PendingImport, onSent: (sent: number, total: number) => void): Promise<ImportView> {
  if (isOpenedFile(file)) return call('import:open', { importId, source: { kind: 'path', path: file.path } });
  const pathForFile = getApi().pathForFile;
  const path = pathForFile ? pathForFile(file) : '';
  if (path !== '') return call('import:open', { importId, source: { kind: 'path', path } });

  const uploadId = crypto.randomUUID();
  let offset = 0;
  do {
    const piece = new Uint8Array(await file.slice(offset, offset + UPLOAD_PIECE_BYTES).arrayBuffer());
    await call('import:upload', { uploadId, fileName: file.name, size: file.size, offset, data: base64(piece) });
    offset += piece.length;
    onSent(offset, file.size);
  } while (offset < file.size);
  return call('import:open', { importId, source: { kind: 'upload', uploadId } });
}
