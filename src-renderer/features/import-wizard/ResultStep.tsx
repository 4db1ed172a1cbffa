import { useTranslation } from 'react-i18next';
import { Alert, Stack, Text } from '@mantine/core';
import type { ImportOutcome } from '~shared/contract/import';
import { useFormat } from '../../lib/useFormat';

// Step 5: what was saved (issue 10, point 6). An interrupted import says how much of it was
// saved: whole chunks only, all in the batch.

export function ResultStep({ outcome, fileName }: { outcome: ImportOutcome; fileName: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const n = format.number;
  return (
    <Stack gap="sm">
      {outcome.interrupted ? (
        <Alert color={outcome.interrupted.reason === 'cancelled' ? 'yellow' : 'red'} variant="light" role="alert" title={t(`import.result.${outcome.interrupted.reason}`)}>
          {outcome.interrupted.message}
        </Alert>
      ) : (
        <Alert color="green" variant="light" title={t('import.result.doneTitle', { fileName })} data-testid="import-result">
          {t('import.result.created', { count: outcome.created, formatted: n(outcome.created) })}
        </Alert>
      )}
      <Text size="sm">
        {t('import.result.details', {
          merged: n(outcome.merged),
          skipped: n(outcome.skipped),
          refused: n(outcome.errorCount),
        })}
      </Text>
      {outcome.created > 0 && (
        <Text size="sm" c="dimmed">
          {t('import.result.sync')}
        </Text>
      )}
    </Stack>
  );
}
