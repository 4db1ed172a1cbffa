import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { twilioSignature } from '../sms/twilio-signature';

// FAKE: Twilio's network, as the SMS provider reaches it (style.md point 8: the only fake allowed
// is an SMS provider's network). A real HTTP server on loopback that speaks Twilio's REST Messages
// resource as Twilio documents it (https://www.twilio.com/docs/messaging/api/message-resource):
// POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic with the account SID and auth
// token, a form-encoded body with To, From, Body and StatusCallback; 201 with the message's JSON,
// or Twilio's error JSON ({ code, message, more_info, status }). It refuses what Twilio would,
// so that a test fails when the adapter drifts from the documented API; and it signs webhooks the
// way Twilio does, to post delivery reports and replies to the office server.

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  from: string;
}

export interface ReceivedMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
}

export interface TwilioRequestRecord {
  method: string;
  path: string;
  contentType: string | undefined;
  authorization: string | undefined;
  form: Record<string, string>;
}

export interface ScriptedError {
  status: number;
  code: number;
  message: string;
}

export const TWILIO_TEST_ACCOUNT: TwilioAccount = {
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  authToken: 'jeton-de-test-0123456789abcdef',
  from: '+15145550000',
};

export class FakeTwilioNetwork {
  readonly requests: TwilioRequestRecord[] = [];
  readonly messages: ReceivedMessage[] = [];
  private readonly scripted: Array<ScriptedError | 'hang-up'> = [];
  private server: Server | null = null;
  private base = '';

  constructor(readonly account: TwilioAccount = TWILIO_TEST_ACCOUNT) {}

  /** TWILIO_API_BASE for the provider. */
  get apiBase(): string {
    return this.base;
  }

  /** The next answers to Messages.json are these errors (or a cut connection), in order. */
  failNext(...answers: Array<ScriptedError | 'hang-up'>): void {
    this.scripted.push(...answers);
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.answer(request).then(({ status, body }) => {
        if (status === 0) {
          request.socket.destroy();
          return;
        }
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = request.url ?? '';
    const contentType = request.headers['content-type'];
    const form = Object.fromEntries(new URLSearchParams(raw));
    this.requests.push({ method: request.method ?? '', path, contentType, authorization: request.headers.authorization, form });

    const expectedPath = `/2010-04-01/Accounts/${this.account.accountSid}/Messages.json`;
    if (request.method !== 'POST' || path !== expectedPath) return error(404, 20404, 'The requested resource was not found');
    const expectedAuth = `Basic ${Buffer.from(`${this.account.accountSid}:${this.account.authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expectedAuth) return error(401, 20003, 'Authenticate');
    if (!contentType?.startsWith('application/x-www-form-urlencoded')) return error(400, 20001, 'Unsupported content type');
    if (!form['To']) return error(400, 21604, "A 'To' phone number is required.");
    if (!form['From']) return error(400, 21603, "A 'From' phone number is required.");
    if (!form['Body']) return error(400, 21602, 'Message body is required.');
    if (form['StatusCallback'] !== undefined && !/^https?:\/\//.test(form['StatusCallback'])) {
      return error(400, 21609, 'Invalid StatusCallback');
    }

    const next = this.scripted.shift();
    if (next === 'hang-up') return { status: 0, body: null };
    if (next !== undefined) return error(next.status, next.code, next.message);

    const sid = `SM${randomBytes(16).toString('hex')}`;
    this.messages.push({ sid, to: form['To'], from: form['From'], body: form['Body'], statusCallback: form['StatusCallback'] ?? null });
    return {
      status: 201,
      body: {
        sid,
        account_sid: this.account.accountSid,
        to: form['To'],
        from: form['From'],
        body: form['Body'],
        status: 'queued',
        num_segments: '1',
        error_code: null,
        error_message: null,
        uri: `${expectedPath.replace('.json', '')}/${sid}.json`,
      },
    };
  }

  /**
   * Posts a webhook to `target`, signed as Twilio signs it over `signedUrl` (the address Twilio
   * was given: PUBLIC_URL + path, which a reverse proxy forwards to `target`), or with `signature`
   * when given (null: no signature header at all).
   */
  async postWebhook(target: string, signedUrl: string, params: Record<string, string>, signature?: string | null): Promise<Response> {
    const pairs = Object.entries(params);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (signature !== null) headers['x-twilio-signature'] = signature ?? twilioSignature(this.account.authToken, signedUrl, pairs);
    return fetch(target, {
      method: 'POST',
      headers,
      body: new URLSearchParams(pairs).toString(),
    });
  }
}

function error(status: number, code: number, message: string): { status: number; body: unknown } {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}
