import type { Actor, Refusal } from './mutations/types';
import type { Role } from './roles';

// The table of permissions.md, one action per row. The office server enforces it on every
// mutation; the desktop uses the same answers to hide or disable what a user may not do.
export const ACTIONS = [
  'lead.create',
  'lead.import',
  /** Undo an import batch: its untouched leads are removed. */
  'importBatch.revert',
  /** Edit a lead's contact details. */
  'lead.edit',
  /** Assign, reassign, distribute. */
  'lead.assign',
  /** Log a contact attempt, change status along the graph. */
  'lead.contact',
  /** Force a transition outside the graph, with a reason. */
  'lead.force',
  /** Create, move, cancel an appointment. */
  'appointment.manage',
  /** Mark a consultation done or missed. */
  'appointment.close',
  'lead.evaluate',
  'lead.convert',
  /** Be the owner of a client: asked about the actor as the would-be owner. */
  'client.own',
  'sms.send',
  'read',
  'dashboard.office',
  'export',
  'users.manage',
  'procedures.manage',
  'smsTemplates.manage',
  'settings.manage',
  /** Archive (soft-delete) or anonymise a lead on request. */
  'lead.archive',
  /** Read the access log: who opened which sheet, who exported what (issue 14, point 6). */
  'accessLog.read',
  /** Record and correct privacy incidents in the register Loi 25 requires (issue 14, point 6). */
  'incidents.manage',
] as const;

export type Action = (typeof ACTIONS)[number];

/** What the action is about, as far as "own" needs to know it. */
export interface PermissionTarget {
  lead?: { assigneeId: string | null };
  appointment?: { hostId: string; bookedById: string };
  /** Whom a lead is being assigned to (lead.assign). */
  assignee?: { id: string; role: Role };
}

type Check = (actor: Actor, target: PermissionTarget) => boolean;
type Cell = 'yes' | 'no' | Check;

// "own" in permissions.md: the lead is assigned to the user; for appointments, the user hosts it.
// A missing target never counts as own: the answer is then "no", never an exception.
const ownLead: Check = (actor, t) => t.lead !== undefined && t.lead.assigneeId === actor.id;
const hostsAppointment: Check = (actor, t) => t.appointment !== undefined && t.appointment.hostId === actor.id;
const bookedAppointment: Check = (actor, t) =>
  t.appointment !== undefined && t.appointment.bookedById === actor.id;
// A secretary hands her own leads to a counselor only (domain.md, "The secretary rule"). Without
// an assignee the question is whether she may assign that lead at all.
const secretaryAssigns: Check = (actor, t) =>
  ownLead(actor, t) && (t.assignee === undefined || t.assignee.role === 'counselor');

interface Rule {
  readonly cells: Readonly<Record<Role, Cell>>;
  /** The rule as the user reads it when refused; roles the table never refuses get the rule itself. */
  readonly message: (role: Actor['role'], actor: Actor, target: PermissionTarget) => string;
}

const MANAGERS = "Seuls l'administrateur et le directeur";
const ADMIN_ONLY = "Seul l'administrateur";

function managersOnly(what: string): Rule {
  return {
    cells: { admin: 'yes', director: 'yes', counselor: 'no', secretary: 'no' },
    message: () => `${MANAGERS} peuvent ${what}.`,
  };
}

function adminOnly(what: string): Rule {
  return {
    cells: { admin: 'yes', director: 'no', counselor: 'no', secretary: 'no' },
    message: () => `${ADMIN_ONLY} peut ${what}.`,
  };
}

/** "own" for counselor and secretary alike; `limited` completes « Une conseillère ne peut … ». */
function ownLeadsOnly(limited: string): Rule {
  return {
    cells: { admin: 'yes', director: 'yes', counselor: ownLead, secretary: ownLead },
    message: (role) => `${subject(role)} ne peut ${limited}.`,
  };
}

function subject(role: Actor['role']): string {
  switch (role) {
    case 'counselor':
      return 'Une conseillère';
    case 'secretary':
      return 'La secrétaire';
    default:
      return 'Une conseillère ou la secrétaire';
  }
}

const RULES: { readonly [A in Action]: Rule } = {
  'lead.create': {
    cells: { admin: 'yes', director: 'yes', counselor: 'yes', secretary: 'yes' },
    message: () => 'Tout membre du bureau peut créer un lead à la main.',
  },
  'lead.import': managersOnly('importer un fichier Excel'),
  'importBatch.revert': managersOnly('annuler un import'),
  'lead.edit': ownLeadsOnly('modifier que les leads qui lui sont attribués'),
  'lead.assign': {
    cells: { admin: 'yes', director: 'yes', counselor: 'no', secretary: secretaryAssigns },
    message: (role, actor, target) => {
      if (role === 'secretary' && ownLead(actor, target)) {
        return "La secrétaire ne peut attribuer ses leads qu'à une conseillère.";
      }
      if (role === 'secretary') {
        return 'La secrétaire ne peut attribuer que les leads qui lui sont attribués, et seulement à une conseillère.';
      }
      return `${MANAGERS} attribuent et distribuent les leads (la secrétaire, seulement les siens, à une conseillère).`;
    },
  },
  'lead.contact': ownLeadsOnly(
    'noter une tentative de contact ou changer le statut que pour les leads qui lui sont attribués',
  ),
  'lead.force': managersOnly('forcer un changement de statut hors du parcours prévu, avec un motif écrit'),
  'appointment.manage': {
    // The secretary keeps the office's calendar: any lead (permissions.md).
    cells: { admin: 'yes', director: 'yes', counselor: ownLead, secretary: 'yes' },
    message: () =>
      'Une conseillère ne peut créer, déplacer ou annuler un rendez-vous que pour les leads qui lui sont attribués.',
  },
  'appointment.close': {
    cells: { admin: 'yes', director: 'yes', counselor: hostsAppointment, secretary: hostsAppointment },
    message: (role) =>
      `${subject(role)} ne peut marquer une consultation effectuée ou manquée que pour les rendez-vous qu'elle tient elle-même.`,
  },
  'lead.evaluate': ownLeadsOnly('évaluer que les leads qui lui sont attribués'),
  'lead.convert': {
    cells: { admin: 'yes', director: 'yes', counselor: ownLead, secretary: 'no' },
    message: (role) =>
      role === 'secretary'
        ? 'La secrétaire ne peut pas convertir un lead en client : une conseillère doit en être propriétaire.'
        : 'Une conseillère ne peut convertir en client que les leads qui lui sont attribués.',
  },
  'client.own': {
    cells: { admin: 'no', director: 'no', counselor: 'yes', secretary: 'no' },
    message: (role) =>
      role === 'secretary'
        ? "La secrétaire ne peut jamais être propriétaire d'un client : seule une conseillère peut l'être."
        : "Seule une conseillère peut être propriétaire d'un client.",
  },
  'sms.send': {
    cells: {
      admin: 'yes',
      director: 'yes',
      counselor: ownLead,
      secretary: (actor, t) => ownLead(actor, t) || bookedAppointment(actor, t),
    },
    message: (role) =>
      role === 'secretary'
        ? "La secrétaire ne peut envoyer un SMS qu'aux leads qui lui sont attribués ou pour un rendez-vous qu'elle a pris."
        : "Une conseillère ne peut envoyer un SMS qu'aux leads qui lui sont attribués.",
  },
  read: {
    cells: { admin: 'yes', director: 'yes', counselor: 'yes', secretary: 'yes' },
    message: () => 'Tout membre du bureau peut consulter les leads, les rendez-vous et les clients.',
  },
  'dashboard.office': {
    cells: { admin: 'yes', director: 'yes', counselor: 'no', secretary: 'no' },
    message: (role) =>
      `${MANAGERS} voient le tableau de bord de tout le bureau : ${subject(role).toLowerCase()} voit ses propres chiffres.`,
  },
  export: managersOnly('exporter vers Excel'),
  'users.manage': adminOnly('gérer les utilisateurs'),
  'procedures.manage': managersOnly('modifier le catalogue des procédures'),
  'smsTemplates.manage': managersOnly('modifier les modèles de SMS'),
  'settings.manage': adminOnly('modifier les paramètres du bureau'),
  'lead.archive': adminOnly('archiver ou anonymiser un lead'),
  'accessLog.read': adminOnly('consulter le journal d’accès'),
  'incidents.manage': adminOnly('tenir le registre des incidents de confidentialité'),
};

export function can(actor: Actor, action: Action, target?: PermissionTarget): boolean {
  // The server acting on its own (web form, scheduler) is bound by no row of the table, but it
  // is no person and so never owns a client.
  if (actor.role === 'system') return action !== 'client.own';
  const cell = RULES[action].cells[actor.role];
  if (cell === 'yes' || cell === 'no') return cell === 'yes';
  return cell(actor, target ?? {});
}

/** The rule that refuses `action` to this actor, in plain French (fr-CA), as the user reads it. */
export function permissionMessage(actor: Actor, action: Action, target?: PermissionTarget): string {
  return RULES[action].message(actor.role, actor, target ?? {});
}

export function refuseUnless(actor: Actor, action: Action, target?: PermissionTarget): Refusal | null {
  return can(actor, action, target) ? null : { code: 'forbidden', message: permissionMessage(actor, action, target) };
}
