import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { Refusal } from '~shared/contract/ipc';
import { useFormat } from '../../lib/useFormat';
import { LeadName } from '../../components/LeadName';
import { enteredData } from './enteredData';
import { useHistoryDeps } from '../lead-sheet/useHistoryDeps';

/**
 * One change the office server refused: the rule in French, what had been entered, and the way
 * to redo it (issue 5, "Refusals").
 */
export function RefusalNotice({ refusal, onRedo, onDismiss }: { refusal: Refusal; onRedo: () => void; onDismiss: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const deps = useHistoryDeps();
  const lines = enteredData(refusal.name, refusal.args, deps);
  const args = (refusal.args ?? {}) as Record<string, unknown>;
  const leadId = typeof args.leadId === 'string' ? args.leadId : refusal.name === 'lead.update' && typeof args.id === 'string' ? args.id : null;

  return (
    <Alert
      color="red"
      variant="light"
      radius="lg"
      title={t('refusals.noticeTitle', { what: t(`mutation.${refusal.name}`) })}
      role="region"
      aria-label={t('refusals.noticeTitle', { what: t(`mutation.${refusal.name}`) })}
      data-testid="refusal"
    >
      <Stack gap="sm">
        <Text size="sm" fw={500} data-testid="refusal-message">
          {refusal.message}
        </Text>
        <Text size="xs" c="dimmed">
          {t('refusals.when', { when: format.dateTime(refusal.refusedAt) })}
          {leadId && (
            <>
              {' · '}
              {t('refusals.lead')} <LeadName id={leadId} />
            </>
          )}
        </Text>
        {lines.length > 0 && (
          <div>
            <Text size="sm" fw={600} mb={4}>
              {t('refusals.entered')}
            </Text>
            <Table withTableBorder verticalSpacing={4} bg="white" data-testid="refusal-entered">
              <Table.Tbody>
                {lines.map((line, i) => (
                  <Table.Tr key={`${line.label}-${i}`}>
                    <Table.Th w="35%" fw={500}>
                      {line.label}
                    </Table.Th>
                    <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{line.value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        <Group gap="sm">
          <Button onClick={onRedo}>{t('refusals.redo')}</Button>
          <Button variant="default" onClick={onDismiss}>
            {t('refusals.dismiss')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
