import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// CORS for the public web form alone (server-api.md: "an origin allow-list for browsers"). Written
// by hand rather than with @fastify/cors, whose preflight route is `OPTIONS *`: routes are global in
// Fastify, so that wildcard would answer preflights for every path of the server (and clash with
// any other feature's CORS). Here the preflight route is the form's own path and the headers go
// only on the form's answers — errors included (400, 413, 429), so the office's site can read them.
// An origin off the list gets no Access-Control-Allow-Origin: the browser hides the answer.

const PREFLIGHT_MAX_AGE_SECONDS = 600;

export function isAllowedOrigin(origins: readonly string[], origin: string | undefined): origin is string {
  return origin !== undefined && origins.includes(origin);
}

function allow(reply: FastifyReply, origin: string): void {
  reply.header('access-control-allow-origin', origin);
}

/**
 * Adds the allow-list's headers to every answer of `app` (the web form's own context) and answers
 * the browser's preflight at `path`.
 */
export function installWebFormCors(app: FastifyInstance, path: string, origins: readonly string[]): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // Caches must keep one answer per origin, whether this one is allowed or not.
    reply.header('vary', 'Origin');
    if (isAllowedOrigin(origins, request.headers.origin)) allow(reply, request.headers.origin);
  });

  app.options(path, async (request, reply) => {
    const origin = request.headers.origin;
    if (!isAllowedOrigin(origins, origin)) return reply.code(204).send();
    const asked = request.headers['access-control-request-headers'];
    return reply
      .code(204)
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', typeof asked === 'string' && asked.trim() !== '' ? asked : 'content-type')
      .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS))
      .send();
  });
}
