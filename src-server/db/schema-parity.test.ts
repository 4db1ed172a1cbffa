import { getTableColumns, type Column } from 'drizzle-orm';
import { getTableConfig as getPgTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { SYNCED_TABLE_NAMES, SYNCED_TABLES, type RowOf, type SyncedTable } from '~shared/domain/entities';
// The one place that reads both schemas side by side (issue 2, point 4: a test fails if a synced
// table's columns differ between them); nothing at run time in src-server imports src-main.
// eslint-disable-next-line no-restricted-imports
import * as local from '~main/db/schema';
import * as server from './schema';
import { INSTANT_SQL_TYPE } from './schema/instant';

/** Coarse kinds of value, as the wire sees them. */
type Family = 'text' | 'int' | 'bool' | 'json' | 'instant' | 'uuid';
interface ColumnShape {
  field: string;
  column: string;
  family: Family;
  nullable: boolean;
}

const snakeCase = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** What the entity's zod schema says each column must be. */
function expectedShape(entity: z.ZodObject): ColumnShape[] {
  return Object.entries(entity.shape).map(([field, fieldSchema]) => {
    let inner = fieldSchema as z.core.$ZodType;
    let nullable = false;
    while (inner._zod.def.type === 'nullable' || inner._zod.def.type === 'optional') {
      nullable ||= inner._zod.def.type === 'nullable';
      inner = (inner as z.core.$ZodNullable | z.core.$ZodOptional)._zod.def.innerType;
    }
    return { field, column: snakeCase(field), family: zodFamily(field, inner), nullable };
  });
}

function zodFamily(field: string, schema: z.core.$ZodType): Family {
  const format = (schema as { format?: string | null }).format;
  switch (schema._zod.def.type) {
    case 'string':
      return format === 'uuid' ? 'uuid' : format === 'datetime' ? 'instant' : 'text';
    case 'enum':
      return 'text';
    case 'number':
      if (format === 'safeint') return 'int';
      break;
    case 'boolean':
      return 'bool';
    case 'array':
    case 'record':
    case 'object':
      return 'json';
  }
  throw new Error(`${field}: no column kind for zod type ${schema._zod.def.type} — extend this test and both schemas.`);
}

function sqliteFamily(column: Column): Family | string {
  switch (column.columnType) {
    case 'SQLiteText':
      return 'text';
    case 'SQLiteTextJson':
      return 'json';
    case 'SQLiteInteger':
      return 'int';
    case 'SQLiteBoolean':
      return 'bool';
  }
  return `unexpected ${column.columnType}`;
}

function pgFamily(column: Column): Family | string {
  switch (column.columnType) {
    case 'PgText':
      return 'text';
    case 'PgJsonb':
      return 'json';
    case 'PgInteger':
    case 'PgBigInt53':
      return 'int';
    case 'PgBoolean':
      return 'bool';
    case 'PgUUID':
      return 'uuid';
    case 'PgCustomColumn':
      // The instant column must also read timestamptz text back as a wire instant.
      if (
        column.getSQLType() === INSTANT_SQL_TYPE &&
        column.mapFromDriverValue('2026-03-08 03:30:00.25-04') === '2026-03-08T07:30:00.250Z'
      )
        return 'instant';
  }
  return `unexpected ${column.columnType} (${column.getSQLType()})`;
}

function actualShape(table: SQLiteTable | PgTable, family: (column: Column) => Family | string): ColumnShape[] {
  return Object.entries(getTableColumns(table)).map(([field, column]) => ({
    field,
    column: column.name,
    family: family(column) as Family,
    nullable: !column.notNull,
  }));
}

const byField = (shapes: ColumnShape[]) => [...shapes].sort((a, b) => a.field.localeCompare(b.field));
/** SQLite has no uuid or timestamp type: ids and instants are stored as their wire text. */
const asStoredInSqlite = (shape: ColumnShape): ColumnShape =>
  shape.family === 'uuid' || shape.family === 'instant' ? { ...shape, family: 'text' } : shape;

describe('the synced tables of both schemas mirror src-shared/domain/entities.ts', () => {
  it('both schemas have a table for every synced entity, under its wire name', () => {
    expect(Object.keys(local.syncedTables).sort()).toEqual([...SYNCED_TABLE_NAMES].sort());
    expect(Object.keys(server.syncedTables).sort()).toEqual([...SYNCED_TABLE_NAMES].sort());
    for (const name of SYNCED_TABLE_NAMES) {
      expect(getSqliteTableConfig(local.syncedTables[name]).name).toBe(name);
      expect(getPgTableConfig(server.syncedTables[name]).name).toBe(name);
    }
  });

  it.each(SYNCED_TABLE_NAMES)('%s: same columns, kinds and nullability in SQLite, PostgreSQL and zod', (name) => {
    const expected = byField(expectedShape(SYNCED_TABLES[name]));
    expect(byField(actualShape(server.syncedTables[name], pgFamily))).toEqual(expected);
    expect(byField(actualShape(local.syncedTables[name], sqliteFamily))).toEqual(expected.map(asStoredInSqlite));
  });

  it('every synced row has a version and a deletion instant', () => {
    for (const name of SYNCED_TABLE_NAMES) {
      const shape = expectedShape(SYNCED_TABLES[name]);
      expect(shape).toContainEqual({ field: 'version', column: 'version', family: 'int', nullable: false });
      expect(shape).toContainEqual({ field: 'deletedAt', column: 'deleted_at', family: 'instant', nullable: true });
    }
  });

  it('a row selected through drizzle has exactly the entity type, on both sides', () => {
    // Checked by `tsc` (npm run typecheck); at run time this only documents the guarantee.
    expectTypeOf<{ [T in SyncedTable]: (typeof local.syncedTables)[T]['$inferSelect'] }>().toEqualTypeOf<RowOf>();
    expectTypeOf<{ [T in SyncedTable]: (typeof server.syncedTables)[T]['$inferSelect'] }>().toEqualTypeOf<RowOf>();
  });
});
