// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Task, User } from '~shared/domain/entities';
import { renderScreen, missingKeys } from '../../testing/render';
import { ADMIN, JULIE, MARIE, lead, sheetOf, uid } from '../../testing/fixtures';
import { LeadSheetScreen } from './LeadSheetScreen';

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

const l = lead(7, { status: 'to_recontact', assigneeId: MARIE.id, callbackAt: '2026-03-03T14:00:00.000Z' });
const T0 = '2026-03-02T14:00:00.000Z';
const callback: Task = {
  id: uid(900),
  version: 1,
  deletedAt: null,
  createdAt: T0,
  updatedAt: T0,
  leadId: l.id,
  ownerId: MARIE.id,
  kind: 'callback',
  title: 'Rappeler Prénom7 Nom7',
  dueAt: '2026-03-03T14:00:00.000Z',
  completedAt: null,
  completedById: null,
  reminderSentAt: null,
};
const done: Task = { ...callback, id: uid(901), title: 'Ancien rappel', completedAt: T0, completedById: MARIE.id };

function open(as: User) {
  return renderScreen(<LeadSheetScreen id={l.id} />, {
    as,
    handlers: { 'leads:get': () => sheetOf(l, { tasks: [callback, done] }), 'mutations:run': () => ({ mutationId: 9 }) },
  });
}

describe('the lead sheet’s tasks', () => {
  it('lists the open callback; its owner ticks it done', async () => {
    const { api } = open(MARIE);
    const section = await screen.findByRole('region', { name: 'Tâches à faire' });
    expect(within(section).getByText(/Rappeler Prénom7 Nom7/)).toBeTruthy();
    expect(within(section).queryByText(/Ancien rappel/)).toBeNull();
    await userEvent.click(within(section).getByRole('button', { name: 'Marquer comme fait\u00a0: Rappeler Prénom7 Nom7' }));
    await waitFor(() => expect(api.mutations()).toEqual([{ name: 'task.complete', args: { id: callback.id } }]));
  });

  it('asks for the new time before moving it', async () => {
    const { api } = open(ADMIN);
    const section = await screen.findByRole('region', { name: 'Tâches à faire' });
    await userEvent.click(within(section).getByRole('button', { name: 'Déplacer\u00a0: Rappeler Prénom7 Nom7' }));
    const dialog = await screen.findByRole('dialog', { name: 'Déplacer la tâche' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Déplacer la tâche' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Choisissez la nouvelle échéance.');
    expect(api.mutations()).toEqual([]);
  });

  it('offers nothing to a counselor the task is not for', async () => {
    open(JULIE);
    const section = await screen.findByRole('region', { name: 'Tâches à faire' });
    expect(within(section).getByText(/Rappeler Prénom7 Nom7/)).toBeTruthy();
    expect(within(section).queryByRole('button')).toBeNull();
  });
});
