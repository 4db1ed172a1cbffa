import type Database from 'better-sqlite3';
import { SETTINGS_ID, type Procedure, type Settings, type SmsTemplate, type User } from '~shared/domain/entities';
import { rowStore } from '../rows';
import { statement } from '../statements';

// The office's people and configuration: users, the procedure catalogue, SMS templates, settings.
// Archived rows leave; inactive users stay (history and assignments still name them).

export function listUsers(sqlite: Database.Database): User[] {
  return rowStore(sqlite).all('users', statement(sqlite, 'select * from users where deleted_at is null order by name collate nocase, id'));
}

/** Active procedures first, each group in the office's order (domain.md: the catalogue admins edit). */
export function listProcedures(sqlite: Database.Database): Procedure[] {
  return rowStore(sqlite).all(
    'procedures',
    statement(sqlite, 'select * from procedures where deleted_at is null order by active desc, sort_order, name_fr collate nocase, id'),
  );
}

export function listSmsTemplates(sqlite: Database.Database): SmsTemplate[] {
  return rowStore(sqlite).all(
    'sms_templates',
    statement(sqlite, 'select * from sms_templates where deleted_at is null order by active desc, name collate nocase, id'),
  );
}

/** The office's settings row; null before the first sync brought it. */
export function getSettings(sqlite: Database.Database): Settings | null {
  return rowStore(sqlite).get('settings', SETTINGS_ID);
}
