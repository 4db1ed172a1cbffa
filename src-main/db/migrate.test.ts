import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { leadSchema, type Lead } from '~shared/domain/entities';
import { lead as leadRow } from '~shared/testing/builders';
import { openLocalDatabase } from './migrate';
import { leads, outbox, syncState } from './schema';

// A lead as a web form brings it, with its contact details.
const lead: Lead = leadSchema.parse(
  leadRow({
    id: '0192f6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d',
    version: 12,
    createdAt: '2026-01-05T14:30:00.000Z',
    updatedAt: '2026-01-05T14:30:00.000Z',
    statusChangedAt: '2026-01-05T14:30:00.000Z',
    firstName: 'Hélène',
    email: 'helene.tremblay@example.com',
    phoneE164: '+15145550199',
    phoneRaw: '(514) 555-0199',
    country: 'CA',
    programOfInterest: 'PEQ',
    source: 'web_form',
    utmSource: 'google',
    consent: true,
    createdById: null,
  }),
);

const opened: Array<{ close: () => void }> = [];
const dirs: string[] = [];
afterEach(() => {
  for (const sqlite of opened.splice(0)) sqlite.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(file = ':memory:') {
  const local = openLocalDatabase(file);
  opened.push(local.sqlite);
  return local;
}

describe('openLocalDatabase', () => {
  it('migrates an empty in-memory database, and a lead reads back as the wire row it was', () => {
    const { db } = open();
    db.insert(leads).values(lead).run();
    const [row] = db.select().from(leads).where(eq(leads.id, lead.id)).all();
    expect(row).toEqual(lead);
    expect(leadSchema.parse(row)).toEqual(lead);
  });

  it('keeps JSON values of the local tables as values', () => {
    const { db } = open();
    const args = { id: lead.id, patch: { firstName: 'Hélène', notes: null } };
    db.insert(outbox).values({ id: 1, name: 'lead.update', args, clientTime: lead.createdAt, queuedAt: lead.createdAt }).run();
    db.insert(syncState).values({ key: 'cursor', value: 42 }).run();
    expect(db.select().from(outbox).all()).toEqual([
      { id: 1, name: 'lead.update', args, clientTime: lead.createdAt, queuedAt: lead.createdAt },
    ]);
    expect(db.select().from(syncState).all()).toEqual([{ key: 'cursor', value: 42 }]);
  });

  it('opens a file in WAL mode with the settings the app relies on, and reopens it without migrating twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bureau-local-'));
    dirs.push(dir);
    const file = join(dir, 'replica.sqlite');

    const first = open(file);
    expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(first.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(first.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    first.db.insert(leads).values(lead).run();
    first.sqlite.close();

    const again = open(file);
    expect(again.db.select({ id: leads.id }).from(leads).all()).toEqual([{ id: lead.id }]);
    const applied = again.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBeGreaterThanOrEqual(2);
  });

  it('allows many notifications without a group key but only one per user and group key', () => {
    const { sqlite } = open();
    const insert = sqlite.prepare(
      `insert into notifications (id, version, deleted_at, created_at, user_id, kind, lead_id, count, group_key, payload, read_at)
       values (?, 1, null, '2026-01-05T14:30:00.000Z', '0192f6a0-0000-7000-8000-000000000001', 'lead_created', null, 1, ?, '{}', null)`,
    );
    insert.run('0192f6a0-0000-7000-8000-00000000000a', null);
    insert.run('0192f6a0-0000-7000-8000-00000000000b', null);
    insert.run('0192f6a0-0000-7000-8000-00000000000c', 'import:batch-1');
    expect(() => insert.run('0192f6a0-0000-7000-8000-00000000000d', 'import:batch-1')).toThrow(/UNIQUE/);
  });
});
