import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerConfig } from '../config';
import type { ServerDb } from '../db/connection';
import { HttpError } from '../http/errors';
import type { Log } from '../log';
import { applyDeliveryReport } from './delivery-report';
import { handleInboundSms } from './replies';
import { TWILIO_INBOUND_PATH, TWILIO_STATUS_PATH } from './twilio-provider';
import { isValidTwilioSignature, TWILIO_SIGNATURE_HEADER, type FormParams } from './twilio-signature';

// The two endpoints Twilio posts to (server-api.md): delivery reports and replies. Both are
// form-encoded and signed (twilio-signature.ts) over PUBLIC_URL + the path Twilio requested; an
// unsigned or wrongly signed request, or any request while the office does not use Twilio, is
// answered 403 and changes nothing. Bodies are small: past WEBHOOK_BODY_LIMIT, 413. The logs carry
// Twilio's ids and the outcome, never the number or the text.

/** Twilio's parameters for one SMS are a few kilobytes at most. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

const FORBIDDEN = new HttpError(403, 'bad_signature', 'Signature Twilio absente ou invalide\u00a0: requête ignorée.');
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

const sid = z.string().regex(/^[A-Za-z]{2}[0-9a-fA-F]{32}$/);
const statusForm = z.object({
  MessageSid: sid,
  MessageStatus: z.string().min(1).max(40),
  ErrorCode: z.string().regex(/^\d{1,10}$/).optional(),
});
const inboundForm = z.object({
  MessageSid: sid,
  From: z.string().min(1).max(40),
  Body: z.string().max(WEBHOOK_BODY_LIMIT).default(''),
});

export function registerTwilioWebhooks(app: FastifyInstance, deps: { config: ServerConfig; db: ServerDb; log: Log; now: () => Date }): void {
  const { config, db, log, now } = deps;
  // The raw form is kept as pairs: the signature covers every parameter as Twilio sent it.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => {
    done(null, [...new URLSearchParams(body as string)] as FormParams);
  });

  const signedForm = (request: FastifyRequest): Record<string, string> => {
    const sms = config.sms;
    const params = Array.isArray(request.body) ? (request.body as FormParams) : null;
    const header = request.headers[TWILIO_SIGNATURE_HEADER];
    const signature = typeof header === 'string' ? header : undefined;
    if (sms.provider !== 'twilio' || config.publicUrl === null || params === null) throw FORBIDDEN;
    if (!isValidTwilioSignature(sms.authToken, `${config.publicUrl}${request.url}`, params, signature)) throw FORBIDDEN;
    return Object.fromEntries(params);
  };
  const invalid = () => new HttpError(400, 'invalid_body', 'Paramètres Twilio incomplets.');

  app.post(TWILIO_STATUS_PATH, { bodyLimit: WEBHOOK_BODY_LIMIT }, async (request, reply) => {
    const form = statusForm.safeParse(signedForm(request));
    if (!form.success) throw invalid();
    const { MessageSid, MessageStatus, ErrorCode } = form.data;
    const state = await applyDeliveryReport(db, { messageSid: MessageSid, status: MessageStatus, errorCode: ErrorCode === undefined ? null : Number(ErrorCode) }, now());
    log.info({ messageSid: MessageSid, status: MessageStatus, errorCode: ErrorCode ?? null, recorded: state }, 'rapport de livraison SMS');
    return reply.code(204).send();
  });

  app.post(TWILIO_INBOUND_PATH, { bodyLimit: WEBHOOK_BODY_LIMIT }, async (request, reply) => {
    const form = inboundForm.safeParse(signedForm(request));
    if (!form.success) throw invalid();
    const outcome = await handleInboundSms(db, { messageSid: form.data.MessageSid, from: form.data.From, body: form.data.Body }, now());
    log.info({ messageSid: form.data.MessageSid, reply: outcome.kind, leadId: outcome.leadId, handled: outcome.handled }, 'réponse SMS reçue');
    return reply.code(200).type('text/xml; charset=utf-8').send(EMPTY_TWIML);
  });
}
