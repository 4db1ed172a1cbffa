import { createInflateRaw } from 'node:zlib';
import type { MergedRange } from '~shared/domain/import';
import { MAX_UNCOMPRESSED_BYTES } from '~shared/domain/import';
import { refusals } from './errors';
import type { Source } from './source';

// A first pass over an .xlsx or .ods (both are zip archives), before any parser sees it:
// - a zip bomb is refused: the sizes the archive declares, then the bytes its parts really
//   inflate to, are capped (MAX_UNCOMPRESSED_BYTES), counting as they come, memory constant;
// - the small parts that say what the file is (workbook, relations, manifest) are kept as text;
// - each worksheet's <dimension> (rows, for progress) and <mergeCell> ranges are noted, because
//   exceljs's streaming reader reads neither.

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

export interface SheetFacts {
  /** Last row of the <dimension> the sheet declares; null when it declares none. */
  rows: number | null;
  merges: MergedRange[];
}

export interface ZipFacts {
  /** Small descriptive parts, by name, as text. */
  texts: Map<string, string>;
  /** By part name, e.g. `xl/worksheets/sheet1.xml`. */
  sheets: Map<string, SheetFacts>;
  /** Every part's directory entry, by name: which parts there are, and where their bytes are. */
  entries: Map<string, ZipEntry>;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const TEXT_PARTS = new Set([
  '[Content_Types].xml',
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  'mimetype',
  'META-INF/manifest.xml',
]);
const MAX_TEXT_PART = 16 * 1024 * 1024;

async function centralDirectory(source: Source): Promise<ZipEntry[]> {
  const tailLength = Math.min(source.size, 22 + 65_535);
  const tail = await source.bytes(source.size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i -= 1) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw refusals.corrupt();
  const count = tail.readUInt16LE(at + 10);
  const size = tail.readUInt32LE(at + 12);
  const offset = tail.readUInt32LE(at + 16);
  if (offset + size > source.size) throw refusals.corrupt();
  const directory = await source.bytes(offset, size);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n += 1) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL) throw refusals.corrupt();
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    entries.push({
      flags: directory.readUInt16LE(p + 8),
      method: directory.readUInt16LE(p + 10),
      crc32: directory.readUInt32LE(p + 16),
      compressedSize: directory.readUInt32LE(p + 20),
      uncompressedSize: directory.readUInt32LE(p + 24),
      localOffset: directory.readUInt32LE(p + 42),
      name: directory.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where a part's stored (compressed) bytes are: after its local header, whose name and extra field may differ from the directory's. */
export async function storedBytes(source: Source, entry: ZipEntry): Promise<{ start: number; end: number }> {
  const header = await source.bytes(entry.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw refusals.corrupt();
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const end = start + entry.compressedSize;
  if (end > source.size) throw refusals.corrupt();
  if (entry.method !== 0 && entry.method !== 8) throw refusals.corrupt();
  return { start, end };
}

/** Inflates one part, chunk by chunk; `budget` is what the archive may still inflate to. */
async function inflate(source: Source, entry: ZipEntry, budget: { left: number }, onChunk: (chunk: Buffer) => void, signal?: AbortSignal) {
  const { start, end } = await storedBytes(source, entry);
  const raw = source.stream(start, end);
  const stream = entry.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  let seen = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw refusals.cancelled();
      seen += chunk.length;
      budget.left -= chunk.length;
      // A part inflating past what it declares lies about its size: the declared total was the check.
      if (budget.left < 0 || seen > entry.uncompressedSize) throw refusals.zipBomb();
      onChunk(chunk);
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('Z_')) throw refusals.corrupt(error);
    throw error;
  } finally {
    raw.destroy();
    stream.destroy();
  }
}

const CELL = /^([A-Z]{1,3})(\d+)$/;

function decodeCell(ref: string): { row: number; column: number } | null {
  const match = CELL.exec(ref.replace(/\$/g, ''));
  if (!match) return null;
  let column = 0;
  for (const letter of match[1] ?? '') column = column * 26 + (letter.charCodeAt(0) - 64);
  return { row: Number(match[2]) - 1, column: column - 1 };
}

/** `A1:C3` as a 0-based inclusive range. */
export function decodeRange(ref: string): MergedRange | null {
  const [from, to = from] = ref.split(':');
  const start = decodeCell(from ?? '');
  const end = decodeCell(to ?? '');
  if (!start || !end) return null;
  return { startRow: start.row, startColumn: start.column, endRow: end.row, endColumn: end.column };
}

const DIMENSION = /<(?:\w+:)?dimension\s+ref="([^"]+)"/;
const MERGE = /<(?:\w+:)?mergeCell\s+ref="([^"]+)"/g;

/** Reads the archive's directory and inflates every part once, as described above. */
export async function inspectZip(source: Source, signal?: AbortSignal): Promise<ZipFacts> {
  const entries = await centralDirectory(source);
  let declared = 0;
  for (const entry of entries) declared += entry.uncompressedSize;
  if (declared > MAX_UNCOMPRESSED_BYTES || entries.some((e) => e.uncompressedSize === 0xffffffff)) throw refusals.zipBomb();

  const facts: ZipFacts = { texts: new Map(), sheets: new Map(), entries: new Map(entries.map((e) => [e.name, e])) };
  const budget = { left: MAX_UNCOMPRESSED_BYTES };
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    // Bit 0: the part is encrypted with the zip's own password (rare for a workbook, but said so).
    if (entry.flags & 1) throw refusals.password();
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/.test(entry.name);
    const keep = TEXT_PARTS.has(entry.name) && entry.uncompressedSize <= MAX_TEXT_PART;
    const chunks: Buffer[] = [];
    const sheet: SheetFacts = { rows: null, merges: [] };
    let carry = '';
    let dimensionSeen = false;
    await inflate(
      source,
      entry,
      budget,
      (chunk) => {
        if (keep) chunks.push(chunk);
        if (!isSheet) return;
        // Tags are ASCII: latin1 keeps offsets; the carry joins a tag cut between two chunks.
        const text = carry + chunk.toString('latin1');
        if (!dimensionSeen) {
          const dimension = DIMENSION.exec(text);
          if (dimension) {
            dimensionSeen = true;
            const range = decodeRange(dimension[1] ?? '');
            sheet.rows = range ? range.endRow + 1 : null;
          }
        }
        const lastTag = text.lastIndexOf('<');
        const complete = lastTag > text.length - 200 ? text.slice(0, lastTag) : text;
        for (const match of complete.matchAll(MERGE)) {
          const range = decodeRange(match[1] ?? '');
          if (range) sheet.merges.push(range);
        }
        carry = complete.length < text.length ? text.slice(complete.length) : '';
      },
      signal,
    );
    if (keep) facts.texts.set(entry.name, Buffer.concat(chunks).toString('utf8'));
    if (isSheet) facts.sheets.set(entry.name, sheet);
  }
  return facts;
}
