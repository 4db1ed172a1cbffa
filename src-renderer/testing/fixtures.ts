import type { Dashboard, LeadListItem, LeadSheet, SessionUser } from '~shared/contract/ipc';
import type { Lead, Settings, User } from '~shared/domain/entities';
import type { Role } from '~shared/domain/roles';
import type { LeadStatus } from '~shared/domain/statuses';
import { lead as leadRow, settings, user as userRow } from '~shared/testing/builders';

// Rows as the contract carries them, for component tests, made by the shared builders. Ids are
// fixed UUIDs numbered by the test, so that failures read the same from run to run.

const T0 = '2026-03-02T14:00:00.000Z';
export const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function user(n: number, role: Role, name: string): User {
  return userRow(name, role, { id: uid(n), createdAt: T0, updatedAt: T0 });
}

export const ADMIN = user(1, 'admin', 'Alain');
export const DIRECTOR = user(2, 'director', 'Diane');
export const MARIE = user(3, 'counselor', 'Marie');
export const JULIE = user(4, 'counselor', 'Julie');
export const SOPHIE = user(5, 'counselor', 'Sophie');
export const SECRETARY = user(6, 'secretary', 'Sarah');
export const USERS = [ADMIN, DIRECTOR, MARIE, JULIE, SOPHIE, SECRETARY];

export function sessionUser(u: User): SessionUser {
  return { id: u.id, name: u.name, email: u.email, role: u.role };
}

export const SETTINGS: Settings = settings({
  createdAt: T0,
  updatedAt: T0,
  address: '1 rue Principale, Montréal',
  phone: null,
});

export function lead(n: number, patch: Partial<Lead> = {}): Lead {
  return leadRow({
    id: uid(1000 + n),
    createdAt: T0,
    updatedAt: T0,
    statusChangedAt: T0,
    firstName: `Prénom${n}`,
    lastName: `Nom${n}`,
    email: `lead${n}@exemple.ca`,
    city: null,
    country: null,
    consent: true,
    createdById: null,
    ...patch,
  });
}

export function listItem(l: Lead): LeadListItem {
  return {
    id: l.id,
    firstName: l.firstName,
    lastName: l.lastName,
    email: l.email,
    phoneE164: l.phoneE164,
    phoneRaw: l.phoneRaw,
    status: l.status,
    assigneeId: l.assigneeId,
    source: l.source,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
    callbackAt: l.callbackAt,
    nextAppointmentAt: null,
    duplicateOfId: l.duplicateOfId,
    pending: false,
  };
}

export function sheetOf(l: Lead, patch: Partial<LeadSheet> = {}): LeadSheet {
  return {
    lead: l,
    history: [],
    contactAttempts: [],
    appointments: [],
    tasks: [],
    evaluations: [],
    client: null,
    payments: [],
    smsMessages: [],
    duplicateOf: null,
    ...patch,
  };
}

export function emptyCounts(): Record<LeadStatus, number> {
  return {
    new: 0,
    contacted: 0,
    to_recontact: 0,
    appointment_booked: 0,
    consultation_done: 0,
    consultation_missed: 0,
    qualified: 0,
    not_qualified: 0,
    not_interested: 0,
    client: 0,
  };
}

/** Ma journée of a counselor with nothing to do; `patch` adds what a test is about. */
export function emptyDashboard(patch: Partial<Dashboard> = {}): Dashboard {
  return {
    callbacksDue: [],
    appointmentsScope: 'mine',
    appointmentsToday: [],
    appointmentsTomorrow: [],
    toCloseScope: 'mine',
    toClose: [],
    leads: [],
    toDispatch: [],
    unreadNotifications: 0,
    myLeadsByStatus: emptyCounts(),
    newUnassigned: null,
    officeByStatus: null,
    ...patch,
  };
}
