import type { Actor } from '~shared/domain/mutations/types';
import { can } from '~shared/domain/permissions';
import type { AdminTab } from '../app/router';

// Screen-level questions answered by the shared permission table (permissions.md, `can`).

/** Bulk assign and distribute in the lead list: whoever may assign any lead (admins, directors). */
export function canAssignInBulk(actor: Actor): boolean {
  // A secretary may assign only her own leads, one hand-off at a time from the lead sheet; the
  // bulk tools act on any selection, so they are for those the table lets assign without "own".
  return can(actor, 'lead.assign', { lead: { assigneeId: null } });
}

const TAB_ACTION = { users: 'users.manage', procedures: 'procedures.manage', smsTemplates: 'smsTemplates.manage', settings: 'settings.manage', privacy: 'accessLog.read' } as const;

/** permissions.md, "manage users, procedures, SMS templates, office settings". */
export function canManage(actor: Actor, tab: AdminTab): boolean {
  return can(actor, TAB_ACTION[tab]);
}

/** Leads → Imports: for those who may undo an import (admins and directors). */
export function canSeeImports(actor: Actor): boolean {
  return can(actor, 'importBatch.revert');
}

/** Whether the Administration entry shows at all. */
export function canAdminister(actor: Actor): boolean {
  return (Object.keys(TAB_ACTION) as AdminTab[]).some((tab) => canManage(actor, tab));
}

/** permissions.md, "import an Excel file": the drop zone, the Leads screen's button, the wizard. */
export function canImport(actor: Actor): boolean {
  return can(actor, 'lead.import');
}
