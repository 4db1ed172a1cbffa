// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Lead, User } from '~shared/domain/entities';
import { renderScreen, missingKeys } from '../../testing/render';
import { JULIE, MARIE, SECRETARY, lead, sheetOf } from '../../testing/fixtures';
import { LeadSheetScreen } from './LeadSheetScreen';

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

function open(l: Lead, as: User) {
  return renderScreen(<LeadSheetScreen id={l.id} />, {
    as,
    handlers: { 'leads:get': () => sheetOf(l), 'mutations:run': () => ({ mutationId: 5 }) },
  });
}

async function choose(label: RegExp | string, option: string) {
  await userEvent.click(screen.getByRole('combobox', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('lead sheet', () => {
  it('shows a name made of HTML as text', async () => {
    open(lead(1, { firstName: '<img src=x onerror=alert(1)>', assigneeId: MARIE.id }), MARIE);
    expect(await screen.findByRole('heading', { name: '<img src=x onerror=alert(1)> Nom1' })).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });

  it('converts with the amount typed in dollars sent in cents, after a confirmation', async () => {
    const l = lead(2, { status: 'qualified', assigneeId: MARIE.id });
    const { api } = open(l, MARIE);
    await userEvent.click(await screen.findByRole('button', { name: 'Convertir en client' }));
    const dialog = await screen.findByRole('dialog', { name: 'Convertir en client' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Paiement initial/ }), '12 345,67');
    await choose(/Mode de paiement/, 'Virement Interac');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Vérifier' }));
    expect(api.mutations()).toEqual([]);
    expect(within(dialog).getByText(/12\s345,67\s\$/)).toBeTruthy();
    expect(within(dialog).getByText(/suivi par Marie/)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Convertir en client' }));
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    const { name, args } = api.mutations()[0]!;
    expect(name).toBe('lead.convert');
    expect(args).toMatchObject({ leadId: l.id, ownerId: MARIE.id, payment: { amountCents: 1_234_567, currency: 'CAD', method: 'interac' } });
  });

  it('on a booked lead, the contact dialog offers the confirmation call and says the status stays (issue 8)', async () => {
    const l = lead(4, { status: 'appointment_booked', assigneeId: MARIE.id });
    const { api } = open(l, MARIE);
    await userEvent.click(await screen.findByRole('button', { name: 'Consigner un contact' }));
    const dialog = await screen.findByRole('dialog', { name: 'Consigner un contact' });
    const outcomes = ['reached', 'no_answer', 'callback_requested', 'not_interested'];
    const radios = within(dialog).getAllByRole('radio').map((r) => r.getAttribute('value')).filter((v) => outcomes.includes(v ?? ''));
    // A booked lead leaves "booked" only by its appointment: "not interested" is not offered here.
    expect(radios).toEqual(['reached', 'no_answer', 'callback_requested']);
    const stays = within(dialog).getAllByText('Le statut reste « Rendez-vous pris »');
    expect(stays).toHaveLength(3);
    // fr-CA typography: non-breaking spaces inside « ».
    expect(stays[0]?.textContent).toBe('Le statut reste «\u00a0Rendez-vous pris\u00a0»');
    expect(within(dialog).queryByText(/À recontacter/)).toBeNull();
    await userEvent.click(within(dialog).getByRole('radio', { name: /La personne a répondu/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Enregistrer le contact' }));
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    expect(api.mutations()[0]).toMatchObject({ name: 'lead.logContact', args: { leadId: l.id, outcome: 'reached', callbackAt: null } });
  });

  it('a new lead: "no answer" announces "À recontacter" and asks for the callback date', async () => {
    open(lead(5, { status: 'new', assigneeId: MARIE.id }), MARIE);
    await userEvent.click(await screen.findByRole('button', { name: 'Consigner un contact' }));
    const dialog = await screen.findByRole('dialog', { name: 'Consigner un contact' });
    expect(within(dialog).getAllByText('Le statut devient « À recontacter »')).toHaveLength(2);
    expect(within(dialog).getByText('Le statut devient « Contacté »')).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('radio', { name: /Pas de réponse/ }));
    expect(within(dialog).getByText('Date du rappel')).toBeTruthy();
  });

  it('a lead the secretary evaluated herself still waits for a counselor', async () => {
    open(lead(6, { status: 'not_qualified', assigneeId: SECRETARY.id }), SECRETARY);
    expect(await screen.findByTestId('to-dispatch')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Confier à une conseillère' })).toBeTruthy();
  });

  it('a lead the secretary consulted shows "to dispatch" and she hands it to a counselor', async () => {
    const l = lead(3, { status: 'consultation_done', assigneeId: SECRETARY.id });
    const { api } = open(l, SECRETARY);
    expect(await screen.findByTestId('to-dispatch')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Convertir en client' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Confier à une conseillère' }));
    const dialog = await screen.findByRole('dialog');
    // Only counselors are offered to her.
    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Conseillère' }));
    const offered = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(offered.every((o) => o?.includes('Conseillère'))).toBe(true);
    await userEvent.click(screen.getByRole('option', { name: /Julie/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confier' }));
    await waitFor(() => expect(api.mutations()).toEqual([{ name: 'lead.assign', args: { assignments: [{ leadId: l.id, assigneeId: JULIE.id }] } }]));
  });
});
