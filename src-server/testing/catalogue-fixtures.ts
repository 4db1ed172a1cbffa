import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { SYNCED_TABLE_NAMES, type RowOf, type SyncedTable } from '~shared/domain/entities';
import type { MutationInput } from '~shared/domain/mutations/args';
import { newId } from '~shared/ids';
import * as schema from '../db/schema';
import type { PersonKey, SyncOffice } from './office';
import { anotherReplica, type TestSyncClient } from './sync-client';

// The situations the catalogue's cases start from, made the way an office makes them: by the
// administrator's pushes over HTTP (lead.create, lead.assign, a forced status with its reason,
// appointment.book…), so that every row went through the same rules as the case under test.

const HOUR = 3600_000;

/** An instant `hours` from now (negative: in the past), as the wire carries it. */
export function fromNow(hours: number): string {
  return new Date(Date.now() + hours * HOUR).toISOString();
}

/**
 * Far enough ahead that no reminder falls due while the suite runs: the scheduler of the server
 * under test must not write to the rows a case compares.
 */
export const IN_FOUR_DAYS = 4 * 24;

let serial = 0;

export class Fixtures {
  /** The administrator's own replica for set-ups (its mutation ids are its own). */
  readonly admin: TestSyncClient;

  constructor(readonly office: SyncOffice) {
    this.admin = anotherReplica(office.people.admin.client);
  }

  id(key: PersonKey): string {
    return this.office.people[key].id;
  }

  /** A lead made by the administrator, assigned to `assignee`, brought to `status` (forced, with a reason). */
  async lead(
    options: { assignee?: PersonKey; status?: 'qualified' | 'consultation_done'; fields?: Partial<MutationInput<'lead.create'>> } = {},
  ): Promise<string> {
    const id = newId();
    const n = ++serial;
    await this.admin.apply('lead.create', {
      id,
      firstName: 'Camille',
      lastName: `Gagnon-${n}`,
      phone: `514 555-${String(1000 + n).slice(-4)}`,
      source: 'manual',
      ...options.fields,
    });
    if (options.assignee !== undefined) {
      await this.admin.apply('lead.assign', { assignments: [{ leadId: id, assigneeId: this.id(options.assignee) }] });
    }
    if (options.status !== undefined) {
      await this.admin.apply('lead.setStatus', { leadId: id, status: options.status, force: true, reason: 'Mise en place du test' });
    }
    return id;
  }

  /** An import batch of two leads by the administrator, given to `assignee`; the batch's and leads' ids. */
  async importBatch(assignee: PersonKey): Promise<{ batchId: string; leadIds: string[] }> {
    const batchId = newId();
    const leadIds = [newId(), newId()];
    const n = ++serial;
    await this.admin.apply('lead.createMany', {
      importBatchId: batchId,
      fileName: `salon-${n}.xlsx`,
      leads: leadIds.map((id, i) => ({ id, firstName: 'Importée', lastName: `Salon-${n}-${i}`, source: 'import' as const })),
    });
    await this.admin.apply('lead.assign', { assignments: leadIds.map((leadId) => ({ leadId, assigneeId: this.id(assignee) })) });
    return { batchId, leadIds };
  }

  /** A lead already converted to a client owned by `owner` (a counselor). */
  async clientLead(owner: PersonKey): Promise<string> {
    const leadId = await this.lead({ assignee: owner, status: 'qualified' });
    await this.admin.apply('lead.convert', {
      leadId,
      clientId: newId(),
      ownerId: this.id(owner),
      payment: { amountCents: 50_000, method: 'interac', paidAt: fromNow(0) },
    });
    return leadId;
  }

  /**
   * An appointment on `leadId` hosted by `host`, booked by `bookedBy` (the administrator unless
   * said), starting `startsInHours` from now (a past start can be closed at once).
   */
  async appointment(leadId: string, host: PersonKey, options: { startsInHours?: number; bookedBy?: TestSyncClient } = {}): Promise<string> {
    const id = newId();
    const start = options.startsInHours ?? IN_FOUR_DAYS;
    await (options.bookedBy ?? this.admin).apply('appointment.book', {
      id,
      leadId,
      hostId: this.id(host),
      startsAt: fromNow(start),
      endsAt: fromNow(start + 1),
      kind: 'in_person',
    });
    return id;
  }

  async task(owner: PersonKey, leadId?: string): Promise<string> {
    const id = newId();
    await this.admin.apply('task.create', { id, leadId, ownerId: this.id(owner), dueAt: fromNow(IN_FOUR_DAYS), title: 'Préparer le dossier' });
    return id;
  }

  /** A `lead_created` notification addressed to `to` (a manager): the lead is made by a counselor. */
  async notificationOf(to: 'admin' | 'director'): Promise<string> {
    const leadId = newId();
    await anotherReplica(this.office.people.marie.client).apply('lead.create', { id: leadId, lastName: 'Notifiée', source: 'manual' });
    const [row] = await this.office.server.db.db
      .select({ id: schema.notifications.id })
      .from(schema.notifications)
      .where(and(eq(schema.notifications.leadId, leadId), eq(schema.notifications.userId, this.id(to))));
    if (row === undefined) throw new Error('notification attendue absente');
    return row.id;
  }

  async activeProcedureId(): Promise<string> {
    const [row] = await this.office.server.db.db
      .select({ id: schema.procedures.id })
      .from(schema.procedures)
      .where(eq(schema.procedures.active, true))
      .limit(1);
    if (row === undefined) throw new Error('aucune procédure active');
    return row.id;
  }

  /** The row of `table` with this id as the server holds it, or undefined. */
  async row<T extends SyncedTable>(table: T, id: string): Promise<RowOf[T] | undefined> {
    const target = schema.syncedTables[table] as unknown as PgTable & { id: PgColumn };
    const [found] = await this.office.server.db.db.select().from(target as PgTable).where(eq(target.id, id));
    return found as RowOf[T] | undefined;
  }

  /** Rows of `table` about a lead (history, appointments, clients…). */
  async rowsOfLead<T extends SyncedTable>(table: T, leadId: string): Promise<Array<RowOf[T]>> {
    const target = schema.syncedTables[table] as unknown as PgTable & { leadId: PgColumn };
    return (await this.office.server.db.db.select().from(target as PgTable).where(eq(target.leadId, leadId))) as Array<RowOf[T]>;
  }

  /**
   * Every synced row whose id is one of `ids`, or that belongs to one of them through `lead_id`:
   * what a refused mutation naming these ids must leave exactly as it was.
   */
  async rowsNamedBy(ids: readonly string[]): Promise<Record<string, unknown[]>> {
    const found: Record<string, unknown[]> = {};
    if (ids.length === 0) return found;
    for (const table of SYNCED_TABLE_NAMES) {
      const target = schema.syncedTables[table] as unknown as PgTable & { id: PgColumn; leadId?: PgColumn };
      const where: SQL | undefined =
        target.leadId === undefined ? inArray(target.id, [...ids]) : or(inArray(target.id, [...ids]), inArray(target.leadId, [...ids]));
      const rows = (await this.office.server.db.db.select().from(target as PgTable).where(where)) as Array<{ id: string }>;
      found[table] = rows.sort((a, b) => a.id.localeCompare(b.id));
    }
    return found;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every UUID among the values of `args`, however deep. */
export function uuidsIn(args: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown) => {
    if (typeof value === 'string' && UUID.test(value)) found.add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  walk(args);
  return [...found];
}
