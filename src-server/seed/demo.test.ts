import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_ID } from '~shared/domain/entities';
import { isValidE164 } from '~shared/domain/phone';
import { LEAD_STATUSES } from '~shared/domain/statuses';
import { isAllowedTransition } from '~shared/domain/transitions';
import { attemptLogin } from '../auth/login';
import { instantThrottle } from '../testing/http';
import { currentVersion } from '../db/connection';
import * as schema from '../db/schema';
import { openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../testing/databases';
import { DEFAULT_PROCEDURES } from './procedures';
import { DEFAULT_SMS_TEMPLATES } from './sms-templates';
import { DEMO_PASSWORD, DEMO_USERS, DemoRefusedError, seedDemo, seedDemoIfEmpty, type DemoSummary } from './demo';

// The demo office (server-api.md, seed:demo): what the demo shows must also follow the office's
// rules, since people will learn the application on it.

const NOW = new Date('2026-03-11T15:20:00.000Z'); // a Wednesday, 11:20 in Montréal

describe.each(TEST_BACKENDS)('le bureau de démonstration ($name)', (backend) => {
  let t: OpenTestDatabase;
  let summary: DemoSummary;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
    summary = await seedDemo(t.db, { now: NOW });
  });
  afterAll(() => t?.dispose());

  it('has the six accounts, all with the demo password', async () => {
    const users = await t.db.db.select().from(schema.users);
    expect(users.map((u) => [u.email, u.role]).sort()).toEqual(DEMO_USERS.map((u) => [u.email, u.role]).sort());
    for (const user of DEMO_USERS) {
      const outcome = await attemptLogin(
        { db: t.db.db, throttle: instantThrottle(), now: () => NOW },
        { email: user.email, password: DEMO_PASSWORD, ip: '127.0.0.1' },
      );
      expect(outcome.kind).toBe('ok');
    }
  });

  it('has about 200 leads over every status, with Canadian phones and example e-mails', async () => {
    const leads = await t.db.db.select().from(schema.leads);
    expect(leads).toHaveLength(200);
    expect(summary.leads).toBe(200);
    for (const status of LEAD_STATUSES) expect(leads.filter((l) => l.status === status).length).toBeGreaterThan(0);
    for (const lead of leads) {
      expect(lead.phoneE164 === null || (isValidE164(lead.phoneE164) && lead.phoneE164.startsWith('+1'))).toBe(true);
      expect(lead.email === null || /@example\.(com|org|net)$/.test(lead.email)).toBe(true);
      expect(lead.phoneE164 ?? lead.email).not.toBeNull();
    }
    expect(new Set(leads.map((l) => l.source))).toEqual(new Set(['web_form', 'manual', 'referral', 'import']));
  });

  it('gives each lead a history that starts with its creation and follows the allowed transitions', async () => {
    const history = await t.db.db.select().from(schema.history);
    const leads = await t.db.db.select().from(schema.leads);
    for (const lead of leads) {
      const entries = history.filter((h) => h.leadId === lead.id).sort((a, b) => a.at.localeCompare(b.at));
      expect(entries[0]?.kind).toBe('created');
      let status = 'new';
      for (const entry of entries.filter((h) => h.kind === 'status_changed')) {
        const to = entry.after?.status as typeof lead.status;
        expect(isAllowedTransition(status as typeof lead.status, to)).toBe(true);
        status = to;
      }
      expect(status).toBe(lead.status);
      expect(Date.parse(entries.at(-1)!.at)).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it('has appointments this week, evaluations, and clients with file numbers, payments and a counselor owner', async () => {
    expect(summary.appointmentsThisWeek).toBeGreaterThan(5);
    const [leads, appointments, evaluations, clients, payments, users] = await Promise.all([
      t.db.db.select().from(schema.leads),
      t.db.db.select().from(schema.appointments),
      t.db.db.select().from(schema.evaluations),
      t.db.db.select().from(schema.clients),
      t.db.db.select().from(schema.payments),
      t.db.db.select().from(schema.users),
    ]);
    const roleOf = new Map(users.map((u) => [u.id, u.role]));
    for (const lead of leads.filter((l) => l.status === 'appointment_booked')) {
      expect(appointments.filter((a) => a.leadId === lead.id && a.state === 'scheduled')).toHaveLength(1);
    }
    for (const lead of leads.filter((l) => l.status === 'qualified' || l.status === 'client')) {
      const evaluation = evaluations.find((e) => e.leadId === lead.id);
      expect(evaluation?.result).toBe('qualified');
      expect(evaluation!.procedureIds.length).toBeGreaterThan(0);
    }
    const clientLeads = leads.filter((l) => l.status === 'client');
    expect(clients).toHaveLength(clientLeads.length);
    expect(clients.map((c) => c.fileNumber).sort()).toEqual(clients.map((_, i) => `2026-${String(i + 1).padStart(4, '0')}`).sort());
    for (const client of clients) {
      expect(roleOf.get(client.ownerId)).toBe('counselor');
      expect(payments.filter((p) => p.clientId === client.id && p.amountCents > 0)).toHaveLength(1);
    }
  });

  it('writes every row with its own version, the counter at the highest', async () => {
    const versions: number[] = [];
    for (const table of Object.values(schema.syncedTables)) {
      const rows = (await t.db.db.select().from(table)) as Array<{ version: number }>;
      versions.push(...rows.map((r) => r.version));
    }
    expect(versions.every((v) => v > 0)).toBe(true);
    expect(new Set(versions).size).toBe(versions.length);
    expect(Math.max(...versions)).toBe(await currentVersion(t.db.db));
  });

  it('includes the default catalogue, the SMS templates and the demo office settings', async () => {
    const procedures = await t.db.db.select().from(schema.procedures);
    expect(procedures.map((p) => p.code).sort()).toEqual(DEFAULT_PROCEDURES.map((p) => p.code).sort());
    const templates = await t.db.db.select().from(schema.smsTemplates);
    expect(templates).toHaveLength(DEFAULT_SMS_TEMPLATES.length);
    const [settings] = await t.db.db.select().from(schema.settings);
    expect(settings).toMatchObject({ id: SETTINGS_ID, officeName: 'Cabinet Horizon Immigration (démo)', timeZone: 'America/Toronto' });
  });

  it('never goes into a database that has users or leads', async () => {
    await expect(seedDemo(t.db, { now: NOW })).rejects.toBeInstanceOf(DemoRefusedError);
    expect(await seedDemoIfEmpty(t.db, { now: NOW })).toBe(false);
    expect(await t.db.db.select().from(schema.leads)).toHaveLength(200);
  });
});
