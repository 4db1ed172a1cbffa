import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The sign-in screen's demo card needs a demo office: test code may start one, the application never does.
/* eslint-disable no-restricted-imports */
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '~server/seed/demo';
import { startServer, type RunningServer } from '~server/server';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '~server/testing/databases';
/* eslint-enable no-restricted-imports */
import { startTestOffice, type TestOffice } from '../../testing/office';
import { workstation, type Workstation } from '../../testing/workstation';

// session:demo (issue 15, point 2): what the sign-in screen learns about the office at the address
// typed — the demo office's accounts, or nothing, and never an error the user would have to read.

describe('session:demo', () => {
  let database: TestDatabase;
  let demo: RunningServer;
  let real: TestOffice;
  let other: HttpServer;
  let otherUrl: string;
  let station: Workstation;
  const errors: unknown[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(TEST_BACKENDS[0]!, { migrated: true });
    demo = await startServer({ ...database.config, firstAdmin: null }, { sleep: async () => {} });
    await seedDemo(demo.db, { leads: 20 });
    real = await startTestOffice();
    // Another program at the address: it answers 200 with something else than the contract.
    other = createHttpServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"accounts":"tous"}'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const address = other.address();
    otherUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    station = await workstation(real, null, { onError: (error) => errors.push(error) });
  });
  afterAll(async () => {
    await station?.dispose();
    // fetch keeps its connection alive: closing waits for it unless it is cut.
    other?.closeAllConnections();
    await new Promise((resolve) => other?.close(resolve));
    await real?.dispose();
    await demo?.stop();
    await database?.dispose();
  });

  it('gives the demo office’s accounts and password, which sign in', async () => {
    const answer = await station.call('session:demo', { serverUrl: `${demo.url}/` });
    expect(answer).toEqual({ accounts: DEMO_USERS.map(({ email, name, role, titleForm }) => ({ email, name, role, titleForm })), password: DEMO_PASSWORD });
    const marie = answer!.accounts.find((account) => account.name === 'Marie Tremblay')!;
    const session = await station.call('session:login', { serverUrl: demo.url, email: marie.email, password: answer!.password });
    expect(session.user).toMatchObject({ email: 'marie@bureau.demo', role: 'counselor' });
    // Signed out once the first sync is over: signing out during it kept the server from stopping.
    await station.sync();
    await station.call('session:logout', {});
  });

  it('answers null for a real office, an address that is not one, nothing listening, another program, or no network', async () => {
    expect(await station.manager.invoke('session:demo', { serverUrl: real.url })).toEqual({ ok: true, value: null });
    expect(await station.manager.invoke('session:demo', { serverUrl: 'bureau sans protocole' })).toEqual({ ok: true, value: null });
    expect(await station.manager.invoke('session:demo', { serverUrl: '' })).toEqual({ ok: true, value: null });
    expect(await station.manager.invoke('session:demo', { serverUrl: 'http://127.0.0.1:9' })).toEqual({ ok: true, value: null });
    expect(await station.manager.invoke('session:demo', { serverUrl: otherUrl })).toEqual({ ok: true, value: null });
    station.offline = true;
    try {
      expect(await station.manager.invoke('session:demo', { serverUrl: demo.url })).toEqual({ ok: true, value: null });
    } finally {
      station.offline = false;
    }
    // Expected failures, not bugs: nothing was logged.
    expect(errors).toEqual([]);
  });
});
