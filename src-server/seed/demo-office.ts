import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DemoOfficeAnswer } from '~shared/contract/auth';
import type { ServerDb } from '../db/connection';
import { schedulerRuns, users } from '../db/schema';
import { DEMO_OFFICE_MARK, DEMO_PASSWORD, DEMO_USERS } from './demo';

// What GET /api/auth/demo tells the sign-in screen (server-api.md): on a database that seed:demo
// filled, its accounts and their shared password; on any other, nothing — a real office never
// says which accounts it has.

/** The demo office's accounts still open (active, not deleted), in the seed's order; null elsewhere. */
export async function demoOfficeSignIn(db: ServerDb): Promise<DemoOfficeAnswer | null> {
  const [mark] = await db.db.select({ jobKey: schedulerRuns.jobKey }).from(schedulerRuns).where(eq(schedulerRuns.jobKey, DEMO_OFFICE_MARK)).limit(1);
  if (mark === undefined) return null;
  const emails = DEMO_USERS.map((user) => user.email);
  // Names and roles as the office has them now: an administrator of the demo may have changed them.
  const rows = await db.db
    .select({ email: users.email, name: users.name, role: users.role, titleForm: users.titleForm })
    .from(users)
    .where(and(inArray(users.email, emails), eq(users.active, true), isNull(users.deletedAt)));
  if (rows.length === 0) return null;
  rows.sort((a, b) => emails.indexOf(a.email) - emails.indexOf(b.email));
  return { accounts: rows, password: DEMO_PASSWORD };
}
