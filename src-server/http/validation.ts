import type { z } from 'zod';
import { fieldErrors, parseInFrench } from '~shared/contract/field-errors';
import { HttpError } from './errors';

// Every body, query and parameter is parsed with zod (style.md point 3); a failure answers 400
// with one French message per field (src-shared/contract/field-errors.ts, as the desktop words
// them). zod's French is passed to each parse, not set for the whole process.

/** The parsed value, or a 400 HttpError listing each invalid field in French. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, code = 'invalid_body'): z.output<S> {
  const parsed = parseInFrench(schema, value);
  if (parsed.success) return parsed.data;
  const { message, fields } = fieldErrors(parsed.error);
  throw new HttpError(400, code, `Données invalides — ${message}`, { fields });
}
