import { z } from 'zod';
import { HttpError } from './errors';

// Every body, query and parameter is parsed with zod (style.md point 3); a failure answers 400
// with one French message per field. zod's built-in messages are switched to French for the
// whole server process; schemas still give their own messages where a rule deserves naming.

z.config(z.locales.fr());

/** The parsed value, or a 400 HttpError listing each invalid field in French. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, code = 'invalid_body'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    fields[key] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .map(([field, message]) => (field === '_' ? message : `${field} : ${message}`))
    .join(' ; ');
  throw new HttpError(400, code, `Données invalides — ${summary}`, { fields });
}
