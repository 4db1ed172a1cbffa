import { z } from 'zod';

// What the export channels take and answer (issue 10, point 8; issue 13, point 2). The main process
// writes every .xlsx itself (src-main/exports): the renderer asks, never builds the file.

/** A column of a table exported as it is shown (a report's table). */
export const EXPORT_KINDS = ['text', 'date', 'dateTime', 'money', 'count', 'decimal', 'percent', 'status'] as const;

const exportCell = z.union([z.string().max(2000), z.number().finite(), z.null()]);

export const exportTableSheet = z.object({
  name: z.string().min(1).max(100),
  columns: z
    .array(z.object({ header: z.string().min(1).max(200), kind: z.enum(EXPORT_KINDS), currency: z.string().regex(/^[A-Z]{3}$/).optional() }))
    .min(1)
    .max(50),
  /** A report's table is small; a lead list goes through `export:leads`, which reads the replica. */
  rows: z.array(z.array(exportCell).max(50)).max(20_000),
});

export const exportTableInput = z.object({
  /** Without extension; the date and `.xlsx` are added. */
  fileName: z.string().min(1).max(100),
  sheets: z.array(exportTableSheet).min(1).max(20),
});
export type ExportTableInput = z.input<typeof exportTableInput>;

/**
 * Where the file went: saved where the user chose (Electron's save dialog), not saved (the dialog
 * was closed), or handed back for the page to offer as a download (the development bridge).
 */
export type ExportedFile =
  | { kind: 'saved'; fileName: string; path: string }
  | { kind: 'cancelled' }
  | { kind: 'download'; fileName: string; base64: string };

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
