import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users';
import { history, leads, notifications } from '../db/schema';
import type { RunningServer } from '../server';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { listenForPokes } from '../testing/pokes';
import { call, login, startTestServer, TEST_ADMIN } from '../testing/http';
import { WEB_FORM_BODY_LIMIT, WEB_FORM_PATH, WEB_FORM_THANK_YOU_PATH } from './web-form';

// The public web form over real HTTP (server-api.md, "The web form endpoint"): a lead is never
// dropped, bad input gets French field errors, abuse gets 403/413/429.

const ALLOWED = 'https://www.bureau-immigration.ca';
const THANK_YOU = 'https://www.bureau-immigration.ca/merci';
const RATE = 8;

interface Created {
  id: string;
}
interface Refused {
  error: { code: string; message: string; fields?: Record<string, string> };
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

describe.each(TEST_BACKENDS)('formulaire web ($name)', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  let base: string;
  let ip = 0;
  // Each test speaks from its own address, so that the rate limit test alone reaches the limit.
  const from = () => ({ 'x-forwarded-for': `203.0.113.${++ip}` });

  const leadRow = async (id: string) => (await server.db.db.select().from(leads).where(eq(leads.id, id)))[0];

  beforeAll(async () => {
    database = await createTestDatabase(backend, {
      migrated: true,
      config: { webFormOrigins: [ALLOWED], webFormThankYouUrl: THANK_YOU, webFormRatePerMinute: RATE, trustProxy: true },
    });
    server = await startTestServer(database.config);
    base = server.url;
    await createUser(server.db, { email: 'direction@bureau.test', name: 'Diane Directrice', role: 'director', password: 'mot-de-passe-direction' }, new Date());
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it('creates a new, unassigned web lead from JSON with English names, phone normalised, UTM kept', async () => {
    const answer = await call<Created>(base, 'POST', WEB_FORM_PATH, {
      headers: from(),
      body: {
        firstName: 'Hélène',
        lastName: 'Tremblay',
        email: ' Helene.Tremblay@Exemple.CA ',
        phone: '(514) 555-0199',
        language: 'French',
        programOfInterest: 'Entrée express',
        message: 'Bonjour, je voudrais une consultation.',
        consent: true,
        utm_source: 'google',
        utm_medium: 'cpc',
        utm_campaign: 'automne-2026',
      },
    });
    expect(answer.status).toBe(201);
    const lead = await leadRow(answer.body.id);
    expect(lead).toMatchObject({
      firstName: 'Hélène',
      lastName: 'Tremblay',
      email: 'helene.tremblay@exemple.ca',
      phoneE164: '+15145550199',
      phoneRaw: '(514) 555-0199',
      language: 'fr',
      programOfInterest: 'Entrée express',
      notes: 'Bonjour, je voudrais une consultation.',
      status: 'new',
      assigneeId: null,
      source: 'web_form',
      consent: true,
      utmSource: 'google',
      utmMedium: 'cpc',
      utmCampaign: 'automne-2026',
      createdById: null,
    });
    expect(lead!.version).toBeGreaterThan(0);
    const created = await server.db.db.select().from(history).where(eq(history.leadId, answer.body.id));
    expect(created.map((h) => h.kind)).toEqual(['created']);
    expect(created[0]!.actorId).toBeNull();
  });

  it('notifies every admin and director of the new lead in the same transaction', async () => {
    const answer = await call<Created>(base, 'POST', WEB_FORM_PATH, {
      headers: from(),
      body: { nom: 'Gagnon', courriel: 'gagnon@exemple.ca' },
    });
    expect(answer.status).toBe(201);
    const told = await server.db.db.select().from(notifications).where(eq(notifications.leadId, answer.body.id));
    expect(told.map((n) => n.kind)).toEqual(['lead_created', 'lead_created']);
    expect(new Set(told.map((n) => n.userId)).size).toBe(2);
  });

  it('takes a plain HTML form post with French names and answers 303 to the thank-you page', async () => {
    const response = await fetch(`${base}${WEB_FORM_PATH}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ALLOWED, ...from() },
      body: form({ prenom: 'Jean-François', nom: 'Côté', telephone: '438 555 0123', langue: 'anglais', consentement: 'on', programme: 'PEQ' }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(THANK_YOU);
    const [lead] = await server.db.db.select().from(leads).where(eq(leads.lastName, 'Côté'));
    expect(lead).toMatchObject({ firstName: 'Jean-François', phoneE164: '+14385550123', language: 'en', consent: true, programOfInterest: 'PEQ' });
  });

  it('still creates a duplicate, flagged and linked to the open lead it matches', async () => {
    const first = await call<Created>(base, 'POST', WEB_FORM_PATH, { headers: from(), body: { nom: 'Roy', courriel: 'roy@exemple.ca' } });
    const again = await call<Created>(base, 'POST', WEB_FORM_PATH, { headers: from(), body: { nom: 'Roy', email: 'ROY@exemple.ca', phone: '514-555-0111' } });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
    expect((await leadRow(again.body.id))!.duplicateOfId).toBe(first.body.id);
  });

  it('stores script tags as the text that was typed', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(1)>';
    const answer = await call<Created>(base, 'POST', WEB_FORM_PATH, { headers: from(), body: { nom: hostile, courriel: 'x@exemple.ca', message: hostile } });
    expect(answer.status).toBe(201);
    expect(await leadRow(answer.body.id)).toMatchObject({ lastName: hostile, notes: hostile });
  });

  it('answers 400 with French field errors named as the sender named them', async () => {
    const missing = await call<Refused>(base, 'POST', WEB_FORM_PATH, { headers: from(), body: { prenom: 'Anne' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual({
      nom: 'Le nom est obligatoire.',
      courriel: 'Indiquez un courriel ou un numéro de téléphone.',
    });
    const bad = await call<Refused>(base, 'POST', WEB_FORM_PATH, { headers: from(), body: { lastName: 'Roy', email: 'pas-un-courriel', phone: '12' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ email: 'Adresse courriel invalide.', phone: 'Numéro de téléphone invalide.' });
    const long = await call<Refused>(base, 'POST', WEB_FORM_PATH, { headers: from(), body: { nom: 'x'.repeat(101), courriel: 'a@b.ca' } });
    expect(long.body.error.fields).toEqual({ nom: '100 caractères au plus.' });
  });

  it('answers 400 in French to malformed JSON and to a body that is not an object', async () => {
    const malformed = await call<Refused>(base, 'POST', WEB_FORM_PATH, { headers: from(), body: '{"nom": "Roy",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/illisible/);
    const list = await call<Refused>(base, 'POST', WEB_FORM_PATH, { headers: from(), body: [{ nom: 'Roy' }] });
    expect(list.status).toBe(400);
  });

  it('answers a scripted form post with the French field errors as JSON', async () => {
    const response = await fetch(`${base}${WEB_FORM_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...from() },
      body: form({ prenom: 'Anne', telephone: '' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Refused).error).toEqual({
      code: 'invalid',
      message: 'Le formulaire contient des erreurs.',
      fields: { nom: 'Le nom est obligatoire.', courriel: 'Indiquez un courriel ou un numéro de téléphone.' },
    });
  });

  it('shows the errors of a browser’s form post as a French page, escaped', async () => {
    const response = await fetch(`${base}${WEB_FORM_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html,application/xhtml+xml', ...from() },
      body: form({ '<b>nom</b>': 'x', courriel: '<script>' }),
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Le formulaire contient des erreurs.');
    expect(html).not.toContain('<script>');
  });

  it('answers a filled honeypot as a success and keeps nothing', async () => {
    const before = (await server.db.db.select().from(leads)).length;
    const answer = await call<Created>(base, 'POST', WEB_FORM_PATH, {
      headers: from(),
      body: { nom: 'Robot', courriel: 'bot@spam.example', website: 'http://spam.example' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await leadRow(answer.body.id)).toBeUndefined();
    expect((await server.db.db.select().from(leads)).length).toBe(before);
  });

  it('refuses an oversize body with 413', async () => {
    const answer = await call<Refused>(base, 'POST', WEB_FORM_PATH, {
      headers: from(),
      body: { nom: 'Roy', courriel: 'a@b.ca', message: 'x'.repeat(WEB_FORM_BODY_LIMIT) },
    });
    expect(answer.status).toBe(413);
  });

  it('lets only the allowed origins read the answer, and refuses posts from other sites', async () => {
    const preflight = await fetch(`${base}${WEB_FORM_PATH}`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type', ...from() },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const allowed = await call(base, 'POST', WEB_FORM_PATH, { headers: { origin: ALLOWED, ...from() }, body: { nom: 'Roy', courriel: 'c@b.ca' } });
    expect(allowed.status).toBe(201);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);

    const other = await call<Refused>(base, 'POST', WEB_FORM_PATH, {
      headers: { origin: 'https://spam.example', ...from() },
      body: { nom: 'Roy', courriel: 'd@b.ca' },
    });
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const strangerPreflight = await fetch(`${base}${WEB_FORM_PATH}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://spam.example', 'access-control-request-method': 'POST', ...from() },
    });
    expect(strangerPreflight.headers.get('access-control-allow-origin')).toBeNull();

    // The office's site reads the field errors too.
    const invalid = await call<Refused>(base, 'POST', WEB_FORM_PATH, { headers: { origin: ALLOWED, ...from() }, body: { prenom: 'Roy' } });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('access-control-allow-origin')).toBe(ALLOWED);

    // A page sent with `Referrer-Policy: no-referrer` posts with `Origin: null`: the lead is kept.
    const hidden = await call<Created>(base, 'POST', WEB_FORM_PATH, { headers: { origin: 'null', ...from() }, body: { nom: 'Roy', courriel: 'g@b.ca' } });
    expect(hidden.status).toBe(201);
    expect(hidden.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows the web form’s origins for the web form alone', async () => {
    for (const path of ['/api/sync/push', '/api/auth/login']) {
      const preflight = await fetch(`${base}${path}`, {
        method: 'OPTIONS',
        headers: { origin: ALLOWED, 'access-control-request-method': 'POST', ...from() },
      });
      expect(preflight.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const signIn = await call(base, 'POST', '/api/auth/login', { headers: { origin: ALLOWED, ...from() }, body: { email: 'x@b.ca', password: 'y' } });
    expect(signIn.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('pokes the connected workstations once the lead is committed', async () => {
    const token = await login(base, TEST_ADMIN.email, TEST_ADMIN.password);
    const pokes = await listenForPokes(base, token);
    try {
      const answer = await call<Created>(base, 'POST', WEB_FORM_PATH, { headers: from(), body: { nom: 'Poké', courriel: 'poke@b.ca' } });
      expect(answer.status).toBe(201);
      const lead = await leadRow(answer.body.id);
      expect(await pokes.waitFor(lead!.version)).toBeGreaterThanOrEqual(lead!.version);
    } finally {
      await pokes.close();
    }
  });

  it('answers a flood from one address with 429 in French, and other addresses still get through', async () => {
    const flood = { 'x-forwarded-for': '198.51.100.7' };
    const statuses: number[] = [];
    for (let i = 0; i < RATE + 3; i++) {
      statuses.push((await call(base, 'POST', WEB_FORM_PATH, { headers: flood, body: { nom: `Flot ${i}`, courriel: `flot${i}@b.ca` } })).status);
    }
    expect(statuses.slice(0, RATE).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(RATE)).toEqual([429, 429, 429]);
    const refused = await call<Refused>(base, 'POST', WEB_FORM_PATH, { headers: flood, body: { nom: 'Encore', courriel: 'e@b.ca' } });
    expect(refused.body.error.message).toMatch(/Trop de demandes/);
    expect((await call(base, 'POST', WEB_FORM_PATH, { headers: from(), body: { nom: 'Autre', courriel: 'f@b.ca' } })).status).toBe(201);
  });
});

describe.each(TEST_BACKENDS)('formulaire web sans page de remerciement configurée ($name)', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createTestDatabase(backend, { migrated: true });
    server = await startTestServer(database.config);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it('still answers a form post, honeypot included, with 303 to the server’s own French thank-you page', async () => {
    for (const extra of [{}, { website: 'http://spam.example' }] as Record<string, string>[]) {
      const response = await fetch(`${server.url}${WEB_FORM_PATH}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ nom: 'Bélanger', courriel: 'belanger@exemple.ca', ...extra }),
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(WEB_FORM_THANK_YOU_PATH);
    }
    expect(await server.db.db.select().from(leads).where(eq(leads.lastName, 'Bélanger'))).toHaveLength(1);
    const thanks = await fetch(`${server.url}${WEB_FORM_THANK_YOU_PATH}`);
    expect(thanks.status).toBe(200);
    expect(thanks.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await thanks.text()).toContain('Merci ! Votre demande a bien été reçue.');
  });
});
