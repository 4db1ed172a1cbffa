// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '~shared/domain/entities';
import type { Dashboard } from '~shared/contract/ipc';
import { appointment, task } from '~shared/testing/builders';
import { renderScreen, missingKeys, routeNow } from '../../testing/render';
import { ADMIN, DIRECTOR, JULIE, MARIE, SECRETARY, emptyCounts, emptyDashboard, lead, listItem, sheetOf, uid } from '../../testing/fixtures';
import { DEFAULT_SORT, EMPTY_FILTERS } from '../leads/leadFilters';
import { getLeadsView, setLeadsView } from '../leads/leadsViewStore';
import { TodayScreen } from './TodayScreen';

beforeEach(() => setLeadsView({ filters: { ...EMPTY_FILTERS, search: 'reste d’avant' }, sort: 'name_asc', scrollTop: 400 }));
afterEach(() => {
  cleanup();
  expect(missingKeys).toEqual([]);
});

const leads = [lead(1), lead(2, { firstName: 'Chloé', lastName: 'Roy' }), lead(3, { firstName: '', lastName: '' })];
const sheets = new Map(leads.map((l) => [l.id, sheetOf(l)]));

/** Ma journée's answer, naming the leads of its rows as the replica's does (unless `leads` is given). */
function dashboard(patch: Partial<Dashboard> = {}): Dashboard {
  const d = emptyDashboard(patch);
  const referenced = new Set([...d.callbacksDue, ...d.appointmentsToday, ...d.appointmentsTomorrow, ...d.toClose].map((row) => row.leadId));
  const named = leads.filter((l) => referenced.has(l.id)).map(({ id, firstName, lastName, status, assigneeId }) => ({ id, firstName, lastName, status, assigneeId }));
  return { ...d, leads: patch.leads ?? named };
}

function open(as: User, d: Dashboard) {
  return renderScreen(<TodayScreen />, {
    as,
    handlers: {
      'dashboard:get': () => d,
      'leads:get': ({ id }) => sheets.get(id) ?? null,
      'mutations:run': () => ({ mutationId: 1 }),
    },
  });
}

const section = (name: string) => screen.getByRole('region', { name });
const sectionNames = () => screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'));
/** The list view Ma journée opened, as the lead list will read it. */
const filtersNow = () => getLeadsView().filters;

describe('Ma journée: what each role is shown', () => {
  it('a counselor with nothing to do sees her four sections, each saying it is empty', async () => {
    const { api } = open(MARIE, dashboard());
    await screen.findByRole('region', { name: 'Mes rappels dus' });
    expect(api.callsTo('dashboard:get')).toEqual([{}]);
    expect(sectionNames()).toEqual(['Mes rappels dus', 'Rendez-vous aujourd’hui', 'Rendez-vous demain', 'Mes leads par statut']);
    expect(within(section('Mes rappels dus')).getByText('Aucun rappel dû. Bon travail !')).toBeTruthy();
    expect(within(section('Rendez-vous aujourd’hui')).getByText('Aucun rendez-vous aujourd’hui.')).toBeTruthy();
    expect(within(section('Rendez-vous demain')).getByText('Aucun rendez-vous demain.')).toBeTruthy();
    expect(within(section('Mes leads par statut')).getByText('Aucun lead pour l’instant.')).toBeTruthy();
    expect(within(section('Mes leads par statut')).getByText('Aucune notification non lue')).toBeTruthy();
    // Nothing to open in the list when there is nothing due.
    expect(screen.queryByRole('button', { name: 'Voir dans la liste' })).toBeNull();
  });

  it('a counselor never sees the office’s sections, even if the answer carried them', async () => {
    open(MARIE, dashboard({ newUnassigned: [listItem(leads[0]!)], officeByStatus: { ...emptyCounts(), new: 4 } }));
    await screen.findByRole('region', { name: 'Mes rappels dus' });
    expect(screen.queryByRole('region', { name: 'Nouveaux leads non attribués' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Le bureau par statut' })).toBeNull();
  });

  it('a counselor sees « à confier » and « à clôturer » only when they hold something', async () => {
    const past = appointment({ id: uid(501), leadId: leads[1]!.id, hostId: MARIE.id });
    open(MARIE, dashboard({ toDispatch: [listItem(leads[0]!)], toClose: [past] }));
    await screen.findByRole('region', { name: 'Mes rappels dus' });
    expect(within(section('À confier à une conseillère')).getByText('Prénom1 Nom1')).toBeTruthy();
    expect(section('Consultations à clôturer')).toBeTruthy();
  });

  it('the secretary always has her « à confier » section, and the office’s consultations to close', async () => {
    open(SECRETARY, dashboard({ toCloseScope: 'office' }));
    expect(within(await screen.findByRole('region', { name: 'À confier à une conseillère' })).getByText('Aucun lead en attente de conseillère.')).toBeTruthy();
    expect(within(section('Consultations à clôturer (bureau)')).getByText('Toutes les consultations passées sont clôturées.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Nouveaux leads non attribués' })).toBeNull();
  });

  it('a manager sees the office’s appointments, new unassigned leads and the office’s counts', async () => {
    open(
      DIRECTOR,
      dashboard({
        appointmentsScope: 'office',
        toCloseScope: 'office',
        newUnassigned: [],
        officeByStatus: emptyCounts(),
      }),
    );
    await screen.findByRole('region', { name: 'Mes rappels dus' });
    expect(sectionNames()).toEqual([
      'Mes rappels dus',
      'Rendez-vous du bureau aujourd’hui',
      'Consultations à clôturer (bureau)',
      'Rendez-vous du bureau demain',
      'À confier à une conseillère',
      'Mes leads par statut',
      'Nouveaux leads non attribués',
      'Le bureau par statut',
    ]);
    expect(within(section('Nouveaux leads non attribués')).getByText('Tous les nouveaux leads sont attribués.')).toBeTruthy();
    expect(within(section('Le bureau par statut')).getByText('Aucun lead pour l’instant.')).toBeTruthy();
  });
});

describe('Ma journée: the lists', () => {
  it('shows each callback with its lead’s name (or the task’s title), and counts them', async () => {
    const callbacks = [
      task({ id: uid(601), ownerId: MARIE.id, kind: 'callback', leadId: leads[1]!.id, title: 'Rappeler' }),
      task({ id: uid(602), ownerId: MARIE.id, title: 'Envoyer la liste des documents' }),
    ];
    open(MARIE, dashboard({ callbacksDue: callbacks }));
    const box = await screen.findByRole('region', { name: 'Mes rappels dus' });
    expect(await within(box).findByRole('button', { name: 'Chloé Roy' })).toBeTruthy();
    expect(within(box).getByText('Envoyer la liste des documents')).toBeTruthy();
    expect(within(box).getByText('2')).toBeTruthy();
    expect(within(box).queryByText('Aucun rappel dû. Bon travail !')).toBeNull();
    // Her own open tasks: she may mark them done from here.
    expect(within(box).getByRole('button', { name: /^Marquer comme fait.*Envoyer la liste des documents$/ })).toBeTruthy();
  });

  it('shows today’s and tomorrow’s appointments with their lead, kind and host', async () => {
    open(
      MARIE,
      dashboard({
        appointmentsToday: [appointment({ id: uid(701), leadId: leads[0]!.id, hostId: MARIE.id, kind: 'video' })],
        appointmentsTomorrow: [appointment({ id: uid(702), leadId: leads[1]!.id, hostId: JULIE.id, kind: 'in_person' })],
      }),
    );
    const today = await screen.findByRole('region', { name: 'Rendez-vous aujourd’hui' });
    expect(within(today).getByRole('button', { name: 'Prénom1 Nom1' })).toBeTruthy();
    expect(within(today).getByText(/· Marie$/)).toBeTruthy();
    const tomorrow = section('Rendez-vous demain');
    expect(within(tomorrow).getByRole('button', { name: 'Chloé Roy' })).toBeTruthy();
    expect(within(tomorrow).getByText(/· Julie$/)).toBeTruthy();
    expect(within(tomorrow).queryByText('Aucun rendez-vous demain.')).toBeNull();
  });

  it('names its rows from its own answer, without asking for each lead; a lead the answer lacks is « Lead introuvable »', async () => {
    const rows = [appointment({ id: uid(711), leadId: leads[0]!.id, hostId: MARIE.id }), appointment({ id: uid(712), leadId: uid(999), hostId: MARIE.id })];
    const { api } = open(MARIE, dashboard({ appointmentsToday: rows }));
    const today = await screen.findByRole('region', { name: 'Rendez-vous aujourd’hui' });
    expect(within(today).getByRole('button', { name: 'Prénom1 Nom1' })).toBeTruthy();
    expect(within(today).getByRole('button', { name: 'Lead introuvable' })).toBeTruthy();
    expect(api.callsTo('leads:get')).toEqual([]);
  });

  it('« Clôturer » opens the lead whose consultation is to close', async () => {
    open(MARIE, dashboard({ toClose: [appointment({ id: uid(801), leadId: leads[1]!.id, hostId: MARIE.id })] }));
    const box = await screen.findByRole('region', { name: 'Consultations à clôturer' });
    await userEvent.click(within(box).getByRole('button', { name: 'Clôturer' }));
    expect(routeNow()).toEqual({ name: 'lead', id: leads[1]!.id });
  });

  it('a lead row says its name (or « sans nom ») and its counselor (or « non attribué »), and opens the lead', async () => {
    open(SECRETARY, dashboard({ toDispatch: [listItem(leads[2]!), listItem({ ...leads[1]!, assigneeId: JULIE.id })] }));
    const box = await screen.findByRole('region', { name: 'À confier à une conseillère' });
    expect(within(box).getByText('Non attribué')).toBeTruthy();
    expect(within(box).getByText('Julie')).toBeTruthy();
    await userEvent.click(within(box).getByRole('button', { name: '(sans nom)' }));
    expect(routeNow()).toEqual({ name: 'lead', id: leads[2]!.id });
  });

  it('shows at most ten new unassigned leads, but counts them all', async () => {
    const many = Array.from({ length: 12 }, (_, i) => listItem(lead(100 + i)));
    open(ADMIN, dashboard({ appointmentsScope: 'office', newUnassigned: many, officeByStatus: emptyCounts() }));
    const box = await screen.findByRole('region', { name: 'Nouveaux leads non attribués' });
    expect(within(box).getByText('12')).toBeTruthy();
    expect(within(box).getAllByRole('row')).toHaveLength(10);
    expect(within(box).getByText('Prénom109 Nom109')).toBeTruthy();
    expect(within(box).queryByText('Prénom110 Nom110')).toBeNull();
  });

  it('says how many notifications are unread', async () => {
    open(MARIE, dashboard({ unreadNotifications: 3 }));
    expect(await screen.findByText('3 notifications non lues')).toBeTruthy();
  });
});

describe('Ma journée opens the lead list on what it counted', () => {
  it('« Voir dans la liste » opens my leads whose callback is due, and nothing else', async () => {
    open(MARIE, dashboard({ callbacksDue: [task({ id: uid(901), ownerId: MARIE.id, kind: 'callback', leadId: leads[0]!.id })] }));
    await userEvent.click(await screen.findByRole('button', { name: 'Voir dans la liste' }));
    expect(routeNow()).toEqual({ name: 'leads' });
    expect(getLeadsView()).toEqual({ filters: { ...EMPTY_FILTERS, assignee: 'me', callbackDue: true }, sort: DEFAULT_SORT, scrollTop: 0 });
  });

  it('a status of « mes leads » opens my leads in that status; shown statuses only', async () => {
    open(MARIE, dashboard({ myLeadsByStatus: { ...emptyCounts(), new: 3, qualified: 1 } }));
    const box = await screen.findByRole('region', { name: 'Mes leads par statut' });
    expect(within(box).queryByRole('button', { name: /^Contacté/ })).toBeNull();
    await userEvent.click(within(box).getByRole('button', { name: 'Qualifié\u00a0: 1' }));
    expect(routeNow()).toEqual({ name: 'leads' });
    expect(filtersNow()).toEqual({ ...EMPTY_FILTERS, assignee: 'me', statuses: ['qualified'] });
  });

  it('« Voir et répartir » opens the new unassigned leads', async () => {
    open(ADMIN, dashboard({ newUnassigned: [listItem(leads[0]!)], officeByStatus: emptyCounts() }));
    await userEvent.click(await screen.findByRole('button', { name: 'Voir et répartir' }));
    expect(routeNow()).toEqual({ name: 'leads' });
    expect(filtersNow()).toEqual({ ...EMPTY_FILTERS, assignee: 'unassigned', statuses: ['new'] });
  });

  it('a status of the office’s counts opens every lead in that status, whoever holds it', async () => {
    open(DIRECTOR, dashboard({ newUnassigned: [], officeByStatus: { ...emptyCounts(), to_recontact: 7 } }));
    const box = await screen.findByRole('region', { name: 'Le bureau par statut' });
    await userEvent.click(within(box).getByRole('button', { name: 'À recontacter\u00a0: 7' }));
    expect(routeNow()).toEqual({ name: 'leads' });
    expect(filtersNow()).toEqual({ ...EMPTY_FILTERS, statuses: ['to_recontact'] });
  });
});

describe('Ma journée while it loads, and when it cannot', () => {
  it('shows placeholders until the day arrives', async () => {
    open(MARIE, dashboard());
    expect(document.querySelectorAll('.mantine-Skeleton-root')).toHaveLength(4);
    expect(screen.queryByRole('region')).toBeNull();
    await screen.findByRole('region', { name: 'Mes rappels dus' });
    expect(document.querySelectorAll('.mantine-Skeleton-root')).toHaveLength(0);
  });

  it('says why the day could not be read, in French, and shows no empty lists as if all were done', async () => {
    renderScreen(<TodayScreen />, {
      as: MARIE,
      handlers: { 'dashboard:get': () => ({ ok: false, error: { code: 'unavailable', message: 'La base locale est indisponible.' } }) },
    });
    expect((await screen.findByRole('alert')).textContent).toBe('La base locale est indisponible.');
    expect(screen.queryByText('Aucun rappel dû. Bon travail !')).toBeNull();
    expect(document.querySelectorAll('.mantine-Skeleton-root')).toHaveLength(4);
  });

  it('follows a change made elsewhere (a "changed" event on tasks)', async () => {
    let current = dashboard();
    const { api } = renderScreen(<TodayScreen />, { as: MARIE, handlers: { 'dashboard:get': () => current } });
    await screen.findByText('Aucun rappel dû. Bon travail !');
    current = dashboard({ callbacksDue: [task({ id: uid(950), ownerId: MARIE.id, title: 'Relancer' })] });
    api.emit({ type: 'changed', tables: ['tasks'] });
    await waitFor(() => expect(within(section('Mes rappels dus')).getByText('Relancer')).toBeTruthy());
  });
});
