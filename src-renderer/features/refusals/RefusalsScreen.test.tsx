// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Refusal } from '~shared/contract/ipc';
import { renderScreen, missingKeys, routeNow } from '../../testing/render';
import { ADMIN, MARIE, SECRETARY, lead, sheetOf } from '../../testing/fixtures';
import { RefusalsScreen } from './RefusalsScreen';
import { LeadSheetScreen } from '../lead-sheet/LeadSheetScreen';

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

const theLead = lead(7, { assigneeId: MARIE.id, status: 'new', firstName: 'Amélie', lastName: 'Tremblay' });
const NOTE = '<b>Rappeler</b> après 17 h';
const refusal: Refusal = {
  mutationId: 42,
  name: 'lead.logContact',
  args: {
    id: '00000000-0000-4000-8000-00000000aaaa',
    leadId: theLead.id,
    channel: 'phone',
    outcome: 'callback_requested',
    note: NOTE,
    callbackAt: '2026-03-12T19:00:00.000Z',
  },
  code: 'forbidden',
  message: 'Une conseillère ne peut noter une tentative de contact ou changer le statut que pour les leads qui lui sont attribués.',
  refusedAt: '2026-03-10T13:05:00.000Z',
};

describe('refusals', () => {
  it('say the rule in French, show what had been entered (as text) and lead back to the form', async () => {
    renderScreen(<RefusalsScreen />, {
      as: MARIE,
      handlers: { 'refusals:list': () => [refusal], 'leads:get': () => sheetOf(theLead) },
    });
    const notice = await screen.findByTestId('refusal');
    expect(within(notice).getByTestId('refusal-message').textContent).toBe(refusal.message);
    const entered = within(notice).getByTestId('refusal-entered');
    expect(within(entered).getByText(NOTE)).toBeTruthy();
    expect(entered.querySelector('b')).toBeNull();
    expect(within(entered).getByText('Rappel demandé')).toBeTruthy();
    expect(within(entered).getByText(/12 mars 2026/)).toBeTruthy();
    expect(await within(notice).findByText('Amélie Tremblay')).toBeTruthy();

    await userEvent.click(within(notice).getByRole('button', { name: 'Refaire' }));
    expect(routeNow()).toEqual({ name: 'lead', id: theLead.id, redo: { name: 'lead.logContact', args: refusal.args, refusalId: 42 } });
  });

  it('"Refaire" reopens the contact form prefilled; saving sends a new change and dismisses the refusal', async () => {
    const { api } = renderScreen(<LeadSheetScreen id={theLead.id} redo={{ name: refusal.name, args: refusal.args, refusalId: 42 }} />, {
      as: MARIE,
      handlers: { 'leads:get': () => sheetOf(theLead), 'mutations:run': () => ({ mutationId: 43 }), 'refusals:dismiss': () => [] },
    });
    const dialog = await screen.findByRole('dialog', { name: 'Consigner un contact' });
    expect((within(dialog).getByLabelText('Note') as HTMLTextAreaElement).value).toBe(NOTE);
    expect((within(dialog).getByRole('radio', { name: /Rappel demandé/ }) as HTMLInputElement).checked).toBe(true);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Enregistrer le contact' }));
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    const sent = api.mutations()[0]!;
    expect(sent.name).toBe('lead.logContact');
    expect(sent.args).toMatchObject({ leadId: theLead.id, channel: 'phone', outcome: 'callback_requested', note: NOTE, callbackAt: '2026-03-12T19:00:00.000Z' });
    expect((sent.args as { id: string }).id).not.toBe((refusal.args as { id: string }).id);
    await waitFor(() => expect(api.callsTo('refusals:dismiss')).toEqual([{ mutationId: 42 }]));
  });

  it('does not reopen a form the rules would refuse again: the secretary’s conversion', async () => {
    const qualified = lead(8, { assigneeId: SECRETARY.id, status: 'qualified' });
    const convert = { name: 'lead.convert' as const, args: { leadId: qualified.id, ownerId: SECRETARY.id, payment: { amountCents: 150_000, method: 'cash' } }, refusalId: 9 };
    renderScreen(<LeadSheetScreen id={qualified.id} redo={convert} />, { as: SECRETARY, handlers: { 'leads:get': () => sheetOf(qualified) } });
    expect(await screen.findByText('Impossible de refaire : conversion en client')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Convertir en client' })).toBeNull();
  });

  it('reopens a refused confirmation call on a booked lead, which the mutator accepts (issue 8)', async () => {
    const booked = lead(9, { assigneeId: MARIE.id, status: 'appointment_booked' });
    const call = { name: 'lead.logContact' as const, args: { ...refusal.args as object, leadId: booked.id, outcome: 'reached', callbackAt: null }, refusalId: 11 };
    renderScreen(<LeadSheetScreen id={booked.id} redo={call} />, { as: MARIE, handlers: { 'leads:get': () => sheetOf(booked) } });
    const dialog = await screen.findByRole('dialog', { name: 'Consigner un contact' });
    expect((within(dialog).getByRole('radio', { name: /La personne a répondu/ }) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByText(/Impossible de refaire/)).toBeNull();
  });

  it('does not prefill a forced status the mutator refuses whatever the reason: "Rendez-vous pris" needs a booking', async () => {
    const l = lead(10, { assigneeId: MARIE.id, status: 'contacted' });
    const forced = { name: 'lead.setStatus' as const, args: { leadId: l.id, status: 'appointment_booked', reason: 'Pris au téléphone', force: true }, refusalId: 12 };
    renderScreen(<LeadSheetScreen id={l.id} redo={forced} />, { as: ADMIN, handlers: { 'leads:get': () => sheetOf(l) } });
    const dialog = await screen.findByRole('dialog', { name: /Forcer/ });
    expect((within(dialog).getByRole('textbox', { name: /Motif/ }) as HTMLTextAreaElement).value).toBe('Pris au téléphone');
    await userEvent.click(within(dialog).getByRole('combobox', { name: /statut/i }));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(options).not.toContain('Rendez-vous pris');
    expect(options).not.toContain('Client');
    expect(options).toContain('Qualifié');
  });

  it('dismissing asks first, since what was entered will be gone', async () => {
    const { api } = renderScreen(<RefusalsScreen />, {
      as: MARIE,
      handlers: { 'refusals:list': () => [refusal], 'leads:get': () => sheetOf(theLead), 'refusals:dismiss': () => [] },
    });
    await userEvent.click(within(await screen.findByTestId('refusal')).getByRole('button', { name: 'Ignorer' }));
    expect(api.callsTo('refusals:dismiss')).toEqual([]);
    const confirm = await screen.findByRole('dialog', { name: 'Ignorer ce refus\u00a0?' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Ignorer' }));
    await waitFor(() => expect(api.callsTo('refusals:dismiss')).toEqual([{ mutationId: 42 }]));
  });
});
