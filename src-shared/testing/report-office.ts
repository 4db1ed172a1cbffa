import type { Put } from '../domain/entities';
import { appointment, client, contactAttempt, evaluation, importBatch, lead, payment, testId, USERS } from './builders';

// A small office whose figures for March 2026 (Montréal) are worked out by hand in the reports'
// tests (src-server/reports/report-sql.test.ts, src-main's services): the same rows go to the
// replica's SQLite and to the server's PostgreSQL.

const marie = USERS.counselor.id;
const julie = USERS.counselor2.id;
const H = 3_600_000;
const plus = (instant: string, hours: number) => new Date(Date.parse(instant) + hours * H).toISOString();

const L = (n: number) => testId('lead', `r${n}`);
const BATCH = testId('batch', 'salon');

const created = {
  1: '2026-03-02T15:00:00.000Z',
  2: '2026-03-03T15:00:00.000Z',
  3: '2026-03-04T15:00:00.000Z',
  4: '2026-03-09T15:00:00.000Z',
  // 23:30 on 31 March in Montréal (EDT): March, though UTC says April.
  5: '2026-04-01T03:30:00.000Z',
  // 00:30 on 1 April in Montréal: April.
  6: '2026-04-01T04:30:00.000Z',
  7: '2026-02-28T12:00:00.000Z',
  8: '2026-03-20T15:00:00.000Z',
  9: '2026-03-10T15:00:00.000Z',
  10: '2026-02-10T15:00:00.000Z',
} as const;

const base = (n: keyof typeof created) => ({ id: L(n), createdAt: created[n], updatedAt: created[n], lastName: `Rapport${n}` });

function contact(n: number, leadNo: keyof typeof created, hours: number, outcome: 'reached' | 'no_answer'): Put {
  const at = plus(created[leadNo], hours);
  return { table: 'contact_attempts', row: contactAttempt({ id: testId('contact', `r${n}`), createdAt: at, leadId: L(leadNo), userId: marie, outcome, at }) };
}

function booked(n: number, leadNo: keyof typeof created, bookedAfterHours: number, startsAt: string, host: string, state: 'attended' | 'missed' | 'cancelled' | 'scheduled'): Put {
  const at = plus(created[leadNo], bookedAfterHours);
  return {
    table: 'appointments',
    row: appointment({ id: testId('appointment', `r${n}`), createdAt: at, updatedAt: at, leadId: L(leadNo), hostId: host, bookedById: host, startsAt, endsAt: plus(startsAt, 1), state }),
  };
}

function qualified(leadNo: keyof typeof created): Put {
  return { table: 'evaluations', row: evaluation({ id: testId('evaluation', `r${leadNo}`), createdAt: created[leadNo], leadId: L(leadNo), notes: 'ok', evaluatedById: marie }) };
}

function paid(n: number, leadNo: keyof typeof created, cents: number, method: 'card' | 'interac', paidAt: string): Put {
  return { table: 'payments', row: payment({ id: testId('payment', `r${n}`), createdAt: paidAt, clientId: testId('client', `r${leadNo}`), leadId: L(leadNo), amountCents: cents, method, paidAt, recordedById: marie }) };
}

export const REPORT_OFFICE: Put[] = [
  { table: 'import_batches', row: importBatch({ id: BATCH, createdAt: created[4], updatedAt: created[4], rowCount: 1 }) },
  { table: 'leads', row: lead({ ...base(1), source: 'manual', assigneeId: marie, programOfInterest: 'Entrée express', status: 'client' }) },
  { table: 'leads', row: lead({ ...base(2), source: 'web_form', utmCampaign: 'printemps', assigneeId: marie, programOfInterest: 'PEQ', status: 'consultation_missed' }) },
  { table: 'leads', row: lead({ ...base(3), source: 'web_form', utmCampaign: 'printemps', assigneeId: julie, programOfInterest: 'Entrée express', status: 'to_recontact' }) },
  { table: 'leads', row: lead({ ...base(4), source: 'import', importBatchId: BATCH, assigneeId: julie, status: 'new' }) },
  { table: 'leads', row: lead({ ...base(5), source: 'manual', status: 'new' }) },
  { table: 'leads', row: lead({ ...base(6), source: 'manual', status: 'new' }) },
  { table: 'leads', row: lead({ ...base(7), source: 'manual', assigneeId: julie, status: 'consultation_done' }) },
  { table: 'leads', row: lead({ ...base(8), source: 'web_form', assigneeId: marie, programOfInterest: 'PEQ', status: 'client' }) },
  { table: 'leads', row: lead({ ...base(9), source: 'manual', assigneeId: marie, status: 'new', deletedAt: '2026-03-11T00:00:00.000Z' }) },
  { table: 'leads', row: lead({ ...base(10), source: 'manual', status: 'new' }) },
  contact(1, 1, 2, 'reached'),
  contact(2, 2, 4, 'reached'),
  contact(3, 3, 10, 'no_answer'),
  contact(7, 7, 1, 'reached'),
  contact(8, 8, 1, 'reached'),
  contact(9, 9, 1, 'reached'),
  booked(1, 1, 24, '2026-03-05T15:00:00.000Z', marie, 'attended'),
  booked(2, 2, 48, '2026-03-10T15:00:00.000Z', marie, 'missed'),
  booked(7, 7, 2, '2026-03-12T15:00:00.000Z', julie, 'attended'),
  booked(8, 8, 2, '2026-03-21T15:00:00.000Z', marie, 'attended'),
  // Neither closed as attended nor missed: no consultation to count.
  booked(11, 3, 30, '2026-03-25T15:00:00.000Z', julie, 'cancelled'),
  booked(12, 7, 30, '2026-04-02T15:00:00.000Z', julie, 'scheduled'),
  qualified(1),
  qualified(8),
  { table: 'clients', row: client({ id: testId('client', 'r1'), leadId: L(1), fileNumber: '2026-0101', ownerId: marie, convertedAt: '2026-03-06T15:00:00.000Z' }) },
  { table: 'clients', row: client({ id: testId('client', 'r8'), leadId: L(8), fileNumber: '2026-0108', ownerId: julie, convertedAt: '2026-03-22T15:00:00.000Z' }) },
  paid(1, 1, 150_000, 'card', '2026-03-06T15:00:00.000Z'),
  paid(8, 8, 50_000, 'interac', '2026-03-22T15:00:00.000Z'),
  // April: outside March.
  paid(2, 1, 20_000, 'card', '2026-04-02T15:00:00.000Z'),
];

export const REPORT_LEAD = L;
/** March 2026 in Montréal: 1 March 00:00 EST to 1 April 00:00 EDT. */
export const MARCH = { from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z' } as const;
/** « Now » for the waiting list: 31 March, noon in Montréal. */
export const REPORT_NOW = '2026-03-31T16:00:00.000Z';
