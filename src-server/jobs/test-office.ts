import { and, eq } from 'drizzle-orm';
import type { Notification, User } from '../../src-shared/domain/entities';
import type { MutationInput, MutationName } from '../../src-shared/domain/mutations/args';
import { newId } from '../../src-shared/ids';
import { createUser } from '../auth/users';
import type { ServerDb } from '../db/connection';
import { notifications } from '../db/schema';
import { seedDefaults } from '../seed/defaults';
import { executeMutation, officeCache } from '../sync/execute';

// For the scheduler, calendar and SMS suites: an office made through the real paths — the
// defaults a server writes at start, users by createUser, everything else by catalogue mutations
// run with an actor's authority, as a push would run them.

export const TEST_PASSWORD = 'mot-de-passe-de-test';
export const OFFICE_ZONE = 'America/Toronto';

export interface TestPeople {
  admin: User;
  admin2: User;
  director: User;
  marie: User;
  julie: User;
  accueil: User;
}

const PEOPLE: Record<keyof TestPeople, { name: string; role: User['role'] }> = {
  admin: { name: 'Alice Admin', role: 'admin' },
  admin2: { name: 'Albert Admin', role: 'admin' },
  director: { name: 'Denis Directeur', role: 'director' },
  marie: { name: 'Marie Conseillère', role: 'counselor' },
  julie: { name: 'Julie Conseillère', role: 'counselor' },
  accueil: { name: 'Sophie Accueil', role: 'secretary' },
};

let sequence = 0;

/** The office defaults (settings, templates) and one user of each kind, e-mails unique per call. */
export async function setUpOffice(db: ServerDb, at: Date): Promise<TestPeople> {
  await seedDefaults(db, { timeZone: OFFICE_ZONE, address: '1000, rue Sherbrooke Ouest, Montréal' }, at);
  const people = {} as TestPeople;
  const run = ++sequence;
  for (const [key, person] of Object.entries(PEOPLE) as Array<[keyof TestPeople, (typeof PEOPLE)[keyof TestPeople]]>) {
    const { user } = await createUser(
      db,
      { email: `${key}.${run}.${process.pid}@bureau.test`, name: person.name, role: person.role, password: TEST_PASSWORD },
      at,
    );
    people[key] = user;
  }
  return people;
}

/** Runs one mutation as `actor` at `at`, in its own write transaction; throws when refused. */
export async function act<N extends MutationName>(db: ServerDb, actor: User, name: N, args: MutationInput<N>, at: Date): Promise<void> {
  const { result } = await db.writeTransaction((tx, versions) =>
    executeMutation(tx, versions, { actor: { id: actor.id, role: actor.role }, name, rawArgs: args, now: at, cache: officeCache(db) }),
  );
  if (result.status === 'refused') throw new Error(`${name} refusée : ${result.code} — ${result.message}`);
}

export async function createLead(
  db: ServerDb,
  actor: User,
  at: Date,
  fields: Partial<MutationInput<'lead.create'>> = {},
): Promise<string> {
  const id = newId();
  await act(db, actor, 'lead.create', { id, firstName: 'Zoé', lastName: 'Lévesque', source: 'manual', ...fields }, at);
  return id;
}

export async function book(
  db: ServerDb,
  actor: User,
  at: Date,
  input: { leadId: string; hostId: string; startsAt: string; minutes?: number } & Partial<MutationInput<'appointment.book'>>,
): Promise<string> {
  const id = newId();
  const { minutes = 60, ...rest } = input;
  const endsAt = new Date(Date.parse(input.startsAt) + minutes * 60_000).toISOString();
  await act(db, actor, 'appointment.book', { id, endsAt, kind: 'in_person', ...rest }, at);
  return id;
}

/** The notifications of `kind` whose group key starts with `prefix`, oldest first. */
export async function notificationsLike(db: ServerDb, kind: Notification['kind'], prefix: string): Promise<Notification[]> {
  const rows = (await db.db.select().from(notifications).where(eq(notifications.kind, kind))) as Notification[];
  return rows
    .filter((n) => (n.groupKey ?? '').startsWith(prefix))
    .sort((a, b) => a.version - b.version);
}

export async function notificationsOf(db: ServerDb, userId: string, kind: Notification['kind']): Promise<Notification[]> {
  return (await db.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)))) as Notification[];
}

/** A clock the test moves by hand. */
export function testClock(start: string): { now: () => Date; set(instant: string): Date } {
  let current = new Date(start);
  return {
    now: () => current,
    set(instant: string) {
      current = new Date(instant);
      return current;
    },
  };
}
