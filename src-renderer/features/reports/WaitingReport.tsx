import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '@mantine/hooks';
import { Anchor, Group, NumberInput, Text } from '@mantine/core';
import type { InstantRange } from '~shared/domain/report-period';
import { useRouter } from '../../app/router';
import { ReportState } from './ReportState';
import { ReportTable } from './ReportTable';
import { useReport } from './useReport';

// Leads waiting for a first contact for more than N days (issue 13): oldest first, each opening
// its lead's file. Not tied to the period: it is today's list.

export function WaitingReport({ range, canExport }: { range: InstantRange; canExport: boolean }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const [days, setDays] = useState(7);
  const [debounced] = useDebouncedValue(days, 300);
  const { data, loading, error } = useReport('waiting', range, debounced);
  const now = Date.now();
  return (
    <>
      <Group align="end" mb="md">
        <NumberInput label={t('reports.waitingDays')} value={days} min={1} max={365} w={280} onChange={(v) => typeof v === 'number' && v >= 1 && v <= 365 && setDays(v)} />
      </Group>
      <ReportState loading={loading} error={error} empty={data !== undefined && data.total === 0}>
        {data && (
          <>
            <Text fw={600} aria-live="polite">
              {t('reports.waitingTotal', { count: data.total })}
              {data.total > data.leads.length ? ` ${t('reports.waitingCapped', { shown: data.leads.length })}` : ''}
            </Text>
            <ReportTable
              title={t('reports.table.waiting')}
              canExport={canExport}
              columns={[
                {
                  header: t('reports.col.lead'),
                  kind: 'text',
                  render: (name, row) => (
                    <Anchor component="button" type="button" onClick={() => navigate({ name: 'lead', id: String(row[4]) })} aria-label={t('reports.open', { name })}>
                      {name}
                    </Anchor>
                  ),
                },
                { header: t('reports.col.created'), kind: 'dateTime' },
                { header: t('reports.col.waitingSince'), kind: 'count', render: (n) => t('reports.duration.days', { n }) },
                { header: t('reports.col.assignee'), kind: 'text' },
              ]}
              rows={data.leads.map((l) => [
                `${l.firstName} ${l.lastName}`.trim(),
                l.createdAt,
                Math.floor((now - Date.parse(l.createdAt)) / 86_400_000),
                l.assigneeName ?? t('reports.unassigned'),
                // Not a column: what the name's link opens.
                l.id,
              ])}
            />
          </>
        )}
      </ReportState>
    </>
  );
}
