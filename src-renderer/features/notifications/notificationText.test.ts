import { describe, expect, it } from 'vitest';
import type { Notification } from '~shared/domain/entities';
import { formatOfficeDate, formatOfficeTime } from '~shared/domain/office-time';
import { createI18n } from '../../lib/i18n';
import { notificationTitle, type TitleContext } from './notificationText';

// Issue 15, point 5: an appointment booked for later the same day was announced « Rendez-vous
// demain ». The title names the day the appointment is on, on the office's clock.

const ZONE = 'America/Toronto';
const t = createI18n('fr-CA').t;

function reminder(startsAt: string, count = 1): Notification {
  return {
    id: '0192f6a0-0000-7000-8000-0000000000a1',
    version: 1,
    deletedAt: null,
    createdAt: '2026-03-07T14:00:00.000Z',
    userId: '0192f6a0-0000-7000-8000-000000000001',
    kind: 'appointment_reminder',
    leadId: '0192f6a0-0000-7000-8000-000000000002',
    count,
    groupKey: null,
    payload: { name: 'Inès Parcours', startsAt },
    readAt: null,
  } as Notification;
}

function at(now: string): TitleContext {
  return { now, timeZone: ZONE, longDate: (iso) => formatOfficeDate(iso, ZONE), time: (iso) => formatOfficeTime(iso, ZONE) };
}

describe('the title of an appointment reminder', () => {
  it('says today for an appointment later the same office day', () => {
    // 10:00 in Montréal, appointment at 15:00 the same day.
    expect(notificationTitle(reminder('2026-03-07T20:00:00.000Z'), t, at('2026-03-07T15:00:00.000Z'))).toBe('Rendez-vous aujourd’hui à 15 h 00');
  });

  it('says tomorrow for the next office day, even when UTC already says the day after', () => {
    // 20:00 on the 6th in Montréal is 01:00 UTC on the 7th; the appointment is the 7th at 09:30.
    expect(notificationTitle(reminder('2026-03-07T14:30:00.000Z'), t, at('2026-03-07T01:00:00.000Z'))).toBe('Rendez-vous demain à 9 h 30');
  });

  it('names the date otherwise, across the spring DST change', () => {
    expect(notificationTitle(reminder('2026-03-09T13:00:00.000Z'), t, at('2026-03-07T15:00:00.000Z'))).toBe(
      'Rendez-vous le lundi 9 mars 2026 à 9 h 00',
    );
  });

  it('keeps the count for a group, and the plain title without a start time', () => {
    expect(notificationTitle(reminder('2026-03-07T20:00:00.000Z', 3), t, at('2026-03-07T15:00:00.000Z'))).toBe('3 rappels de rendez-vous');
    const bare = { ...reminder('x'), payload: { name: 'Inès Parcours' } } as Notification;
    expect(notificationTitle(bare, t, at('2026-03-07T15:00:00.000Z'))).toBe('Rappel de rendez-vous');
  });
});

describe('the title of an undone import (issue 16)', () => {
  const base = { ...reminder('x'), leadId: null, count: 250 };
  it('rewrites the batch’s notification, and counts each counselor’s own leads', () => {
    const imported = { ...base, kind: 'leads_imported', payload: { fileName: 'salon.xlsx', revertedAt: '2026-03-07T15:00:00.000Z', removedCount: 240 } } as Notification;
    expect(notificationTitle(imported, t, at('2026-03-07T15:00:00.000Z'))).toBe('Import annulé\u00a0: 240 leads retirés');
    expect(notificationTitle({ ...imported, payload: { fileName: 'salon.xlsx' } }, t, at('2026-03-07T15:00:00.000Z'))).toBe('250 leads importés');
    const hers = { ...base, kind: 'import_reverted', count: 1, payload: {} } as Notification;
    expect(notificationTitle(hers, t, at('2026-03-07T15:00:00.000Z'))).toBe('Import annulé\u00a0: 1 de vos leads retiré');
  });
});
