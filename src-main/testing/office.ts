import { eq } from 'drizzle-orm';
import type { Role } from '~shared/domain/roles';
// The sync tests drive a real office server on loopback (issue 4, point 6): test code may reach
// into src-server to start one, which the application itself never does.
/* eslint-disable no-restricted-imports */
import { createUser, updateUser } from '~server/auth/users';
import { leads } from '~server/db/schema';
import { startServer, type RunningServer } from '~server/server';
import { TEST_BACKENDS, createTestDatabase, type TestBackend } from '~server/testing/databases';
import { PEOPLE, TEST_PASSWORD, personEmail, type PersonKey } from '~server/testing/office';
/* eslint-enable no-restricted-imports */

export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
  role: Role;
}

/** The server's suites' cast (src-server/testing/office.ts): one of each role, two counselors. */
export type Person = PersonKey;
export { personEmail };

export interface TestOffice {
  /** Stays the same across restarts (same port). */
  readonly url: string;
  readonly server: RunningServer;
  readonly users: Record<Person, TestUser>;
  /** Stops the server; its data stays (PGlite folder or PostgreSQL database). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  running(): boolean;
  /** What an admin does in the admin screen: revokes the person's tokens at once (or gives access back). */
  setActive(person: Person, active: boolean): Promise<void>;
  /** What an admin does in the admin screen: gives the person another role or name. */
  update(person: Person, patch: { role?: Role; name?: string }): Promise<void>;
  /** Whether the server holds a lead with this id (what a workstation pushed reached it). */
  hasLead(id: string): Promise<boolean>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
}

export { TEST_BACKENDS, type TestBackend };

export interface TestOfficeOptions {
  /** PGlite (default) or PostgreSQL when TEST_DATABASE_URL is set. */
  backend?: TestBackend;
  /** PGlite on disk, so that `stop` + `start` is a real restart (default: memory, no restart). */
  persistent?: boolean;
}

/**
 * An office server on 127.0.0.1 with five users of every role, on a fresh database: PGlite in
 * memory by default, in a temporary folder with `persistent`, or PostgreSQL.
 */
export async function startTestOffice(options: TestOfficeOptions = {}): Promise<TestOffice> {
  const database = await createTestDatabase(options.backend ?? TEST_BACKENDS[0]!, { onDisk: options.persistent, migrated: true });
  let port = 0;
  let server: RunningServer | null = null;

  const boot = async () => {
    // Throttled sign-ins answer at once: the tests count failures, they do not wait for them.
    server = await startServer({ ...database.config, port }, { sleep: async () => {} });
    port = Number(new URL(server.url).port);
  };
  await boot();

  const users = {} as Record<Person, TestUser>;
  const now = new Date();
  for (const [key, person] of Object.entries(PEOPLE)) {
    const email = personEmail(key);
    const { user } = await createUser(server!.db, { email, name: person.name, role: person.role, password: TEST_PASSWORD }, now);
    users[key as Person] = { id: user.id, email, password: TEST_PASSWORD, name: person.name, role: person.role };
  }
  const url = server!.url;

  const office: TestOffice = {
    url,
    get server() {
      if (server === null) throw new Error('office server stopped');
      return server;
    },
    users,
    async stop() {
      const running = server;
      server = null;
      await running?.stop();
    },
    async start() {
      if (server === null) await boot();
    },
    running: () => server !== null,
    async setActive(person, active) {
      await updateUser(office.server.db, users[person].id, { active }, new Date());
    },
    async update(person, patch) {
      await updateUser(office.server.db, users[person].id, patch, new Date());
    },
    async hasLead(id) {
      const found = await office.server.db.db.select({ id: leads.id }).from(leads).where(eq(leads.id, id));
      return found.length > 0;
    },
    async dispose() {
      await office.stop();
      await database.dispose();
    },
  };
  return office;
}
