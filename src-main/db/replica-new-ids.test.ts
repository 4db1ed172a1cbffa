import { afterEach, describe, expect, it } from 'vitest';
import { SYNCED_TABLE_NAMES } from '~shared/domain/entities';
import { NEW_ID_CASES, clashingTables, freshIdFor, officeWithEveryTable, takenRefusal } from '~shared/testing/new-id-cases';
import { NOW, actorOf } from '~shared/testing/builders';
import { Replica } from './replica';
import { dumpReplica } from '../testing/dump';

// Issue 8, point 1, on the workstation: the optimistic apply runs the same mutators on rows the
// desktop loader reads, so a mutation whose new row would take an existing id (any synced table)
// is refused at once, queues nothing and leaves the replica exactly as it was.

const { db, existing } = officeWithEveryTable();

const opened: Replica[] = [];
afterEach(() => {
  for (const replica of opened.splice(0)) replica.close();
});

/** A replica that pulled the whole office in one page. */
function replicaOfTheOffice(): Replica {
  const replica = Replica.open(':memory:');
  opened.push(replica);
  const rows = SYNCED_TABLE_NAMES.flatMap((table) => [...db[table].values()].map((row) => ({ table, row: row as unknown as Record<string, unknown> })));
  replica.applyPull({ cursor: 100, lastMutationId: 0, results: [], rows, more: false });
  return replica;
}

describe('the replica refuses a new row under an existing id', () => {
  it('for every mutation of the catalogue and every table, changing nothing', () => {
    const replica = replicaOfTheOffice();
    const before = dumpReplica(replica.sqlite);
    for (const c of NEW_ID_CASES) {
      for (const table of clashingTables(c)) {
        const result = replica.runMutation(actorOf(c.as), c.name, c.args(existing[table]), NOW);
        expect(result, `${c.name} (${c.field}) avec l’identifiant d’une ligne de ${table}`).toEqual({ ok: false, refusal: takenRefusal(c) });
      }
    }
    expect(dumpReplica(replica.sqlite)).toEqual(before);
  });

  it.each(NEW_ID_CASES.map((c) => [`${c.name} (${c.field})`, c] as const))('applies %s under a new id (the arguments are valid)', (_, c) => {
    const replica = replicaOfTheOffice();
    const id = freshIdFor(c);
    const result = replica.runMutation(actorOf(c.as), c.name, c.args(id), NOW);
    expect(result).toMatchObject({ ok: true });
    const written = replica.sqlite.prepare(`select id from ${c.table} where id = ?`).pluck().get(id);
    expect(written).toBe(id);
  });
});
