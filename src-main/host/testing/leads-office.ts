import { join } from 'node:path';
import { fakeLeads } from '~shared/testing/fake-leads';
import { startChildServer, type ChildServer } from '../../testing/child-server';
// A test and a bench reach into src-server to fill an office, which the application never does.
/* eslint-disable no-restricted-imports */
import { createUser } from '~server/auth/users';
import { loadConfig } from '~server/config';
import { leads as leadsTable } from '~server/db/schema';
import { pgliteFolder } from '~server/db/connection';
import { startServer } from '~server/server';
import { testTemplates } from '~server/testing/database-templates';
/* eslint-enable no-restricted-imports */
import { unpackPgliteTemplate } from '~node/pglite-template';

// An office of many leads for the data host's test and the desktop bench (issue 12, points 1 and
// 6): filled in this process on PGlite in `dir`, then served by a process of its own, so that the
// server's work is not counted in the event loop the test or the bench watches.

export const BIG_OFFICE_ADMIN = { email: 'admin@grand-bureau.test', password: 'mot-de-passe-du-grand-bureau' };

export interface LeadsOffice {
  server: ChildServer;
  url: string;
  stop(): Promise<void>;
}

export async function startLeadsOffice(dir: string, count: number): Promise<LeadsOffice> {
  const env = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: join(dir, 'office') };
  // Under `vitest run`, the office starts from the run's migrated template (as a new embedded
  // office does) instead of paying for initdb; the bench makes its database from scratch.
  const template = testTemplates().pglite;
  if (template !== null) await unpackPgliteTemplate(template, pgliteFolder(env.DATA_DIR));
  const seeding = await startServer(loadConfig(env));
  try {
    const { user } = await createUser(seeding.db, { email: BIG_OFFICE_ADMIN.email, name: 'Admin', role: 'admin', password: BIG_OFFICE_ADMIN.password }, new Date());
    const all = fakeLeads(count, { seed: 1212, assignees: [user.id] });
    const chunk = 2_000;
    for (let i = 0; i < all.length; i += chunk) {
      await seeding.db.writeTransaction(async (tx, versions) => {
        await tx.insert(leadsTable).values(all.slice(i, i + chunk).map((lead) => ({ ...lead, version: versions.next() })));
      });
    }
    // Planner statistics, as PostgreSQL's autovacuum would gather (PGlite has none).
    await seeding.db.query('analyze');
  } finally {
    await seeding.stop();
  }
  const server = await startChildServer(env);
  return { server, url: server.url, stop: () => server.stop() };
}
