import { and, eq } from 'drizzle-orm';
import type { Notification, User } from '~shared/domain/entities';
import type { MutationInput, MutationName } from '~shared/domain/mutations/args';
import type { Role } from '~shared/domain/roles';
import { newId } from '~shared/ids';
import { createUser } from '../auth/users';
import type { ServerConfig } from '../config';
import type { ServerDb } from '../db/connection';
import { notifications } from '../db/schema';
import { seedDefaults } from '../seed/defaults';
import type { RunningServer, StartOptions } from '../server';
import { executeMutation, officeCache } from '../sync/execute';
import { createTestDatabase, type TestBackend, type TestDatabase } from './databases';
import { call, login, startTestServer, TEST_ADMIN } from './http';
import { TestSyncClient } from './sync-client';

// The office harness of the server's suites, with one cast of people (PEOPLE) for all of them:
// - setUpOffice: an office in a database (scheduler, calendar, SMS suites), made through the real
//   paths — the defaults a server writes at start, users by createUser, everything else by
//   catalogue mutations run with an actor's authority (act, createLead, book), as a push would;
// - startSyncOffice: a whole office server listening on loopback (startTestServer), its people
//   created the way an admin creates them and signed in over HTTP, each with a replica of their
//   own (TestSyncClient) that speaks the sync protocol with fetch.
// The desktop's suites start their office server through src-main/testing/office.ts, with PEOPLE.

export const TEST_PASSWORD = 'mot-de-passe-de-test';
export const OFFICE_ZONE = 'America/Toronto';

/** The people of every test office: one of each role, two counselors. */
export const PEOPLE = {
  admin: { name: 'Alice Admin', role: 'admin' },
  director: { name: 'Denis Directeur', role: 'director' },
  marie: { name: 'Marie Conseillère', role: 'counselor' },
  julie: { name: 'Julie Conseillère', role: 'counselor' },
  accueil: { name: 'Sophie Accueil', role: 'secretary' },
} as const satisfies Record<string, { name: string; role: Role }>;

export type PersonKey = keyof typeof PEOPLE;

/** The e-mail a person of PEOPLE signs in with (the HTTP office's admin is the configuration's). */
export function personEmail(key: string): string {
  return `${key}@bureau.test`;
}

// ---- an office in a database, for the scheduler, calendar and SMS suites ---------------------

/** PEOPLE and a second administrator (the scheduler tells every admin). */
const DATABASE_PEOPLE = { ...PEOPLE, admin2: { name: 'Albert Admin', role: 'admin' } } as const;

export type TestPeople = Record<keyof typeof DATABASE_PEOPLE, User>;

let sequence = 0;

/** The office defaults (settings, templates) and one user of each kind, e-mails unique per call. */
export async function setUpOffice(db: ServerDb, at: Date): Promise<TestPeople> {
  await seedDefaults(db, { timeZone: OFFICE_ZONE, address: '1000, rue Sherbrooke Ouest, Montréal' }, at);
  const people = {} as TestPeople;
  const run = ++sequence;
  for (const [key, person] of Object.entries(DATABASE_PEOPLE) as Array<[keyof TestPeople, { name: string; role: Role }]>) {
    const { user } = await createUser(
      db,
      // Unique per call: several offices share a PostgreSQL server.
      { email: personEmail(`${key}.${run}.${process.pid}`), name: person.name, role: person.role, password: TEST_PASSWORD },
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

// ---- a whole office server over HTTP --------------------------------------------------------------

export interface Person {
  id: string;
  role: Role;
  name: string;
  email: string;
  token: string;
  /** A replica of this person's, with a clientId of its own. */
  client: TestSyncClient;
}

export interface SyncOffice extends OfficeServer {
  people: Record<PersonKey, Person>;
}

/** An office server on a fresh database of its own, listening on loopback. */
export interface OfficeServer {
  server: RunningServer;
  /** The database's settings: a second server process opens the same one (PostgreSQL). */
  database: TestDatabase;
  /** The server's URL, for `call`. */
  base: string;
  /** Stops the server, then drops the database. */
  stop(): Promise<void>;
}

/** The whole server (migrations, defaults, first admin TEST_ADMIN) on a fresh database of `backend`. */
export async function startOfficeServer(
  backend: TestBackend,
  options: { config?: Partial<ServerConfig>; start?: StartOptions; onDisk?: boolean } = {},
): Promise<OfficeServer> {
  const database = await createTestDatabase(backend, { config: options.config, onDisk: options.onDisk, migrated: true });
  try {
    const server = await startTestServer(database.config, options.start);
    return {
      server,
      database,
      base: server.url,
      async stop() {
        try {
          await server.stop();
        } finally {
          await database.dispose();
        }
      },
    };
  } catch (error) {
    await database.dispose().catch(() => undefined);
    throw error;
  }
}

/** The first administrator (from the configuration) plus the others, made by createUser. */
export async function startSyncOffice(
  backend: TestBackend,
  options: { config?: Partial<ServerConfig>; start?: StartOptions } = {},
): Promise<SyncOffice> {
  const office = await startOfficeServer(backend, options);
  try {
    return { ...office, people: await signInPeople(office.server) };
  } catch (error) {
    await office.stop().catch(() => undefined);
    throw error;
  }
}

/** Another server process on the office's database (PostgreSQL): tokens are valid on both. */
export function startAnotherServer(office: SyncOffice, options?: StartOptions): Promise<RunningServer> {
  return startTestServer(office.database.config, options);
}

async function signInPeople(server: RunningServer): Promise<Record<PersonKey, Person>> {
  const base = server.url;
  const people = {} as Record<PersonKey, Person>;
  for (const [key, spec] of Object.entries(PEOPLE) as Array<[PersonKey, (typeof PEOPLE)[PersonKey]]>) {
    let email: string = TEST_ADMIN.email;
    let password: string = TEST_ADMIN.password;
    if (key !== 'admin') {
      email = personEmail(key);
      password = TEST_PASSWORD;
      await createUser(server.db, { email, name: spec.name, role: spec.role, password }, new Date());
    }
    const token = await login(base, email, password);
    const me = await call<{ id: string; name: string; role: Role; email: string }>(base, 'GET', '/api/auth/me', { token });
    if (me.status !== 200) throw new Error(`/api/auth/me ${key} : ${me.status}`);
    people[key] = { ...me.body, email, token, client: new TestSyncClient(base, token) };
  }
  return people;
}
