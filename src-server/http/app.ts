import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { SessionNotices } from '../auth/session-notices';
import { LoginThrottle } from '../auth/throttle';
import type { ServerConfig } from '../config';
import type { ServerDb } from '../db/connection';
import type { Log } from '../log';
import { adminRoutes } from './admin-routes';
import { authRoutes } from './auth-routes';
import { twoFactorRoutes } from './two-factor-routes';
import { workstationRoutes } from './workstation-routes';
import { installAuthentication } from './authenticate';
import { installErrorHandling } from './errors';
import type { FeatureContext, FeaturePlugin } from './feature';
import { healthPlugin } from './health';
import { Metrics } from '../observability/metrics';
import { FEATURE_PLUGINS } from './routes';

// The office server's HTTP app (server-api.md). buildApp only assembles: it does not listen, so
// tests and main.ts decide where it runs.

export interface AppDeps {
  config: ServerConfig;
  db: ServerDb;
  log: Log;
  now?: () => Date;
  /** Login throttling state; a fresh one by default (tests pass a faster policy). */
  throttle?: LoginThrottle;
  /** How a throttled login waits (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
  metrics?: Metrics;
  /** Registered after FEATURE_PLUGINS (tests add routes of their own). */
  plugins?: FeaturePlugin[];
  /** HTTPS with this certificate (server.ts loads it from config.tls); absent: plain HTTP. */
  https?: { cert: string; key: string };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const metrics = deps.metrics ?? new Metrics();
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Requests are logged below, with ids only; Fastify's own request logs would carry URLs with
    // secrets (/calendar/<secret>.ics) and headers.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.config.bodyLimitBytes,
    // Fastify's default (10 s) counts wall time: on a busy two-core office PC (or CI running the
    // suites in parallel) a feature's registration can be starved that long and the server would
    // refuse to start for nothing. A real hang still surfaces, after two minutes.
    pluginTimeout: 120_000,
    trustProxy: deps.config.trustProxy,
    // Errors are answered in French by installErrorHandling; ids are ours, never a client's header.
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
    ...(deps.https === undefined ? {} : { https: { cert: deps.https.cert, key: deps.https.key } }),
  });

  installErrorHandling(app);
  installAuthentication(app, deps.db, now);
  installRequestMetrics(app, metrics);

  const sessionNotices = new SessionNotices(deps.db, deps.log);
  const context: FeatureContext = { config: deps.config, db: deps.db, log: deps.log, now, metrics, sessionNotices };
  const throttle = deps.throttle ?? new LoginThrottle();
  const plugins: FeaturePlugin[] = [
    healthPlugin,
    authRoutes({ throttle, sleep: deps.sleep }),
    twoFactorRoutes({ policy: throttle.policy }),
    adminRoutes,
    workstationRoutes,
    ...FEATURE_PLUGINS,
    ...(deps.plugins ?? []),
  ];
  for (const plugin of plugins) {
    await app.register(async (scope) => plugin.register(scope, context), { name: plugin.name } as never);
  }
  await app.ready();
  return app;
}

/** One log line and the Prometheus counters per request: route pattern, status, time, user id. */
function installRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  const requests = metrics.counter('http_requests_total', 'HTTP requests answered, by method, route and status.');
  const seconds = metrics.summary('http_request_duration_seconds', 'Time spent answering, by route.');
  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern ('/calendar/:secret'), never the URL itself, which may hold a secret.
    const route = request.routeOptions.url ?? '(inconnue)';
    const status = reply.statusCode;
    requests.inc({ method: request.method, route, status: String(status) });
    seconds.observe({ route }, reply.elapsedTime / 1000);
    request.log.info(
      {
        method: request.method,
        route,
        status,
        ms: Math.round(reply.elapsedTime),
        ...(request.user !== null ? { userId: request.user.id } : {}),
      },
      'requête',
    );
  });
}
