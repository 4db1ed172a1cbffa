// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderScreen, missingKeys } from '../../testing/render';
import type { User } from '~shared/domain/entities';
import { ADMIN, JULIE, MARIE, SECRETARY, lead } from '../../testing/fixtures';
import { procedure, testId } from '~shared/testing/builders';
import { NewLeadDialog } from './NewLeadDialog';
import type { IpcResult } from '~shared/contract/ipc';
import { parseMutation } from '~shared/domain/mutations/registry';
import { readContact } from '~shared/domain/mutations/lead-create';

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

/**
 * mutations:run as the main process answers it for what was typed: lead.create's own rules, its
 * args (src-shared/domain/mutations/args.ts) then its contact (lead-create.ts), refusing with
 * the French message of each field. The form checks none of them itself.
 */
function runLeadCreate({ name, args }: { name: string; args: unknown }): IpcResult<{ mutationId: number }> {
  const parsed = parseMutation(name, args);
  if (!parsed.ok) return { ok: false, error: { ...parsed.refusal, fields: { ...parsed.refusal.fields } } };
  if (parsed.name !== 'lead.create') throw new Error(`attendu : lead.create, reçu ${parsed.name}`);
  const contact = readContact(parsed.args);
  if ('code' in contact) return { ok: false, error: { ...contact, fields: { ...contact.fields } } };
  return { ok: true, value: { mutationId: 7 } };
}

function inputNamed(label: RegExp | string): HTMLElement {
  return within(screen.getByRole('dialog')).getByLabelText(label);
}

/** The error Mantine shows under an input (linked by aria-describedby). */
function errorUnder(input: HTMLElement): string | null {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  const texts = ids.map((id) => document.getElementById(id)).filter((e) => e?.className.includes('error'));
  return texts.length > 0 ? texts.map((e) => e!.textContent).join(' ') : null;
}

describe('new lead by hand', () => {
  it('shows the rules’ refusal under the inputs it concerns: a last name, an e-mail that can be an address', async () => {
    const onCreated = vi.fn();
    const { api } = renderScreen(<NewLeadDialog opened onClose={() => {}} onCreated={onCreated} />, {
      as: SECRETARY,
      handlers: { 'leads:duplicates': () => [], 'mutations:run': runLeadCreate },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Créer le lead' }));
    await waitFor(() => expect(errorUnder(inputNamed(/^Nom/))).toBe('Le nom est obligatoire.'));
    expect(errorUnder(inputNamed('Courriel'))).toBeNull();

    await userEvent.type(inputNamed(/^Nom/), 'Benali');
    expect(errorUnder(inputNamed(/^Nom/))).toBeNull();
    await userEvent.type(inputNamed('Courriel'), 'amina@exemple');
    await userEvent.click(screen.getByRole('button', { name: 'Créer le lead' }));
    await waitFor(() => expect(errorUnder(inputNamed('Courriel'))).toBe('Adresse courriel invalide\u00a0: corrigez-la ou laissez le champ vide.'));
    expect(errorUnder(inputNamed(/^Nom/))).toBeNull();
    // Said once, under the input: no alert repeating it above the form.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onCreated).not.toHaveBeenCalled();

    await userEvent.clear(inputNamed('Courriel'));
    await userEvent.type(inputNamed('Courriel'), 'amina@exemple.ca');
    await userEvent.click(screen.getByRole('button', { name: 'Créer le lead' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    expect(api.mutations()).toHaveLength(3);
    expect(api.mutations()[2]?.args).toMatchObject({ lastName: 'Benali', email: 'amina@exemple.ca' });
  });

  it('shows a refusal that concerns no input of the form above it', async () => {
    renderScreen(<NewLeadDialog opened onClose={() => {}} onCreated={vi.fn()} />, {
      as: SECRETARY,
      handlers: {
        'leads:duplicates': () => [],
        'mutations:run': () => ({ ok: false, error: { code: 'forbidden', message: 'Action réservée aux rôles\u00a0: administrateur.' } }),
      },
    });
    await userEvent.type(inputNamed(/^Nom/), 'Benali');
    await userEvent.click(screen.getByRole('button', { name: 'Créer le lead' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Action réservée aux rôles\u00a0: administrateur.');
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

describe('the program of interest (issue 15, point 9)', () => {
  const catalogue = [
    procedure(),
    procedure({ id: testId('procedure', 'peq'), code: 'PEQ', nameFr: 'Programme de l’expérience québécoise', nameEn: 'Québec Experience Program', sortOrder: 2 }),
    procedure({ id: testId('procedure', 'old'), code: 'OLD', nameFr: 'Ancien programme', nameEn: 'Old program', active: false, sortOrder: 3 }),
  ];

  function openWithCatalogue() {
    return renderScreen(<NewLeadDialog opened onClose={() => {}} onCreated={vi.fn()} />, {
      as: SECRETARY,
      handlers: { 'leads:duplicates': () => [], 'mutations:run': () => ({ mutationId: 7 }), 'procedures:list': () => catalogue },
    });
  }

  it('offers the active procedures of the catalogue and « Autre », and sends the procedure’s name', async () => {
    const { api } = openWithCatalogue();
    await userEvent.type(inputNamed(/^Nom/), 'Benali');
    await userEvent.click(screen.getByRole('combobox', { name: 'Programme d’intérêt' }));
    const offered = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(offered).toEqual(['Entrée express', 'Programme de l’expérience québécoise', 'Autre']);
    await userEvent.click(screen.getByRole('option', { name: 'Programme de l’expérience québécoise' }));
    await userEvent.click(screen.getByRole('button', { name: 'Créer le lead' }));
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    expect(api.mutations()[0]?.args).toMatchObject({ programOfInterest: 'Programme de l’expérience québécoise' });
  });

  it('« Autre » asks for the program in words and sends them', async () => {
    const { api } = openWithCatalogue();
    await userEvent.type(inputNamed(/^Nom/), 'Benali');
    await userEvent.click(screen.getByRole('combobox', { name: 'Programme d’intérêt' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Autre' }));
    await userEvent.type(inputNamed('Précisez le programme'), 'Parrainage familial');
    await userEvent.click(screen.getByRole('button', { name: 'Créer le lead' }));
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    expect(api.mutations()[0]?.args).toMatchObject({ programOfInterest: 'Parrainage familial' });
  });

  it('records the consent with the words beside its box, and none when it is not ticked (Loi 25)', async () => {
    const { api } = openWithCatalogue();
    await userEvent.type(inputNamed(/^Nom/), 'Benali');
    await userEvent.click(screen.getByRole('button', { name: 'Créer le lead' }));
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    expect(api.mutations()[0]?.args).toMatchObject({ consent: false, consentWording: null });
  });

  it('sends the checkbox’s exact wording when the person consented', async () => {
    const { api } = openWithCatalogue();
    await userEvent.type(inputNamed(/^Nom/), 'Benali');
    const box = screen.getByRole('checkbox', { name: /^La personne a consenti/ });
    await userEvent.click(box);
    await userEvent.click(screen.getByRole('button', { name: 'Créer le lead' }));
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    const wording = 'La personne a consenti à ce que le cabinet conserve ses renseignements et la recontacte au sujet de son projet.';
    expect(screen.getByText(wording)).toBeTruthy();
    expect(api.mutations()[0]?.args).toMatchObject({ consent: true, consentWording: wording });
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
