import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, PUSH_MAX_BYTES, SCHEMA_VERSION } from '~shared/contract/sync';
import { TEST_BACKENDS } from '../testing/databases';
import { call, login, TEST_ADMIN } from '../testing/http';
import { startOfficeServer, type OfficeServer } from '../testing/office';

// Authenticated routes check the token before the body is read (issue 8, point 3): a request
// without a valid token never gets its body parsed, up to the 4 MiB a push may carry. A body the
// JSON parser would refuse (400 invalid_json) shows which came first: 401 means it was never parsed.

/** Nearly 4 MiB that the JSON parser would refuse: the mutations array never closes. */
const MALFORMED_PUSH = `{"protocol":${PROTOCOL_VERSION},"schemaVersion":${SCHEMA_VERSION},"clientId":"x","mutations":[${'1,'.repeat(PUSH_MAX_BYTES / 2 - 100)}`;

describe.each(TEST_BACKENDS)('le jeton avant le corps ($name)', (backend) => {
  let office: OfficeServer;
  let base: string;

  beforeAll(async () => {
    office = await startOfficeServer(backend);
    base = office.base;
  });
  afterAll(async () => {
    await office?.stop();
  });

  it('answers an unauthenticated 4 MiB push 401 without parsing it, and parses it once the token is valid', async () => {
    expect(MALFORMED_PUSH.length).toBeGreaterThan(PUSH_MAX_BYTES - 1024);
    const anonymous = await call<{ error: { code: string } }>(base, 'POST', '/api/sync/push', { body: MALFORMED_PUSH });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');

    const madeUp = await call<{ error: { code: string } }>(base, 'POST', '/api/sync/push', {
      body: MALFORMED_PUSH,
      token: 'x'.repeat(43),
    });
    expect(madeUp.status).toBe(401);
    expect(madeUp.body.error.code).toBe('invalid_session');

    // The same body with a valid token reaches the parser, which refuses it.
    const token = await login(base, TEST_ADMIN.email, TEST_ADMIN.password);
    const parsed = await call<{ error: { code: string } }>(base, 'POST', '/api/sync/push', { body: MALFORMED_PUSH, token });
    expect(parsed.status).toBe(400);
    expect(parsed.body.error.code).toBe('invalid_json');
  });

  it('checks the token before the body on every authenticated route that takes one', async () => {
    const broken = '{"email":';
    for (const [method, path] of [
      ['POST', '/api/auth/logout'],
      ['POST', '/api/admin/users'],
      ['PATCH', '/api/admin/users/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/calendar/feed/reset'],
    ] as const) {
      const answer = await call<{ error: { code: string } }>(base, method, path, { body: broken });
      expect({ path, status: answer.status, code: answer.body.error.code }).toEqual({ path, status: 401, code: 'unauthorized' });
    }
  });
});
