import type Database from 'better-sqlite3';
import type { ChannelOutput } from '~shared/contract/ipc';
import type { Client, Lead } from '~shared/domain/entities';
import { fromSqlRow, rowStore, sqlColumns } from '../rows';
import { statement } from '../statements';
import { ftsQuery } from './search';

// Clients (domain.md, "client"): each with its lead, whose whole history stays readable from the
// client. Searched by the lead's name, e-mail or phone (the leads' search index) or by file number.

export interface ClientQuery {
  search?: string;
  ownerId?: string;
  limit: number;
}

/** Columns of both tables under prefixes, so one row holds a client and its lead. */
const PAIR_COLUMNS = [
  ...sqlColumns('clients').map((c) => `c.${c} as "c.${c}"`),
  ...sqlColumns('leads').map((c) => `l.${c} as "l.${c}"`),
].join(', ');

function split(raw: Record<string, unknown>): { client: Client; lead: Lead } {
  const client: Record<string, unknown> = {};
  const lead: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('c.')) client[key.slice(2)] = value;
    else if (key.startsWith('l.')) lead[key.slice(2)] = value;
  }
  return { client: fromSqlRow('clients', client), lead: fromSqlRow('leads', lead) };
}

export function listClients(sqlite: Database.Database, query: ClientQuery): ChannelOutput['clients:list'] {
  const clauses = ['c.deleted_at is null'];
  const params: unknown[] = [];
  if (query.ownerId) {
    clauses.push('c.owner_id = ?');
    params.push(query.ownerId);
  }
  const text = query.search?.trim();
  if (text) {
    const match = ftsQuery(text);
    // "2026-00" finds file numbers as they are typed; words find the lead's name, e-mail, phone.
    const byNumber = 'c.file_number like ? escape \'\\\'';
    const pattern = `${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    if (match) {
      clauses.push(`(${byNumber} or l.rowid in (select rowid from leads_fts where leads_fts match ?))`);
      params.push(pattern, match);
    } else {
      clauses.push(byNumber);
      params.push(pattern);
    }
  }
  const sql = `select ${PAIR_COLUMNS} from clients c join leads l on l.id = c.lead_id
    where ${clauses.join(' and ')} order by c.converted_at desc, c.id desc limit ?`;
  return (statement(sqlite, sql).all(...params, query.limit) as Array<Record<string, unknown>>).map(split);
}

export function getClient(sqlite: Database.Database, id: string): ChannelOutput['clients:get'] {
  const rows = rowStore(sqlite);
  const client = rows.get('clients', id);
  if (!client || client.deletedAt !== null) return null;
  const lead = rows.get('leads', client.leadId);
  // The replica holds every lead the server has (rows are never deleted there), so a client
  // without its lead is a pull still under way: show nothing rather than half a record.
  if (!lead) return null;
  const payments = rows.all(
    'payments',
    statement(sqlite, 'select * from payments where client_id = ? and deleted_at is null order by paid_at desc, id desc'),
    id,
  );
  return { client, lead, payments };
}
