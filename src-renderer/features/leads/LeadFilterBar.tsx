import { useTranslation } from 'react-i18next';
import { Button, Checkbox, CloseButton, Group, MultiSelect, Paper, Select, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { LEAD_STATUSES, type LeadStatus } from '~shared/domain/statuses';
import { LEAD_SOURCES } from '~shared/domain/entities';
import { useOffice } from '../../app/office';
import { activeFilterCount, EMPTY_FILTERS, type LeadFilterState, type LeadSource } from './leadFilters';

/** The list's filters (issue 4's set: statuses, assignee, unassigned, source, created, callback due, duplicates). */
export function LeadFilterBar({ value, onChange }: { value: LeadFilterState; onChange: (next: LeadFilterState) => void }) {
  const { t } = useTranslation();
  const { users } = useOffice();
  const set = <K extends keyof LeadFilterState>(key: K, v: LeadFilterState[K]) => onChange({ ...value, [key]: v });
  const count = activeFilterCount(value);

  const assigneeOptions = [
    { value: 'any', label: t('leads.filters.anyone') },
    { value: 'me', label: t('leads.filters.me') },
    { value: 'unassigned', label: t('leads.filters.unassigned') },
    ...users
      .filter((u) => u.active && !u.deletedAt)
      .sort((a, b) => a.name.localeCompare(b.name, 'fr-CA'))
      .map((u) => ({ value: u.id, label: u.name })),
  ];

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="group" aria-label={t('leads.filters.label')}>
      {value.only && (
        // The leads another screen opened the list on (a notification's): one click brings the rest back.
        <Paper withBorder radius="xl" px="sm" py={4} bg="bureau.0" mb={2} data-testid="only-leads">
          <Group gap={6} wrap="nowrap">
            <Text size="sm" fw={500}>
              {value.only.label}
            </Text>
            <CloseButton size="sm" aria-label={t('leads.filters.showAll')} onClick={() => set('only', null)} />
          </Group>
        </Paper>
      )}
      <MultiSelect
        label={t('leads.filters.statuses')}
        placeholder={value.statuses.length === 0 ? t('leads.filters.allStatuses') : undefined}
        data={LEAD_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        value={value.statuses}
        onChange={(v) => set('statuses', v as LeadStatus[])}
        clearable
        w={230}
        size="sm"
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label={t('leads.filters.assignee')}
        data={assigneeOptions}
        value={value.assignee}
        onChange={(v) => set('assignee', v ?? 'any')}
        allowDeselect={false}
        searchable
        w={180}
        size="sm"
      />
      <MultiSelect
        label={t('leads.filters.sources')}
        placeholder={value.sources.length === 0 ? t('leads.filters.allSources') : undefined}
        data={LEAD_SOURCES.map((s) => ({ value: s, label: t(`leads.source.${s}`) }))}
        value={value.sources}
        onChange={(v) => set('sources', v as LeadSource[])}
        clearable
        w={180}
        size="sm"
      />
      <DatePickerInput
        type="range"
        label={t('leads.filters.created')}
        placeholder={t('leads.filters.anyDate')}
        value={[value.createdFrom, value.createdTo]}
        onChange={([from, to]) => onChange({ ...value, createdFrom: from, createdTo: to })}
        allowSingleDateInRange
        clearable
        valueFormat="D MMM YYYY"
        w={220}
        size="sm"
      />
      <Checkbox
        label={t('leads.filters.callbackDue')}
        checked={value.callbackDue}
        onChange={(e) => set('callbackDue', e.currentTarget.checked)}
        mb={8}
      />
      <Checkbox
        label={t('leads.filters.duplicatesOnly')}
        checked={value.duplicatesOnly}
        onChange={(e) => set('duplicatesOnly', e.currentTarget.checked)}
        mb={8}
      />
      {count > 0 && (
        <Button variant="subtle" size="sm" onClick={() => onChange({ ...EMPTY_FILTERS, search: value.search })}>
          {t('leads.filters.clear', { count })}
        </Button>
      )}
    </Group>
  );
}
