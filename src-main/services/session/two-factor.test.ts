import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticatorCode } from '../../testing/authenticator';
import { TEST_BACKENDS, startTestOffice, type TestOffice } from '../../testing/office';
import { workstations, type Workstation } from '../../testing/workstation';
import { replicaFile } from './session';

// Two-factor sign-in through the desktop (issue 14, point 3): the IPC channels, the session
// manager and the accounts client against a real office server on loopback. The authenticator
// app is played by the server's own TOTP (RFC 6238), from the secret the set-up answered.

const at = (steps: number) => new Date(Date.now() + steps * 30_000);

describe.each(TEST_BACKENDS)('validation en deux étapes sur le poste ($name)', (backend) => {
  let office: TestOffice;
  let admin: Workstation;
  const stations = workstations();

  beforeAll(async () => {
    office = await startTestOffice({ backend });
    admin = await stations.open(office, 'admin');
  });
  afterAll(async () => {
    await stations.disposeAll();
    await office?.dispose();
  });

  it('turns on with a code, then asks each sign-in for a code: a wrong one is refused, a recovery code signs in once', async () => {
    const ws = await stations.open(office, 'marie');
    expect(await ws.call('twoFactor:status', {})).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });
    const { secret, uri } = await ws.call('twoFactor:setup', {});
    expect(uri).toContain(`secret=${secret}`);
    const wrong = await ws.manager.invoke('twoFactor:enable', { code: '000000' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_second_factor', message: expect.stringMatching(/heure du téléphone/) } });
    const { recoveryCodes } = await ws.call('twoFactor:enable', { code: authenticatorCode(secret, at(0)) });
    expect(recoveryCodes).toHaveLength(10);
    await ws.call('session:logout', {});

    const { email, password } = office.users.marie;
    const signIn = (code?: string) => ws.manager.invoke('session:login', { serverUrl: office.url, email, password, ...(code === undefined ? {} : { code }) });
    expect(await signIn()).toMatchObject({ ok: false, error: { code: 'second_factor_required', message: expect.stringMatching(/six chiffres/) } });
    expect(await signIn('123456')).toMatchObject({ ok: false, error: { code: 'invalid_second_factor', message: expect.stringMatching(/Code incorrect/) } });
    expect(await signIn(authenticatorCode(secret, at(1)))).toMatchObject({ ok: true, value: { user: { id: office.users.marie.id } } });
    await ws.call('session:logout', {});
    expect(await signIn(recoveryCodes[0])).toMatchObject({ ok: true });
    await ws.call('session:logout', {});
    expect(await signIn(recoveryCodes[0])).toMatchObject({ ok: false, error: { code: 'invalid_second_factor' } });
    expect(await signIn(recoveryCodes[1])).toMatchObject({ ok: true });

    // New recovery codes and turning it off both ask for the password again.
    const badPassword = await ws.manager.invoke('twoFactor:disable', { password: 'pas-le-bon-mot' });
    expect(badPassword).toMatchObject({ ok: false, error: { code: 'invalid_password', message: expect.stringMatching(/Mot de passe incorrect/) } });
    expect((await ws.call('twoFactor:recoveryCodes', { password })).recoveryCodes).toHaveLength(10);
    await ws.call('twoFactor:disable', { password });
    expect((await ws.call('twoFactor:status', {})).enabled).toBe(false);
  });

  it('where the office requires it, a person without one sees only the set-up, then the office once it is on', async () => {
    expect(await admin.call('security:set', { requireTwoFactor: true })).toEqual({ requireTwoFactor: true });
    try {
      const ws = await stations.open(office, null);
      const { email, password, id } = office.users.director;
      const signed = await ws.manager.invoke('session:login', { serverUrl: office.url, email, password });
      expect(signed).toMatchObject({ ok: true, value: { user: { id }, twoFactorSetup: true } });
      // No replica, no data, nothing but the set-up.
      expect(existsSync(replicaFile(ws.dataDir, office.url, id))).toBe(false);
      expect(await ws.manager.invoke('leads:list', {})).toMatchObject({ ok: false });
      expect(await ws.manager.invoke('twoFactor:recoveryCodes', { password })).toMatchObject({ ok: false, error: { code: 'two_factor_setup_required' } });

      const { secret } = await ws.call('twoFactor:setup', {});
      await ws.call('twoFactor:enable', { code: authenticatorCode(secret, at(0)) });
      const session = await ws.call('session:get', {});
      expect(session.twoFactorSetup).toBeUndefined();
      expect(session.user?.id).toBe(id);
      await ws.sync();
      expect((await ws.call('sync:status', {})).phase).toBe('idle');
      expect(existsSync(replicaFile(ws.dataDir, office.url, id))).toBe(true);

      // An administrator's reset (a lost phone) ends the director's session.
      await admin.call('twoFactor:reset', { userId: id });
      await ws.sync();
      expect((await ws.call('sync:status', {})).phase).toBe('session_ended');
    } finally {
      await admin.call('security:set', { requireTwoFactor: false });
    }
  });

  it('keeps the office’s security to administrators', async () => {
    const ws = await stations.open(office, 'accueil');
    expect(await ws.manager.invoke('security:set', { requireTwoFactor: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ws.manager.invoke('twoFactor:reset', { userId: office.users.marie.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await admin.call('security:get', {})).toEqual({ requireTwoFactor: false });
  });
});
