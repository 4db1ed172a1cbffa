import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

// Every error the server answers has the shape `{ error: { code, message } }` with a French
// message (src-shared/contract/sync.ts, errorBodySchema); validation errors add `fields`.

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Merged into the body's `error` object (e.g. `fields`). */
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function errorBody(code: string, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, ...details } };
}

export function sendError(reply: FastifyReply, error: HttpError): FastifyReply {
  return reply.code(error.statusCode).headers(error.headers).send(errorBody(error.code, error.message, error.details));
}

const GENERIC: Record<number, [code: string, message: string]> = {
  400: ['bad_request', 'Requête invalide.'],
  401: ['unauthorized', 'Authentification requise : connectez-vous.'],
  403: ['forbidden', 'Accès refusé.'],
  404: ['not_found', 'Ressource introuvable.'],
  405: ['method_not_allowed', 'Méthode non permise.'],
  406: ['not_acceptable', 'Format de réponse non disponible.'],
  408: ['timeout', 'Délai dépassé : réessayez.'],
  409: ['conflict', 'Conflit avec l’état actuel des données.'],
  413: ['body_too_large', 'Requête trop volumineuse.'],
  415: ['unsupported_media_type', 'Type de contenu non pris en charge.'],
  426: ['upgrade_required', 'Mettez l’application à jour.'],
  429: ['too_many_requests', 'Trop de requêtes : réessayez dans un moment.'],
  503: ['unavailable', 'Service momentanément indisponible : réessayez dans un moment.'],
};

/** Fastify's own client errors, by code, in French. */
const FASTIFY_ERRORS: Record<string, [status: number, code: string, message: string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large', 'Requête trop volumineuse.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Type de contenu non pris en charge.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', 'Longueur de requête incohérente.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'Le corps JSON est vide.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'Le corps JSON est illisible.'],
};

/** The French error handler and 404 of the whole app. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) return sendError(reply, error);

    const known = FASTIFY_ERRORS[error.code];
    if (known !== undefined) return sendError(reply, new HttpError(known[0], known[1], known[2]));

    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      // JSON syntax errors from the parser carry 400 without a code of ours.
      const [code, message] = GENERIC[status] ?? GENERIC[400]!;
      const headers: Record<string, string> = {};
      const retryAfter = reply.getHeader('retry-after');
      if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
      return sendError(reply, new HttpError(status, code, message, {}, headers));
    }

    request.log.error({ err: error }, 'erreur interne');
    const [code, message] = status === 503 ? GENERIC[503]! : ['internal_error', 'Erreur interne du serveur : réessayez plus tard.'];
    return sendError(reply, new HttpError(status === 503 ? 503 : 500, code, message));
  });

  app.setNotFoundHandler((_request, reply) => sendError(reply, new HttpError(404, ...GENERIC[404]!)));
}

/** The standard French answer for a status (for plugins that build their own errors). */
export function genericHttpError(status: keyof typeof GENERIC & number): HttpError {
  const [code, message] = GENERIC[status] ?? GENERIC[400]!;
  return new HttpError(status, code, message);
}
