import { afterEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '~shared/contract/ipc';
import { USERS } from '~shared/testing/builders';
import { MARCH, REPORT_NOW, REPORT_OFFICE } from '~shared/testing/report-office';
import { Replica } from '../db/replica';
import { newOffice, pullAll } from '../testing/sync-harness';
import { createServices, dispatch } from './handlers';

// Issue 13, point 1: `reports:run` as the renderer calls it, scoped by who is signed in, whatever
// the page asks (the SQL's own figures are checked in src-server/reports/report-sql.test.ts).

const asSession = (u: (typeof USERS)[keyof typeof USERS]): SessionUser => ({ id: u.id, name: u.name, email: u.email, role: u.role as SessionUser['role'] });
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function servicesFor(user: SessionUser) {
  const office = newOffice();
  office.write(REPORT_OFFICE);
  const replica = Replica.open(':memory:', { clock: () => new Date(REPORT_NOW) });
  cleanups.push(() => replica.close(), () => office.close());
  pullAll(replica, office, user.id);
  return createServices({ replica, session: () => user, clock: () => new Date(REPORT_NOW) });
}

describe('reports:run', () => {
  it('gives a director the whole office and a counselor her own leads only', async () => {
    const director = await dispatch(servicesFor(asSession(USERS.director)), 'reports:run', { report: 'funnel', ...MARCH });
    expect(director).toMatchObject({ ok: true, value: { stages: [{ stage: 'created', count: 6 }, {}, {}, {}, {}, {}] } });
    const marie = await dispatch(servicesFor(asSession(USERS.counselor)), 'reports:run', { report: 'funnel', ...MARCH });
    expect(marie).toMatchObject({ ok: true, value: { stages: [{ stage: 'created', count: 3 }, {}, {}, {}, {}, {}] } });
  });

  it('gives the secretary the office’s consultations, and refuses her the rest in French', async () => {
    const services = servicesFor(asSession(USERS.secretary));
    const hers = await dispatch(services, 'reports:run', { report: 'consultations', ...MARCH });
    expect(hers).toMatchObject({ ok: true, value: { total: { done: 3, missed: 1 } } });
    // The office's appointments, every counselor's, exactly as a director sees them (she hosts none).
    expect(hers).toEqual(await dispatch(servicesFor(asSession(USERS.director)), 'reports:run', { report: 'consultations', ...MARCH }));
    expect(await dispatch(services, 'reports:run', { report: 'conversion', ...MARCH })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'La secrétaire voit, dans les rapports, les consultations du bureau seulement.' },
    });
  });

  it('refuses a period that ends before it starts or lasts more than 400 days', async () => {
    const services = servicesFor(asSession(USERS.admin));
    const backwards = await dispatch(services, 'reports:run', { report: 'funnel', from: MARCH.to, to: MARCH.from });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { to: 'La fin de la période doit suivre son début.' } } });
    const long = await dispatch(services, 'reports:run', { report: 'funnel', from: '2020-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
    expect(long).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
