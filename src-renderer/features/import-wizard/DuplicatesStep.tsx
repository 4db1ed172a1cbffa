import { useTranslation } from 'react-i18next';
import { Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import type { ImportDuplicateGroup, ImportPreview } from '~shared/contract/import';
import type { DuplicateChoice } from '~shared/domain/import';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../lib/useFormat';

// Step 3: the duplicates, one group per person (issue 10, point 5): rows of the file that share a
// phone or an e-mail with an open lead or with each other. One choice for all, and one per group.

export interface Choices {
  all: DuplicateChoice;
  byGroup: Record<string, DuplicateChoice>;
}

const CHOICES: DuplicateChoice[] = ['skip', 'merge', 'create'];

function rowList(group: ImportDuplicateGroup): string {
  return group.rows.map((r) => r.row).join(', ');
}

export function DuplicatesStep({ preview, choices, onChange }: { preview: ImportPreview; choices: Choices; onChange: (choices: Choices) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  // "Merge" fills an existing lead's empty fields, or makes one lead of the file's repeated rows.
  const data = (kind: ImportDuplicateGroup['kind'] | 'all') =>
    CHOICES.map((choice) => ({
      value: choice,
      label:
        choice === 'skip'
          ? t('import.duplicates.skip')
          : choice === 'create'
            ? t('import.duplicates.create')
            : kind === 'existing'
              ? t('import.duplicates.mergeExisting')
              : t('import.duplicates.mergeRows'),
    }));

  return (
    <Stack gap="sm">
      <Text size="sm">
        {t('import.duplicates.intro', {
          count: preview.groupCount,
          formatted: format.number(preview.groupCount),
          existing: format.number(preview.duplicates.existing),
          inFile: format.number(preview.duplicates.inFile),
        })}
      </Text>
      <Group gap="sm">
        <Text size="sm" fw={600}>
          {t('import.duplicates.forAll')}
        </Text>
        <SegmentedControl
          aria-label={t('import.duplicates.forAll')}
          value={choices.all}
          onChange={(value) => onChange({ all: value as DuplicateChoice, byGroup: {} })}
          data={data('all')}
        />
      </Group>
      <Stack gap="xs" role="list" aria-label={t('import.duplicates.groups')}>
        {preview.groups.map((group) => {
          const label =
            group.existing !== null
              ? t('import.duplicates.existingGroup', { count: group.rows.length, name: group.existing.name, rows: rowList(group) })
              : t('import.duplicates.inFileGroup', { count: group.rows.length, name: group.rows[0]?.name ?? '', rows: rowList(group) });
          return (
            <Paper key={group.id} withBorder p="sm" radius="md" role="listitem" aria-label={label}>
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                <Stack gap={2} style={{ minWidth: 0, flex: '1 1 320px' }}>
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {label}
                    </Text>
                    {group.existing && <StatusBadge status={group.existing.status} size="sm" />}
                  </Group>
                  {group.existing && (
                    <Text size="xs" c="dimmed">
                      {t('import.duplicates.saved', { contact: [group.existing.email, group.existing.phone].filter(Boolean).join(' · ') })}
                    </Text>
                  )}
                  {group.rows.map((row) => (
                    <Text key={row.row} size="xs" c="dimmed">
                      {t('import.duplicates.row', { row: row.row, name: row.name, contact: [row.email, row.phone].filter(Boolean).join(' · ') })}
                    </Text>
                  ))}
                </Stack>
                <SegmentedControl
                  size="xs"
                  aria-label={t('import.duplicates.choiceFor', { label })}
                  value={choices.byGroup[group.id] ?? choices.all}
                  onChange={(value) => onChange({ ...choices, byGroup: { ...choices.byGroup, [group.id]: value as DuplicateChoice } })}
                  data={data(group.kind)}
                />
              </Group>
            </Paper>
          );
        })}
      </Stack>
      {preview.groupCount > preview.groups.length && (
        <Text size="sm" c="dimmed">
          {t('import.duplicates.more', { formatted: format.number(preview.groupCount - preview.groups.length) })}
        </Text>
      )}
    </Stack>
  );
}
