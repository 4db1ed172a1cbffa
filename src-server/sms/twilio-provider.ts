import { SmsSendError, type OutgoingSms, type SmsProvider } from './provider';

// Twilio's Messages API (POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic with
// the account SID and auth token, form-encoded To, From, Body), configured from SMS_PROVIDER=twilio
// and TWILIO_* (config.ts), with a StatusCallback so that Twilio posts each delivery report to
// POST /api/sms/twilio/status (routes.ts). Tests point TWILIO_API_BASE at a local HTTP
// server speaking Twilio's API (the only fake allowed: the provider's network). Twilio's error
// texts are English and may quote the number, so only its numeric code is kept, under a French
// sentence.

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** The office's sending number (E.164) or messaging service's sender. */
  from: string;
  /** PUBLIC_URL + TWILIO_STATUS_PATH: where Twilio reports the message's delivery. */
  statusCallback: string;
}

export const TWILIO_STATUS_PATH = '/api/sms/twilio/status';
export const TWILIO_INBOUND_PATH = '/api/sms/twilio/inbound';
/** Twilio's code for a number that answered STOP: the dispatcher records the opt-out. */
export const TWILIO_UNSUBSCRIBED = 21610;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface TwilioOptions {
  fetch?: FetchLike;
  /** Longest wait for Twilio's answer. */
  timeoutMs?: number;
  /** Tests point it elsewhere; Twilio's own API otherwise. */
  baseUrl?: string;
}

const DEFAULT_BASE_URL = 'https://api.twilio.com';
const DEFAULT_TIMEOUT_MS = 15_000;

const KNOWN_ERRORS: Readonly<Record<number, string>> = {
  20003: 'Le fournisseur SMS refuse les identifiants du bureau (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN) : l’administrateur doit les vérifier.',
  20429: 'Le fournisseur SMS limite le nombre d’envois : renvoyez le message dans un moment.',
  21211: 'Numéro de destination invalide selon le fournisseur SMS : corrigez le numéro du lead.',
  21212: 'Le numéro d’envoi du bureau (TWILIO_FROM) est invalide selon le fournisseur SMS.',
  21606: 'Le numéro d’envoi du bureau (TWILIO_FROM) ne peut pas envoyer de SMS.',
  21408: 'Le compte SMS du bureau n’est pas autorisé à écrire vers ce pays.',
  21610: 'La personne a refusé les SMS du bureau (réponse STOP) : le fournisseur bloque l’envoi.',
  21614: 'Ce numéro ne peut pas recevoir de SMS (ce n’est pas un cellulaire).',
  21617: 'Message trop long pour le fournisseur SMS : raccourcissez-le.',
  // Delivery reports (StatusCallback's ErrorCode).
  30003: 'Le téléphone du destinataire est injoignable (éteint ou hors réseau).',
  30004: 'Le destinataire bloque les SMS du bureau.',
  30005: 'Numéro inconnu de l’opérateur : il n’existe plus ou a été mal saisi.',
  30006: 'Ce numéro ne peut pas recevoir de SMS (ligne fixe ou opérateur qui les refuse).',
  30007: 'Message filtré par l’opérateur comme indésirable.',
  30008: 'Échec de livraison chez l’opérateur (raison inconnue).',
};

/** The French reason of a Twilio error code, as the office reads it in the lead's history. */
export function twilioErrorMessage(code: number | null): string {
  if (code === null) return 'Le fournisseur SMS signale un échec de livraison (sans code).';
  return KNOWN_ERRORS[code] ?? `Le fournisseur SMS a refusé le message (code Twilio ${code}).`;
}

export class TwilioSmsProvider implements SmsProvider {
  readonly name = 'twilio';
  private readonly fetch: FetchLike;
  private readonly timeoutMs: number;
  private readonly url: string;
  private readonly authorization: string;

  constructor(
    private readonly settings: TwilioSettings,
    options: TwilioOptions = {},
  ) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.url = `${options.baseUrl ?? DEFAULT_BASE_URL}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`, 'utf8').toString('base64')}`;
  }

  async send(message: OutgoingSms): Promise<{ providerId: string }> {
    let response: Response;
    try {
      response = await this.fetch(this.url, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({
          To: message.to,
          From: this.settings.from,
          Body: message.body,
          StatusCallback: this.settings.statusCallback,
        }).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      // The request may have reached Twilio before the connection failed: the SMS may be out.
      throw new SmsSendError(
        'twilio_unreachable',
        'Le fournisseur SMS n’a pas répondu : le SMS est peut-être parti. Vérifiez auprès de la personne avant de le renvoyer.',
        true,
      );
    }
    const answer = (await response.json().catch(() => null)) as { sid?: unknown; code?: unknown } | null;
    if (response.ok && typeof answer?.sid === 'string') return { providerId: answer.sid };
    if (response.ok) {
      throw new SmsSendError(
        'twilio_unreadable',
        'Réponse illisible du fournisseur SMS : le SMS est peut-être parti. Vérifiez auprès de la personne avant de le renvoyer.',
        true,
      );
    }
    const code = typeof answer?.code === 'number' ? answer.code : null;
    if (code !== null && KNOWN_ERRORS[code] !== undefined) throw new SmsSendError(`twilio_${code}`, twilioErrorMessage(code));
    if (response.status >= 500) {
      throw new SmsSendError(
        `twilio_http_${response.status}`,
        `Le fournisseur SMS est en panne (HTTP ${response.status}) : le SMS est peut-être parti. Vérifiez avant de le renvoyer.`,
        true,
      );
    }
    throw new SmsSendError(
      code === null ? `twilio_http_${response.status}` : `twilio_${code}`,
      code === null
        ? `Le fournisseur SMS a refusé le message (HTTP ${response.status}).`
        : `Le fournisseur SMS a refusé le message (code Twilio ${code}).`,
    );
  }
}
