import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '~shared/contract/sync';
import { newId } from '~shared/ids';
import { MESSAGES, ServerClient, ServerError, lockedMessage, normalizeServerUrl } from './http';
import { startTestOffice, type TestOffice } from '../../testing/office';

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

  it('refuses an /api/auth/me or admin answer of another shape than the contract, as unreadable', async () => {
    const marie = office.users.marie;
    const meAnswers: unknown[] = [
      // The shape an older client also took: the user wrapped. The server answers the user itself.
      { user: { id: marie.id, name: 'Marie', email: marie.email, role: 'counselor' } },
      { id: marie.id, name: 'Marie', email: marie.email, role: 'stagiaire' },
      { id: 'pas-un-uuid', name: 'Marie', email: marie.email, role: 'counselor' },
    ];
    let answer: unknown = null;
    // A server that answers 200 with whatever the test sets: a proxy or another program at the address.
    const other: HttpServer = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const address = other.address();
      const client = new ServerClient(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
      for (const body of meAnswers) {
        answer = body;
        expect(await failure(client.me('t'.repeat(43)))).toMatchObject({ kind: 'server', message: MESSAGES.unreadable });
      }
      answer = { id: marie.id, name: 'Marie', email: marie.email, role: 'counselor' };
      expect(await client.me('t'.repeat(43))).toEqual(answer);

      answer = { id: newId() };
      const created = await failure(client.createUser('t'.repeat(43), { email: 'a@b.ca', name: 'A', role: 'counselor', password: 'un-bon-mot-de-passe' }));
      expect(created).toMatchObject({ kind: 'server', message: MESSAGES.unreadable });
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('reads the admin endpoints\' answers and French field errors', async () => {
    const client = new ServerClient(office.url);
    const { token } = await client.login(office.users.admin.email, office.users.admin.password);
    const created = await client.createUser(token, { email: `nouvelle-${newId()}@bureau.test`, name: 'Nouvelle', role: 'secretary', password: 'un-bon-mot-de-passe' });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await client.updateUser(token, created.id, { name: 'Nouvelle Nom' })).toEqual({ id: created.id });
    const refused = await failure(client.updateUser(token, created.id, { role: 'stagiaire' as never, password: 'court' }));
    expect(refused).toMatchObject({
      kind: 'server',
      status: 400,
      details: { code: 'invalid_body', fields: { role: 'Rôle inconnu\u00a0: admin, director, counselor, secretary.', password: 'Le mot de passe doit compter au moins 10 caractères.' } },
    });
  });

  it('reads no demo accounts from a real office (404), and says so when nothing answers', async () => {
    expect(await new ServerClient(office.url).demoOffice()).toBeNull();
    expect(await failure(new ServerClient('http://127.0.0.1:9').demoOffice())).toMatchObject({ kind: 'offline' });
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
