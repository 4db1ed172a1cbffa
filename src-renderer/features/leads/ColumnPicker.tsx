import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Popover, Stack, Text } from '@mantine/core';
import { OPTIONAL_COLUMNS, type OptionalColumn } from './leadColumns';

/** « Colonnes »: which optional columns the lead list shows (issue 15, point 8). */
export function ColumnPicker({ value, onChange }: { value: readonly OptionalColumn[]; onChange: (next: OptionalColumn[]) => void }) {
  const { t } = useTranslation();
  const toggle = (column: OptionalColumn, on: boolean) =>
    onChange(OPTIONAL_COLUMNS.filter((c) => (c === column ? on : value.includes(c))));
  return (
    <Popover position="bottom-end" shadow="md" withinPortal trapFocus>
      <Popover.Target>
        <Button variant="default">{t('leads.columnsPicker.open', { count: value.length + 2 })}</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" role="group" aria-label={t('leads.columnsPicker.label')}>
          <Text size="xs" c="dimmed" maw={220}>
            {t('leads.columnsPicker.hint')}
          </Text>
          {OPTIONAL_COLUMNS.map((column) => (
            <Checkbox
              key={column}
              label={t(`leads.columns.${column}`)}
              checked={value.includes(column)}
              onChange={(e) => toggle(column, e.currentTarget.checked)}
            />
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
