import type { TFunction } from 'i18next';
import type { Notification } from '../../../src-shared/domain/entities';

/** Payload fields a notification may carry to name its lead (written by the mutators). */
function payloadText(payload: Record<string, unknown>, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = payload[key];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return null;
}

export function notificationTitle(n: Notification, t: TFunction): string {
  return t(`notifications.kind.${n.kind}`, { count: Math.max(1, n.count) });
}

export function notificationDetail(n: Notification): string | null {
  const name = payloadText(n.payload, 'leadName', 'name');
  if (name) return name;
  const first = payloadText(n.payload, 'firstName');
  const last = payloadText(n.payload, 'lastName');
  return [first, last].filter(Boolean).join(' ') || payloadText(n.payload, 'fileName');
}
