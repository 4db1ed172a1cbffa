import type Database from 'better-sqlite3';
import type { LeadSheet } from '~shared/contract/ipc';
import { rowStore } from '../rows';
import { statement } from '../statements';

// A lead with everything that happened to it (issue 5, "Lead sheet"): the whole history newest
// first, and the rows of every kind that hang off the lead. Archived rows are left out; history is
// never archived (domain.md: "History is never edited or deleted").

/** Live rows of `table` whose `lead_id` is the lead, in `order`. */
function ofLead(table: string, order: string): string {
  return `select * from ${table} where lead_id = ? and deleted_at is null order by ${order}`;
}

export function leadSheet(sqlite: Database.Database, id: string): LeadSheet | null {
  const rows = rowStore(sqlite);
  const lead = rows.get('leads', id);
  if (!lead || lead.deletedAt !== null) return null;
  const q = (sql: string) => statement(sqlite, sql);
  const client = rows.all('clients', q(ofLead('clients', 'converted_at desc, id desc')), id)[0] ?? null;
  const duplicateOf = lead.duplicateOfId ? rows.get('leads', lead.duplicateOfId) : null;
  return {
    lead,
    history: rows.all('history', q(ofLead('history', 'at desc, id desc')), id),
    contactAttempts: rows.all('contact_attempts', q(ofLead('contact_attempts', 'at desc, id desc')), id),
    appointments: rows.all('appointments', q(ofLead('appointments', 'starts_at desc, id desc')), id),
    tasks: rows.all('tasks', q(ofLead('tasks', 'due_at desc, id desc')), id),
    evaluations: rows.all('evaluations', q(ofLead('evaluations', 'created_at desc, id desc')), id),
    client,
    payments: rows.all('payments', q(ofLead('payments', 'paid_at desc, id desc')), id),
    smsMessages: rows.all('sms_messages', q(ofLead('sms_messages', 'created_at desc, id desc')), id),
    duplicateOf: duplicateOf && duplicateOf.deletedAt === null ? duplicateOf : null,
  };
}
