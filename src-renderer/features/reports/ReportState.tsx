import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Center, Loader, Stack, Text } from '@mantine/core';
import type { ApiError } from '../../lib/api';
import { Empty } from '../../components/Empty';

/** Loading, a refusal, nothing in the period, or the report itself. */
export function ReportState({ loading, error, empty, children }: { loading: boolean; error: ApiError | null; empty: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  if (error) return <Alert color="red" variant="light" role="alert">{error.message}</Alert>;
  if (loading)
    return (
      <Center py="xl">
        <Stack align="center" gap="xs">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            {t('reports.loading')}
          </Text>
        </Stack>
      </Center>
    );
  if (empty) return <Empty title={t('reports.empty')} description={t('reports.emptyHint')} />;
  return <Stack gap="md">{children}</Stack>;
}

/** A chart, hidden from screen readers: the table below it says the same. */
export function ChartFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <figure style={{ margin: 0 }} aria-hidden="true" title={t('reports.chartHint')}>
      {children}
    </figure>
  );
}
