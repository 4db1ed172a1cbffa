import type { FastifyInstance } from 'fastify';
import type { SessionNotices } from '../auth/session-notices';
import type { ServerConfig } from '../config';
import type { ServerDb } from '../db/connection';
import type { Log } from '../log';
import type { Metrics } from '../observability/metrics';

// What a feature of the server (auth, admin, sync, web form, calendar, scheduler) receives to plug
// itself into the app. Each feature is registered in its own Fastify context (routes.ts), so what
// it registers — @fastify/cors, @fastify/formbody, a content-type parser, hooks — stays its own,
// while the root's decorators (`app.authenticate`, `request.user`) and error handler apply inside.
// Background work starts in an `onReady` hook and stops in `onClose`: `app.close()` runs it before
// the database closes.

export interface FeatureContext {
  config: ServerConfig;
  db: ServerDb;
  log: Log;
  /** The server's clock (tests pass a fixed or moving one). */
  now: () => Date;
  metrics: Metrics;
  /** Logout, deactivation and role changes, for the connections that outlive a request. */
  sessionNotices: SessionNotices;
}

export interface FeaturePlugin {
  /** For logs and errors: 'auth', 'sync', 'web-form', … */
  name: string;
  register(app: FastifyInstance, context: FeatureContext): Promise<void> | void;
}
