import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh, empty PostgreSQL database for one test run, made on the server `baseUrl` points at
 * (TEST_DATABASE_URL), so runs never see each other's rows or schemas. `drop()` removes it, even
 * with connections still open.
 */
export async function createTemporaryDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bureau_test_${randomBytes(6).toString('hex')}`;
  await onMaintenanceConnection(baseUrl, (client) => client.query(`create database "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onMaintenanceConnection(baseUrl, (client) => client.query(`drop database if exists "${name}" with (force)`)),
  };
}

async function onMaintenanceConnection(baseUrl: string, run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}
