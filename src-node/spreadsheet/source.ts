import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

// A file to read, on disk or already in memory (a file dropped in the window), behind one shape:
// its size, a byte range as a stream, and the whole file when a reader needs it at once.

export interface Source {
  size: number;
  /** Bytes [start, end) as a stream. */
  stream(start?: number, end?: number): Readable;
  bytes(start: number, length: number): Promise<Buffer>;
  all(): Promise<Buffer>;
}

export function bufferSource(data: Uint8Array): Source {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return {
    size: buffer.length,
    // Chunked, so that a stream reader sees what it would see from the disk.
    stream: (start = 0, end = buffer.length) => {
      const slice = buffer.subarray(start, end);
      const chunks: Buffer[] = [];
      for (let at = 0; at < slice.length; at += 64 * 1024) chunks.push(slice.subarray(at, at + 64 * 1024));
      return Readable.from(chunks, { objectMode: false });
    },
    bytes: async (start, length) => buffer.subarray(start, start + length),
    all: async () => buffer,
  };
}

export async function fileSource(path: string): Promise<Source> {
  const { size } = await stat(path);
  return {
    size,
    stream: (start = 0, end = size) => (end <= start ? Readable.from([]) : createReadStream(path, { start, end: end - 1 })),
    bytes: async (start, length) => {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - start)));
        await handle.read(buffer, 0, buffer.length, start);
        return buffer;
      } finally {
        await handle.close();
      }
    },
    all: () => readFile(path),
  };
}
