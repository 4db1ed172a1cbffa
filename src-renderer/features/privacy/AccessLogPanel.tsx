import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Badge, Button, Group, Select, Text, TextInput } from '@mantine/core';
import { ACCESS_KINDS, type AccessKind, type AccessLogEntry } from '~shared/contract/accountability';
import { endOfOfficeDay, officeInstant } from '~shared/domain/office-time';
import { invoke } from '../../lib/api';
import { useOffice } from '../../app/office';
import { useRouter } from '../../app/router';
import { useExport } from '../../lib/useExport';
import { useFormat } from '../../lib/useFormat';
import { Empty } from '../../components/Empty';
import { RecordTable } from '../../components/RecordTable';
import { IconDownload } from '../../components/icons';
import { useAccessLog, type AccessLogFilters } from './useAccessLog';

/**
 * Administration → Confidentialité → « Journal d'accès » (issue 14, point 6): who opened which
 * sheet and who exported what, as the office server recorded it. Read-only: the log cannot be
 * changed by anyone, from here or elsewhere.
 */
export function AccessLogPanel() {
  const { t } = useTranslation();
  const { users, timeZone } = useOffice();
  const { navigate } = useRouter();
  const format = useFormat();
  const exporter = useExport();
  const [userId, setUserId] = useState<string | null>(null);
  const [kind, setKind] = useState<AccessKind | null>(null);
  const [lead, setLead] = useState<{ id: string; name: string } | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  // The period is the office's days, whatever this workstation's time zone.
  const filters: AccessLogFilters = {
    ...(userId ? { userId } : {}),
    ...(kind ? { kind } : {}),
    ...(lead ? { leadId: lead.id } : {}),
    ...(/^\d{4}-\d{2}-\d{2}$/.test(from) ? { from: officeInstant(from, 0, timeZone) } : {}),
    ...(/^\d{4}-\d{2}-\d{2}$/.test(to) ? { to: new Date(Date.parse(endOfOfficeDay(officeInstant(to, 0, timeZone), timeZone)) + 1).toISOString() } : {}),
  };
  const log = useAccessLog(filters);

  const what = (entry: AccessLogEntry) => (entry.detail ? `${t(`privacy.accessLog.kind.${entry.kind}`)} — ${entry.detail}` : t(`privacy.accessLog.kind.${entry.kind}`));
  const who = (entry: AccessLogEntry) => entry.userName ?? (entry.source === 'server' ? t('privacy.accessLog.server') : t('common.unknownUser'));

  const exportShown = () =>
    exporter.run(() =>
      invoke('export:table', {
        fileName: t('privacy.accessLog.fileName'),
        sheets: [
          {
            name: t('privacy.accessLog.title'),
            columns: [
              { header: t('privacy.accessLog.at'), kind: 'text' },
              { header: t('privacy.accessLog.user'), kind: 'text' },
              { header: t('privacy.accessLog.what'), kind: 'text' },
              { header: t('privacy.accessLog.lead'), kind: 'text' },
            ],
            rows: log.entries.map((entry) => [format.dateTime(entry.at), who(entry), what(entry), entry.leadName ?? entry.leadId]),
          },
        ],
      }),
    );

  return (
    <>
      <Text size="sm" c="dimmed" maw={760} mb="md">
        {t('privacy.accessLog.explain')}
      </Text>
      <Group align="flex-end" mb="md" gap="sm">
        <Select
          label={t('privacy.accessLog.user')}
          placeholder={t('privacy.accessLog.everyone')}
          data={[...users].sort((a, b) => a.name.localeCompare(b.name, 'fr-CA')).map((u) => ({ value: u.id, label: u.name }))}
          value={userId}
          onChange={setUserId}
          clearable
          searchable
          w={220}
        />
        <Select
          label={t('privacy.accessLog.what')}
          placeholder={t('privacy.accessLog.allKinds')}
          data={ACCESS_KINDS.map((k) => ({ value: k, label: t(`privacy.accessLog.kind.${k}`) }))}
          value={kind}
          onChange={(value) => setKind(value as AccessKind | null)}
          clearable
          w={220}
        />
        <TextInput type="date" label={t('privacy.accessLog.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={160} />
        <TextInput type="date" label={t('privacy.accessLog.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} w={160} />
        {lead && (
          <Badge size="lg" variant="light" radius="sm" tt="none" style={{ cursor: 'pointer' }} onClick={() => setLead(null)} title={t('privacy.accessLog.clearLead')}>
            {t('privacy.accessLog.onlyLead', { name: lead.name })} ×
          </Badge>
        )}
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => void exportShown()} loading={exporter.busy} disabled={log.entries.length === 0} ml="auto">
          {t('privacy.accessLog.export')}
        </Button>
      </Group>
      {log.error && (
        <Alert color="red" variant="light" mb="md">
          {log.error}
        </Alert>
      )}
      {!log.loading && !log.error && log.entries.length === 0 ? (
        <Empty title={t('privacy.accessLog.empty')} />
      ) : (
        <RecordTable
          dense
          rows={log.entries}
          rowKey={(entry) => entry.id}
          label={t('privacy.accessLog.title')}
          columns={[
            { header: t('privacy.accessLog.at'), td: { style: { whiteSpace: 'nowrap' } }, cell: (entry) => format.dateTime(entry.at) },
            { header: t('privacy.accessLog.user'), cell: who },
            { header: t('privacy.accessLog.what'), cell: what },
            {
              header: t('privacy.accessLog.lead'),
              cell: (entry) =>
                entry.leadId && (
                  <Group gap="xs" wrap="nowrap">
                    <Anchor component="button" type="button" size="sm" onClick={() => navigate({ name: 'lead', id: entry.leadId! })}>
                      {entry.leadName ?? t('common.unknownLead')}
                    </Anchor>
                    <Button variant="subtle" size="compact-xs" onClick={() => setLead({ id: entry.leadId!, name: entry.leadName ?? t('common.unknownLead') })}>
                      {t('privacy.accessLog.filterLead')}
                    </Button>
                  </Group>
                ),
            },
          ]}
        />
      )}
      {log.hasMore && (
        <Group justify="center" mt="md">
          <Button variant="default" onClick={() => void log.more()} loading={log.loading}>
            {t('privacy.accessLog.more')}
          </Button>
        </Group>
      )}
    </>
  );
}
