import { useTranslation } from 'react-i18next';
import { BarChart, LineChart } from '@mantine/charts';
import { SimpleGrid, Text } from '@mantine/core';
import type { InstantRange } from '~shared/domain/report-period';
import { STATUS_INFO } from '~shared/domain/statuses';
import { useFormat } from '../../lib/useFormat';
import { ChartFrame, ReportState } from './ReportState';
import { ReportTable } from './ReportTable';
import { useReport } from './useReport';

// Consultations done and missed (issue 13): by host and by office week, with the no-show rate,
// in the green and red of « Consultation effectuée » and « Consultation manquée ».

export function ConsultationsReport({ range, canExport }: { range: InstantRange; canExport: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading, error } = useReport('consultations', range);
  const percent = (rate: number | null) => (rate === null ? '—' : new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate));
  const series = [
    { name: 'done', label: t('reports.series.done'), color: STATUS_INFO.consultation_done.hex },
    { name: 'missed', label: t('reports.series.missed'), color: STATUS_INFO.consultation_missed.hex },
  ];
  const closed = data ? data.total.done + data.total.missed : 0;
  return (
    <ReportState loading={loading} error={error} empty={data !== undefined && closed === 0}>
      {data && (
        <>
          <Text fw={600} aria-live="polite">
            {t('reports.noShowTotal', { rate: percent(data.total.noShowRate), missed: format.number(data.total.missed), closed: format.number(closed) })}
          </Text>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <ChartFrame>
              <BarChart h={240} data={data.byCounselor} dataKey="name" series={series} withLegend valueFormatter={format.number} yAxisProps={{ allowDecimals: false }} maxBarWidth={60} />
            </ChartFrame>
            <ChartFrame>
              <LineChart
                h={240}
                data={data.byWeek.map((w) => ({ ...w, week: format.shortDate(`${w.monday}T12:00:00.000Z`) }))}
                dataKey="week"
                series={series}
                withLegend
                curveType="linear"
                valueFormatter={format.number}
                yAxisProps={{ allowDecimals: false }}
              />
            </ChartFrame>
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <ReportTable
              title={t('reports.table.consultationsByCounselor')}
              canExport={canExport}
              columns={[
                { header: t('reports.col.counselor'), kind: 'text' },
                { header: t('reports.col.done'), kind: 'count' },
                { header: t('reports.col.missed'), kind: 'count' },
                { header: t('reports.col.noShow'), kind: 'percent' },
              ]}
              rows={data.byCounselor.map((r) => [r.name, r.done, r.missed, r.noShowRate])}
            />
            <ReportTable
              title={t('reports.table.consultationsByWeek')}
              canExport={canExport}
              columns={[
                { header: t('reports.col.week'), kind: 'date' },
                { header: t('reports.col.done'), kind: 'count' },
                { header: t('reports.col.missed'), kind: 'count' },
                { header: t('reports.col.noShow'), kind: 'percent' },
              ]}
              rows={data.byWeek.map((r) => [r.monday, r.done, r.missed, r.noShowRate])}
            />
          </SimpleGrid>
        </>
      )}
    </ReportState>
  );
}
