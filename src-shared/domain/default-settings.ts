import { SETTINGS_ID, type Settings } from './entities';
import { DEFAULT_REMINDER_MINUTE, DEFAULT_TIME_ZONE } from './office-time';

// The settings every side uses until the office's settings row exists: the desktop before its
// first sync brought it, the server on a brand-new database before its defaults are written, the
// in-memory office of the tests and the seed. One definition, so a mutation run on either side
// before that row exists sees the same office. `version` 0 marks it as never written.

/** What users saw so far on the server before the office was named (the desktop showed ''). */
export const DEFAULT_SETTINGS_OFFICE_NAME = 'Bureau';

/** The defaults of domain.md ("Times") and docs/decisions.md; a fresh object each call. */
export function defaultSettings(): Settings {
  return {
    id: SETTINGS_ID,
    version: 0,
    deletedAt: null,
    createdAt: '1970-01-01T00:00:00.000Z',
    updatedAt: '1970-01-01T00:00:00.000Z',
    officeName: DEFAULT_SETTINGS_OFFICE_NAME,
    address: '',
    phone: null,
    timeZone: DEFAULT_TIME_ZONE,
    reminderMinuteOfDay: DEFAULT_REMINDER_MINUTE,
    defaultLanguage: 'fr',
    smsProvider: 'none',
  };
}
