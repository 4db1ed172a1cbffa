import { useTranslation } from 'react-i18next';
import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { DelayFigures } from '~shared/contract/reports';
import type { InstantRange } from '~shared/domain/report-period';
import { useFormat } from '../../lib/useFormat';
import { ReportState } from './ReportState';
import { ReportTable, type ReportCell } from './ReportTable';
import { useReport } from './useReport';

// Time from a lead's creation to its first contact and to its first appointment (issue 13): median
// and 90th percentile, shown in minutes, hours or days, exported in hours.

const HOUR = 3600;

export function DelaysReport({ range, canExport }: { range: InstantRange; canExport: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading, error } = useReport('delays', range);
  const one = (n: number) => new Intl.NumberFormat(format.locale, { maximumFractionDigits: 1 }).format(n);
  const duration = (hours: ReportCell) => {
    if (typeof hours !== 'number') return t('reports.duration.none');
    if (hours < 1) return t('reports.duration.minutes', { n: Math.round(hours * 60) });
    if (hours < 48) return t('reports.duration.hours', { n: one(hours) });
    return t('reports.duration.days', { n: one(hours / 24) });
  };
  const hours = (s: number | null) => (s === null ? null : s / HOUR);
  const steps: Array<[string, DelayFigures]> = data
    ? [
        [t('reports.firstContact'), data.firstContact],
        [t('reports.appointment'), data.appointment],
      ]
    : [];
  return (
    <ReportState loading={loading} error={error} empty={data !== undefined && data.firstContact.count === 0 && data.appointment.count === 0}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {steps.map(([label, figures]) => (
          <Paper key={label} withBorder radius="md" p="md">
            <Text size="sm" c="dimmed">
              {label} · {t('reports.col.median')}
            </Text>
            <Text fz={28} fw={700}>
              {duration(hours(figures.medianSeconds))}
            </Text>
            <Text size="sm" c="dimmed">
              {t('reports.p90Line', { value: duration(hours(figures.p90Seconds)), count: format.number(figures.count) })}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <ReportTable
        title={t('reports.table.delays')}
        canExport={canExport}
        columns={[
          { header: t('reports.col.step'), kind: 'text' },
          { header: t('reports.col.reached'), kind: 'count' },
          { header: t('reports.col.median'), exportHeader: t('reports.inHours', { label: t('reports.col.median') }), kind: 'decimal', render: duration },
          { header: t('reports.col.p90'), exportHeader: t('reports.inHours', { label: t('reports.col.p90') }), kind: 'decimal', render: duration },
        ]}
        rows={steps.map(([label, f]) => [label, f.count, hours(f.medianSeconds), hours(f.p90Seconds)])}
      />
    </ReportState>
  );
}
