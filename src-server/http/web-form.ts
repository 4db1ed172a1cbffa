import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newId } from '~shared/ids';
import { readConsentWording } from '../privacy/store';
import { HttpError } from './errors';
import type { FeatureContext, FeaturePlugin } from './feature';
import { WebFormBatcher } from './web-form-batcher';
import { installWebFormCors, isAllowedOrigin } from './web-form-cors';
import { isHoneypotFilled, readWebForm } from './web-form-fields';

// POST /api/public/leads (server-api.md, "The web form endpoint"): the office's website posts
// here, as a plain HTML form or as JSON. The lead is created exactly as the mutation lead.create
// would, as the server itself (source web_form): duplicates are flagged and linked, never dropped;
// admins and directors are notified in the same transaction; workstations are poked on commit.
// Leads arriving together share a transaction (web-form-batcher.ts).

export const WEB_FORM_PATH = '/api/public/leads';
/** Where a form post lands when the office configured no thank-you page of its own. */
export const WEB_FORM_THANK_YOU_PATH = `${WEB_FORM_PATH}/merci`;
export const WEB_FORM_BODY_LIMIT = 32 * 1024;

const TOO_MANY = new HttpError(429, 'too_many_requests', 'Trop de demandes envoyées depuis cette adresse : réessayez dans une minute.');
const ORIGIN_REFUSED = new HttpError(403, 'origin_refused', 'Ce site n’est pas autorisé à envoyer le formulaire du bureau.');

function isFormPost(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

/** A person's browser posting the office's HTML form (it asks for a page back), not a script. */
function wantsPage(request: FastifyRequest): boolean {
  return isFormPost(request) && (request.headers.accept ?? '').includes('text/html');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, lines: string[]): string {
  const items = lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('');
  return `<!doctype html><html lang="fr-CA"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${items === '' ? '' : `<ul>${items}</ul>`}</body></html>`;
}

export const webFormFeature: FeaturePlugin = {
  name: 'web-form',
  register: registerWebForm,
};

// `app` is the feature's own Fastify context (feature.ts): the body parser, the rate limit and the
// CORS headers registered here apply to the web form's routes only.
async function registerWebForm(app: FastifyInstance, { config, db, log, now }: FeatureContext): Promise<void> {
  const batcher = new WebFormBatcher(db, log);
  await app.register(formbody, { bodyLimit: WEB_FORM_BODY_LIMIT });
  // Browsers may read the answers only from the office's own sites (WEB_FORM_ORIGINS).
  installWebFormCors(app, WEB_FORM_PATH, config.webFormOrigins);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => TOO_MANY,
  });

  const thankYou = config.webFormThankYouUrl ?? WEB_FORM_THANK_YOU_PATH;
  const respond = (request: FastifyRequest, reply: FastifyReply, id: string) =>
    isFormPost(request) ? reply.code(303).header('location', thankYou).send() : reply.code(201).send({ id });

  app.get(WEB_FORM_THANK_YOU_PATH, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(page('Merci ! Votre demande a bien été reçue.', ['Le bureau vous contactera sous peu.'])),
  );

  app.post(
    WEB_FORM_PATH,
    {
      bodyLimit: WEB_FORM_BODY_LIMIT,
      config: { rateLimit: { max: config.webFormRatePerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const origin = request.headers.origin;
      // With an allow-list, a browser post from another site is refused outright (not only
      // unreadable). `Origin: null` passes: browsers send it for the office's own form too when its
      // page has `Referrer-Policy: no-referrer`, and a person's request must not be lost for that.
      if (origin !== undefined && origin !== 'null' && config.webFormOrigins.length > 0 && !isAllowedOrigin(config.webFormOrigins, origin)) {
        throw ORIGIN_REFUSED;
      }

      const body = request.body;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new HttpError(400, 'invalid_body', 'Le formulaire est vide ou illisible.');
      }
      const fields = body as Record<string, unknown>;
      // A bot filled the hidden field: it is told all went well, and nothing is kept.
      if (isHoneypotFilled(fields)) return respond(request, reply, newId());

      const read = readWebForm(fields);
      if (!read.ok) {
        const message = 'Le formulaire contient des erreurs.';
        if (wantsPage(request)) {
          return reply
            .code(400)
            .type('text/html; charset=utf-8')
            .send(page(message, Object.entries(read.fields).map(([field, text]) => `${field} : ${text}`)));
        }
        throw new HttpError(400, 'invalid', message, { fields: read.fields });
      }

      const id = newId();
      // The consent's wording is the office's (Administration → Confidentialité), as the form shows it.
      const consentWording = read.lead.consent ? await readConsentWording(db.db) : null;
      const result = await batcher.create({ id, ...read.lead, consentWording }, now());
      if (result.status === 'refused') {
        // The form's own checks mirror the mutation's; reaching here means they drifted apart.
        log.warn({ code: result.code }, 'formulaire web refusé par lead.create');
        throw new HttpError(400, 'invalid', result.message);
      }
      log.info({ leadId: id }, 'lead reçu du formulaire web');
      return respond(request, reply, id);
    },
  );
}
