import { useTranslation } from 'react-i18next';
import { BarChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { InstantRange } from '~shared/domain/report-period';
import { STATUS_INFO } from '~shared/domain/statuses';
import { useFormat } from '../../lib/useFormat';
import { ChartFrame, ReportState } from './ReportState';
import { ReportTable } from './ReportTable';
import { useReport } from './useReport';

// Initial payments received in the period (issue 13): sum and count, by method, in gold (Client).

export function PaymentsReport({ range, canExport }: { range: InstantRange; canExport: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading, error } = useReport('payments', range);
  return (
    <ReportState loading={loading} error={error} empty={data !== undefined && data.byMethod.length === 0}>
      {data && (
        <>
          {data.total.map((total) => (
            <Text key={total.currency} fw={600}>
              {t('reports.paymentsTotal', { sum: format.money(total.sumCents, total.currency), count: total.count, formatted: format.number(total.count) })}
            </Text>
          ))}
          <ChartFrame>
            <BarChart
              h={240}
              data={data.byMethod.map((r) => ({ method: `${t(`reports.method.${r.method}`)} (${r.currency})`, sum: r.sumCents / 100 }))}
              dataKey="method"
              series={[{ name: 'sum', label: t('reports.series.sum'), color: STATUS_INFO.client.hex }]}
              valueFormatter={(v) => new Intl.NumberFormat(format.locale, { style: 'currency', currency: 'CAD', maximumFractionDigits: 0 }).format(v)}
              yAxisProps={{ width: 90 }}
              maxBarWidth={80}
            />
          </ChartFrame>
          <ReportTable
            title={t('reports.table.payments')}
            canExport={canExport}
            columns={[
              { header: t('reports.col.method'), kind: 'text' },
              { header: t('reports.col.currency'), kind: 'text' },
              { header: t('reports.col.payments'), kind: 'count' },
              { header: t('reports.col.sum'), kind: 'money' },
            ]}
            rows={data.byMethod.map((r) => [t(`reports.method.${r.method}`), r.currency, r.count, r.sumCents / 100])}
          />
        </>
      )}
    </ReportState>
  );
}
