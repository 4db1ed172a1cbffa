import { z } from 'zod';
import { uuid } from '../domain/entities';
import { IMPORT_FIELDS, MAX_COLUMNS, type ImportField } from '../domain/import';
import type { LeadStatus } from '../domain/statuses';

// The import wizard's channels (issue 10, points 1 to 6): the renderer never reads the file; the
// main process does, in a worker thread, and keeps what it read under an `importId` until the
// wizard commits or closes. Payloads are checked here like every other channel's (style.md point 3).

/** One upload piece from the development bridge, base64: 1 MiB of file per call at most. */
export const UPLOAD_PIECE_BYTES = 1024 * 1024;
/** How many first rows, groups and errors the preview carries (the counts are of everything). */
export const PREVIEW_ROWS = 50;
export const PREVIEW_GROUPS = 200;
export const PREVIEW_ERRORS = 200;

const DUPLICATE_CHOICES = ['skip', 'merge', 'create'] as const;

export const duplicateChoicesSchema = z.object({
  all: z.enum(DUPLICATE_CHOICES).optional(),
  byGroup: z
    .record(z.string().max(60), z.enum(DUPLICATE_CHOICES))
    .refine((choices) => Object.keys(choices).length <= 1_048_576, { message: 'Trop de choix de doublons.' })
    .optional(),
});

const importId = uuid;

export const IMPORT_CONTRACT = {
  /** The development bridge has no file path: the bytes come in pieces, in order, to a file of the main process. */
  'import:upload': {
    input: z.object({
      uploadId: uuid,
      fileName: z.string().trim().min(1).max(255),
      /** The whole file's size, declared with every piece: a file too large is refused at the first. */
      size: z.number().int().min(0),
      offset: z.number().int().min(0),
      data: z.string().max(Math.ceil(UPLOAD_PIECE_BYTES / 3) * 4),
    }),
  },
  /**
   * Reads a file: a path (Electron gives the dropped file's) or a finished upload. The page names
   * the import, so that it can cancel the reading before the answer comes.
   */
  'import:open': {
    input: z.object({
      importId,
      source: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
        z.object({ kind: z.literal('upload'), uploadId: uuid }),
      ]),
    }),
  },
  /** Reads the file again with another sheet or the user's mapping. */
  'import:configure': {
    input: z.object({
      importId,
      sheet: z.string().max(100).optional(),
      mapping: z.array(z.enum(IMPORT_FIELDS)).max(MAX_COLUMNS).optional(),
    }),
  },
  'import:preview': { input: z.object({ importId, choices: duplicateChoicesSchema.default({}) }) },
  'import:commit': { input: z.object({ importId, choices: duplicateChoicesSchema.default({}) }) },
  /** Stops the reading or the commit (between two chunks); the wizard may close after. */
  'import:cancel': { input: z.object({ importId }) },
  /** Forgets the import (the wizard closed). */
  'import:close': { input: z.object({ importId }) },
  /** The rejected rows as an .xlsx, each with its reason. */
  'import:rejected': { input: z.object({ importId }) },
} as const;

/** What was read: the wizard's mapping step. */
export interface ImportView {
  importId: string;
  fileName: string;
  sheetNames: string[];
  sheet: string;
  /** 1-based. */
  headerRow: number;
  headers: (string | null)[];
  mapping: ImportField[];
  /** Remembers the mapping for files with the same headers (src-shared/domain/import, mappingKey). */
  mappingKey: string;
  /** Why nothing can be imported with this mapping (French); the rows are not read while there are any. */
  mappingProblems: string[];
  /** About the whole sheet (merged cells). */
  warnings: string[];
  /** Rows accepted and rows refused by the cleaning. */
  rowCount: number;
  errorCount: number;
}

export interface ImportPreviewRow {
  row: number;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  phoneTyped: string | null;
  city: string | null;
  language: string | null;
  program: string | null;
  /** "Create anyway": flagged as a possible duplicate. */
  duplicate: boolean;
}

export interface ImportGroupRow {
  row: number;
  name: string;
  email: string | null;
  phone: string | null;
}

export interface ImportDuplicateGroup {
  id: string;
  kind: 'existing' | 'inFile';
  existing: { id: string; name: string; email: string | null; phone: string | null; status: LeadStatus } | null;
  rows: ImportGroupRow[];
  choice: (typeof DUPLICATE_CHOICES)[number];
}

export interface ImportPreview {
  toCreate: number;
  /** Existing leads that get filled, and the rows merged (into them or into an earlier row). */
  toMerge: number;
  mergedRows: number;
  skipped: number;
  errorCount: number;
  duplicates: { inFile: number; existing: number };
  groupCount: number;
  groups: ImportDuplicateGroup[];
  rows: ImportPreviewRow[];
  errors: { row: number; reason: string }[];
  /** lead.createMany's chunks the commit will send. */
  chunks: number;
}

export interface ImportOutcome {
  importBatchId: string | null;
  created: number;
  merged: number;
  skipped: number;
  errorCount: number;
  chunksDone: number;
  chunksTotal: number;
  /** Set when the commit stopped before the end: what was saved before stays, whole chunks only. */
  interrupted: { reason: 'cancelled' | 'refused'; message: string } | null;
}

export interface ImportOutput {
  'import:upload': { received: number };
  'import:open': ImportView;
  'import:configure': ImportView;
  'import:preview': ImportPreview;
  'import:commit': ImportOutcome;
  'import:cancel': { cancelled: boolean };
  'import:close': { closed: boolean };
  'import:rejected': { fileName: string; base64: string; rows: number };
}

/** Pushed while a file is read or committed. */
export interface ImportProgressEvent {
  type: 'import';
  importId: string;
  phase: 'reading' | 'committing';
  done: number;
  /** Null while the total is unknown (a file that does not declare its size). */
  total: number | null;
}
