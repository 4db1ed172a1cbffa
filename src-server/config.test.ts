import { describe, expect, it } from 'vitest';
import { ConfigError, describeDatabase, loadConfig } from './config';

describe('loadConfig', () => {
  it('uses the defaults of server-api.md', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: './data/server',
      firstAdmin: null,
      timeZone: 'America/Toronto',
      webFormOrigins: [],
      webFormThankYouUrl: null,
      sms: { provider: 'none' },
      publicUrl: null,
      logLevel: 'info',
      trustProxy: false,
      updatesDir: null,
    });
    expect(describeDatabase(config)).toBe('PGlite: ./data/server');
    expect(loadConfig({ UPDATES_DIR: ' /srv/bureau/mises-a-jour ' }).updatesDir).toBe('/srv/bureau/mises-a-jour');
  });

  it('reads every setting from the environment', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://bureau:motdepasse@db.bureau.local:5433/bureau',
      OFFICE_ADMIN_EMAIL: ' Direction@Cabinet.CA ',
      OFFICE_ADMIN_PASSWORD: ' un mot de passe ',
      OFFICE_TIMEZONE: 'America/Vancouver',
      WEB_FORM_ORIGINS: 'https://www.cabinet.ca, https://cabinet.ca/',
      WEB_FORM_THANK_YOU_URL: 'https://www.cabinet.ca/merci',
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: 'AC123',
      TWILIO_AUTH_TOKEN: 'tok',
      TWILIO_FROM: '+15145550100',
      PUBLIC_URL: 'https://bureau.cabinet.ca/',
      TRUST_PROXY: 'true',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      firstAdmin: { email: 'direction@cabinet.ca', password: ' un mot de passe ' },
      timeZone: 'America/Vancouver',
      webFormOrigins: ['https://www.cabinet.ca', 'https://cabinet.ca'],
      webFormThankYouUrl: 'https://www.cabinet.ca/merci',
      sms: { provider: 'twilio', accountSid: 'AC123', authToken: 'tok', from: '+15145550100', apiBase: 'https://api.twilio.com' },
      publicUrl: 'https://bureau.cabinet.ca',
      trustProxy: true,
    });
    // The start-up line names the database, never its password.
    expect(describeDatabase(config)).toBe('PostgreSQL: db.bureau.local:5433/bureau');
  });

  it('lists every invalid value at once, in French, naming the variable', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'huit',
        DATABASE_URL: 'mysql://x',
        OFFICE_ADMIN_EMAIL: 'admin@bureau.ca',
        OFFICE_TIMEZONE: 'Mars/Olympus',
        WEB_FORM_ORIGINS: 'https://ok.ca,https://pas-une-origine.ca/formulaire',
        WEB_FORM_THANK_YOU_URL: '/merci',
        SMS_PROVIDER: 'pigeon',
        LOG_LEVEL: 'bavard',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(8);
    for (const name of ['PORT', 'DATABASE_URL', 'OFFICE_ADMIN_PASSWORD', 'OFFICE_TIMEZONE', 'WEB_FORM_ORIGINS', 'WEB_FORM_THANK_YOU_URL', 'SMS_PROVIDER', 'LOG_LEVEL']) {
      expect(problems.some((p) => p.includes(name))).toBe(true);
    }
    expect((error as Error).message).toMatch(/^Configuration invalide du serveur du bureau/);
  });

  it('refuses a first administrator whose password is too short or whose e-mail is not one', () => {
    expect(() => loadConfig({ OFFICE_ADMIN_EMAIL: 'a@b.ca', OFFICE_ADMIN_PASSWORD: 'court' })).toThrow(/au moins 10 caractères/);
    expect(() => loadConfig({ OFFICE_ADMIN_EMAIL: 'admin', OFFICE_ADMIN_PASSWORD: 'assez-long-pour-passer' })).toThrow(
      /OFFICE_ADMIN_EMAIL/,
    );
  });

  it('refuses a port out of range and an incomplete SMS provider', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT doit être un entier de 0 à 65535/);
    expect(() => loadConfig({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1' })).toThrow(/TWILIO_AUTH_TOKEN, TWILIO_FROM, PUBLIC_URL/);
    expect(() => loadConfig({ SMS_PROVIDER: 'journal' })).toThrow(/SMS_JOURNAL_FILE/);
    // The provider that marked messages sent without sending them is gone (server-api.md, revised 2026-12-06).
    expect(() => loadConfig({ SMS_PROVIDER: 'fake' })).toThrow(/fournisseur inconnu «\u00a0fake\u00a0» \(none, journal ou twilio\)/);
  });

  it('reads the journal provider and a local Twilio API for tests', () => {
    expect(loadConfig({ SMS_PROVIDER: 'journal', SMS_JOURNAL_FILE: '/var/lib/bureau/sms.jsonl' }).sms).toEqual({
      provider: 'journal',
      journalFile: '/var/lib/bureau/sms.jsonl',
    });
    const twilio = loadConfig({
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: 'AC1',
      TWILIO_AUTH_TOKEN: 'tok',
      TWILIO_FROM: '+15145550100',
      TWILIO_API_BASE: 'http://127.0.0.1:4010/',
      PUBLIC_URL: 'https://bureau.cabinet.ca',
    });
    expect(twilio.sms).toMatchObject({ provider: 'twilio', apiBase: 'http://127.0.0.1:4010' });
  });

  it('speaks HTTPS on the network and plain HTTP on loopback unless told otherwise', () => {
    expect(loadConfig({}).tls).toEqual({ mode: 'off' });
    expect(loadConfig({ HOST: '0.0.0.0', DATA_DIR: '/srv/bureau' }).tls).toEqual({ mode: 'self-signed', dir: '/srv/bureau/tls' });
    expect(loadConfig({ HOST: '0.0.0.0', TLS: 'off' }).tls).toEqual({ mode: 'off' });
    expect(loadConfig({ TLS: 'self-signed', TLS_DIR: '/srv/tls' }).tls).toEqual({ mode: 'self-signed', dir: '/srv/tls' });
    expect(loadConfig({ TLS_CERT: '/etc/bureau/cert.pem', TLS_KEY: '/etc/bureau/key.pem' }).tls).toEqual({
      mode: 'files',
      certFile: '/etc/bureau/cert.pem',
      keyFile: '/etc/bureau/key.pem',
    });
    expect(() => loadConfig({ TLS_CERT: '/etc/bureau/cert.pem' })).toThrow(/TLS_CERT et TLS_KEY vont ensemble/);
    expect(() => loadConfig({ TLS: 'self-signed', DATA_DIR: 'memory://' })).toThrow(/demande aussi TLS_DIR/);
    expect(() => loadConfig({ TLS: 'oui' })).toThrow(/TLS\u00a0: «\u00a0oui\u00a0» inconnu/);
  });
});
