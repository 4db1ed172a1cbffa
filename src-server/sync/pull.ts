import { and, asc, eq, gt, lte, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { MutationResult, PulledRow, PullResponse } from '~shared/contract/sync';
import { SYNCED_TABLE_NAMES, type SyncedTable } from '~shared/domain/entities';
import type { Actor } from '~shared/domain/mutations/types';
import type { DbExecutor, ServerDb } from '../db/connection';
import { rowsOf } from '../db/rows';
import * as schema from '../db/schema';
import { CLIENT_OF_ANOTHER_USER, toResult } from './push';
import { SyncRefusal } from './refusal';

// Pull (sync-protocol.md, "Pull"): every row whose version is in (cursor, M], whole, from one
// consistent snapshot. Rows are never deleted on the server (they carry deletedAt), so a cursor
// is always answerable — except one ahead of this database's counter: it comes from another
// database or from before a restore, and the client must start again from 0 (410, routes.ts).

export const CURSOR_TOO_OLD = new SyncRefusal(
  'cursor_gone',
  'Les données de ce poste ne correspondent plus au serveur : une synchronisation complète va recommencer.',
);

type Versioned = { version: number };
type TableWithVersion = PgTable & { version: never; id: never };

/** A notification is pulled only by the user it is addressed to (the cursor still moves past). */
function visibleTo(table: SyncedTable, actor: Actor): SQL | undefined {
  return table === 'notifications' ? eq(schema.notifications.userId, actor.id) : undefined;
}

export interface PullInput {
  clientId: string;
  cursor: number;
  limit: number;
  knownMutationId: number;
}

export async function pullRows(db: ServerDb, actor: Actor, input: PullInput): Promise<PullResponse> {
  return db.transaction(async (tx) => {
    // One snapshot for the counter, the rows and the results (PGlite's single connection gives
    // one anyway; PostgreSQL needs it said before the first read).
    if (db.kind === 'postgres') await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    const [counter] = await tx.select({ value: schema.versionCounter.value }).from(schema.versionCounter);
    const top = counter?.value ?? 0;
    if (input.cursor > top) throw CURSOR_TOO_OLD;

    const [client] = await tx.select().from(schema.syncClients).where(eq(schema.syncClients.clientId, input.clientId));
    if (client !== undefined && client.userId !== actor.id) throw CLIENT_OF_ANOTHER_USER;
    const lastMutationId = client?.lastMutationId ?? 0;

    const bound = await pageBound(tx, actor, input.cursor, input.limit);
    const more = bound !== null;
    const upTo = bound ?? top;

    const rows: Array<PulledRow & { version: number }> = [];
    if (upTo > input.cursor) {
      for (const table of SYNCED_TABLE_NAMES) {
        const target = schema.syncedTables[table] as unknown as TableWithVersion;
        const version = (target as unknown as { version: Parameters<typeof gt>[0] }).version;
        const found = (await tx
          .select()
          .from(target)
          .where(and(gt(version, input.cursor), lte(version, upTo), visibleTo(table, actor)))
          .orderBy(asc(version))) as unknown as Array<Record<string, unknown> & Versioned>;
        for (const row of found) rows.push({ table, row, version: row.version });
      }
    }
    rows.sort((a, b) => a.version - b.version);

    const results: MutationResult[] =
      lastMutationId > input.knownMutationId
        ? (
            await tx
              .select()
              .from(schema.syncResults)
              .where(
                and(
                  eq(schema.syncResults.clientId, input.clientId),
                  gt(schema.syncResults.mutationId, input.knownMutationId),
                  lte(schema.syncResults.mutationId, lastMutationId),
                ),
              )
              .orderBy(asc(schema.syncResults.mutationId))
          ).map(toResult)
        : [];

    return {
      cursor: upTo,
      lastMutationId,
      results,
      rows: rows.map(({ table, row }) => ({ table, row })),
      more,
    };
  });
}

/**
 * The version of the `limit`-th visible row after the cursor when more rows follow it, else null
 * (the page then ends at the counter). PostgreSQL answers it from the version indexes with a merge.
 */
async function pageBound(tx: DbExecutor, actor: Actor, cursor: number, limit: number): Promise<number | null> {
  const parts = SYNCED_TABLE_NAMES.map((table) =>
    table === 'notifications'
      ? sql`select version from notifications where version > ${cursor} and user_id = ${actor.id}`
      : sql`select version from ${sql.identifier(table)} where version > ${cursor}`,
  );
  const union = sql.join(parts, sql` union all `);
  // The limit-th row and the one after it: a second row means another page follows.
  const result = await tx.execute<{ version: string | number }>(
    sql`select version from (${union}) as v order by version limit 2 offset ${limit - 1}`,
  );
  const found = rowsOf<{ version: string | number }>(result);
  return found.length === 2 ? Number(found[0]?.version) : null;
}
