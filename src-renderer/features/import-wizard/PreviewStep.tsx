import { useTranslation } from 'react-i18next';
import { Badge, Paper, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ImportPreview } from '~shared/contract/import';
import { useFormat } from '../../lib/useFormat';

// Step 4: what the commit will do (issue 10, point 6): the counts, the first rows as they will be
// saved (names cased, phones in international form beside what was typed), and the refused rows
// with their reasons.

function Count({ label, value, color }: { label: string; value: string; color?: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {value}
      </Text>
    </Paper>
  );
}

export function PreviewStep({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const format = useFormat();
  const n = format.number;
  return (
    <Stack gap="md" data-testid="import-preview">
      <SimpleGrid cols={4} spacing="sm">
        <Count label={t('import.preview.toCreate')} value={n(preview.toCreate)} color="bureau.8" />
        <Count label={t('import.preview.merged')} value={n(preview.toMerge)} />
        <Count label={t('import.preview.skipped')} value={n(preview.skipped)} />
        <Count label={t('import.preview.refused')} value={n(preview.errorCount)} color={preview.errorCount > 0 ? 'orange.8' : undefined} />
      </SimpleGrid>
      <Stack gap={4}>
        <Title order={4}>{t('import.preview.firstRows', { count: preview.rows.length })}</Title>
        <ScrollArea.Autosize mah={260} type="auto">
          <Table withTableBorder striped verticalSpacing={3} fz="sm" stickyHeader aria-label={t('import.preview.rowsTable')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>{t('import.preview.row')}</Table.Th>
                <Table.Th>{t('import.fields.fullName')}</Table.Th>
                <Table.Th>{t('import.fields.email')}</Table.Th>
                <Table.Th>{t('import.fields.phone')}</Table.Th>
                <Table.Th>{t('import.fields.city')}</Table.Th>
                <Table.Th>{t('import.fields.programOfInterest')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.map((row) => (
                <Table.Tr key={row.row}>
                  <Table.Td>{row.row}</Table.Td>
                  <Table.Td>
                    {`${row.firstName} ${row.lastName}`.trim()}{' '}
                    {row.duplicate && (
                      <Badge size="xs" color="orange" variant="light" tt="none">
                        {t('import.preview.flagged')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{row.email ?? ''}</Table.Td>
                  <Table.Td>
                    {row.phone ? format.phone(row.phone, row.phoneTyped) : (row.phoneTyped ?? '')}
                    {row.phoneTyped && row.phone && row.phoneTyped !== format.phone(row.phone, null) && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        ({row.phoneTyped})
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{row.city ?? ''}</Table.Td>
                  <Table.Td>{row.program ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        {preview.toCreate > preview.rows.length && (
          <Text size="xs" c="dimmed">
            {t('import.preview.andMore', { formatted: n(preview.toCreate - preview.rows.length) })}
          </Text>
        )}
      </Stack>
      {preview.errors.length > 0 && (
        <Stack gap={4}>
          <Title order={4}>{t('import.preview.refusedRows', { count: preview.errorCount, formatted: n(preview.errorCount) })}</Title>
          <ScrollArea.Autosize mah={160} type="auto">
            <Table withTableBorder verticalSpacing={3} fz="sm" aria-label={t('import.preview.errorsTable')}>
              <Table.Tbody>
                {preview.errors.map((error) => (
                  <Table.Tr key={error.row}>
                    <Table.Td w={60}>{error.row}</Table.Td>
                    <Table.Td>{error.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </Stack>
      )}
    </Stack>
  );
}
