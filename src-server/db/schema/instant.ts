import { customType } from 'drizzle-orm/pg-core';

// Instants on PostgreSQL: stored as `timestamptz` (so the scheduler and the calendar can compare
// and index them as times), read back as the wire's ISO-8601 UTC strings ("…T10:00:00.000Z").
//
// Why a custom column rather than `timestamp({ withTimezone: true, mode: 'string' })`: that one
// hands over PostgreSQL's own text ("2026-01-01 10:00:00+00", or "05:00:00-05" when the session's
// TimeZone is not UTC), which is not the wire format and would need converting in every reader.
// Here drizzle converts on every select, so a row selected through drizzle is already a wire row
// (pull, mutators) — no separate `toWireRow`. Writes pass the ISO string through; PostgreSQL reads
// "Z" and offsets alike. Precision is milliseconds, what a JavaScript Date (and the wire) carries.

export const INSTANT_SQL_TYPE = 'timestamp(3) with time zone';

/**
 * An instant as PostgreSQL or a driver returns it — `timestamptz` text in ISO DateStyle
 * ("2026-01-01 05:00:00.5-05", offsets of hours, minutes or seconds) or a Date — as an ISO-8601
 * UTC string. For raw SQL results that bypass drizzle's column mapping.
 */
export function instantFromPg(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  // What PostgreSQL prints whenever the session's zone is UTC (PGlite's by default): the same
  // instant, rewritten as text. A first sync reads about two million of them, and the general way
  // below (a Date for each) took 1.3 s of the server's processor (docs/benchmarks.md).
  const inUtc = PG_UTC.exec(value);
  if (inUtc) return `${inUtc[1]}T${inUtc[2]}.${(inUtc[3] ?? '').padEnd(3, '0')}Z`;
  const match = PG_TIMESTAMPTZ.exec(value);
  if (!match) throw new Error(`Instant PostgreSQL illisible : ${value}`);
  const [, year, month, day, hour, minute, second, fraction, sign, offH, offM, offS] = match;
  const millis = Math.round(Number(`0.${fraction ?? '0'}`) * 1000);
  const offsetSeconds = (sign === '-' ? -1 : 1) * (Number(offH ?? 0) * 3600 + Number(offM ?? 0) * 60 + Number(offS ?? 0));
  const utc =
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), millis) -
    offsetSeconds * 1000;
  return new Date(utc).toISOString();
}

const PG_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,3}))?\+00$/;
const PG_TIMESTAMPTZ = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)$/;

export const instant = customType<{ data: string; driverData: string | Date }>({
  dataType: () => INSTANT_SQL_TYPE,
  toDriver: (value) => value,
  fromDriver: (value) => instantFromPg(value),
});
