import { PGlite } from '@electric-sql/pglite';
import { eq, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historySchema, leadSchema, type HistoryEntry, type Lead } from '~shared/domain/entities';
import { lead as leadRow } from '~shared/testing/builders';
import { migrateServerDatabase, SERVER_MIGRATIONS_FOLDER, type ServerDatabase } from './migrate';
import * as schema from './schema';
import { createTemporaryDatabase } from './temporary-database';

// The server migrations on an empty PGlite, and on a fresh PostgreSQL database when
// TEST_DATABASE_URL is set. Sessions run in America/Toronto on purpose: instants must still come
// back as the wire's UTC strings (schema/instant.ts).

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
const OFFICE_TIME_ZONE = 'America/Toronto';

interface Opened {
  db: ServerDatabase;
  close: () => Promise<void>;
}

const targets: Array<{ name: string; enabled: boolean; open: () => Promise<Opened> }> = [
  {
    name: 'PGlite',
    enabled: true,
    open: async () => {
      const client = new PGlite();
      await client.exec(`set timezone = '${OFFICE_TIME_ZONE}'`);
      return { db: drizzlePglite({ client, schema }), close: () => client.close() };
    },
  },
  {
    name: 'PostgreSQL',
    enabled: TEST_DATABASE_URL !== undefined,
    open: async () => {
      const temporary = await createTemporaryDatabase(TEST_DATABASE_URL!);
      const pool = temporary.openPool({ options: `-c TimeZone=${OFFICE_TIME_ZONE}` });
      return {
        db: drizzleNodePg({ client: pool, schema }),
        close: async () => {
          await pool.end();
          await temporary.drop();
        },
      };
    },
  },
];

const journal = JSON.parse(readFileSync(join(SERVER_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
  entries: unknown[];
};

// A lead with a version past 32 bits, markup in its notes, an assignee and a callback.
const lead: Lead = leadSchema.parse(
  leadRow({
    id: '0192f6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d',
    version: 5_000_000_000, // past 32 bits: `version` is a bigint read as a number
    createdAt: '2026-01-05T14:30:00.000Z',
    updatedAt: '2026-03-08T07:30:00.250Z',
    statusChangedAt: '2026-01-05T14:30:00.000Z',
    firstName: 'Hélène',
    email: 'helene.tremblay@example.com',
    phoneE164: '+15145550199',
    phoneRaw: '(514) 555-0199',
    country: 'CA',
    programOfInterest: 'PEQ',
    notes: '<script>alert(1)</script>',
    status: 'to_recontact',
    assigneeId: '0192f6a0-0000-7000-8000-000000000001',
    source: 'web_form',
    utmSource: 'google',
    consent: true,
    callbackAt: '2026-11-01T13:00:00.000Z',
    createdById: null,
  }),
);

const entry: HistoryEntry = historySchema.parse({
  id: '0192f6a0-7c1e-7b3a-9c1d-000000000001',
  version: 1,
  deletedAt: null,
  leadId: lead.id,
  at: '2026-01-05T14:30:00.000Z',
  actorId: null,
  kind: 'status_changed',
  before: { status: 'new' },
  after: { status: 'to_recontact', callbackAt: lead.callbackAt, nested: { list: [1, 'deux', null] } },
  note: null,
});

describe.each(targets.filter((target) => target.enabled))('migrateServerDatabase on $name', ({ open }) => {
  let opened: Opened;
  beforeAll(async () => {
    opened = await open();
    await migrateServerDatabase(opened.db);
  });
  afterAll(() => opened?.close());

  it('applies every migration to an empty database, and applying again changes nothing', async () => {
    await migrateServerDatabase(opened.db);
    const applied = await opened.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(applied.rows).toEqual([{ n: journal.entries.length }]);
  });

  it('creates the one row of the version counter, and no second one can exist', async () => {
    expect(await opened.db.select().from(schema.versionCounter)).toEqual([{ id: 1, value: 0 }]);
    await expect(opened.db.insert(schema.versionCounter).values({ id: 2, value: 0 })).rejects.toThrow();
  });

  it('stores a lead and reads it back as the wire row it was, instants in UTC', async () => {
    const zone = await opened.db.execute(sql`select current_setting('TimeZone') as zone`);
    expect(zone.rows).toEqual([{ zone: OFFICE_TIME_ZONE }]);
    await opened.db.insert(schema.leads).values(lead);
    const [row] = await opened.db.select().from(schema.leads).where(eq(schema.leads.id, lead.id));
    expect(row).toEqual(lead);
    expect(leadSchema.parse(row)).toEqual(lead);
  });

  it('stores JSON history values as values', async () => {
    await opened.db.insert(schema.history).values(entry);
    expect(await opened.db.select().from(schema.history).where(eq(schema.history.id, entry.id))).toEqual([entry]);
  });

  it('reads an instant written with an offset as the same instant in UTC', async () => {
    const id = '0192f6a0-7c1e-7b3a-9c1d-00000000000f';
    await opened.db.insert(schema.leads).values({ ...lead, id, callbackAt: '2026-11-01T09:00:00-04:00' });
    const [row] = await opened.db.select({ callbackAt: schema.leads.callbackAt }).from(schema.leads).where(eq(schema.leads.id, id));
    expect(row).toEqual({ callbackAt: '2026-11-01T13:00:00.000Z' });
  });

  it('keeps one notification per user and group key, and any number without a group key', async () => {
    const base = {
      version: 1,
      deletedAt: null,
      createdAt: '2026-01-05T14:30:00.000Z',
      userId: '0192f6a0-0000-7000-8000-000000000001',
      kind: 'leads_imported' as const,
      leadId: null,
      count: 1,
      payload: {},
      readAt: null,
    };
    await opened.db.insert(schema.notifications).values([
      { ...base, id: '0192f6a0-0000-7000-8000-0000000000a1', groupKey: null },
      { ...base, id: '0192f6a0-0000-7000-8000-0000000000a2', groupKey: null },
      { ...base, id: '0192f6a0-0000-7000-8000-0000000000a3', groupKey: 'import:1' },
    ]);
    await expect(
      opened.db.insert(schema.notifications).values({ ...base, id: '0192f6a0-0000-7000-8000-0000000000a4', groupKey: 'import:1' }),
    ).rejects.toThrow();
  });

  it('keeps secrets in user_credentials, tied to an existing user', async () => {
    await expect(
      opened.db.insert(schema.userCredentials).values({
        userId: '0192f6a0-0000-7000-8000-0000000000ff',
        passwordHash: 'argon2id$…',
        calendarSecret: 'secret',
      }),
    ).rejects.toThrow();
  });
});

describe.skipIf(TEST_DATABASE_URL === undefined)('migrateServerDatabase on PostgreSQL, several processes at once', () => {
  it('lets server processes starting together on one empty database all migrate it', async () => {
    const temporary = await createTemporaryDatabase(TEST_DATABASE_URL!);
    const pools = [1, 2, 3].map(() => temporary.openPool());
    try {
      await Promise.all(pools.map((pool) => migrateServerDatabase(drizzleNodePg({ client: pool }))));
      const applied = await pools[0]!.query('select count(*)::int as n from drizzle.__drizzle_migrations');
      expect(applied.rows).toEqual([{ n: journal.entries.length }]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await temporary.drop();
    }
  });
});
