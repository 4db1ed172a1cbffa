import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '~shared/domain/default-settings';
import { generatedNeeds, generatedOffice, plainState, putsOfRows, rowsOfPuts } from '~shared/testing/generated-offices';
import { loadState as referenceLoad, memoryOffice } from '~shared/domain/mutations/memory-state';
import { writePuts } from '../db/puts';
import { openTestDatabase, TEST_BACKENDS, type OpenTestDatabase } from '../testing/databases';
import { loadState, OfficeCache } from './state-loader';

// The server's loader must give a mutator the same State as the reference loader
// (src-shared/domain/mutations/memory-state.ts), as the desktop's does (src-main/db/
// state-loader.test.ts): otherwise a mutation the desktop applied could be refused here, or the
// reverse. Each run writes a generated office into the database, loads generated Needs from it,
// and rolls everything back, so the next run starts from an empty office again.

class RolledBack extends Error {}

describe.each(TEST_BACKENDS)('loadState on $name', (backend) => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t.dispose());

  it('answers any Needs on any generated office as the reference loader does', async () => {
    await fc.assert(
      fc.asyncProperty(generatedOffice, fc.array(generatedNeeds, { minLength: 1, maxLength: 4 }), async (rows, needsList) => {
        const compared: Array<{ loaded: unknown; reference: unknown }> = [];
        try {
          await t.db.writeTransaction(async (tx, versions) => {
            // The reference holds the rows as written: writePuts gives them their versions.
            const reference = memoryOffice(rowsOfPuts(await writePuts(tx, versions, putsOfRows(rows))));
            const office = await new OfficeCache().read(tx);
            for (const needs of needsList) {
              compared.push({ loaded: plainState(await loadState(tx, needs, office)), reference: plainState(referenceLoad(reference, needs)) });
            }
            throw new RolledBack();
          });
        } catch (error) {
          if (!(error instanceof RolledBack)) throw error;
        }
        expect(compared).toHaveLength(needsList.length);
        for (const { loaded, reference } of compared) expect(loaded).toEqual(reference);
      }),
      { numRuns: 30 },
    );
  });

  it('uses the shared default settings before the office row exists', async () => {
    const office = await new OfficeCache().read(t.db.db);
    expect(office.settings).toEqual(defaultSettings());
    expect(office.settings.officeName).toBe('Bureau');
  });
});
