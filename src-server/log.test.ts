import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { capturingLogger } from './testing/http';

// The safety net behind the request logs (log.ts): what is logged by mistake is masked, and an
// error never carries the values of a failed query.

describe('journal', () => {
  it('masks personal and secret fields at the top and one level down', () => {
    const { log, lines } = capturingLogger();
    log.info(
      {
        leadId: 'lead-1',
        email: 'a@b.ca',
        password: 'mot-de-passe-secret',
        lead: { firstName: 'Hélène', phoneE164: '+15145550199', id: 'lead-1' },
        headers: { authorization: 'Bearer abc' },
      },
      'essai',
    );
    const text = lines();
    expect(text).toContain('lead-1');
    for (const secret of ['a@b.ca', 'mot-de-passe-secret', 'Hélène', '+15145550199', 'Bearer abc']) {
      expect(text).not.toContain(secret);
    }
  });

  it('logs a failed query without its parameters, even in the message and the stack', () => {
    const { log, lines } = capturingLogger();
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), {
      code: '23505',
      detail: 'Key (email)=(helene@exemple.ca) already exists.',
    });
    const error = new DrizzleQueryError('insert into "users" ("email") values ($1)', ['helene@exemple.ca'], cause);
    log.error({ err: error }, 'erreur interne');
    const text = lines();
    expect(text).toContain('insert into \\"users\\"');
    expect(text).toContain('23505');
    expect(text).not.toContain('helene@exemple.ca');
  });
});
