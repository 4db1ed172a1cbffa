import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../../src-shared/contract/sync';
import { newId } from '../../../src-shared/ids';
import { ServerClient, ServerError, lockedMessage, normalizeServerUrl } from './http';
import { startTestOffice, type TestOffice } from './testing/office';

// The desktop's HTTP client against a real office server: what each failure becomes.

async function failure(promise: Promise<unknown>): Promise<ServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServerError) return error;
    throw error;
  }
  throw new Error('expected a ServerError');
}

describe('ServerClient', () => {
  let office: TestOffice;
  let silent: Server;
  let silentUrl: string;

  beforeAll(async () => {
    office = await startTestOffice();
    // Accepts connections and never answers: a server that hangs.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    silentUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    silent?.close();
    await office?.dispose();
  });

  it('signs in, reads the user back and the protocol the server speaks', async () => {
    const client = new ServerClient(`${office.url}/`);
    const { token, user } = await client.login(office.users.marie.email, office.users.marie.password);
    expect(user).toMatchObject({ id: office.users.marie.id, role: 'counselor' });
    expect(await client.me(token)).toMatchObject({ id: office.users.marie.id, email: office.users.marie.email });
    expect(await client.info()).toMatchObject({ protocol: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION });
  });

  it('maps 401 to bad credentials on login and to a session that ended elsewhere', async () => {
    const client = new ServerClient(office.url);
    const bad = await failure(client.login(office.users.marie.email, 'faux mot de passe'));
    expect(bad).toMatchObject({ kind: 'bad_credentials', status: 401, message: 'Courriel ou mot de passe incorrect, ou compte désactivé.' });
    const ended = await failure(client.me('a'.repeat(43)));
    expect(ended.kind).toBe('session_ended');
    expect(ended.message).toMatch(/Reconnectez-vous/);
    const pull = await failure(client.pull('b'.repeat(43), { clientId: newId(), cursor: 0, limit: 10, knownMutationId: 0 }));
    expect(pull.kind).toBe('session_ended');
  });

  it('maps a push with a gap to 409 and the id to resend from', async () => {
    const client = new ServerClient(office.url);
    const { token } = await client.login(office.users.julie.email, office.users.julie.password);
    const gap = await failure(
      client.push(token, newId(), [{ id: 3, name: 'lead.create', args: { id: newId(), lastName: 'Trou', source: 'manual' }, clientTime: new Date().toISOString() }]),
    );
    expect(gap).toMatchObject({ kind: 'gap', status: 409, details: { lastMutationId: 0 } });
  });

  it('says the server does not answer when nothing listens, or when it hangs past the timeout', async () => {
    const unreachable = await failure(new ServerClient('http://127.0.0.1:9').info());
    expect(unreachable.kind).toBe('offline');
    expect(unreachable.message).toMatch(/^Le serveur du bureau ne répond pas/);
    const hung = await failure(new ServerClient(silentUrl, { timeoutMs: 200 }).info());
    expect(hung.kind).toBe('offline');
  });

  it('says what to do about a lock, in minutes', () => {
    expect(lockedMessage(900)).toBe('Trop de tentatives de connexion. Réessayez dans 15 minutes.');
    expect(lockedMessage(30)).toBe('Trop de tentatives de connexion. Réessayez dans 1 minute.');
  });

  it('names one server one way', () => {
    expect(normalizeServerUrl('HTTP://Bureau.Local:8787/')).toBe('http://bureau.local:8787');
    expect(normalizeServerUrl('https://bureau.exemple.ca/office//')).toBe('https://bureau.exemple.ca/office');
    expect(() => normalizeServerUrl('ftp://bureau')).toThrow();
  });
});
