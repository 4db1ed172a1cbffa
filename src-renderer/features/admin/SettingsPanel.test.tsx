// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Settings } from '~shared/domain/entities';
import type { Handlers } from '../../testing/fakeApi';
import { renderScreen, missingKeys } from '../../testing/render';
import { ADMIN, SETTINGS } from '../../testing/fixtures';
import { useOffice } from '../../app/office';
import type { Redo } from '../../app/router';
import { SettingsPanel } from './SettingsPanel';

afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

/** As in the app, where the office's settings are read long before Administration is opened. */
function OnceSettingsAreRead({ redo }: { redo?: Redo }) {
  return useOffice().settings ? <SettingsPanel redo={redo} /> : null;
}

function open({ redo, handlers = {} }: { redo?: Redo; handlers?: Handlers } = {}) {
  return renderScreen(<OnceSettingsAreRead redo={redo} />, {
    as: ADMIN,
    handlers: { 'mutations:run': () => ({ mutationId: 1 }), 'refusals:dismiss': () => [], ...handlers },
  });
}

const officeName = () => screen.getByRole('textbox', { name: /Nom du bureau/ }) as HTMLInputElement;
const address = () => screen.getByRole('textbox', { name: 'Adresse' }) as HTMLTextAreaElement;
const save = () => userEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
/** What the office has now, as the form sends it back whole. */
const unchanged = {
  officeName: SETTINGS.officeName,
  address: SETTINGS.address,
  phone: '',
  timeZone: SETTINGS.timeZone,
  reminderMinuteOfDay: SETTINGS.reminderMinuteOfDay,
  defaultLanguage: SETTINGS.defaultLanguage,
};
const refusal = { ok: false as const, error: { code: 'invalid_args', message: 'Le bureau a refusé ce changement.', fields: { address: 'Adresse trop longue.' } } };

describe('Administration → Paramètres: saving', () => {
  it('opens on the office’s settings and sends them, as edited, through settings.update', async () => {
    const { api } = open();
    expect((await screen.findByRole('textbox', { name: /Nom du bureau/ }) as HTMLInputElement).value).toBe(SETTINGS.officeName);
    expect(address().value).toBe(SETTINGS.address);
    await userEvent.clear(officeName());
    await userEvent.type(officeName(), 'Bureau du Plateau');
    await save();
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    expect(api.mutations()[0]).toEqual({ name: 'settings.update', args: { ...unchanged, officeName: 'Bureau du Plateau' } });
    expect((await screen.findByRole('status')).textContent).toBe('Paramètres enregistrés.');
    // Not a redo: there is no refusal to dismiss.
    expect(api.callsTo('refusals:dismiss')).toEqual([]);
  });

  it('an empty office name is said under its input, and nothing is sent', async () => {
    const { api } = open();
    await userEvent.clear(await screen.findByRole('textbox', { name: /Nom du bureau/ }));
    await save();
    expect(screen.getByText('Le nom du bureau est obligatoire.')).toBeTruthy();
    expect(api.mutations()).toEqual([]);
  });

  it('a refusal says why in French, under the field it is about, and keeps what was typed', async () => {
    const { api } = open({ handlers: { 'mutations:run': () => refusal } });
    await userEvent.clear(await screen.findByRole('textbox', { name: 'Adresse' }));
    await userEvent.type(address(), '2 avenue du Parc');
    await save();
    expect((await screen.findByRole('alert')).textContent).toBe('Le bureau a refusé ce changement.');
    expect(screen.getByText('Adresse trop longue.')).toBeTruthy();
    expect(address().value).toBe('2 avenue du Parc');
    expect(screen.queryByRole('status')).toBeNull();
    expect(api.mutations()).toHaveLength(1);
  });

  it('follows the settings changed on another workstation, unless the user has started typing', async () => {
    let current: Settings = SETTINGS;
    const { api } = open({ handlers: { 'settings:get': () => current } });
    await screen.findByDisplayValue(SETTINGS.officeName);
    current = { ...SETTINGS, officeName: 'Bureau renommé ailleurs' };
    api.emit({ type: 'changed', tables: ['settings'] });
    await waitFor(() => expect(officeName().value).toBe('Bureau renommé ailleurs'));

    await userEvent.type(address(), ', bureau 2');
    current = { ...current, officeName: 'Encore renommé', address: 'Ailleurs' };
    api.emit({ type: 'changed', tables: ['settings'] });
    await waitFor(() => expect(api.callsTo('settings:get').length).toBe(3));
    expect(officeName().value).toBe('Bureau renommé ailleurs');
    expect(address().value).toBe(`${SETTINGS.address}, bureau 2`);
  });
});

describe('Administration → Paramètres: redoing a change the office refused', () => {
  // Redo = a change the office server refused, reopened from the Refusals screen with its values.
  const redo: Redo = { name: 'settings.update', args: { officeName: 'Bureau refusé', reminderMinuteOfDay: 600 }, refusalId: 42 };

  it('opens on the refused values over the office’s settings; saving it sends them and dismisses the refusal', async () => {
    const { api } = open({ redo });
    expect((await screen.findByRole('textbox', { name: /Nom du bureau/ }) as HTMLInputElement).value).toBe('Bureau refusé');
    expect(address().value).toBe(SETTINGS.address);
    await save();
    await waitFor(() => expect(api.mutations()).toHaveLength(1));
    expect(api.mutations()[0]).toEqual({ name: 'settings.update', args: { ...unchanged, officeName: 'Bureau refusé', reminderMinuteOfDay: 600 } });
    await waitFor(() => expect(api.callsTo('refusals:dismiss')).toEqual([{ mutationId: 42 }]));
    expect(await screen.findByRole('status')).toBeTruthy();
  });

  it('keeps the refused values even when the settings are read again before it is saved', async () => {
    const { api } = open({ redo });
    await screen.findByDisplayValue('Bureau refusé');
    api.emit({ type: 'changed', tables: ['settings'] });
    await waitFor(() => expect(api.callsTo('settings:get').length).toBe(2));
    expect(officeName().value).toBe('Bureau refusé');
  });

  it('refused again, the refusal stays on the Refusals screen and the form keeps the values', async () => {
    const { api } = open({ redo, handlers: { 'mutations:run': () => refusal } });
    await screen.findByDisplayValue('Bureau refusé');
    await save();
    expect((await screen.findByRole('alert')).textContent).toBe('Le bureau a refusé ce changement.');
    expect(officeName().value).toBe('Bureau refusé');
    expect(api.callsTo('refusals:dismiss')).toEqual([]);
  });

  it('a refused time zone the office does not know is said before anything is sent', async () => {
    const { api } = open({ redo: { name: 'settings.update', args: { timeZone: 'Montreal/Plateau' }, refusalId: 43 } });
    await screen.findByDisplayValue(SETTINGS.officeName);
    await save();
    expect(screen.getByText('Fuseau horaire inconnu.')).toBeTruthy();
    expect(api.mutations()).toEqual([]);
    expect(api.callsTo('refusals:dismiss')).toEqual([]);
  });
});
