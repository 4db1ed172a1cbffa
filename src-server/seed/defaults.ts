import { count, eq } from 'drizzle-orm';
import { SETTINGS_ID, type Put, type Settings } from '~shared/domain/entities';
import { DEFAULT_REMINDER_MINUTE } from '~shared/domain/office-time';
import { derivedId } from '~shared/ids';
import type { ServerDb, ServerTx } from '../db/connection';
import { writePuts } from '../db/puts';
import { procedures, settings, smsTemplates } from '../db/schema';
import { DEFAULT_PROCEDURES } from './procedures';
import { DEFAULT_SMS_TEMPLATES } from './sms-templates';

// What a new office starts with (run at every server start, writing only what is absent): the
// settings row, the procedure catalogue and the SMS templates. "Absent" means the table never held
// a row: an office that deleted or edited them keeps its own. Ids are derived from the codes, so
// two server processes starting together on one PostgreSQL write the same rows.

export interface OfficeDefaults {
  officeName: string;
  address: string;
  phone: string | null;
  timeZone: string;
}

export const DEFAULT_OFFICE_NAME = 'Mon cabinet d’immigration';

export function procedureId(code: string): string {
  return derivedId('procedure', code);
}

export function smsTemplateId(key: string): string {
  return derivedId('sms_template', key);
}

/** Writes the missing defaults; returns the highest version written (null when nothing was). */
export async function seedDefaults(
  db: ServerDb,
  office: Pick<OfficeDefaults, 'timeZone'> & Partial<OfficeDefaults>,
  now: Date,
): Promise<number | null> {
  const { lastVersion } = await db.writeTransaction(async (tx, versions) => {
    const puts = await missingDefaults(tx, office, now.toISOString());
    if (puts.length > 0) await writePuts(tx, versions, puts);
  });
  return lastVersion;
}

async function missingDefaults(
  tx: ServerTx,
  office: Pick<OfficeDefaults, 'timeZone'> & Partial<OfficeDefaults>,
  at: string,
): Promise<Put[]> {
  const puts: Put[] = [];
  const stamp = { version: 0, deletedAt: null, createdAt: at, updatedAt: at };

  const [existingSettings] = await tx.select({ id: settings.id }).from(settings).where(eq(settings.id, SETTINGS_ID));
  if (existingSettings === undefined) {
    const row: Settings = {
      id: SETTINGS_ID,
      ...stamp,
      officeName: office.officeName ?? DEFAULT_OFFICE_NAME,
      address: office.address ?? '',
      phone: office.phone ?? null,
      timeZone: office.timeZone,
      reminderMinuteOfDay: DEFAULT_REMINDER_MINUTE,
      defaultLanguage: 'fr',
      smsProvider: 'none',
    };
    puts.push({ table: 'settings', row });
  }

  if ((await rowCount(tx, 'procedures')) === 0) {
    DEFAULT_PROCEDURES.forEach((procedure, index) =>
      puts.push({
        table: 'procedures',
        row: { id: procedureId(procedure.code), ...stamp, ...procedure, active: true, sortOrder: (index + 1) * 10 },
      }),
    );
  }

  if ((await rowCount(tx, 'sms_templates')) === 0) {
    for (const template of DEFAULT_SMS_TEMPLATES) {
      puts.push({ table: 'sms_templates', row: { id: smsTemplateId(template.key), ...stamp, ...template, active: true } });
    }
  }
  return puts;
}

async function rowCount(tx: ServerTx, table: 'procedures' | 'sms_templates'): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(table === 'procedures' ? procedures : smsTemplates);
  return row?.n ?? 0;
}
