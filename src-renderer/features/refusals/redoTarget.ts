import type { Refusal } from '~shared/contract/ipc';
import type { Route } from '../../app/router';

// Where "Refaire" takes a refused change: back to the form it came from, prefilled with what the
// user had entered (permissions.md: "the data the user had typed is kept so that nothing is lost").

export type RedoTarget =
  | { kind: 'route'; route: Route }
  /** Appointment changes name only the appointment: redone in a dialog on the refusal itself. */
  | { kind: 'appointment' }
  /** Nothing to fill in again (a batch of imported rows, a notification read): sent again as it was. */
  | { kind: 'resend' };

function str(args: unknown, key: string): string | null {
  const v = (args as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' ? v : null;
}

export function redoTarget(refusal: Refusal): RedoTarget {
  const redo = { name: refusal.name, args: refusal.args, refusalId: refusal.mutationId };
  switch (refusal.name) {
    case 'lead.create':
    case 'lead.assign':
      return { kind: 'route', route: { name: 'leads', redo } };
    case 'lead.update': {
      const id = str(refusal.args, 'id');
      return id ? { kind: 'route', route: { name: 'lead', id, redo } } : { kind: 'resend' };
    }
    case 'lead.logContact':
    case 'lead.setStatus':
    case 'lead.evaluate':
    case 'lead.convert':
    case 'appointment.book': {
      const id = str(refusal.args, 'leadId');
      return id ? { kind: 'route', route: { name: 'lead', id, redo } } : { kind: 'resend' };
    }
    case 'appointment.reschedule':
    case 'appointment.cancel':
    case 'appointment.close':
      return { kind: 'appointment' };
    case 'procedure.upsert':
      return { kind: 'route', route: { name: 'admin', tab: 'procedures', redo } };
    case 'settings.update':
      return { kind: 'route', route: { name: 'admin', tab: 'settings', redo } };
    case 'importBatch.revert':
      return { kind: 'route', route: { name: 'imports' } };
    case 'smsTemplate.upsert':
      return { kind: 'route', route: { name: 'admin', tab: 'smsTemplates', redo } };
    case 'lead.createMany':
    case 'task.create':
    case 'task.complete':
    case 'task.reschedule':
    case 'notification.markRead':
    case 'sms.send':
      return { kind: 'resend' };
  }
}
