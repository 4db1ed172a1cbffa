import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Modal, Stack, Switch, Text, TextInput, Textarea, Timeline } from '@mantine/core';
import { incidentFieldsOf, type Incident, type IncidentFields, type IncidentVersion } from '~shared/contract/accountability';
import { useFormat } from '../../lib/useFormat';
import { DialogFooter } from '../../components/DialogFooter';
import { Empty } from '../../components/Empty';
import { IconPlus } from '../../components/icons';
import { RecordTable, RowAction } from '../../components/RecordTable';
import { StateBadge } from '../../components/StateBadge';
import { loadHistory, useIncidents } from './useIncidents';

/** The form's values: the dates as typed ('' for none yet). */
interface IncidentForm {
  id: string | null;
  version: number | null;
  occurredAt: string;
  discoveredAt: string;
  nature: string;
  peopleConcerned: string;
  measures: string;
  seriousRisk: boolean;
  caiNotifiedAt: string;
  peopleNotifiedAt: string;
  leadIds: string[];
}

const EMPTY: IncidentForm = { id: null, version: null, occurredAt: '', discoveredAt: '', nature: '', peopleConcerned: '', measures: '', seriousRisk: false, caiNotifiedAt: '', peopleNotifiedAt: '', leadIds: [] };

function formOf(incident: Incident): IncidentForm {
  const fields = incidentFieldsOf(incident);
  return { ...fields, id: incident.id, version: incident.version, caiNotifiedAt: fields.caiNotifiedAt ?? '', peopleNotifiedAt: fields.peopleNotifiedAt ?? '' };
}

/** What is sent: the contract checks it (French messages under each input), then the server again. */
function fieldsOf(form: IncidentForm): IncidentFields {
  return {
    occurredAt: form.occurredAt,
    discoveredAt: form.discoveredAt,
    nature: form.nature,
    peopleConcerned: form.peopleConcerned,
    leadIds: form.leadIds,
    measures: form.measures,
    seriousRisk: form.seriousRisk,
    caiNotifiedAt: form.caiNotifiedAt === '' ? null : form.caiNotifiedAt,
    peopleNotifiedAt: form.peopleNotifiedAt === '' ? null : form.peopleNotifiedAt,
  };
}

/**
 * Administration → Confidentialité → « Incidents de confidentialité » (Loi 25, s. 3.8; issue 14,
 * point 6): the office's register. An incident is corrected as it unfolds; every save is kept as a
 * version (its history), and none can be deleted.
 */
export function IncidentsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const register = useIncidents();
  const [form, setForm] = useState<IncidentForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [history, setHistory] = useState<{ incident: Incident; versions: IncidentVersion[] | string } | null>(null);
  /** A long text kept to two lines, so one incident does not fill the screen. */
  const clamped = (text: string) => (
    <Text size="sm" lineClamp={2}>
      {text}
    </Text>
  );
  const day = (date: string | null) => (date ? format.date(`${date}T12:00:00Z`) : '—');

  const open = (next: IncidentForm) => {
    setErrors({});
    setFailure(null);
    setForm(next);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    setSaving(true);
    const refused = await register.save({ ...(form.id ? { id: form.id, version: form.version ?? 1 } : {}), fields: fieldsOf(form) });
    setSaving(false);
    if (refused) {
      setErrors(refused.fields ?? {});
      setFailure(Object.keys(refused.fields ?? {}).length > 0 ? null : refused.message);
      return;
    }
    setForm(null);
  }

  const showHistory = async (incident: Incident) => setHistory({ incident, versions: await loadHistory(incident.id) });
  const input = (key: 'occurredAt' | 'discoveredAt' | 'caiNotifiedAt' | 'peopleNotifiedAt', required = false) =>
    form && (
      <TextInput
        type="date"
        label={t(`privacy.incidents.${key}`)}
        required={required}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
        error={errors[key]}
      />
    );

  return (
    <>
      <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap">
        <Text size="sm" c="dimmed" maw={760}>
          {t('privacy.incidents.explain')}
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => open(EMPTY)}>
          {t('privacy.incidents.new')}
        </Button>
      </Group>
      {register.error && (
        <Alert color="red" variant="light" mb="md">
          {register.error}
        </Alert>
      )}
      {!register.loading && !register.error && register.incidents.length === 0 ? (
        <Empty title={t('privacy.incidents.empty')} description={t('privacy.incidents.emptyHint')} />
      ) : (
        <RecordTable
          rows={register.incidents}
          rowKey={(incident) => incident.id}
          label={t('privacy.incidents.title')}
          columns={[
            { header: t('privacy.incidents.discoveredAt'), td: { style: { whiteSpace: 'nowrap' } }, cell: (incident) => day(incident.discoveredAt) },
            {
              header: t('privacy.incidents.nature'),
              td: { maw: 360 },
              cell: (incident) => (
                <>
                  {clamped(incident.nature)}
                  {incident.seriousRisk && (
                    <StateBadge color="red" mt={4}>
                      {t('privacy.incidents.seriousRiskBadge')}
                    </StateBadge>
                  )}
                </>
              ),
            },
            {
              header: t('privacy.incidents.peopleConcerned'),
              td: { maw: 240 },
              cell: (incident) => clamped(incident.peopleConcerned),
            },
            {
              header: t('privacy.incidents.notified'),
              td: { style: { whiteSpace: 'nowrap' } },
              cell: (incident) => (
                <>
                  <Text size="sm">{t('privacy.incidents.caiShort', { date: day(incident.caiNotifiedAt) })}</Text>
                  <Text size="sm">{t('privacy.incidents.peopleShort', { date: day(incident.peopleNotifiedAt) })}</Text>
                </>
              ),
            },
            {
              td: { ta: 'right', style: { whiteSpace: 'nowrap' } },
              cell: (incident) => (
                <>
                  <RowAction onClick={() => void showHistory(incident)}>{t('privacy.incidents.history', { count: incident.version })}</RowAction>
                  <RowAction onClick={() => open(formOf(incident))}>{t('common.edit')}</RowAction>
                </>
              ),
            },
          ]}
        />
      )}

      <Modal opened={form !== null} onClose={() => setForm(null)} title={form?.id ? t('privacy.incidents.edit') : t('privacy.incidents.new')} size="lg">
        {form && (
          <form onSubmit={save} noValidate>
            <Stack gap="sm">
              <Group grow>
                {input('occurredAt', true)}
                {input('discoveredAt', true)}
              </Group>
              <Textarea label={t('privacy.incidents.nature')} required autosize minRows={2} value={form.nature} onChange={(e) => setForm({ ...form, nature: e.currentTarget.value })} error={errors.nature} data-autofocus />
              <Textarea
                label={t('privacy.incidents.peopleConcerned')}
                description={t('privacy.incidents.peopleHint')}
                required
                autosize
                minRows={2}
                value={form.peopleConcerned}
                onChange={(e) => setForm({ ...form, peopleConcerned: e.currentTarget.value })}
                error={errors.peopleConcerned}
              />
              <Textarea label={t('privacy.incidents.measures')} autosize minRows={2} value={form.measures} onChange={(e) => setForm({ ...form, measures: e.currentTarget.value })} error={errors.measures} />
              <Switch label={t('privacy.incidents.seriousRisk')} description={t('privacy.incidents.seriousRiskHint')} checked={form.seriousRisk} onChange={(e) => setForm({ ...form, seriousRisk: e.currentTarget.checked })} />
              <Group grow>
                {input('caiNotifiedAt')}
                {input('peopleNotifiedAt')}
              </Group>
              {form.id && <Text size="xs" c="dimmed">{t('privacy.incidents.keepsHistory')}</Text>}
              <DialogFooter error={failure} onCancel={() => setForm(null)} submitLabel={form.id ? t('common.save') : t('privacy.incidents.create')} loading={saving} />
            </Stack>
          </form>
        )}
      </Modal>

      <Modal opened={history !== null} onClose={() => setHistory(null)} title={t('privacy.incidents.historyTitle')} size="lg">
        {history && typeof history.versions === 'string' && <Alert color="red">{history.versions}</Alert>}
        {history && typeof history.versions !== 'string' && (
          <Timeline active={history.versions.length - 1} bulletSize={14} lineWidth={2}>
            {history.versions.map((version) => (
              <Timeline.Item key={version.version} title={t('privacy.incidents.versionTitle', { version: version.version, at: format.dateTime(version.editedAt), name: version.editedByName ?? t('common.unknownUser') })}>
                <Text size="sm">{version.nature}</Text>
                <Text size="xs" c="dimmed">
                  {t('privacy.incidents.measures')}
                  {t('common.colon')}
                  {version.measures || '—'}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('privacy.incidents.caiShort', { date: day(version.caiNotifiedAt) })} · {t('privacy.incidents.peopleShort', { date: day(version.peopleNotifiedAt) })}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Modal>
    </>
  );
}
