import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { isConnectionTermination, newPgClient, openPgPool } from './pg-connections';

export interface TemporaryDatabase {
  url: string;
  /**
   * A pool on the database for the test itself. Its connections may outlive `pool.end()` by a
   * moment and be terminated by `drop()`: that termination is expected and heard; any other error
   * on them is thrown, so the run shows it.
   */
  openPool(config?: Omit<pg.PoolConfig, 'connectionString'>): pg.Pool;
  drop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database for one test run, made on the server `baseUrl` points at
 * (TEST_DATABASE_URL), so runs never see each other's rows or schemas: empty, or a copy of the
 * database `template` (which nobody may be connected to). `drop()` removes it, even with
 * connections still open.
 */
export async function createTemporaryDatabase(baseUrl: string, options: { template?: string } = {}): Promise<TemporaryDatabase> {
  const name = `bureau_test_${randomBytes(6).toString('hex')}`;
  const from = options.template === undefined ? '' : ` template "${options.template.replaceAll('"', '""')}"`;
  await onMaintenanceConnection(baseUrl, (client) => client.query(`create database "${name}"${from}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    openPool: (config = {}) =>
      openPgPool({ ...config, connectionString: url.toString() }, (error) => {
        if (!isConnectionTermination(error)) throw error;
      }),
    drop: () => onMaintenanceConnection(baseUrl, (client) => client.query(`drop database if exists "${name}" with (force)`)),
  };
}

async function onMaintenanceConnection(baseUrl: string, run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  // A maintenance connection lives for one statement: an error outside it has nothing to undo.
  const client = newPgClient({ connectionString: baseUrl }, () => {});
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}
