import { useTranslation } from 'react-i18next';
import { Alert, Badge, Group, Select, Stack, Table, Text } from '@mantine/core';
import type { ImportView } from '~shared/contract/import';
import { IMPORT_FIELDS, MULTI_COLUMN_FIELDS, columnLetter, type ImportField } from '~shared/domain/import';
import { useFormat } from '../../lib/useFormat';

// Step 2: which sheet, where the headers are, and which lead field each column feeds (issue 10,
// point 3). The guess is shown as a choice like any other; changing it reads the rows again.

export function MappingStep({
  view,
  busy,
  onSheet,
  onField,
}: {
  view: ImportView;
  busy: boolean;
  onSheet: (sheet: string) => void;
  onField: (column: number, field: ImportField) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const options = IMPORT_FIELDS.map((field) => ({ value: field, label: t(`import.fields.${field}`) }));
  const usedOnce = (field: ImportField, column: number) =>
    !MULTI_COLUMN_FIELDS.has(field) && view.mapping.some((other, i) => i !== column && other === field);

  return (
    <Stack gap="sm">
      <Group gap="md" align="flex-end" wrap="wrap">
        {view.sheetNames.length > 1 && (
          <Select
            label={t('import.mapping.sheet')}
            data={view.sheetNames}
            value={view.sheet}
            onChange={(sheet) => sheet && onSheet(sheet)}
            allowDeselect={false}
            disabled={busy}
            w={260}
          />
        )}
        <Text size="sm" c="dimmed">
          {t('import.mapping.headerRow', { row: view.headerRow, sheet: view.sheet })}
        </Text>
        <Group gap={6}>
          <Badge variant="light" color="green" tt="none" size="lg" radius="sm">
            {t('import.mapping.rows', { count: view.rowCount, formatted: format.number(view.rowCount) })}
          </Badge>
          {view.errorCount > 0 && (
            <Badge variant="light" color="orange" tt="none" size="lg" radius="sm">
              {t('import.mapping.errors', { count: view.errorCount, formatted: format.number(view.errorCount) })}
            </Badge>
          )}
        </Group>
      </Group>
      {view.mappingProblems.length > 0 && (
        <Alert color="red" variant="light" role="alert" title={t('import.mapping.problemsTitle')}>
          {view.mappingProblems.map((problem) => (
            <Text key={problem} size="sm">
              {problem}
            </Text>
          ))}
        </Alert>
      )}
      {view.warnings.map((warning) => (
        <Alert key={warning} color="yellow" variant="light">
          {warning}
        </Alert>
      ))}
      <Table withTableBorder verticalSpacing={4} striped aria-label={t('import.mapping.table')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>{t('import.mapping.column')}</Table.Th>
            <Table.Th>{t('import.mapping.header')}</Table.Th>
            <Table.Th w={280}>{t('import.mapping.field')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {view.headers.map((header, column) => {
            const field = view.mapping[column] ?? 'ignore';
            const label = header ?? t('import.mapping.noHeader');
            return (
              <Table.Tr key={column}>
                <Table.Td>
                  <Text ff="monospace" size="sm">
                    {columnLetter(column)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={header ? 500 : 400} c={header ? undefined : 'dimmed'}>
                    {label}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={t('import.mapping.fieldOf', { header: label })}
                    data={options}
                    value={field}
                    onChange={(value) => value && value !== field && onField(column, value as ImportField)}
                    allowDeselect={false}
                    disabled={busy}
                    size="xs"
                    error={usedOnce(field, column) ? t('import.mapping.twice') : undefined}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
