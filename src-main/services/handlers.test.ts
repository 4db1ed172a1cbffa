import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '~shared/contract/ipc';
import { USERS, testId } from '~shared/testing/builders';
import { Replica } from '../db/replica';
import { newOffice, pullAll, pushAll } from '../testing/sync-harness';
import { UNEXPECTED_MESSAGE, createServices, dispatch, type ServiceMap } from './handlers';

// The services behind the IPC contract, called as the renderer calls them: through `dispatch`,
// with raw payloads, answers as data, French messages.

const NOW = new Date('2026-03-10T15:00:00.000Z');
const asSession = (u: (typeof USERS)[keyof typeof USERS]): SessionUser => ({ id: u.id, name: u.name, email: u.email, role: u.role as SessionUser['role'] });
const LEAD = testId('lead', 'services');

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  vi.restoreAllMocks();
});

function setup(user: SessionUser | null = asSession(USERS.admin)) {
  const office = newOffice();
  const replica = Replica.open(':memory:', { clock: () => NOW });
  cleanups.push(() => replica.close(), () => office.close());
  pullAll(replica, office, user?.id ?? USERS.admin.id);
  let current = user;
  const services = createServices({ replica, session: () => current, clock: () => NOW });
  return { office, replica, services, signOut: () => (current = null) };
}

const newLead = { id: LEAD, firstName: 'Hélène', lastName: 'Tremblay', phone: '514 555-0199', source: 'manual' };

describe('dispatch', () => {
  it('refuses an input that breaks the contract, in French, naming the fields', async () => {
    const { services } = setup();
    const result = await dispatch(services, 'leads:list', { limit: 0, filters: { statuses: ['perdu'] } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (result.ok) return;
    expect(Object.keys(result.error.fields ?? {}).sort()).toEqual(['filters.statuses.0', 'limit']);
    expect(result.error.message).toMatch(/^Saisie invalide\./);
    expect(result.error.message).not.toMatch(/Invalid|expected|received/);
    expect(result.error.fields?.limit).toMatch(/Trop petit|petit/i);
  });

  it('applies defaults of the contract (an empty payload lists the leads)', async () => {
    const { services } = setup();
    await dispatch(services, 'mutations:run', { name: 'lead.create', args: newLead });
    const result = await dispatch(services, 'leads:list', {});
    expect(result).toMatchObject({ ok: true, value: { total: 1, next: null, rows: [{ id: LEAD, pending: true }] } });
  });

  it('answers an unknown channel, or one that is not this map’s, without running anything', async () => {
    const { services } = setup();
    expect(await dispatch(services, 'session:get', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await dispatch(services, 'toString' as 'leads:list', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('turns an unexpected failure into a French message and logs it without the person’s data', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken: ServiceMap = {
      'leads:get': () => {
        throw new Error('Hélène Tremblay (514) 555-0199 introuvable');
      },
    };
    const result = await dispatch(broken, 'leads:get', { id: LEAD });
    expect(result).toEqual({ ok: false, error: { code: 'internal_error', message: UNEXPECTED_MESSAGE } });
    expect(spy).toHaveBeenCalledTimes(1);
    const logged = spy.mock.calls.flat().join(' ');
    expect(logged).toContain('leads:get');
    expect(logged).not.toMatch(/Hélène|555/);
  });

  it('answers a stale page cursor with its own code', async () => {
    const { services } = setup();
    const result = await dispatch(services, 'leads:list', { after: 'abc', sort: 'name_asc' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_cursor' } });
  });
});

describe('mutations:run', () => {
  it('applies and queues a change as the signed-in user, and tells the UI what changed', async () => {
    const { services, replica } = setup();
    const changed: string[][] = [];
    replica.onChange((tables) => changed.push(tables));
    expect(await dispatch(services, 'mutations:run', { name: 'lead.create', args: newLead })).toEqual({ ok: true, value: { mutationId: 1 } });
    expect(replica.pending()).toEqual([{ id: 1, name: 'lead.create', args: newLead, clientTime: NOW.toISOString() }]);
    expect(changed).toEqual([expect.arrayContaining(['leads', 'history'])]);
    const sheet = await dispatch(services, 'leads:get', { id: LEAD });
    expect(sheet).toMatchObject({ ok: true, value: { lead: { createdById: USERS.admin.id, phoneE164: '+15145550199' } } });
  });

  it('gives the refusal of the rules at once, with its code and French message, and queues nothing', async () => {
    const { services, replica } = setup(asSession(USERS.secretary));
    await dispatch(services, 'mutations:run', { name: 'lead.create', args: newLead });
    const refused = await dispatch(services, 'mutations:run', {
      name: 'lead.convert',
      args: { leadId: LEAD, clientId: testId('client', 'x'), ownerId: USERS.counselor.id, payment: { amountCents: 100, method: 'cash', paidAt: NOW.toISOString() } },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: expect.stringMatching(/forbidden|invalid_transition|secretary_rule/) } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/[a-zé]/);
    const invalid = await dispatch(services, 'mutations:run', { name: 'lead.update', args: { id: LEAD, patch: {} } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_args', message: expect.stringContaining('Aucun champ') } });
    expect(replica.pendingCount()).toBe(1);
  });

  it('names the refused fields of a form, keyed as the form names them, and queues nothing', async () => {
    const { services, replica } = setup(asSession(USERS.secretary));
    const badEmail = await dispatch(services, 'mutations:run', { name: 'lead.create', args: { ...newLead, email: 'amina@' } });
    expect(badEmail).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', message: expect.stringContaining('Courriel invalide'), fields: { email: 'Adresse courriel invalide\u00a0: corrigez-la ou laissez le champ vide.' } },
    });

    const noName = await dispatch(services, 'mutations:run', { name: 'lead.create', args: { ...newLead, lastName: '  ' } });
    expect(noName).toMatchObject({ ok: false, error: { code: 'invalid_args', message: 'Le nom est obligatoire.', fields: { lastName: 'Le nom est obligatoire.' } } });

    // lead.update's `patch` is a wrapper the details form does not have: its inputs are `email`, `lastName`…
    await dispatch(services, 'mutations:run', { name: 'lead.create', args: newLead });
    const patched = await dispatch(services, 'mutations:run', { name: 'lead.update', args: { id: LEAD, patch: { lastName: '', email: 'x@' } } });
    expect(patched.ok ? null : patched.error.fields).toEqual({ lastName: 'Le nom est obligatoire.' });
    const patchedEmail = await dispatch(services, 'mutations:run', { name: 'lead.update', args: { id: LEAD, patch: { email: 'x@' } } });
    expect(patchedEmail.ok ? null : patchedEmail.error.fields).toEqual({ email: expect.stringMatching(/^Adresse courriel invalide/) });
    expect(replica.pendingCount()).toBe(1);
  });

  it('refuses everything once the session has ended', async () => {
    const { services, signOut, replica } = setup();
    signOut();
    expect(await dispatch(services, 'mutations:run', { name: 'lead.create', args: newLead })).toMatchObject({
      ok: false,
      error: { code: 'not_signed_in', message: expect.stringContaining('reconnectez-vous') },
    });
    expect(await dispatch(services, 'dashboard:get', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(replica.pendingCount()).toBe(0);
  });
});

describe('the read channels', () => {
  it('answer from the replica: dashboard, counts, ids, duplicates, refusals', async () => {
    const { services, replica, office } = setup(asSession(USERS.counselor));
    await dispatch(services, 'mutations:run', { name: 'lead.create', args: newLead });
    expect(await dispatch(services, 'leads:counts', {})).toMatchObject({ ok: true, value: { new: 1, client: 0 } });
    expect(await dispatch(services, 'leads:ids', { filters: { search: 'helene' } })).toEqual({ ok: true, value: [LEAD] });
    expect(await dispatch(services, 'leads:duplicates', { phone: '+1 514-555-0199' })).toMatchObject({ ok: true, value: [{ id: LEAD }] });
    expect(await dispatch(services, 'dashboard:get', {})).toMatchObject({ ok: true, value: { officeByStatus: null, unreadNotifications: 0 } });
    expect(await dispatch(services, 'users:list', {})).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ id: USERS.admin.id })]) });
    expect(await dispatch(services, 'settings:get', {})).toMatchObject({ ok: true, value: { timeZone: 'America/Toronto' } });
    expect(await dispatch(services, 'calendar:range', { from: NOW.toISOString(), to: '2026-03-11T00:00:00.000Z' })).toMatchObject({
      ok: true,
      value: { appointments: [], tasks: [], leads: [] },
    });

    // The same lead already exists on the server: the office refuses ours (conflict).
    office.perform({ id: USERS.admin.id, role: 'admin' }, 'lead.create', { ...newLead, phone: null }, NOW.toISOString());
    pushAll(replica, office, { id: USERS.counselor.id, role: 'counselor' }, NOW.toISOString());
    const refusals = await dispatch(services, 'refusals:list', {});
    expect(refusals).toMatchObject({ ok: true, value: [{ mutationId: 1, name: 'lead.create', args: newLead }] });
    expect(await dispatch(services, 'refusals:dismiss', { mutationId: 1 })).toEqual({ ok: true, value: [] });
  });
});
