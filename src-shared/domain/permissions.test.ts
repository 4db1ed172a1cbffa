import { describe, expect, it } from 'vitest';
import type { Actor } from './mutations/types';
import { SYSTEM_ACTOR } from './mutations/types';
import type { Action, PermissionTarget } from './permissions';
import { ACTIONS, can, permissionMessage, refuseUnless } from './permissions';
import type { Role } from './roles';
import { ROLE_LABELS, ROLES } from './roles';

// permissions.md, held here as data, one row per action and one column per role:
//   yes / no          whatever the target
//   own               the lead is assigned to the user
//   own-appointment   the user hosts the appointment
//   own-to-counselor  her own lead, and only to a counselor
//   own-or-booked     her own lead, or an appointment she booked
type Cell = 'yes' | 'no' | 'own' | 'own-appointment' | 'own-to-counselor' | 'own-or-booked';

// prettier-ignore
const TABLE: Record<Action, Record<Role, Cell>> = {
  //                     admin                director             counselor                secretary
  'lead.create':         { admin: 'yes', director: 'yes', counselor: 'yes',             secretary: 'yes' },
  'lead.import':         { admin: 'yes', director: 'yes', counselor: 'no',              secretary: 'no' },
  'importBatch.revert':  { admin: 'yes', director: 'yes', counselor: 'no',              secretary: 'no' },
  'lead.edit':           { admin: 'yes', director: 'yes', counselor: 'own',             secretary: 'own' },
  'lead.assign':         { admin: 'yes', director: 'yes', counselor: 'no',              secretary: 'own-to-counselor' },
  'lead.contact':        { admin: 'yes', director: 'yes', counselor: 'own',             secretary: 'own' },
  'lead.force':          { admin: 'yes', director: 'yes', counselor: 'no',              secretary: 'no' },
  'appointment.manage':  { admin: 'yes', director: 'yes', counselor: 'own',             secretary: 'yes' },
  'appointment.close':   { admin: 'yes', director: 'yes', counselor: 'own-appointment', secretary: 'own-appointment' },
  'lead.evaluate':       { admin: 'yes', director: 'yes', counselor: 'own',             secretary: 'own' },
  'lead.convert':        { admin: 'yes', director: 'yes', counselor: 'own',             secretary: 'no' },
  'client.own':          { admin: 'no',  director: 'no',  counselor: 'yes',             secretary: 'no' },
  'sms.send':            { admin: 'yes', director: 'yes', counselor: 'own',             secretary: 'own-or-booked' },
  'read':                { admin: 'yes', director: 'yes', counselor: 'yes',             secretary: 'yes' },
  'dashboard.office':    { admin: 'yes', director: 'yes', counselor: 'no',              secretary: 'no' },
  'export':              { admin: 'yes', director: 'yes', counselor: 'no',              secretary: 'no' },
  'users.manage':        { admin: 'yes', director: 'no',  counselor: 'no',              secretary: 'no' },
  'procedures.manage':   { admin: 'yes', director: 'yes', counselor: 'no',              secretary: 'no' },
  'smsTemplates.manage': { admin: 'yes', director: 'yes', counselor: 'no',              secretary: 'no' },
  'settings.manage':     { admin: 'yes', director: 'no',  counselor: 'no',              secretary: 'no' },
  'lead.archive':        { admin: 'yes', director: 'no',  counselor: 'no',              secretary: 'no' },
  'accessLog.read':      { admin: 'yes', director: 'no',  counselor: 'no',              secretary: 'no' },
  'incidents.manage':    { admin: 'yes', director: 'no',  counselor: 'no',              secretary: 'no' },
};

const ME = 'user-me';
const OTHER = 'user-other';
const actorOf = (role: Role): Actor => ({ id: ME, role });
const counselor = { id: 'user-counselor', role: 'counselor' as const };

// Each "not own" target holds the *other* kind of ownership, so that a rule looking at the
// wrong field (appointment instead of lead, host instead of booker) is caught.
const OWN_LEAD: PermissionTarget = {
  lead: { assigneeId: ME },
  appointment: { hostId: OTHER, bookedById: OTHER },
  assignee: counselor,
};
const OTHERS_LEAD: PermissionTarget = {
  lead: { assigneeId: OTHER },
  appointment: { hostId: ME, bookedById: ME },
  assignee: counselor,
};
const UNASSIGNED_LEAD: PermissionTarget = {
  lead: { assigneeId: null },
  appointment: { hostId: ME, bookedById: ME },
  assignee: counselor,
};
const HOSTED: PermissionTarget = {
  lead: { assigneeId: OTHER },
  appointment: { hostId: ME, bookedById: OTHER },
};
const NOT_HOSTED: PermissionTarget = {
  lead: { assigneeId: ME },
  appointment: { hostId: OTHER, bookedById: ME },
};

interface Case {
  readonly name: string;
  readonly target: PermissionTarget | undefined;
  readonly expected: boolean;
}

/** The targets that tell a cell apart, and what the table says for each. */
function casesFor(cell: Cell): Case[] {
  const everyTarget = (expected: boolean): Case[] =>
    [
      ['own lead', OWN_LEAD],
      ["someone else's lead", OTHERS_LEAD],
      ['unassigned lead', UNASSIGNED_LEAD],
      ['hosted appointment', HOSTED],
      ['no target', undefined],
    ].map(([name, target]) => ({ name: name as string, target: target as PermissionTarget | undefined, expected }));
  switch (cell) {
    case 'yes':
      return everyTarget(true);
    case 'no':
      return everyTarget(false);
    case 'own':
      return [
        { name: 'own lead', target: OWN_LEAD, expected: true },
        { name: "someone else's lead", target: OTHERS_LEAD, expected: false },
        { name: 'unassigned lead', target: UNASSIGNED_LEAD, expected: false },
        { name: 'no target', target: undefined, expected: false },
        { name: 'an appointment but no lead', target: { appointment: { hostId: ME, bookedById: ME } }, expected: false },
      ];
    case 'own-appointment':
      return [
        { name: 'hosted appointment', target: HOSTED, expected: true },
        { name: 'appointment hosted by another, on her own lead', target: NOT_HOSTED, expected: false },
        { name: 'no target', target: undefined, expected: false },
        { name: 'a lead but no appointment', target: { lead: { assigneeId: ME } }, expected: false },
      ];
    case 'own-to-counselor':
      return [
        { name: 'own lead to a counselor', target: OWN_LEAD, expected: true },
        { name: 'own lead, assignee not said yet', target: { lead: { assigneeId: ME } }, expected: true },
        ...ROLES.filter((r) => r !== 'counselor').map((role) => ({
          name: `own lead to a ${role}`,
          target: { lead: { assigneeId: ME }, assignee: { id: `user-${role}`, role } },
          expected: false,
        })),
        { name: "someone else's lead to a counselor", target: OTHERS_LEAD, expected: false },
        { name: 'unassigned lead to a counselor', target: UNASSIGNED_LEAD, expected: false },
        { name: 'no target', target: undefined, expected: false },
        { name: 'only an assignee', target: { assignee: counselor }, expected: false },
      ];
    case 'own-or-booked':
      return [
        { name: 'own lead', target: OWN_LEAD, expected: true },
        { name: 'own lead, no appointment', target: { lead: { assigneeId: ME } }, expected: true },
        {
          name: "someone else's lead, appointment she booked",
          target: { lead: { assigneeId: OTHER }, appointment: { hostId: OTHER, bookedById: ME } },
          expected: true,
        },
        { name: 'appointment she booked, no lead', target: { appointment: { hostId: OTHER, bookedById: ME } }, expected: true },
        { name: "someone else's lead, appointment she hosts but did not book", target: HOSTED, expected: false },
        { name: 'unassigned lead, booked by another', target: { lead: { assigneeId: null }, appointment: { hostId: OTHER, bookedById: OTHER } }, expected: false },
        { name: 'no target', target: undefined, expected: false },
      ];
  }
}

const CELLS = ACTIONS.flatMap((action) =>
  ROLES.flatMap((role) => casesFor(TABLE[action][role]).map((c) => ({ action, role, cell: TABLE[action][role], ...c }))),
);

describe('the table of permissions.md', () => {
  it('has exactly one action per row of the table', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(TABLE).sort());
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
  });

  it.each(CELLS)('$role · $action ($cell) · $name → $expected', ({ action, role, target, expected }) => {
    const actor = actorOf(role);
    expect(can(actor, action, target)).toBe(expected);
    const refusal = refuseUnless(actor, action, target);
    if (expected) {
      expect(refusal).toBeNull();
    } else {
      expect(refusal).toEqual({ code: 'forbidden', message: permissionMessage(actor, action, target) });
    }
  });
});

describe('refusal messages', () => {
  const refused = CELLS.filter((c) => !c.expected);
  const frenchRoleWords = (roles: readonly Role[]) => roles.map((r) => ROLE_LABELS[r].fr.toLowerCase());

  it.each(refused)('$role · $action · $name: plain French naming who may', ({ action, role, target }) => {
    const message = permissionMessage(actorOf(role), action, target);
    expect(message.trim().length).toBeGreaterThan(20);
    expect(message).toMatch(/\.$/);
    // No codes: neither an action id (lead.edit, …) nor a role code shows through.
    expect(message).not.toMatch(/[a-z]\.[a-z]/i);
    expect(message).not.toMatch(/\b(admin|director|counselor|secretary|forbidden|undefined|null)\b/);
    // Names the rule: at least one role that the table lets do it, in French.
    const allowed = ROLES.filter((r) => TABLE[action][r] !== 'no');
    expect(frenchRoleWords(allowed).some((w) => message.toLowerCase().includes(w))).toBe(true);
  });

  it('says the rule in the words users read', () => {
    expect(permissionMessage(actorOf('counselor'), 'lead.edit', OTHERS_LEAD)).toBe(
      'Une conseillère ne peut modifier que les leads qui lui sont attribués.',
    );
    expect(permissionMessage(actorOf('secretary'), 'lead.import')).toBe(
      "Seuls l'administrateur et le directeur peuvent importer un fichier Excel.",
    );
    expect(
      permissionMessage(actorOf('secretary'), 'lead.assign', {
        lead: { assigneeId: ME },
        assignee: { id: 'user-admin', role: 'admin' },
      }),
    ).toBe("La secrétaire ne peut attribuer ses leads qu'à une conseillère.");
    expect(permissionMessage(actorOf('secretary'), 'lead.convert', OWN_LEAD)).toBe(
      'La secrétaire ne peut pas convertir un lead en client : une conseillère doit en être propriétaire.',
    );
  });

  it("tells a secretary assigning someone else's lead that only her own leads are hers to hand on", () => {
    const message = permissionMessage(actorOf('secretary'), 'lead.assign', OTHERS_LEAD);
    expect(message).toMatch(/secrétaire/);
    expect(message).toMatch(/lui sont attribués/);
    expect(message).toMatch(/conseillère/);
  });

  it('names the role asking where the rule differs by role', () => {
    expect(permissionMessage(actorOf('secretary'), 'lead.edit', OTHERS_LEAD)).toMatch(/^La secrétaire /);
    expect(permissionMessage(actorOf('counselor'), 'lead.evaluate', OTHERS_LEAD)).toMatch(/^Une conseillère /);
    expect(permissionMessage(actorOf('secretary'), 'sms.send', OTHERS_LEAD)).toMatch(/qu'elle a pris/);
    expect(permissionMessage(actorOf('secretary'), 'client.own')).toMatch(/jamais/);
    expect(permissionMessage(actorOf('admin'), 'client.own')).toMatch(/conseillère/);
  });
});

describe('the server acting on its own', () => {
  it.each(ACTIONS.filter((a) => a !== 'client.own'))('may %s, with or without a target', (action) => {
    expect(can(SYSTEM_ACTOR, action)).toBe(true);
    expect(can(SYSTEM_ACTOR, action, OTHERS_LEAD)).toBe(true);
    expect(refuseUnless(SYSTEM_ACTOR, action)).toBeNull();
  });

  it('never owns a client', () => {
    expect(can(SYSTEM_ACTOR, 'client.own')).toBe(false);
    const refusal = refuseUnless(SYSTEM_ACTOR, 'client.own');
    expect(refusal?.code).toBe('forbidden');
    expect(refusal?.message).toMatch(/conseillère/);
  });
});
