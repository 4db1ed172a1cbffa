import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '~shared/ids';
import { updateUser } from '../auth/users';
import { appointments } from '../db/schema';
import { act, book, createLead, setUpOffice, TEST_PASSWORD, testClock, type TestPeople } from '../testing/office';
import type { RunningServer } from '../server';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../testing/databases';
import { call, login, startTestServer } from '../testing/http';

// GET /calendar/<secret>.ics over real HTTP (server-api.md; issue 3, point 7), read back by a
// strict RFC 5545 parser written here: CRLF only, lines of at most 75 octets each valid UTF-8 on
// its own, BEGIN/END balanced, the required properties, every TZID defined by a VTIMEZONE.

// ---- a strict iCalendar reader ---------------------------------------------------------------

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}
interface Component {
  name: string;
  props: Property[];
  children: Component[];
}

const fatal = new TextDecoder('utf-8', { fatal: true });

function physicalLines(raw: Uint8Array): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x0d) {
      if (raw[i + 1] !== 0x0a) throw new Error(`CR sans LF à l’octet ${i}`);
      const line = raw.subarray(start, i);
      if (line.length > 75) throw new Error(`ligne de ${line.length} octets : ${fatal.decode(line)}`);
      // Throws when a fold cut a character in two.
      lines.push(fatal.decode(line));
      start = i + 2;
      i += 1;
    } else if (raw[i] === 0x0a) {
      throw new Error(`LF sans CR à l’octet ${i}`);
    }
  }
  if (start !== raw.length) throw new Error('la dernière ligne ne finit pas par CRLF');
  return lines;
}

function unfold(lines: string[]): string[] {
  const logical: string[] = [];
  for (const line of lines) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (logical.length === 0) throw new Error('continuation sans ligne');
      logical[logical.length - 1] += line.slice(1);
    } else {
      logical.push(line);
    }
  }
  return logical;
}

function parseLine(line: string): Property {
  const name = /^[A-Za-z0-9-]+/.exec(line)?.[0];
  if (name === undefined) throw new Error(`nom de propriété manquant : ${line}`);
  let rest = line.slice(name.length);
  const params: Record<string, string> = {};
  while (rest.startsWith(';')) {
    const param = /^;([A-Za-z0-9-]+)=("[^"\p{Cc}]*"|[^";:,\p{Cc}]*)/u.exec(rest);
    if (param === null) throw new Error(`paramètre illisible : ${line}`);
    params[param[1]!.toUpperCase()] = param[2]!.replace(/^"(.*)"$/, '$1');
    rest = rest.slice(param[0].length);
  }
  if (!rest.startsWith(':')) throw new Error(`« : » attendu : ${line}`);
  const value = rest.slice(1);
  // eslint-disable-next-line no-control-regex -- RFC 5545 forbids them in values: that is the check
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new Error(`caractère de contrôle : ${line}`);
  return { name: name.toUpperCase(), params, value };
}

function parseIcs(raw: Uint8Array): Component {
  const stack: Component[] = [];
  let root: Component | null = null;
  for (const line of unfold(physicalLines(raw))) {
    const prop = parseLine(line);
    if (prop.name === 'BEGIN') {
      if (root !== null && stack.length === 0) throw new Error('contenu après END:VCALENDAR');
      const component: Component = { name: prop.value, props: [], children: [] };
      if (stack.length === 0) root = component;
      else stack[stack.length - 1]!.children.push(component);
      stack.push(component);
    } else if (prop.name === 'END') {
      const open = stack.pop();
      if (open?.name !== prop.value) throw new Error(`END:${prop.value} ferme ${open?.name ?? 'rien'}`);
    } else {
      if (stack.length === 0) throw new Error(`propriété hors composant : ${line}`);
      stack[stack.length - 1]!.props.push(prop);
    }
  }
  if (stack.length > 0 || root === null) throw new Error('BEGIN sans END');
  return root;
}

function unescapeText(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => {
    if (c === 'n' || c === 'N') return '\n';
    if (c === '\\' || c === ';' || c === ',') return c;
    throw new Error(`échappement inconnu \\${c}`);
  });
}

function one(component: Component, name: string): Property {
  const found = component.props.filter((p) => p.name === name);
  if (found.length !== 1) throw new Error(`${component.name} : ${found.length} ${name} au lieu d’un`);
  return found[0]!;
}

const UTC = /^\d{8}T\d{6}Z$/;
const LOCAL = /^\d{8}T\d{6}$/;

/** The checks of RFC 5545 that matter to calendar programs; returns the events by UID. */
function checkCalendar(raw: Uint8Array): { calendar: Component; events: Map<string, Component> } {
  const calendar = parseIcs(raw);
  expect(calendar.name).toBe('VCALENDAR');
  expect(one(calendar, 'VERSION').value).toBe('2.0');
  expect(one(calendar, 'PRODID').value).not.toBe('');
  const zones = new Set<string>();
  for (const zone of calendar.children.filter((c) => c.name === 'VTIMEZONE')) {
    zones.add(one(zone, 'TZID').value);
    expect(zone.children.length).toBeGreaterThan(0);
    for (const observance of zone.children) {
      expect(['STANDARD', 'DAYLIGHT']).toContain(observance.name);
      expect(one(observance, 'DTSTART').value).toMatch(LOCAL);
      expect(one(observance, 'TZOFFSETFROM').value).toMatch(/^[+-]\d{4}$/);
      expect(one(observance, 'TZOFFSETTO').value).toMatch(/^[+-]\d{4}$/);
    }
  }
  const events = new Map<string, Component>();
  for (const event of calendar.children.filter((c) => c.name === 'VEVENT')) {
    const uid = one(event, 'UID').value;
    expect(events.has(uid), `UID répété ${uid}`).toBe(false);
    events.set(uid, event);
    expect(one(event, 'DTSTAMP').value).toMatch(UTC);
    expect(one(event, 'LAST-MODIFIED').value).toMatch(UTC);
    expect(one(event, 'SEQUENCE').value).toMatch(/^\d+$/);
    expect(['CONFIRMED', 'CANCELLED', 'TENTATIVE']).toContain(one(event, 'STATUS').value);
    for (const name of ['DTSTART', 'DTEND']) {
      const time = one(event, name);
      expect(time.value).toMatch(LOCAL);
      expect(zones.has(time.params['TZID'] ?? ''), `TZID ${time.params['TZID']} sans VTIMEZONE`).toBe(true);
    }
    expect(one(event, 'DTEND').value > one(event, 'DTSTART').value).toBe(true);
    unescapeText(one(event, 'SUMMARY').value);
  }
  return { calendar, events };
}

const text = (event: Component, name: string) => unescapeText(one(event, name).value);

// ---- the feed ---------------------------------------------------------------------------------

describe.each(TEST_BACKENDS)('calendrier ICS ($name)', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  let people: TestPeople;
  let mariePath: string;
  const clock = testClock('2026-03-01T15:00:00.000Z');
  const LAST_NAME = 'Lévesque-Côté; fils, « ç » \\ 2';
  const LOCATION = 'Salle Québec — 1000, rue Sherbrooke Ouest; 5e étage, Montréal (Québec) H3A 3G4 — entrée côté cour';
  let appointmentId: string;
  let zoe: string;

  beforeAll(async () => {
    database = await createTestDatabase(backend, { migrated: true });
    server = await startTestServer(database.config, { now: clock.now });
    people = await setUpOffice(server.db, clock.now());
    const token = await login(server.url, people.marie.email, TEST_PASSWORD);
    const answer = await call<{ path: string }>(server.url, 'GET', '/api/calendar/feed', { token });
    expect(answer.status).toBe(200);
    mariePath = answer.body.path;
    expect(mariePath).toMatch(/^\/calendar\/[A-Za-z0-9_-]{32,}\.ics$/);

    zoe = await createLead(server.db, people.admin, clock.now(), {
      firstName: 'Zoé',
      lastName: LAST_NAME,
      phone: '514 555 0199',
      email: 'zoe.levesque@example.com',
      notes: 'Note confidentielle sur le dossier',
    });
    await act(server.db, people.admin, 'lead.assign', { assignments: [{ leadId: zoe, assigneeId: people.marie.id }] }, clock.now());
    // Monday 9 March 2026, 10:00 in Montréal (EDT).
    appointmentId = await book(server.db, people.admin, clock.now(), {
      leadId: zoe,
      hostId: people.marie.id,
      startsAt: '2026-03-09T14:00:00.000Z',
      location: LOCATION,
      note: 'Apporter le passeport (5145550199)',
    });

    const karim = await createLead(server.db, people.admin, clock.now(), { firstName: 'Karim', lastName: 'Haddad', phone: '438 555 0142' });
    await act(server.db, people.admin, 'lead.assign', { assignments: [{ leadId: karim, assigneeId: people.marie.id }] }, clock.now());
    // Wednesday 4 March, 14:30 in Montréal (EST).
    await act(server.db, people.marie, 'lead.logContact', { id: newId(), leadId: karim, channel: 'phone', outcome: 'no_answer', callbackAt: '2026-03-04T19:30:00.000Z' }, clock.now());
    await act(server.db, people.marie, 'task.create', { id: newId(), ownerId: people.marie.id, dueAt: '2026-03-05T15:00:00.000Z', title: 'Préparer la formation' }, clock.now());

    const other = await createLead(server.db, people.admin, clock.now(), { lastName: 'Autre' });
    await book(server.db, people.admin, clock.now(), { leadId: other, hostId: people.julie.id, startsAt: '2026-03-10T14:00:00.000Z' });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  async function feed(path = mariePath) {
    const response = await fetch(`${server.url}${path}`);
    return { response, raw: new Uint8Array(await response.arrayBuffer()) };
  }

  async function version(id: string): Promise<number> {
    const [row] = await server.db.db.select({ version: appointments.version }).from(appointments).where(eq(appointments.id, id));
    return row!.version;
  }

  it('serves the host’s appointments and open callbacks as valid iCalendar in the office time zone', async () => {
    const { response, raw } = await feed();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const { calendar, events } = checkCalendar(raw);

    const zone = calendar.children.find((c) => c.name === 'VTIMEZONE')!;
    expect(one(zone, 'TZID').value).toBe('America/Toronto');
    const daylight = zone.children.find((c) => c.name === 'DAYLIGHT')!;
    const standard = zone.children.find((c) => c.name === 'STANDARD')!;
    expect([one(daylight, 'TZOFFSETFROM').value, one(daylight, 'TZOFFSETTO').value, one(daylight, 'RRULE').value]).toEqual([
      '-0500',
      '-0400',
      'FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
    ]);
    expect([one(standard, 'TZOFFSETFROM').value, one(standard, 'TZOFFSETTO').value, one(standard, 'RRULE').value]).toEqual([
      '-0400',
      '-0500',
      'FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    ]);

    // Julie's appointment and Marie's to-do are not in Marie's calendar: one consultation, one callback.
    expect(events.size).toBe(2);
    const consultation = events.get(`${appointmentId}@bureau`)!;
    expect(text(consultation, 'SUMMARY')).toBe(`Consultation — Zoé ${LAST_NAME}`);
    expect(text(consultation, 'LOCATION')).toBe(LOCATION);
    expect(text(consultation, 'DESCRIPTION')).toContain('En personne');
    expect(one(consultation, 'DTSTART')).toEqual({ name: 'DTSTART', params: { TZID: 'America/Toronto' }, value: '20260309T100000' });
    expect(one(consultation, 'DTEND').value).toBe('20260309T110000');
    expect(one(consultation, 'STATUS').value).toBe('CONFIRMED');
    expect(Number(one(consultation, 'SEQUENCE').value)).toBe(await version(appointmentId));

    const callback = [...events.values()].find((e) => e !== consultation)!;
    expect(text(callback, 'SUMMARY')).toBe('Rappeler Karim Haddad');
    expect(one(callback, 'DTSTART').value).toBe('20260304T143000');
    expect(one(callback, 'DTEND').value).toBe('20260304T144500');
    expect(one(callback, 'UID').value).toMatch(/^[0-9a-f-]{36}@bureau$/);

    // Privacy: no phone number, e-mail or note travels with a shared calendar.
    const body = new TextDecoder().decode(raw);
    for (const secret of ['5550199', '555 0199', '5550142', 'example.com', 'confidentielle', 'passeport', 'formation']) {
      expect(body).not.toContain(secret);
    }
  });

  it('is read by an independent parser (ical.js) at the right instants, on both sides of the change to daylight time', async () => {
    const body = new TextDecoder().decode((await feed()).raw);
    const calendar = new ICAL.Component(ICAL.parse(body));
    // The zone comes from the feed's own VTIMEZONE, not from this machine's zone data.
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
    const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
    const byUid = new Map(events.map((event) => [event.uid, event]));
    const consultation = byUid.get(`${appointmentId}@bureau`)!;
    expect(consultation.summary).toBe(`Consultation — Zoé ${LAST_NAME}`);
    expect(consultation.location).toBe(LOCATION);
    // 10:00 in Montréal on Monday 9 March 2026 is EDT (UTC−4): 14:00 UTC; one hour long.
    expect(consultation.startDate.zone.tzid).toBe('America/Toronto');
    expect([consultation.startDate.hour, consultation.startDate.minute]).toEqual([10, 0]);
    expect(consultation.startDate.toJSDate().toISOString()).toBe('2026-03-09T14:00:00.000Z');
    expect(consultation.endDate.toJSDate().toISOString()).toBe('2026-03-09T15:00:00.000Z');
    // 14:30 on Wednesday 4 March is still EST (UTC−5): 19:30 UTC; a quarter of an hour.
    const callback = events.find((event) => event !== consultation)!;
    expect(callback.summary).toBe('Rappeler Karim Haddad');
    expect(callback.startDate.toJSDate().toISOString()).toBe('2026-03-04T19:30:00.000Z');
    expect(callback.endDate.toJSDate().toISOString()).toBe('2026-03-04T19:45:00.000Z');
    expect(events).toHaveLength(2);
  });

  it('follows a reschedule (same UID, higher SEQUENCE) and keeps a cancelled appointment as CANCELLED', async () => {
    const before = one(checkCalendar((await feed()).raw).events.get(`${appointmentId}@bureau`)!, 'SEQUENCE').value;

    clock.set('2026-03-02T15:00:00.000Z');
    await act(server.db, people.accueil, 'appointment.reschedule', { id: appointmentId, startsAt: '2026-03-10T15:00:00.000Z', endsAt: '2026-03-10T16:30:00.000Z' }, clock.now());
    const moved = checkCalendar((await feed()).raw).events.get(`${appointmentId}@bureau`)!;
    expect(Number(one(moved, 'SEQUENCE').value)).toBeGreaterThan(Number(before));
    expect(one(moved, 'DTSTART').value).toBe('20260310T110000');
    expect(one(moved, 'DTEND').value).toBe('20260310T123000');
    expect(one(moved, 'LAST-MODIFIED').value).toBe('20260302T150000Z');

    clock.set('2026-03-03T15:00:00.000Z');
    await act(server.db, people.accueil, 'appointment.cancel', { id: appointmentId, reason: 'Raison privée du report' }, clock.now());
    const { raw } = await feed();
    const { events } = checkCalendar(raw);
    const cancelled = events.get(`${appointmentId}@bureau`)!;
    expect(one(cancelled, 'STATUS').value).toBe('CANCELLED');
    expect(Number(one(cancelled, 'SEQUENCE').value)).toBeGreaterThan(Number(one(moved, 'SEQUENCE').value));
    // Cancelling makes the lead one to call back now: that callback is in Marie's calendar too.
    expect([...events.values()].map((e) => text(e, 'SUMMARY'))).toContain(`Rappeler Zoé ${LAST_NAME}`);
    expect(new TextDecoder().decode(raw)).not.toContain('Raison privée');
  });

  it('answers 304 to a calendar program that has the current version', async () => {
    const { response } = await feed();
    const etag = response.headers.get('etag');
    expect(etag).not.toBeNull();
    const again = await fetch(`${server.url}${mariePath}`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('answers 404 in French to an unknown secret, a deactivated user and a replaced address', async () => {
    for (const path of ['/calendar/inconnu.ics', `/calendar/${'A'.repeat(32)}.ics`, mariePath.replace(/\.ics$/, ''), `${mariePath}x`]) {
      const answer = await call<{ error: { code: string; message: string } }>(server.url, 'GET', path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.error.message).toMatch(/^Calendrier introuvable/);
    }

    const julie = await login(server.url, people.julie.email, TEST_PASSWORD);
    const juliePath = (await call<{ path: string }>(server.url, 'GET', '/api/calendar/feed', { token: julie })).body.path;
    expect((await feed(juliePath)).response.status).toBe(200);
    await updateUser(server.db, people.julie.id, { active: false }, clock.now());
    expect((await feed(juliePath)).response.status).toBe(404);

    const marie = await login(server.url, people.marie.email, TEST_PASSWORD);
    const reset = await call<{ path: string }>(server.url, 'POST', '/api/calendar/feed/reset', { token: marie });
    expect(reset.status).toBe(200);
    expect(reset.body.path).not.toBe(mariePath);
    expect((await feed(mariePath)).response.status).toBe(404);
    expect((await feed(reset.body.path)).response.status).toBe(200);
    mariePath = reset.body.path;

    expect((await call(server.url, 'GET', '/api/calendar/feed')).status).toBe(401);
  });
});
