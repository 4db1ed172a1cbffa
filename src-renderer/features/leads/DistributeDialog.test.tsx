// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderScreen, missingKeys } from '../../testing/render';
import { ADMIN, JULIE, MARIE, SECRETARY, SOPHIE, uid } from '../../testing/fixtures';
import { DistributeDialog } from './DistributeDialog';

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

const selection = Array.from({ length: 20 }, (_, i) => uid(2000 + i));

function open(onDone = vi.fn()) {
  return renderScreen(<DistributeDialog opened leadIds={selection} onClose={() => {}} onDone={onDone} />, {
    as: ADMIN,
    handlers: { 'mutations:run': () => ({ mutationId: 1 }) },
  });
}

async function count(name: string, n: string) {
  const input = await screen.findByLabelText(`Nombre de leads pour ${name}`);
  await userEvent.clear(input);
  await userEvent.type(input, n);
}

describe('distribute by counts, with a preview before saving', () => {
  it('previews Marie 10, Julie 5, Sophie 5 and saves them in selection order', async () => {
    const onDone = vi.fn();
    const { api } = open(onDone);
    await count('Marie', '10');
    await count('Julie', '5');
    await count('Sophie', '5');
    const preview = screen.getByTestId('distribution-preview');
    const rows = within(preview).getAllByRole('row').map((r) => r.textContent);
    // In the order the counts were given, whatever the order of the list (Julie is listed first).
    expect(rows).toEqual([
      expect.stringMatching(/Marie.*10 leads.*nᵒˢ 1 à 10/),
      expect.stringMatching(/Julie.*5 leads.*nᵒˢ 11 à 15/),
      expect.stringMatching(/Sophie.*5 leads.*nᵒˢ 16 à 20/),
    ]);
    expect(api.mutations()).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: /Enregistrer la répartition \(20 leads\)/ }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const sent = api.mutations();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.name).toBe('lead.assign');
    const assignments = (sent[0]!.args as { assignments: Array<{ leadId: string; assigneeId: string }> }).assignments;
    expect(assignments.map((a) => a.leadId)).toEqual(selection);
    expect(assignments.slice(0, 10).every((a) => a.assigneeId === MARIE.id)).toBe(true);
    expect(assignments.slice(10, 15).every((a) => a.assigneeId === JULIE.id)).toBe(true);
    expect(assignments.slice(15).every((a) => a.assigneeId === SOPHIE.id)).toBe(true);
  });

  it('refuses to save more leads than selected, saying so in French', async () => {
    const { api } = open();
    await count('Marie', '15');
    await count('Julie', '10');
    expect(screen.getByTestId('distribution-error').textContent).toBe('La répartition demande 25 leads, mais la sélection n’en compte que 20.');
    const save = screen.getByRole('button', { name: 'Enregistrer la répartition' });
    expect(save.hasAttribute('disabled') || save.getAttribute('data-disabled') === 'true').toBe(true);
    expect(api.mutations()).toEqual([]);
  });

  it('evenly: 20 among Marie, Sarah and Sophie gives 7, 7, 6', async () => {
    open();
    await userEvent.click(screen.getByRole('radio', { name: 'Également' }));
    for (const u of [MARIE, SECRETARY, SOPHIE]) await userEvent.click(screen.getByLabelText(`Inclure ${u.name}`));
    const rows = within(screen.getByTestId('distribution-preview')).getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual([expect.stringMatching(/Marie.*7 leads/), expect.stringMatching(/Sarah.*7 leads/), expect.stringMatching(/Sophie.*6 leads/)]);
  });
});
