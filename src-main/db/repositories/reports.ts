import type Database from 'better-sqlite3';
import type { Report, ReportScope } from '~shared/contract/reports';
import { SQLITE, type RunSql } from '~node/reports/dialect';
import { runReport, type ReportRequest } from '~node/reports/run';
import { statement } from '../statements';

// The « Rapports » figures from the replica (issue 13, point 3): the shared SQL of src-node/reports
// run by better-sqlite3, statements prepared once per text.

export function sqliteRunner(sqlite: Database.Database): RunSql {
  return (text, params) => statement(sqlite, text).all(...params) as Array<Record<string, unknown>>;
}

export function replicaReport(sqlite: Database.Database, request: Omit<ReportRequest, 'scope'> & { scope: ReportScope }): Promise<Report> {
  return runReport(sqliteRunner(sqlite), SQLITE, request);
}
