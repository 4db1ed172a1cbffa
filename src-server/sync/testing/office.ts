import type { Role } from '../../../src-shared/domain/roles';
import { createUser } from '../../auth/users';
import type { ServerConfig } from '../../config';
import type { RunningServer, StartOptions } from '../../server';
import { createTestDatabase, type TestBackend, type TestDatabase } from '../../test/databases';
import { call, login, startTestServer, TEST_ADMIN } from '../../test/http';
import { TestSyncClient } from './sync-client';

// For the sync suites: a whole office server listening on loopback (startTestServer) with one
// person of each role, created the way an admin creates them and signed in over HTTP, each with a
// replica of their own (TestSyncClient) that speaks the sync protocol with fetch.

export const PASSWORD = 'mot-de-passe-de-test';

export const PEOPLE = {
  admin: { name: 'Alice Admin', role: 'admin' },
  director: { name: 'Denis Directeur', role: 'director' },
  marie: { name: 'Marie Conseillère', role: 'counselor' },
  julie: { name: 'Julie Conseillère', role: 'counselor' },
  accueil: { name: 'Sophie Accueil', role: 'secretary' },
} as const satisfies Record<string, { name: string; role: Role }>;

export type PersonKey = keyof typeof PEOPLE;

export interface Person {
  id: string;
  role: Role;
  name: string;
  email: string;
  token: string;
  /** A replica of this person's, with a clientId of its own. */
  client: TestSyncClient;
}

export interface SyncOffice {
  server: RunningServer;
  /** The database's settings: a second server process opens the same one (PostgreSQL). */
  database: TestDatabase;
  base: string;
  people: Record<PersonKey, Person>;
  /** Stops the server, then drops the database. */
  stop(): Promise<void>;
}

/** The first administrator (from the configuration) plus the others, made by createUser. */
export async function startSyncOffice(
  backend: TestBackend,
  options: { config?: Partial<ServerConfig>; start?: StartOptions } = {},
): Promise<SyncOffice> {
  const database = await createTestDatabase(backend, { config: options.config });
  let server: RunningServer | undefined;
  try {
    server = await startTestServer(database.config, options.start);
    const people = await signInPeople(server);
    const running = server;
    return {
      server: running,
      database,
      base: running.url,
      people,
      async stop() {
        try {
          await running.stop();
        } finally {
          await database.dispose();
        }
      },
    };
  } catch (error) {
    await server?.stop().catch(() => undefined);
    await database.dispose().catch(() => undefined);
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
      email = `${key}@bureau.test`;
      password = PASSWORD;
      await createUser(server.db, { email, name: spec.name, role: spec.role, password }, new Date());
    }
    const token = await login(base, email, password);
    const me = await call<{ id: string; name: string; role: Role; email: string }>(base, 'GET', '/api/auth/me', { token });
    if (me.status !== 200) throw new Error(`/api/auth/me ${key} : ${me.status}`);
    people[key] = { ...me.body, email, token, client: new TestSyncClient(base, token) };
  }
  return people;
}
