import type { z } from 'zod';
import type { exportTableSheet } from '~shared/contract/exports';
import { writeStyledWorkbook } from '~node/spreadsheet';

// Tables as the screen shows them (a report's, issue 13 point 2), checked by the contract, written
// as a styled .xlsx: one sheet per table.

export function tableWorkbook(sheets: ReadonlyArray<z.output<typeof exportTableSheet>>, timeZone: string): Promise<Buffer> {
  return writeStyledWorkbook({ timeZone, sheets });
}
