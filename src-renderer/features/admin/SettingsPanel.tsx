import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Paper, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { isValidTimeZone } from '~shared/domain/office-time';
import type { Settings } from '~shared/domain/entities';
import { useMutation } from '../../lib/api';
import { runRedoable } from './runRedoable';
import { useOffice } from '../../app/office';
import type { Redo } from '../../app/router';

interface SettingsForm {
  officeName: string;
  address: string;
  phone: string;
  timeZone: string;
  reminder: string;
  defaultLanguage: 'fr' | 'en';
}

const pad = (n: number) => String(n).padStart(2, '0');
const toClock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
function toMinutes(clock: string): number | null {
  const m = /^(\d{1,2}):(\d{2})/.exec(clock);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes >= 0 && minutes < 1440 ? minutes : null;
}

function formOf(settings: Settings | null, redoArgs: unknown): SettingsForm {
  const a = (redoArgs ?? {}) as Record<string, unknown>;
  const s = (k: string, fallback: string) => (typeof a[k] === 'string' ? (a[k] as string) : fallback);
  return {
    officeName: s('officeName', settings?.officeName ?? ''),
    address: s('address', settings?.address ?? ''),
    phone: s('phone', settings?.phone ?? ''),
    timeZone: s('timeZone', settings?.timeZone ?? 'America/Toronto'),
    reminder: toClock(typeof a.reminderMinuteOfDay === 'number' ? a.reminderMinuteOfDay : (settings?.reminderMinuteOfDay ?? 540)),
    defaultLanguage: s('defaultLanguage', settings?.defaultLanguage ?? 'fr') === 'en' ? 'en' : 'fr',
  };
}

const ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['America/Toronto'];
  }
})();

/** The office's name, address, time zone and reminder hour (issue 5, admins only). */
export function SettingsPanel({ redo }: { redo?: Redo | undefined }) {
  const { t } = useTranslation();
  const { settings } = useOffice();
  const { run, running } = useMutation();
  const [form, setForm] = useState<SettingsForm>(() => formOf(settings, redo?.args));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  // Settings arrive after the first render (or change on another workstation): follow them
  // unless the user has started typing.
  const [touched, setTouched] = useState(redo !== undefined);
  useEffect(() => {
    if (!touched) setForm(formOf(settings, undefined));
  }, [settings, touched]);

  const set = <K extends keyof SettingsForm>(k: K, v: SettingsForm[K]) => {
    setTouched(true);
    setSaved(false);
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: '' }));
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!form.officeName.trim()) found.officeName = t('admin.settings.errors.officeName');
    if (!isValidTimeZone(form.timeZone)) found.timeZone = t('admin.settings.errors.timeZone');
    const reminder = toMinutes(form.reminder);
    if (reminder === null) found.reminder = t('admin.settings.errors.reminder');
    setErrors(found);
    if (Object.keys(found).length || reminder === null) return;
    const args = {
      officeName: form.officeName,
      address: form.address,
      phone: form.phone,
      timeZone: form.timeZone,
      reminderMinuteOfDay: reminder,
      defaultLanguage: form.defaultLanguage,
    };
    const queued = await runRedoable(run, 'settings.update', args, redo, (error) => {
      setErrors(error.fields ?? {});
      setFailure(error.message);
    });
    if (!queued) return;
    setFailure(null);
    setSaved(true);
    setTouched(false);
  }

  return (
    <Paper withBorder radius="md" p="lg" maw={720}>
      <form onSubmit={save} noValidate>
        <Stack gap="md">
          {failure && (
            <Alert color="red" variant="light" role="alert">
              {failure}
            </Alert>
          )}
          {saved && (
            <Alert color="teal" variant="light" role="status">
              {t('admin.settings.saved')}
            </Alert>
          )}
          <TextInput label={t('admin.settings.officeName')} required value={form.officeName} onChange={(e) => set('officeName', e.currentTarget.value)} error={errors.officeName} />
          <Textarea label={t('admin.settings.address')} autosize minRows={2} value={form.address} onChange={(e) => set('address', e.currentTarget.value)} error={errors.address} />
          <TextInput label={t('admin.settings.phone')} type="tel" value={form.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={errors.phone} />
          <Group grow align="flex-start">
            <Select
              label={t('admin.settings.timeZone')}
              description={t('admin.settings.timeZoneHint')}
              data={ZONES}
              value={form.timeZone}
              onChange={(v) => v && set('timeZone', v)}
              searchable
              allowDeselect={false}
              error={errors.timeZone}
              limit={50}
            />
            <TimePicker
              label={t('admin.settings.reminder')}
              description={t('admin.settings.reminderHint')}
              format="24h"
              value={form.reminder}
              onChange={(v) => set('reminder', v)}
              error={errors.reminder}
              hoursInputLabel={t('admin.settings.hours')}
              minutesInputLabel={t('admin.settings.minutes')}
            />
          </Group>
          <Select
            label={t('admin.settings.defaultLanguage')}
            data={[
              { value: 'fr', label: t('language.fr') },
              { value: 'en', label: t('language.en') },
            ]}
            value={form.defaultLanguage}
            onChange={(v) => set('defaultLanguage', v === 'en' ? 'en' : 'fr')}
            allowDeselect={false}
            w={240}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={running}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
