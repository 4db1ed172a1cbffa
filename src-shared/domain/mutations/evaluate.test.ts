import { describe, expect, it } from 'vitest';
import type { LeadStatus } from '../statuses';
import { NOW, USERS, lead, procedure, testId } from '../../testing/builders';
import { makeDb, perform, putsOf, refusalOf, rowsIn } from '../../testing/memory-office';

const LEAD = testId('lead', 1);
const EE = procedure();
const PEQ = procedure({ id: testId('procedure', 'peq'), code: 'PEQ', nameFr: 'PEQ', nameEn: 'PEQ' });
const OLD = procedure({ id: testId('procedure', 'old'), code: 'OLD', active: false });
const dbWith = (status: LeadStatus = 'consultation_done', assigneeId: string = USERS.counselor.id) =>
  makeDb({ leads: [lead({ status, assigneeId })], procedures: [EE, PEQ, OLD] });

describe('lead.evaluate', () => {
  it('stores the evaluation and sets the status', () => {
    const id = testId('evaluation', 1);
    const args = { id, leadId: LEAD, result: 'qualified' as const, procedureIds: [EE.id, PEQ.id, EE.id], notes: 'Bon profil' };
    const puts = putsOf(perform(dbWith(), 'lead.evaluate', args, USERS.counselor));
    expect(rowsIn(puts, 'evaluations')).toEqual([
      { id, version: 0, deletedAt: null, createdAt: NOW, leadId: LEAD, result: 'qualified', procedureIds: [EE.id, PEQ.id], notes: 'Bon profil', evaluatedById: USERS.counselor.id },
    ]);
    expect(rowsIn(puts, 'leads')[0]).toMatchObject({ status: 'qualified', statusChangedAt: NOW });
    const history = rowsIn(puts, 'history');
    expect(history.map((h) => h.kind)).toEqual(['evaluated', 'status_changed']);
    expect(history[0]).toMatchObject({ after: { result: 'qualified', procedureCodes: ['EE', 'PEQ'] }, note: 'Bon profil' });
  });

  it('qualified needs at least one procedure; not qualified may list none', () => {
    expect(refusalOf(perform(dbWith(), 'lead.evaluate', { leadId: LEAD, result: 'qualified', procedureIds: [] }, USERS.counselor))).toEqual({
      code: 'procedure_required',
      message: 'Un lead qualifié doit avoir au moins une procédure recommandée.',
    });
    const puts = putsOf(perform(dbWith(), 'lead.evaluate', { leadId: LEAD, result: 'not_qualified' }, USERS.counselor));
    expect(rowsIn(puts, 'leads')[0]?.status).toBe('not_qualified');
    expect(rowsIn(puts, 'evaluations')[0]?.id).toBe(testId('ctx', 1));
  });

  it('accepts only active procedures of the catalogue', () => {
    for (const id of [OLD.id, testId('procedure', 'ghost')]) {
      expect(refusalOf(perform(dbWith(), 'lead.evaluate', { leadId: LEAD, result: 'qualified', procedureIds: [id] }, USERS.counselor)).code).toBe('not_found');
    }
  });

  it('comes only after the consultation', () => {
    for (const status of ['appointment_booked', 'qualified', 'new'] as const) {
      const refused = perform(dbWith(status), 'lead.evaluate', { leadId: LEAD, result: 'qualified', procedureIds: [EE.id] }, USERS.counselor);
      expect(refusalOf(refused).code).toBe('invalid_transition');
    }
  });

  it('is for the lead’s own counselor or secretary, admins and directors', () => {
    const args = { leadId: LEAD, result: 'not_qualified' as const };
    expect(refusalOf(perform(dbWith(), 'lead.evaluate', args, USERS.counselor2)).code).toBe('forbidden');
    expect(refusalOf(perform(dbWith(), 'lead.evaluate', args, USERS.secretary)).code).toBe('forbidden');
    expect(putsOf(perform(dbWith('consultation_done', USERS.secretary.id), 'lead.evaluate', args, USERS.secretary))).not.toHaveLength(0);
    expect(putsOf(perform(dbWith(), 'lead.evaluate', args, USERS.director))).not.toHaveLength(0);
  });
});
