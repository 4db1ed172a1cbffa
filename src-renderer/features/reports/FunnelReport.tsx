import { useTranslation } from 'react-i18next';
import { FunnelChart } from '@mantine/charts';
import { SimpleGrid } from '@mantine/core';
import type { FunnelStage } from '~shared/contract/reports';
import type { InstantRange } from '~shared/domain/report-period';
import { STATUS_INFO, type LeadStatus } from '~shared/domain/statuses';
import { useFormat } from '../../lib/useFormat';
import { ChartFrame, ReportState } from './ReportState';
import { ReportTable } from './ReportTable';
import { useReport } from './useReport';

// The funnel (issue 13): the leads created in the period and how far each went, in the colours of
// the statuses each stage leads to (domain.md).

const STAGE_COLOUR: Record<FunnelStage, LeadStatus> = {
  created: 'new',
  contacted: 'contacted',
  booked: 'appointment_booked',
  attended: 'consultation_done',
  qualified: 'qualified',
  client: 'client',
};

export function FunnelReport({ range, canExport }: { range: InstantRange; canExport: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, loading, error } = useReport('funnel', range);
  const created = data?.stages[0]?.count ?? 0;
  return (
    <ReportState loading={loading} error={error} empty={data !== undefined && created === 0}>
      {data && (
        <>
          <ChartFrame>
            <FunnelChart
              h={280}
              size={260}
              withLabels
              labelsPosition="right"
              valueFormatter={format.number}
              data={data.stages.map((s) => ({ name: t(`reports.stage.${s.stage}`), value: s.count, color: STATUS_INFO[STAGE_COLOUR[s.stage]].hex }))}
            />
          </ChartFrame>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <ReportTable
              title={t('reports.table.funnel')}
              canExport={canExport}
              columns={[
                { header: t('reports.col.stage'), kind: 'text' },
                { header: t('reports.col.count'), kind: 'count' },
                { header: t('reports.col.share'), kind: 'percent' },
              ]}
              rows={data.stages.map((s) => [t(`reports.stage.${s.stage}`), s.count, created === 0 ? null : s.count / created])}
            />
            <ReportTable
              title={t('reports.table.byStatus')}
              canExport={canExport}
              columns={[
                { header: t('reports.col.status'), kind: 'status' },
                { header: t('reports.col.count'), kind: 'count' },
              ]}
              rows={data.byStatus.map((s) => [s.status, s.count])}
            />
          </SimpleGrid>
        </>
      )}
    </ReportState>
  );
}
