import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Grid, Group, Modal, Paper, Select, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { SmsTemplate } from '~shared/domain/entities';
import { SMS_PLACEHOLDERS } from '~shared/domain/sms';
import { renderSmsForLead } from '~shared/domain/sms-render';
import type { OfficeLocale } from '~shared/domain/office-time';
import { newId } from '~shared/ids';
import { useQuery } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { useOffice } from '../../app/office';
import type { Redo } from '../../app/router';
import { useCatalogueForm } from './useCatalogueForm';
import { DialogFooter } from '../../components/DialogFooter';
import { Empty } from '../../components/Empty';
import { IconPlus } from '../../components/icons';
import { RecordTable, RowAction } from '../../components/RecordTable';
import { ActiveBadge } from '../../components/StateBadge';
import { fullName } from '../../components/LeadName';
import { SegmentCount } from '../sms/SegmentCount';

// Administration → « Modèles SMS » (issue 11, point 3; permissions.md: admins and directors):
// the texts in French and English with domain.md's placeholders, a live preview filled in for a
// real lead (its next appointment, its counselor) and each text's segment count.

interface TemplateForm {
  id: string;
  key: string;
  name: string;
  bodyFr: string;
  bodyEn: string;
  active: boolean;
}

function formFrom(args: unknown): TemplateForm {
  const a = (args ?? {}) as Record<string, unknown>;
  const str = (key: string) => (typeof a[key] === 'string' ? (a[key] as string) : '');
  return { id: str('id') || newId(), key: str('key'), name: str('name'), bodyFr: str('bodyFr'), bodyEn: str('bodyEn'), active: typeof a.active === 'boolean' ? a.active : true };
}

const PLACEHOLDER_LIST = SMS_PLACEHOLDERS.map((p) => `{${p}}`).join(', ');

export function SmsTemplatesPanel({ redo }: { redo?: Redo | undefined }) {
  const { t } = useTranslation();
  const list = useQuery('smsTemplates:list', {}, { tables: ['sms_templates'] });
  const templates = list.data ?? [];
  const { form, setForm, errors, failure, running, save } = useCatalogueForm('smsTemplate.upsert', redo, formFrom, (f) => {
    const missing: Record<string, string> = {};
    for (const field of ['name', 'key', 'bodyFr', 'bodyEn'] as const) {
      if (!f[field].trim()) missing[field] = t(`admin.smsTemplates.errors.${field}`);
    }
    return missing;
  });

  const edit = (x: SmsTemplate) => setForm({ id: x.id, key: x.key, name: x.name, bodyFr: x.bodyFr, bodyEn: x.bodyEn, active: x.active });

  return (
    <>
      <Group justify="space-between" mb="md" align="flex-start" wrap="nowrap">
        <Text size="sm" c="dimmed" maw={720}>
          {t('admin.smsTemplates.explain', { placeholders: PLACEHOLDER_LIST })}
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setForm(formFrom({}))} style={{ flexShrink: 0 }}>
          {t('admin.smsTemplates.new')}
        </Button>
      </Group>
      {!list.loading && templates.length === 0 ? (
        <Empty title={t('admin.smsTemplates.empty')} description={t('admin.smsTemplates.emptyHint')} />
      ) : (
        <RecordTable
          rows={templates}
          rowKey={(x) => x.id}
          columns={[
            { header: t('admin.smsTemplates.name'), td: { fw: 500 }, cell: (x) => x.name },
            { header: t('admin.smsTemplates.key'), td: { ff: 'monospace', fz: 'sm' }, cell: (x) => x.key },
            {
              header: t('admin.smsTemplates.bodyFr'),
              cell: (x) => (
                <Text size="sm" lineClamp={2}>
                  {x.bodyFr}
                </Text>
              ),
            },
            { header: t('admin.smsTemplates.state'), cell: (x) => <ActiveBadge active={x.active} activeLabel={t('admin.smsTemplates.active')} inactiveLabel={t('admin.smsTemplates.inactive')} /> },
            { td: { ta: 'right' }, cell: (x) => <RowAction onClick={() => edit(x)}>{t('common.edit')}</RowAction> },
          ]}
        />
      )}
      <Modal
        opened={form !== null}
        onClose={() => setForm(null)}
        size="80rem"
        title={templates.some((x) => x.id === form?.id) ? t('admin.smsTemplates.edit') : t('admin.smsTemplates.new')}
      >
        {form && (
          <form onSubmit={save} noValidate data-testid="sms-template-editor">
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, md: 7 }}>
                <Stack gap="sm">
                  <Group grow align="flex-start">
                    <TextInput label={t('admin.smsTemplates.name')} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.name} data-autofocus />
                    <TextInput
                      label={t('admin.smsTemplates.key')}
                      description={t('admin.smsTemplates.keyHint')}
                      required
                      value={form.key}
                      onChange={(e) => setForm({ ...form, key: e.currentTarget.value })}
                      error={errors.key}
                      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                    />
                  </Group>
                  <BodyInput label={t('admin.smsTemplates.bodyFr')} value={form.bodyFr} error={errors.bodyFr} onChange={(bodyFr) => setForm({ ...form, bodyFr })} testId="template-fr" />
                  <BodyInput label={t('admin.smsTemplates.bodyEn')} value={form.bodyEn} error={errors.bodyEn} onChange={(bodyEn) => setForm({ ...form, bodyEn })} testId="template-en" />
                  <Switch label={t('admin.smsTemplates.activeLabel')} checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Preview template={form} />
              </Grid.Col>
            </Grid>
            <Stack gap="sm" mt="md">
              <DialogFooter error={failure} onCancel={() => setForm(null)} submitLabel={t('common.save')} loading={running} />
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}

/** One language's text, with buttons that insert a placeholder where the cursor is. */
function BodyInput({ label, value, error, onChange, testId }: { label: string; value: string; error?: string | undefined; onChange: (v: string) => void; testId: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLTextAreaElement>(null);
  function insert(name: string) {
    const el = ref.current;
    const at = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? at;
    const next = `${value.slice(0, at)}{${name}}${value.slice(end)}`;
    onChange(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + name.length + 2, at + name.length + 2);
    });
  }
  return (
    <div>
      <Textarea ref={ref} label={label} required value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} autosize minRows={3} maxRows={8} maxLength={1600} data-testid={testId} />
      <Group gap={4} mt={4} justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap={4}>
          {SMS_PLACEHOLDERS.map((p) => (
            <Button key={p} variant="default" size="compact-xs" ff="monospace" onClick={() => insert(p)} aria-label={t('admin.smsTemplates.insert', { name: `{${p}}` })}>
              {`{${p}}`}
            </Button>
          ))}
        </Group>
      </Group>
      <SegmentCount text={value} testId={`${testId}-segments`} />
    </div>
  );
}

/** The template filled in for a lead chosen here, in both languages, as the lead would read it. */
function Preview({ template }: { template: TemplateForm }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { settings, usersById } = useOffice();
  const [search, setSearch] = useState('');
  const [leadId, setLeadId] = useState<string | null>(null);
  const found = useQuery('leads:list', { filters: search.trim() ? { search: search.trim() } : {}, sort: 'created_desc', limit: 20 }, { tables: ['leads'] });
  const sheet = useQuery('leads:get', { id: leadId ?? '' }, { tables: ['leads', 'appointments'], enabled: leadId !== null });
  // The first lead listed is previewed until someone picks another.
  useEffect(() => {
    if (leadId === null && found.data?.rows[0]) setLeadId(found.data.rows[0].id);
  }, [leadId, found.data]);

  const options = useMemo(() => {
    const rows = found.data?.rows ?? [];
    const data = rows.map((r) => ({ value: r.id, label: fullName(r) || t('common.unnamed') }));
    const current = sheet.data?.lead;
    if (current && !data.some((d) => d.value === current.id)) data.unshift({ value: current.id, label: fullName(current) || t('common.unnamed') });
    return data;
  }, [found.data, sheet.data, t]);

  const lead = sheet.data?.lead ?? null;
  const now = new Date().toISOString();
  const appointment =
    (sheet.data?.appointments ?? []).filter((a) => a.deletedAt === null && a.state === 'scheduled' && a.startsAt > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0] ?? null;
  const render = (language: OfficeLocale) =>
    lead && settings ? renderSmsForLead({ template, lead, appointment, host: usersById.get(appointment?.hostId ?? lead.assigneeId ?? ''), settings, language }) : null;

  return (
    <Card withBorder radius="md" padding="md" bg="gray.0" data-testid="sms-template-preview">
      <Title order={3} size="h5" mb="sm">
        {t('admin.smsTemplates.preview')}
      </Title>
      <Select
        label={t('admin.smsTemplates.previewLead')}
        placeholder={t('admin.smsTemplates.previewLeadHint')}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options: all }) => all}
        data={options}
        value={leadId}
        onChange={setLeadId}
        nothingFoundMessage={t('common.nothingFound')}
      />
      {!lead ? (
        <Text size="sm" c="dimmed" mt="sm">
          {t('admin.smsTemplates.previewNoLead')}
        </Text>
      ) : (
        <Stack gap="sm" mt="sm">
          <Text size="xs" c="dimmed">
            {appointment ? t('admin.smsTemplates.previewAppointment', { when: format.longDateTime(appointment.startsAt) }) : t('admin.smsTemplates.previewNoAppointment')}
          </Text>
          {(['fr', 'en'] as const).map((language) => {
            const rendered = render(language);
            if (!rendered) return null;
            return (
              <div key={language}>
                <Text size="xs" fw={600} tt="uppercase" c="dimmed">
                  {t(`language.${language}`)}
                </Text>
                <Paper withBorder radius="lg" p="sm" bg="white" style={{ whiteSpace: 'pre-wrap' }} data-testid={`preview-${language}`}>
                  <Text size="sm">{rendered.text}</Text>
                </Paper>
                <SegmentCount text={rendered.text} />
              </div>
            );
          })}
          {lead.smsOptOutAt !== null && (
            <Alert color="red" variant="light">
              {t('sms.optedOutTitle')}
            </Alert>
          )}
        </Stack>
      )}
    </Card>
  );
}
