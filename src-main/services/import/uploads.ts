import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refusals } from '~node/spreadsheet';
import { MAX_FILE_BYTES } from '~shared/domain/import';
import { ServiceError } from '../handlers';

// A file dropped in the page of the development bridge (issue 10, point 1): Chromium gives no path,
// so the page sends the bytes in pieces, in order, and they are written to a private temporary
// file. From there the import reads it exactly as it reads a dropped file's path in Electron.

interface Upload {
  dir: string;
  path: string;
  fileName: string;
  size: number;
  received: number;
}

export interface UploadedFile {
  path: string;
  fileName: string;
  /** Removes the temporary file once the import is done with it. */
  remove(): Promise<void>;
}

/** Uploads at once per workstation: a page cannot fill the disk by starting more. */
const MAX_OPEN_UPLOADS = 4;

const OUT_OF_ORDER = 'L’envoi du fichier s’est interrompu (morceaux dans le désordre)\u00a0: déposez le fichier de nouveau.';
const UNKNOWN = 'Ce fichier n’a pas été reçu en entier\u00a0: déposez-le de nouveau.';

export class Uploads {
  private readonly open = new Map<string, Upload>();

  async receive(input: { uploadId: string; fileName: string; size: number; offset: number; data: string }): Promise<{ received: number }> {
    // The size is checked at the first piece: a 200 MB file is refused before 1 MB of it travels.
    if (input.size > MAX_FILE_BYTES) throw new ServiceError('file_refused', refusals.tooLarge(input.size).message);
    if (input.size === 0) throw new ServiceError('file_refused', refusals.empty().message);
    let upload = this.open.get(input.uploadId);
    if (upload === undefined) {
      if (input.offset !== 0) throw new ServiceError('upload_broken', OUT_OF_ORDER);
      if (this.open.size >= MAX_OPEN_UPLOADS) throw new ServiceError('busy', 'Trop de fichiers en cours d’envoi\u00a0: terminez ou fermez les autres imports.');
      const dir = await mkdtemp(join(tmpdir(), 'bureau-import-'));
      upload = { dir, path: join(dir, 'file'), fileName: input.fileName, size: input.size, received: 0 };
      this.open.set(input.uploadId, upload);
    }
    if (input.offset !== upload.received || input.size !== upload.size) {
      await this.discard(input.uploadId);
      throw new ServiceError('upload_broken', OUT_OF_ORDER);
    }
    const bytes = Buffer.from(input.data, 'base64');
    if (upload.received + bytes.length > upload.size) {
      await this.discard(input.uploadId);
      throw new ServiceError('upload_broken', OUT_OF_ORDER);
    }
    const handle = await open(upload.path, upload.received === 0 ? 'w' : 'a', 0o600);
    try {
      await handle.write(bytes);
    } finally {
      await handle.close();
    }
    upload.received += bytes.length;
    return { received: upload.received };
  }

  /** The whole file, handed over to the import that reads it (no longer an upload). */
  take(uploadId: string): UploadedFile {
    const upload = this.open.get(uploadId);
    if (upload === undefined || upload.received !== upload.size) throw new ServiceError('upload_incomplete', UNKNOWN);
    this.open.delete(uploadId);
    return { path: upload.path, fileName: upload.fileName, remove: () => rm(upload.dir, { recursive: true, force: true }) };
  }

  async discard(uploadId: string): Promise<void> {
    const upload = this.open.get(uploadId);
    this.open.delete(uploadId);
    if (upload) await rm(upload.dir, { recursive: true, force: true });
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.discard(id)));
  }
}
