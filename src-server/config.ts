import { isValidEmail, normalizeEmail } from '~shared/domain/email';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from '~shared/domain/office-time';
import { PASSWORD_MIN_LENGTH } from '~shared/domain/password';

// The office server's settings, read once at start from the environment (server-api.md,
// "Starting"). Every value is checked here so that a typo stops the server at once with a message
// naming the variable, instead of surfacing later as a strange behaviour.

export type SmsConfig =
  /** The default: nothing is sent; each message is recorded "non envoyé — aucun fournisseur SMS". */
  | { provider: 'none' }
  /** Each message appended as one JSON line to `journalFile` and marked sent (offices without a provider). */
  | { provider: 'journal'; journalFile: string }
  | { provider: 'twilio'; accountSid: string; authToken: string; from: string; apiBase: string };

/** Twilio's own REST API; TWILIO_API_BASE points tests at a local server. */
export const TWILIO_DEFAULT_API_BASE = 'https://api.twilio.com';

/**
 * How the server speaks (issue 14, point 2): plain HTTP (loopback behind a TLS reverse proxy, or
 * development), HTTPS with the certificate it is given, or HTTPS with a self-signed certificate it
 * makes on its first start and keeps in `dir`.
 */
export type TlsConfig = { mode: 'off' } | { mode: 'files'; certFile: string; keyFile: string } | { mode: 'self-signed'; dir: string };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL URL; null: PGlite in `dataDir`. */
  databaseUrl: string | null;
  /** PGlite's folder (`memory://` keeps it in memory: tests). */
  dataDir: string;
  /** The first administrator, created on a database without any user (and never again). */
  firstAdmin: { email: string; password: string } | null;
  /** The office's time zone (domain.md, "Times"). */
  timeZone: string;
  /** Origins allowed to post the web form from a browser (CORS). */
  webFormOrigins: string[];
  /** Where a form post (not JSON) is redirected after success; null: a plain French page. */
  webFormThankYouUrl: string | null;
  /** Web form posts accepted per minute from one address (429 past it). */
  webFormRatePerMinute: number;
  sms: SmsConfig;
  /**
   * Where the outside world (the website, the SMS provider) reaches this server, without a
   * trailing slash: callback URLs and webhook signatures are built on it. Null when unset.
   */
  publicUrl: string | null;
  logLevel: LogLevel;
  /** Behind a reverse proxy: client IPs are read from X-Forwarded-For (login throttling, rate limits). */
  trustProxy: boolean;
  /** Largest request body accepted by default (push batches are up to 4 MiB: sync-protocol.md). */
  bodyLimitBytes: number;
  /**
   * The secret of the desktop application that hosts this server (OFFICE_HOST_SECRET): it alone may
   * set up the office and issue join codes (/api/host/*). Null: those routes do not exist.
   */
  hostSecret: string | null;
  /** The folder of the desktop's update files served at /updates/ (office-server.md); null: none. */
  updatesDir: string | null;
  tls: TlsConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration invalide du serveur du bureau :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;
/** 256 bits in base64url; anything shorter could be guessed by a patient page of the same machine. */
export const HOST_SECRET_MIN_LENGTH = 43;

/** Reads and checks the settings; throws a ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env): ServerConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const port = parseInteger(read('PORT'), 8787, 0, 65_535, 'PORT', problems);
  const host = read('HOST') ?? '127.0.0.1';

  const databaseUrl = read('DATABASE_URL') ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL doit être une adresse PostgreSQL (postgresql://utilisateur@hôte:5432/base).');
  }

  const adminEmail = read('OFFICE_ADMIN_EMAIL');
  const adminPassword = env.OFFICE_ADMIN_PASSWORD; // not trimmed: spaces may be part of it
  let firstAdmin: ServerConfig['firstAdmin'] = null;
  if (adminEmail !== undefined || (adminPassword !== undefined && adminPassword !== '')) {
    if (adminEmail === undefined || adminPassword === undefined || adminPassword === '') {
      problems.push('OFFICE_ADMIN_EMAIL et OFFICE_ADMIN_PASSWORD vont ensemble : donnez les deux ou aucun.');
    } else if (!isValidEmail(adminEmail)) {
      problems.push('OFFICE_ADMIN_EMAIL n’est pas une adresse courriel valide.');
    } else if (adminPassword.length < PASSWORD_MIN_LENGTH) {
      problems.push(`OFFICE_ADMIN_PASSWORD doit compter au moins ${PASSWORD_MIN_LENGTH} caractères.`);
    } else {
      firstAdmin = { email: normalizeEmail(adminEmail)!, password: adminPassword };
    }
  }

  const timeZone = read('OFFICE_TIMEZONE') ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) {
    problems.push(`OFFICE_TIMEZONE : fuseau horaire inconnu « ${timeZone} » (par exemple America/Toronto).`);
  }

  const webFormOrigins: string[] = [];
  for (const origin of (read('WEB_FORM_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter(Boolean)) {
    const normalized = parseOrigin(origin);
    if (normalized === null) {
      problems.push(`WEB_FORM_ORIGINS : « ${origin} » n’est pas une origine (https://www.exemple.ca, sans chemin).`);
    } else {
      webFormOrigins.push(normalized);
    }
  }

  const thankYou = read('WEB_FORM_THANK_YOU_URL') ?? null;
  if (thankYou !== null && !isHttpUrl(thankYou)) {
    problems.push('WEB_FORM_THANK_YOU_URL doit être une adresse http(s) complète.');
  }

  const webFormRatePerMinute = parseInteger(read('WEB_FORM_RATE_LIMIT'), 30, 1, 100_000, 'WEB_FORM_RATE_LIMIT', problems);

  const publicUrl = read('PUBLIC_URL')?.replace(/\/+$/, '') ?? null;
  if (publicUrl !== null && !isHttpUrl(publicUrl)) problems.push('PUBLIC_URL doit être une adresse http(s) complète (https://bureau.exemple.ca).');
  const sms = readSms(read, publicUrl, problems);

  const logLevel = (read('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL doit valoir ${LOG_LEVELS.join(', ')}.`);

  const trustProxy = parseBoolean(read('TRUST_PROXY'), false, 'TRUST_PROXY', problems);
  const bodyLimitBytes = parseInteger(
    read('BODY_LIMIT_BYTES'),
    DEFAULT_BODY_LIMIT,
    1024,
    64 * 1024 * 1024,
    'BODY_LIMIT_BYTES',
    problems,
  );

  const hostSecret = env.OFFICE_HOST_SECRET === undefined || env.OFFICE_HOST_SECRET === '' ? null : env.OFFICE_HOST_SECRET;
  if (hostSecret !== null && (hostSecret.length < HOST_SECRET_MIN_LENGTH || hostSecret.length > 200)) {
    problems.push(`OFFICE_HOST_SECRET doit compter de ${HOST_SECRET_MIN_LENGTH} à 200 caractères.`);
  }

  const dataDir = read('DATA_DIR') ?? './data/server';
  const tls = readTls(read, host, dataDir, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    databaseUrl,
    dataDir,
    firstAdmin,
    timeZone,
    webFormOrigins,
    webFormThankYouUrl: thankYou,
    webFormRatePerMinute,
    sms,
    publicUrl,
    logLevel,
    trustProxy,
    bodyLimitBytes,
    hostSecret,
    updatesDir: read('UPDATES_DIR') ?? null,
    tls,
  };
}

/** Loopback only: nobody else on the network can listen in, so plain HTTP may stay (decisions.md). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function readTls(read: (name: string) => string | undefined, host: string, dataDir: string, problems: string[]): TlsConfig {
  const certFile = read('TLS_CERT');
  const keyFile = read('TLS_KEY');
  const mode = read('TLS');
  if (certFile !== undefined || keyFile !== undefined) {
    if (certFile === undefined || keyFile === undefined) {
      problems.push('TLS_CERT et TLS_KEY vont ensemble : donnez les deux fichiers (certificat et clé PEM) ou aucun.');
      return { mode: 'off' };
    }
    if (mode !== undefined && mode !== 'files') problems.push(`TLS=${mode} ne va pas avec TLS_CERT et TLS_KEY : retirez l’un ou l’autre.`);
    return { mode: 'files', certFile, keyFile };
  }
  // Listening on the network means HTTPS unless an administrator says otherwise (TLS=off);
  // loopback (development, or behind a reverse proxy that does TLS) stays plain HTTP by default.
  const chosen = mode ?? (isLoopbackHost(host) ? 'off' : 'self-signed');
  if (chosen === 'off') return { mode: 'off' };
  if (chosen === 'self-signed') {
    const dir = read('TLS_DIR') ?? (dataDir.startsWith('memory://') ? undefined : `${dataDir.replace(/\/+$/, '')}/tls`);
    if (dir === undefined) {
      problems.push('TLS=self-signed avec DATA_DIR=memory:// demande aussi TLS_DIR (le dossier où garder le certificat).');
      return { mode: 'off' };
    }
    return { mode: 'self-signed', dir };
  }
  problems.push(`TLS : « ${chosen} » inconnu (off ou self-signed ; ou TLS_CERT et TLS_KEY pour un certificat donné).`);
  return { mode: 'off' };
}

function readSms(read: (name: string) => string | undefined, publicUrl: string | null, problems: string[]): SmsConfig {
  const provider = read('SMS_PROVIDER') ?? 'none';
  if (provider === 'none') return { provider: 'none' };
  if (provider === 'journal') {
    const journalFile = read('SMS_JOURNAL_FILE');
    if (journalFile === undefined) {
      problems.push('SMS_PROVIDER=journal demande aussi SMS_JOURNAL_FILE (le fichier où chaque SMS est ajouté).');
      return { provider: 'none' };
    }
    return { provider: 'journal', journalFile };
  }
  if (provider === 'twilio') {
    const accountSid = read('TWILIO_ACCOUNT_SID');
    const authToken = read('TWILIO_AUTH_TOKEN');
    const from = read('TWILIO_FROM');
    const apiBase = (read('TWILIO_API_BASE') ?? TWILIO_DEFAULT_API_BASE).replace(/\/+$/, '');
    const missing = [
      ['TWILIO_ACCOUNT_SID', accountSid],
      ['TWILIO_AUTH_TOKEN', authToken],
      ['TWILIO_FROM', from],
      // Twilio posts delivery reports and replies to PUBLIC_URL, and signs them over it.
      ['PUBLIC_URL', publicUrl ?? undefined],
    ]
      .filter(([, value]) => value === undefined)
      .map(([name]) => name);
    if (missing.length > 0) {
      problems.push(`SMS_PROVIDER=twilio demande aussi ${missing.join(', ')}.`);
      return { provider: 'none' };
    }
    if (!isHttpUrl(apiBase)) {
      problems.push('TWILIO_API_BASE doit être une adresse http(s) complète.');
      return { provider: 'none' };
    }
    return { provider: 'twilio', accountSid: accountSid!, authToken: authToken!, from: from!, apiBase };
  }
  problems.push(`SMS_PROVIDER : fournisseur inconnu « ${provider} » (none, journal ou twilio).`);
  return { provider: 'none' };
}

function parseInteger(
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  name: string,
  problems: string[],
): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${name} doit être un entier de ${min} à ${max} (reçu « ${raw} »).`);
    return fallback;
  }
  return Number(raw);
}

function parseBoolean(raw: string | undefined, fallback: boolean, name: string, problems: string[]): boolean {
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'oui'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'non'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} doit valoir true ou false (reçu « ${raw} »).`);
  return fallback;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `https://www.exemple.ca` (what browsers send in `Origin`), or null when it is not one. */
function parseOrigin(value: string): string | null {
  if (!isHttpUrl(value)) return null;
  const url = new URL(value);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.origin;
}

/** Where the database is, for the start-up line and messages: never the URL's password. */
export function describeDatabase(config: ServerConfig): string {
  if (config.databaseUrl === null) return `PGlite: ${config.dataDir}`;
  try {
    const url = new URL(config.databaseUrl);
    return `PostgreSQL: ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
