// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderScreen, missingKeys } from '../../testing/render';
import { ADMIN } from '../../testing/fixtures';
import { ProceduresPanel } from './ProceduresPanel';

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

const refused = { id: '018f0000-0000-7000-8000-0000000000b1', code: 'PEQ', nameFr: 'Programme de l’expérience québécoise', nameEn: 'Quebec Experience Program', active: true, sortOrder: 20 };

describe('Administration → Procédures', () => {
  it('says each missing field under its input and sends nothing', async () => {
    const { api } = renderScreen(<ProceduresPanel />, { as: ADMIN, handlers: { 'mutations:run': () => ({ mutationId: 1 }) } });
    await userEvent.click(screen.getByRole('button', { name: 'Nouvelle procédure' }));
    const dialog = screen.getByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    expect(within(dialog).getByText('Le code est obligatoire.')).toBeTruthy();
    expect(within(dialog).getByText('Le nom français est obligatoire.')).toBeTruthy();
    expect(within(dialog).getByText('Le nom anglais est obligatoire.')).toBeTruthy();
    expect(api.mutations()).toEqual([]);
  });

  it('reopens a refused change prefilled; saving it sends the upsert and dismisses the refusal', async () => {
    const { api } = renderScreen(<ProceduresPanel redo={{ name: 'procedure.upsert', args: refused, refusalId: 7 }} />, {
      as: ADMIN,
      handlers: { 'mutations:run': () => ({ mutationId: 8 }), 'refusals:dismiss': () => [] },
    });
    const dialog = await screen.findByRole('dialog');
    expect((within(dialog).getByLabelText(/^Code/) as HTMLInputElement).value).toBe('PEQ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    expect(api.mutations()[0]).toMatchObject({ name: 'procedure.upsert', args: refused });
    await waitFor(() => expect(api.callsTo('refusals:dismiss')).toEqual([{ mutationId: 7 }]));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('a redo refused again keeps the dialog open on what was typed, says why, and keeps the refusal', async () => {
    const { api } = renderScreen(<ProceduresPanel redo={{ name: 'procedure.upsert', args: refused, refusalId: 7 }} />, {
      as: ADMIN,
      handlers: {
        'mutations:run': () => ({ ok: false, error: { code: 'conflict', message: 'Ce code est déjà utilisé.', fields: { code: 'Code déjà pris.' } } }),
        'refusals:dismiss': () => [],
      },
    });
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Ce code est déjà utilisé.');
    expect(within(dialog).getByText('Code déjà pris.')).toBeTruthy();
    expect((within(dialog).getByLabelText(/^Code/) as HTMLInputElement).value).toBe('PEQ');
    expect(api.callsTo('refusals:dismiss')).toEqual([]);
  });
});
