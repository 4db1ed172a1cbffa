import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { LoginThrottle } from './auth/throttle';
import { ensureFirstAdmin } from './auth/users';
import type { ServerConfig } from './config';
import { migrateServerDb, openServerDatabase, type ServerDb } from './db/connection';
import { ANALYZE_OFFICE_TABLES } from './db/pglite-statistics';
import { buildApp } from './http/app';
import type { FeaturePlugin } from './http/feature';
import { createLogger, type Log } from './log';
import { seedDefaults } from './seed/defaults';
import { ensureSelfSignedCertificate, readTlsFiles, type TlsMaterial } from '~node/tls/certificate';

// Starting and stopping the office server (server-api.md, "Starting"): open the database, migrate
// it before listening, write the office defaults and the first administrator, then listen. Used by
// main.ts (`npm run server`) and by tests (port 0, PGlite in memory or PostgreSQL).

export interface RunningServer {
  app: FastifyInstance;
  db: ServerDb;
  log: Log;
  /** http(s)://host:port actually bound (port 0 resolved). */
  url: string;
  /** The SHA-256 fingerprint of the certificate served (AB:CD:…), or null over plain HTTP. */
  fingerprint: string | null;
  /** Stops accepting requests, lets in-flight ones finish, then closes the database. Idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: Log;
  now?: () => Date;
  throttle?: LoginThrottle;
  sleep?: (ms: number) => Promise<void>;
  plugins?: FeaturePlugin[];
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger({ level: config.logLevel });
  const now = options.now ?? (() => new Date());
  const db = await openServerDatabase(config, {
    onBackgroundError: (error) => log.error({ err: error }, 'erreur de la base de données en arrière-plan'),
  });
  let app: FastifyInstance | undefined;
  let fingerprint: string | null = null;
  try {
    await migrateServerDb(db);
    if (db.kind === 'pglite') await db.query(ANALYZE_OFFICE_TABLES);
    await seedDefaults(db, { timeZone: config.timeZone }, now());
    const firstAdmin = await ensureFirstAdmin(db, config.firstAdmin, now());
    if (firstAdmin === 'created') log.info('premier administrateur créé depuis OFFICE_ADMIN_EMAIL');
    if (firstAdmin === 'not_configured') {
      log.warn(
        'aucun utilisateur : définissez OFFICE_ADMIN_EMAIL et OFFICE_ADMIN_PASSWORD, ' +
          'ou créez-en un avec « npm run office -- user:create »',
      );
    }
    const tls = await loadTls(config, log);
    app = await buildApp({ config, db, log, now, throttle: options.throttle, sleep: options.sleep, plugins: options.plugins, https: tls ?? undefined });
    fingerprint = tls?.fingerprint ?? null;
    await app.listen({ port: config.port, host: config.host, listenTextResolver: () => 'à l’écoute' });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }

  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | null = null;
  const running = app;
  return {
    app: running,
    db,
    log,
    url: `${fingerprint === null ? 'http' : 'https'}://${host}:${address.port}`,
    fingerprint,
    stop() {
      stopping ??= (async () => {
        try {
          await running.close();
        } finally {
          await db.close();
        }
      })();
      return stopping;
    },
  };
}

/** The certificate to serve, per config.tls; the key is never logged, only the fingerprint. */
async function loadTls(config: ServerConfig, log: Log): Promise<TlsMaterial | null> {
  const tls = config.tls;
  if (tls.mode === 'off') return null;
  if (tls.mode === 'files') return readTlsFiles(tls.certFile, tls.keyFile);
  const made = await ensureSelfSignedCertificate(tls.dir);
  if (made.created) log.info({ fingerprint: made.fingerprint }, 'certificat autosigné créé (premier démarrage)');
  return made;
}
