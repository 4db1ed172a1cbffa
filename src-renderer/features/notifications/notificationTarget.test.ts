import { describe, expect, it } from 'vitest';
import type { Notification } from '~shared/domain/entities';
import { createI18n } from '../../lib/i18n';
import { namesWithMore, notificationTarget } from './notificationText';

// Issue 15, point 6: « 3 leads vous ont été attribués » named none of them and a click only marked
// it read. A grouped notification opens its leads; its text names the first few and a count.

const t = createI18n('fr-CA').t;
const LEAD = (n: number) => `0192f6a0-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`;

function notification(patch: Partial<Notification>): Notification {
  return {
    id: '0192f6a0-0000-7000-8000-0000000000a1',
    version: 1,
    deletedAt: null,
    createdAt: '2026-03-07T14:00:00.000Z',
    userId: '0192f6a0-0000-7000-8000-000000000001',
    kind: 'leads_assigned',
    leadId: null,
    count: 1,
    groupKey: null,
    payload: {},
    readAt: null,
    ...patch,
  };
}

describe('what a click on a notification opens', () => {
  it('opens the leads of a grouped assignment, and the one lead of a single one', () => {
    const ids = [LEAD(1), LEAD(2), LEAD(3)];
    expect(notificationTarget(notification({ count: 3, payload: { leadIds: ids } }))).toEqual({ kind: 'leads', ids });
    expect(notificationTarget(notification({ count: 1, leadId: LEAD(4), payload: { leadIds: [LEAD(4)] } }))).toEqual({ kind: 'lead', id: LEAD(4) });
  });

  it('opens an import’s batch', () => {
    const batch = '0192f6a0-0000-7000-8000-0000000000b1';
    expect(notificationTarget(notification({ kind: 'leads_imported', count: 40, payload: { importBatchId: batch, fileName: 'salon.xlsx' } }))).toEqual({
      kind: 'batch',
      importBatchId: batch,
      fileName: 'salon.xlsx',
    });
  });

  it('opens nothing when the notification names nothing (and ignores a malformed payload)', () => {
    expect(notificationTarget(notification({ count: 2, payload: { leadIds: 'pas une liste' } }))).toBeNull();
    expect(notificationTarget(notification({ count: 2, payload: { leadIds: [42] } }))).toBeNull();
  });
});

describe('the names of a grouped notification', () => {
  it('names the first few and counts the rest', () => {
    expect(namesWithMore(['Inès Parcours', 'Marc Roy', 'Lina Diallo'], 5, t)).toBe('Inès Parcours, Marc Roy, Lina Diallo et 2 autres');
    expect(namesWithMore(['Inès Parcours', 'Marc Roy', 'Lina Diallo'], 4, t)).toBe('Inès Parcours, Marc Roy, Lina Diallo et 1 autre');
    expect(namesWithMore(['Inès Parcours', 'Marc Roy'], 2, t)).toBe('Inès Parcours, Marc Roy');
  });
});
