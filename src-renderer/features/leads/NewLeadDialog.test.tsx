// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderScreen, missingKeys } from '../../test/render';
import type { User } from '../../../src-shared/domain/entities';
import { ADMIN, JULIE, MARIE, SECRETARY, lead } from '../../test/fixtures';
import { NewLeadDialog } from './NewLeadDialog';

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

const existing = lead(1, { firstName: 'Amélie', lastName: 'Tremblay', email: 'amelie@exemple.ca', assigneeId: MARIE.id });

function open(onCreated = vi.fn(), as: User = SECRETARY) {
  return renderScreen(<NewLeadDialog opened onClose={() => {}} onCreated={onCreated} />, {
    as,
    handlers: {
      'leads:duplicates': (input) => (input.email === 'amelie@exemple.ca' ? [existing] : []),
      'mutations:run': () => ({ mutationId: 7 }),
    },
  });
}

describe('new lead by hand', () => {
  it('needs a last name before anything is sent', async () => {
    const { api } = open();
    await userEvent.click(screen.getByRole('button', { name: 'Créer le lead' }));
    expect(screen.getByText('Le nom est obligatoire.')).toBeTruthy();
    expect(api.mutations()).toEqual([]);
  });

  it('warns of an open lead with the same e-mail; creates only when asked a second time', async () => {
    const onCreated = vi.fn();
    const { api } = open(onCreated);
    const dialog = screen.getByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Nom/), 'Tremblay');
    await userEvent.type(within(dialog).getByLabelText('Courriel'), 'amelie@exemple.ca');
    expect(await screen.findByText('Un lead ouvert a déjà ce téléphone ou ce courriel')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Amélie Tremblay' })).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Créer le lead' }));
    expect(api.mutations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Créer quand même' }));
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    const { name, args } = api.mutations()[0]!;
    expect(name).toBe('lead.create');
    expect(args).toMatchObject({ lastName: 'Tremblay', email: 'amelie@exemple.ca', source: 'manual' });
    expect((args as { id: string }).id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(onCreated).toHaveBeenCalledWith((args as { id: string }).id);
  });
});

describe('who the new lead belongs to', () => {
  async function typeAndCreate() {
    await userEvent.type(within(screen.getByRole('dialog')).getByLabelText(/^Nom/), 'Gagnon');
    await userEvent.click(screen.getByRole('button', { name: 'Créer le lead' }));
  }

  it('tells a counselor or the secretary that the lead will be hers, and sends her as the assignee', async () => {
    for (const who of [SECRETARY, MARIE]) {
      const { api, unmount } = open(vi.fn(), who);
      expect(screen.getByText('Ce lead vous sera attribué : vous pourrez le travailler tout de suite.')).toBeTruthy();
      expect(screen.queryByRole('combobox', { name: /^Attribué à/ })).toBeNull();
      await typeAndCreate();
      await waitFor(() => expect(api.mutations()).toHaveLength(1));
      expect(api.mutations()[0]?.args).toMatchObject({ lastName: 'Gagnon', assigneeId: who.id });
      unmount();
    }
  });

  it('lets an admin give it to a counselor or the secretary (never to a manager), or to nobody', async () => {
    const { api, unmount } = open(vi.fn(), ADMIN);
    expect(screen.queryByText(/Ce lead vous sera attribué/)).toBeNull();
    await userEvent.click(screen.getByRole('combobox', { name: /^Attribué à/ }));
    const offered = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(offered).toEqual(['Julie — Conseillère', 'Marie — Conseillère', 'Sarah — Secrétaire', 'Sophie — Conseillère']);
    await userEvent.click(screen.getByRole('option', { name: /^Julie/ }));
    await typeAndCreate();
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    expect(api.mutations()[0]?.args).toMatchObject({ lastName: 'Gagnon', assigneeId: JULIE.id });
    unmount();

    const second = open(vi.fn(), ADMIN);
    await typeAndCreate();
    await waitFor(() => expect(second.api.mutations()).toHaveLength(1));
    expect(second.api.mutations()[0]?.args).toMatchObject({ lastName: 'Gagnon', assigneeId: null });
  });
});
