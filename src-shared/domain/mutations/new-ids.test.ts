import { describe, expect, it } from 'vitest';
import { MUTATION_NAMES } from './args';
import { ID_TAKEN } from './effects';
import { NEW_ID_CASES, NO_NEW_IDS, clashingTables, freshIdFor, officeWithEveryTable, takenRefusal } from '../../testing/new-id-cases';
import { USERS, actorOf } from '../../testing/builders';
import { makeState, perform, putsOf, refusalOf, testCtx } from '../../testing/memory-office';
import { parseMutation, runMutator } from './registry';

// Issue 8, point 1: a mutation that creates a row under an id its caller chose refuses when that
// id is already some row's, in whatever synced table; it never rewrites someone else's task,
// appointment, client file, payment, evaluation or SMS. The whole catalogue is walked.

const { db, existing } = officeWithEveryTable();

describe('new ids of the catalogue', () => {
  it('names every mutation: it creates rows under caller ids (a case) or it does not', () => {
    const covered = new Set([...NEW_ID_CASES.map((c) => c.name), ...NO_NEW_IDS]);
    expect([...MUTATION_NAMES].filter((name) => !covered.has(name))).toEqual([]);
  });

  for (const c of NEW_ID_CASES) {
    describe(`${c.name} (${c.field})`, () => {
      it('creates its row under a new id (the arguments are valid)', () => {
        const id = freshIdFor(c);
        const puts = putsOf(perform(db, c.name, c.args(id) as never, c.as));
        expect(puts.some((p) => p.table === c.table && p.row.id === id)).toBe(true);
      });

      it.each(clashingTables(c))('refuses the id of an existing row of %s', (table) => {
        const result = perform(db, c.name, c.args(existing[table]) as never, c.as);
        expect(refusalOf(result)).toEqual(takenRefusal(c));
      });
    });
  }

  it('refuses an id taken by a deleted row too (ids are never reused)', () => {
    const task = db.tasks.get(existing.tasks)!;
    const deleted = { ...db, tasks: new Map([[task.id, { ...task, deletedAt: task.updatedAt }]]) };
    const c = NEW_ID_CASES.find((x) => x.name === 'task.create')!;
    expect(refusalOf(perform(deleted, c.name, c.args(task.id) as never, c.as))).toEqual(ID_TAKEN);
  });

  it('says so in one French sentence', () => {
    expect(ID_TAKEN).toEqual({ code: 'conflict', message: 'Un enregistrement porte déjà cet identifiant\u00a0: rien n’a été créé ni modifié.' });
  });

  it('refuses before writing anything, whatever else the state holds (apply alone)', () => {
    // makeState gives every row as taken, as a loader would for ids that exist.
    const state = makeState({ tasks: [...db.tasks.values()], leads: [...db.leads.values()] });
    const parsed = parseMutation('task.create', NEW_ID_CASES.find((x) => x.name === 'task.create')!.args(existing.tasks));
    if (!parsed.ok || parsed.name !== 'task.create') throw new Error('arguments invalides');
    const result = runMutator('task.create', parsed.args, state, testCtx(actorOf(USERS.counselor)));
    expect(result).toEqual({ ok: false, refusal: ID_TAKEN });
  });
});
