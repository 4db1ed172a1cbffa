// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import type { Appointment, User } from '~shared/domain/entities';
import type { LeadStatus } from '~shared/domain/statuses';
import { actorOf } from '../../app/session';
import { renderScreen, missingKeys } from '../../testing/render';
import { ADMIN, DIRECTOR, MARIE, SECRETARY, JULIE, lead, sessionUser, sheetOf, uid } from '../../testing/fixtures';
import { ActionBar } from './ActionBar';
import { availableActions } from './availableActions';

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

function appointment(hostId: string): Appointment {
  return {
    id: uid(9001),
    version: 1,
    deletedAt: null,
    createdAt: '2026-03-02T14:00:00.000Z',
    updatedAt: '2026-03-02T14:00:00.000Z',
    leadId: uid(1001),
    hostId,
    bookedById: hostId,
    startsAt: '2026-03-10T15:00:00.000Z',
    endsAt: '2026-03-10T16:00:00.000Z',
    kind: 'in_person',
    location: null,
    note: null,
    state: 'scheduled',
    cancelReason: null,
    closedAt: null,
    reminderSentAt: null,
  };
}

/** The labels of the buttons the action bar shows for this actor on this lead. */
function actionsFor(as: User, status: LeadStatus, { assignee = as.id as string | null, host = null as string | null } = {}): string[] {
  const l = lead(1, { status, assigneeId: assignee });
  const sheet = sheetOf(l, { appointments: host ? [appointment(host)] : [] });
  const actions = availableActions(actorOf(sessionUser(as)), sheet);
  renderScreen(<ActionBar actions={actions} onAction={() => {}} />, { as });
  const bar = screen.queryByTestId('action-bar');
  return bar ? within(bar).getAllByRole('button').map((b) => b.textContent ?? '') : [];
}

describe('the lead sheet shows only the actions allowed now', () => {
  it('a counselor converts her own qualified lead; she cannot force a status', () => {
    const labels = actionsFor(MARIE, 'qualified');
    expect(labels).toContain('Convertir en client');
    expect(labels).toContain('Changer le statut');
    expect(labels).not.toContain('Forcer un statut');
    expect(labels).not.toContain('Évaluer l’admissibilité');
  });

  it('the secretary never sees "Convertir en client", even on her own qualified lead', () => {
    expect(actionsFor(SECRETARY, 'qualified')).not.toContain('Convertir en client');
  });

  it('the secretary hands a lead she consulted to a counselor, and may evaluate it', () => {
    const labels = actionsFor(SECRETARY, 'consultation_done');
    expect(labels).toContain('Confier à une conseillère');
    expect(labels).toContain('Évaluer l’admissibilité');
    expect(labels).not.toContain('Attribuer');
  });

  it('a counselor has nothing to do on a colleague’s lead', () => {
    expect(actionsFor(MARIE, 'new', { assignee: JULIE.id })).toEqual([]);
    expect(screen.getByTestId('no-actions').textContent).toMatch(/Aucune action/);
  });

  it('a new lead of mine: contact, appointment, status — no evaluation nor conversion yet', () => {
    const labels = actionsFor(MARIE, 'new');
    expect(labels).toEqual(expect.arrayContaining(['Consigner un contact', 'Prendre rendez-vous', 'Changer le statut']));
    expect(labels).not.toContain('Convertir en client');
    expect(labels).not.toContain('Évaluer l’admissibilité');
    expect(labels).not.toContain('Consultation effectuée');
  });

  it('the host of the appointment marks it done or missed; another may only move or cancel it', () => {
    const host = actionsFor(MARIE, 'appointment_booked', { host: MARIE.id });
    expect(host).toEqual(expect.arrayContaining(['Consultation effectuée', 'Consultation manquée', 'Déplacer le rendez-vous', 'Annuler le rendez-vous']));
    expect(host).not.toContain('Prendre rendez-vous');
    cleanup();
    const notHost = actionsFor(MARIE, 'appointment_booked', { host: SECRETARY.id });
    expect(notHost).not.toContain('Consultation effectuée');
    expect(notHost).toContain('Déplacer le rendez-vous');
  });

  it('before the appointment begins, its host sees both closing buttons disabled, saying from when (issue 15, point 9)', () => {
    const l = lead(1, { status: 'appointment_booked', assigneeId: MARIE.id });
    const later = { ...appointment(MARIE.id), startsAt: '2026-03-10T15:00:00.000Z', endsAt: '2026-03-10T16:00:00.000Z' };
    const actions = availableActions(actorOf(sessionUser(MARIE)), sheetOf(l, { appointments: [later] }), '2026-03-10T14:00:00.000Z');
    renderScreen(<ActionBar actions={actions} onAction={() => {}} />, { as: MARIE });
    for (const name of ['Consultation effectuée', 'Consultation manquée']) {
      const button = screen.getByRole('button', { name: new RegExp(`^${name} — Possible à partir du début du rendez-vous, le .*10 mars`) });
      expect(button.getAttribute('aria-disabled')).toBe('true');
    }
  });

  it('a final status leaves managers a call to log (the status stays), the assignment and the forced transition', () => {
    for (const manager of [ADMIN, DIRECTOR]) {
      expect(actionsFor(manager, 'client', { assignee: MARIE.id })).toEqual(['Consigner un contact', 'Attribuer', 'Forcer un statut']);
      cleanup();
    }
    // lead.logContact accepts a call to a closed lead and leaves its status: the owner may log it.
    expect(actionsFor(MARIE, 'not_interested')).toEqual(['Consigner un contact']);
  });

  it('on a booked lead, a counselor logs a confirmation call; the graph has no plain status change left', () => {
    const labels = actionsFor(MARIE, 'appointment_booked', { host: MARIE.id });
    expect(labels).toContain('Consigner un contact');
    expect(labels).not.toContain('Changer le statut');
  });
});
