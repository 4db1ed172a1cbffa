import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Group, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { REPORT_KINDS, type ReportKind } from '~shared/contract/reports';
import { can } from '~shared/domain/permissions';
import { dayRange, periodRange, REPORT_PERIODS, type InstantRange, type ReportPeriod } from '~shared/domain/report-period';
import { reportScope, visibleReports } from '~shared/domain/report-scope';
import { useOffice } from '../../app/office';
import { useSession } from '../../app/session';
import { PageTitle } from '../../components/PageTitle';
import { useFormat } from '../../lib/useFormat';
import { ConsultationsReport } from './ConsultationsReport';
import { ConversionReport } from './ConversionReport';
import { DelaysReport } from './DelaysReport';
import { FunnelReport } from './FunnelReport';
import { PaymentsReport } from './PaymentsReport';
import { WaitingReport } from './WaitingReport';

// « Rapports » (issue 13): a period of the office's calendar, then one tab per report. Which tabs
// and whose figures follow the permission table (src-shared/domain/report-scope.ts); the main
// process scopes the figures again whatever the page asks.

const REPORTS = { funnel: FunnelReport, consultations: ConsultationsReport, conversion: ConversionReport, delays: DelaysReport, payments: PaymentsReport, waiting: WaitingReport };

export function ReportsScreen() {
  const { t } = useTranslation();
  const { actor } = useSession();
  const { timeZone } = useOffice();
  const format = useFormat();
  const tabs = visibleReports(actor, REPORT_KINDS);
  const [tab, setTab] = useState<ReportKind>(tabs[0] ?? 'consultations');
  const [period, setPeriod] = useState<ReportPeriod>('this_month');
  const [custom, setCustom] = useState<[string | null, string | null]>([null, null]);
  const [lastCustom, setLastCustom] = useState<InstantRange | null>(null);

  const range = useMemo<InstantRange>(() => {
    if (period !== 'custom') return periodRange(period, new Date().toISOString(), timeZone);
    return lastCustom ?? periodRange('this_month', new Date().toISOString(), timeZone);
  }, [period, lastCustom, timeZone]);

  const scope = reportScope(actor, tab);
  const canExport = can(actor, 'export');
  const lastDay = new Date(Date.parse(range.to) - 1).toISOString();
  const Report = REPORTS[tab];

  return (
    <Stack gap="md">
      <PageTitle
        aside={
          scope.ok && (
            <Badge variant="light" color="gray" size="lg" radius="sm" tt="none">
              {t(`reports.scope.${scope.scope.kind}`)}
            </Badge>
          )
        }
      >
        {t('nav.reports')}
      </PageTitle>
      <Group gap="md" align="end" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="report-period-label">
            {t('reports.period.label')}
          </Text>
          <SegmentedControl
            aria-labelledby="report-period-label"
            value={period}
            onChange={(v) => setPeriod(v as ReportPeriod)}
            data={REPORT_PERIODS.map((p) => ({ value: p, label: t(`reports.period.${p}`) }))}
          />
        </Stack>
        {period === 'custom' && (
          <DatePickerInput
            type="range"
            label={t('reports.period.range')}
            value={custom}
            onChange={(value) => {
              const [first, last] = value as [string | null, string | null];
              setCustom([first, last]);
              if (first && last) setLastCustom(dayRange(first.slice(0, 10), last.slice(0, 10), timeZone));
            }}
            w={280}
            allowSingleDateInRange
          />
        )}
        <Text size="sm" c="dimmed" pb={6} aria-live="polite">
          {t('reports.period.shown', { from: format.date(range.from), to: format.date(lastDay) })}
        </Text>
      </Group>
      <Tabs value={tab} onChange={(v) => v && setTab(v as ReportKind)} keepMounted={false}>
        <Tabs.List aria-label={t('reports.tabs.label')}>
          {tabs.map((kind) => (
            <Tabs.Tab key={kind} value={kind}>
              {t(`reports.tabs.${kind}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={tab} pt="md">
          <Report range={range} canExport={canExport} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
