import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from './errors';
import { parseWith } from './validation';

// The server's parse of bodies, queries and parameters: French for the user, nothing global.

describe('parseWith', () => {
  it('answers 400 with French field errors', () => {
    const schema = z.object({ limit: z.number().int().min(1), clientId: z.uuid() });
    let thrown: unknown;
    try {
      parseWith(schema, { limit: 0 }, 'invalid_query');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HttpError);
    const error = thrown as HttpError;
    expect({ status: error.statusCode, code: error.code }).toEqual({ status: 400, code: 'invalid_query' });
    expect(error.details.fields).toEqual({ limit: expect.stringMatching(/^Trop petit/), clientId: 'Obligatoire.' });
    expect(error.message).toMatch(/^Données invalides — limit\u00a0: Trop petit.* Client\u00a0: obligatoire\.$/);
  });

  it('leaves zod’s messages alone for every other module (no global z.config on import)', () => {
    const parsed = z.number().safeParse('x');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/^Invalid input: expected number, received string$/);
  });
});
