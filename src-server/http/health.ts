import type { FastifyRequest } from 'fastify';
import { currentVersion } from '../db/connection';
import { HttpError } from './errors';
import type { FeaturePlugin } from './feature';

// GET /healthz for monitors and load balancers; GET /metrics (Prometheus text) for the machine
// itself only: it tells how busy the office is, which is nobody else's business.

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Whether the request comes from this machine. The socket's address, never X-Forwarded-For; and a
 * request relayed by a local reverse proxy (it adds that header) is not local.
 */
export function isLoopbackRequest(request: FastifyRequest): boolean {
  const address = request.socket.remoteAddress;
  return address !== undefined && LOOPBACK.has(address) && request.headers['x-forwarded-for'] === undefined;
}

export const healthPlugin: FeaturePlugin = {
  name: 'health',
  register(app, { db, metrics }) {
    app.get('/healthz', async (_request, reply) => {
      try {
        await db.query('select 1');
      } catch {
        throw new HttpError(503, 'database_unavailable', 'La base de données ne répond pas.');
      }
      return reply.send({ status: 'ok' });
    });

    const started = Date.now();
    metrics.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', () => process.memoryUsage().rss);
    metrics.gauge('nodejs_heap_used_bytes', 'V8 heap used in bytes.', () => process.memoryUsage().heapUsed);
    metrics.gauge('process_uptime_seconds', 'Seconds since the server started.', () => (Date.now() - started) / 1000);
    metrics.gauge('bureau_sync_version', 'Office-wide version counter (newest pull cursor).', () => currentVersion(db.db));

    app.get('/metrics', async (request, reply) => {
      if (!isLoopbackRequest(request)) {
        throw new HttpError(403, 'forbidden', 'Les métriques ne sont servies qu’à la machine du serveur (127.0.0.1).');
      }
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(await metrics.render());
    });
  },
};
