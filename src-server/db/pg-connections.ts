import pg from 'pg';

// Every node-postgres connection of the project, product and tests, is made here (a lint rule
// forbids `new pg.Pool` and `new pg.Client` elsewhere), so that none is ever without an `error`
// listener. A connection whose backend goes away — PostgreSQL restarting, an administrator's
// pg_terminate_backend, a test harness dropping its database `with (force)` — emits `error`;
// node's EventEmitter turns an unheard `error` into an uncaught exception, which ends a server
// and makes vitest fail a run whose tests all passed (issue 17).
//
// Where the error goes:
// - a pool's idle client: pg-pool removes it and re-emits on the pool; the next query opens a
//   new connection, so nothing more is needed than to be told;
// - a client the pool is closing: `pool.end()` resolves before its sockets are closed, and a
//   termination can still arrive on them; it is heard on the client itself;
// - a lone client (LISTEN): it is dead after an error; its owner reconnects (poke-bus.ts).

export type ConnectionErrorListener = (error: unknown) => void;

/** A pool whose pool-level and client-level errors all reach `onError`. */
export function openPgPool(config: pg.PoolConfig, onError: ConnectionErrorListener): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

/** A single connection (not yet connected) whose errors reach `onError`. */
export function newPgClient(config: pg.ClientConfig, onError: ConnectionErrorListener): pg.Client {
  const client = new pg.Client(config);
  client.on('error', onError);
  return client;
}

/** The errors a server's database can emit when PostgreSQL ends a connection itself. */
export function isConnectionTermination(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // 57P01 admin_shutdown (pg_terminate_backend, a fast shutdown), 57P02 crash_shutdown,
  // 57P03 cannot_connect_now; a socket closed under the client has no SQLSTATE.
  return code === '57P01' || code === '57P02' || code === '57P03' || (error instanceof Error && /Connection terminated/i.test(error.message));
}
