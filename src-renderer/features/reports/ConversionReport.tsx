import { useTranslation } from 'react-i18next';
import { BarChart } from '@mantine/charts';
import { SimpleGrid, Text } from '@mantine/core';
import type { ConversionReport as Conversion } from '~shared/contract/reports';
import type { InstantRange } from '~shared/domain/report-period';
import { STATUS_INFO } from '~shared/domain/statuses';
import { useFormat } from '../../lib/useFormat';
import { ChartFrame, ReportState } from './ReportState';
import { ReportTable } from './ReportTable';
import { useReport } from './useReport';

// Conversion lead → client (issue 13): by source (the web form by UTM campaign, each import batch,
// manual, referral), by counselor and by programme.

export function ConversionReport({ range, canExport }: { range: InstantRange; canExport: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading, error } = useReport('conversion', range);
  const sourceDetail = (r: Conversion['bySource'][number]) =>
    r.source === 'web_form' ? (r.campaign ?? t('reports.noCampaign')) : r.source === 'import' ? (r.batchName ?? '—') : '';
  const columns = (first: string) => [
    { header: first, kind: 'text' as const },
    { header: t('reports.col.leads'), kind: 'count' as const },
    { header: t('reports.col.clients'), kind: 'count' as const },
    { header: t('reports.col.rate'), kind: 'percent' as const },
  ];
  const rate = (n: number | null) => (n === null ? '—' : new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 1 }).format(n));
  return (
    <ReportState loading={loading} error={error} empty={data !== undefined && data.total.leads === 0}>
      {data && (
        <>
          <Text fw={600}>{t('reports.conversionTotal', {
              count: data.total.clients,
              clients: format.number(data.total.clients),
              leads: t('reports.conversionLeads', { count: data.total.leads, formatted: format.number(data.total.leads) }),
              rate: rate(data.total.rate),
            })}</Text>
          <ChartFrame>
            <BarChart
              h={260}
              data={data.bySource.map((r) => ({ ...r, label: [t(`leads.source.${r.source}`), sourceDetail(r)].filter(Boolean).join(' · ') }))}
              dataKey="label"
              series={[
                { name: 'leads', label: t('reports.series.leads'), color: STATUS_INFO.new.hex },
                { name: 'clients', label: t('reports.series.clients'), color: STATUS_INFO.client.hex },
              ]}
              withLegend
              valueFormatter={format.number}
              yAxisProps={{ allowDecimals: false }}
              maxBarWidth={60}
            />
          </ChartFrame>
          <ReportTable
            title={t('reports.table.bySource')}
            canExport={canExport}
            columns={[{ header: t('reports.col.source'), kind: 'text' }, ...columns(t('reports.col.detail'))]}
            rows={data.bySource.map((r) => [t(`leads.source.${r.source}`), sourceDetail(r), r.leads, r.clients, r.rate])}
          />
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <ReportTable
              title={t('reports.table.byCounselor')}
              canExport={canExport}
              columns={columns(t('reports.col.counselor'))}
              rows={data.byCounselor.map((r) => [r.name ?? t('reports.unassigned'), r.leads, r.clients, r.rate])}
            />
            <ReportTable
              title={t('reports.table.byProgramme')}
              canExport={canExport}
              columns={columns(t('reports.col.programme'))}
              rows={data.byProgramme.map((r) => [r.programme ?? t('reports.noProgramme'), r.leads, r.clients, r.rate])}
            />
          </SimpleGrid>
        </>
      )}
    </ReportState>
  );
}
