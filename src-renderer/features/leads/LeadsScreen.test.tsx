// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { LeadListPage } from '~shared/contract/ipc';
import { renderScreen, missingKeys, routeNow } from '../../testing/render';
import { ADMIN, MARIE, emptyCounts, lead, listItem } from '../../testing/fixtures';
import { DEFAULT_SORT, EMPTY_FILTERS } from './leadFilters';
import { setLeadsView } from './leadsViewStore';
import { LeadsScreen } from './LeadsScreen';
import { giveElementsASize, restoreElementSizes } from '../../testing/layout';

beforeAll(() => giveElementsASize());
afterAll(() => restoreElementSizes());

beforeEach(() => setLeadsView({ filters: EMPTY_FILTERS, sort: DEFAULT_SORT, scrollTop: 0 }));
afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

const XSS = '<img src=x onerror=alert(1)>';
const rows = [lead(1, { firstName: XSS }), lead(2), lead(3, { assigneeId: MARIE.id, status: 'qualified' })].map(listItem);
const page: LeadListPage = { rows, next: null, total: rows.length };

function open(as = ADMIN) {
  return renderScreen(<LeadsScreen />, {
    as,
    handlers: {
      'leads:list': () => page,
      'leads:counts': () => ({ ...emptyCounts(), new: 2, qualified: 1 }),
      'leads:ids': () => rows.map((r) => r.id),
    },
  });
}

describe('the lead list asks leads:list for what the filters say', () => {
  it('starts on every lead, newest first, first page', async () => {
    const { api } = open();
    await waitFor(() => expect(api.callsTo('leads:list').length).toBeGreaterThan(0));
    expect(api.callsTo('leads:list')[0]).toEqual({ filters: {}, sort: 'created_desc', after: null, limit: 250 });
  });

  it('searches as you type, once the typing pauses (not once per letter)', async () => {
    const { api } = open();
    await userEvent.type(screen.getByRole('searchbox', { name: 'Rechercher un lead' }), 'tremblay');
    await waitFor(() => expect(api.callsTo('leads:list').some((c) => c.filters?.search === 'tremblay')).toBe(true));
    const searched = api.callsTo('leads:list').map((c) => c.filters?.search).filter(Boolean);
    expect(searched).toEqual(['tremblay']);
  });

  it('status chips and "callback due" become leads:list filters; counts ignore the status filter', async () => {
    const { api } = open(MARIE);
    await userEvent.click(await screen.findByRole('button', { name: /Qualifié · 1/ }));
    await waitFor(() => expect(api.callsTo('leads:list').at(-1)?.filters).toEqual({ statuses: ['qualified'] }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Rappel dû' }));
    await waitFor(() => expect(api.callsTo('leads:list').at(-1)?.filters?.callbackDueBefore).toMatch(/^\d{4}-\d{2}-\d{2}T/));
    expect(api.callsTo('leads:counts').at(-1)?.filters?.statuses).toBeUndefined();
    expect(api.callsTo('leads:counts').at(-1)?.filters?.callbackDueBefore).toBeDefined();
  });

  it('selects all that match through leads:ids with the same filters, and offers to distribute', async () => {
    const { api } = open();
    await userEvent.click(await screen.findByRole('button', { name: /Sélectionner les 3 leads correspondants/ }));
    expect(await screen.findByText('3 leads sélectionnés')).toBeTruthy();
    expect(api.callsTo('leads:ids')).toEqual([{ filters: {}, sort: 'created_desc', max: 100_000 }]);
    expect(screen.getByRole('button', { name: 'Répartir…' })).toBeTruthy();
  });

  it('a counselor gets no bulk assignment', async () => {
    open(MARIE);
    await userEvent.click(await screen.findByRole('button', { name: /Sélectionner les 3 leads correspondants/ }));
    await screen.findByText('3 leads sélectionnés');
    expect(screen.queryByRole('button', { name: 'Répartir…' })).toBeNull();
  });

  it('shows a name made of HTML as text, and opens the lead on a click', async () => {
    open();
    const name = await screen.findByText(`${XSS} Nom1`);
    expect(document.querySelector('img')).toBeNull();
    await userEvent.click(name);
    expect(routeNow()).toEqual({ name: 'lead', id: rows[0]!.id });
  });

  it('another workstation’s edit appears without reloading (a "changed" event on leads)', async () => {
    let current = page;
    const { api } = renderScreen(<LeadsScreen />, {
      as: ADMIN,
      handlers: { 'leads:list': () => current, 'leads:counts': () => emptyCounts() },
    });
    await screen.findByText('Prénom2 Nom2');
    current = { ...page, rows: page.rows.map((r, i) => (i === 1 ? { ...r, lastName: 'Gagnon' } : r)) };
    api.emit({ type: 'changed', tables: ['leads'] });
    expect(await screen.findByText('Prénom2 Gagnon')).toBeTruthy();
  });

  it('says so when nothing matches, and offers to create a lead', async () => {
    renderScreen(<LeadsScreen />, { as: ADMIN, handlers: { 'leads:list': () => ({ rows: [], next: null, total: 0 }), 'leads:counts': () => emptyCounts() } });
    expect(await screen.findByText('Aucun lead')).toBeTruthy();
  });

  it('works from the keyboard: arrows move, Space selects, Shift+arrow extends, Enter opens', async () => {
    open();
    const user = userEvent.setup();
    const first = (await screen.findByText(`${XSS} Nom1`)).closest('[role="row"]') as HTMLElement;
    first.focus();
    await user.keyboard('{ArrowDown}');
    await user.keyboard(' ');
    expect(screen.getByText('1 lead sélectionné')).toBeTruthy();
    await user.keyboard('{Shift>}{ArrowDown}{/Shift}');
    expect(screen.getByText('2 leads sélectionnés')).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(routeNow()).toEqual({ name: 'lead', id: rows[2]!.id });
  });

  it('ctrl-click and shift-click select rows instead of opening them', async () => {
    open();
    const first = await screen.findByText(`${XSS} Nom1`);
    const user = userEvent.setup();
    await user.keyboard('{Control>}');
    await user.click(first);
    await user.keyboard('{/Control}{Shift>}');
    await user.click(screen.getByText('Prénom3 Nom3'));
    await user.keyboard('{/Shift}');
    expect(screen.getByText('3 leads sélectionnés')).toBeTruthy();
    expect(routeNow()).toEqual({ name: 'today' });
  });
});
