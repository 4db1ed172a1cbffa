import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Paper, ScrollArea, Table, Text, Title } from '@mantine/core';
import type { EXPORT_KINDS } from '~shared/contract/exports';
import type { LeadStatus } from '~shared/domain/statuses';
import { invoke } from '../../lib/api';
import { useExport } from '../../lib/useExport';
import { useFormat } from '../../lib/useFormat';
import { StatusBadge } from '../../components/StatusBadge';
import { IconDownload } from '../../components/icons';

// A report's table (issue 13, point 2): what the chart above it draws, readable by a screen reader
// (a real <table> with its caption), and exported as it is shown to a styled .xlsx by the main
// process (export:table) for those who may export.

export type ReportCell = string | number | null;

export interface ReportColumn {
  header: string;
  /** The header in the exported file, when the screen's would mislead (a duration shown in days, exported in hours). */
  exportHeader?: string;
  kind: (typeof EXPORT_KINDS)[number];
  /** How the cell shows on screen, when not just its formatted value (a link to a lead). */
  render?: (value: ReportCell, row: readonly ReportCell[]) => ReactNode;
}

export function ReportTable({
  title,
  columns,
  rows,
  canExport,
  footer,
}: {
  title: string;
  columns: readonly ReportColumn[];
  rows: readonly (readonly ReportCell[])[];
  canExport: boolean;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { busy, run } = useExport();

  const shown = (value: ReportCell, kind: ReportColumn['kind']): ReactNode => {
    if (value === null || value === '') return '—';
    if (typeof value === 'number') {
      if (kind === 'money') return format.money(Math.round(value * 100));
      if (kind === 'percent') return new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
      if (kind === 'decimal') return new Intl.NumberFormat(format.locale, { maximumFractionDigits: 1 }).format(value);
      return format.number(value);
    }
    if (kind === 'status') return <StatusBadge status={value as LeadStatus} />;
    if (kind === 'date') return format.date(value.length === 10 ? `${value}T12:00:00.000Z` : value);
    if (kind === 'dateTime') return format.dateTime(value);
    return value;
  };

  const exportTable = () =>
    run(() =>
      invoke('export:table', {
        fileName: title,
        sheets: [
          {
            name: title,
            columns: columns.map(({ header, exportHeader, kind }) => ({ header: exportHeader ?? header, kind })),
            // A status exports as its code: the writer writes its label on its colour.
            rows: rows.map((row) => row.slice(0, columns.length)),
          },
        ],
      }),
    );

  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={3} size="h5">
          {title}
        </Title>
        {canExport && (
          <Button size="compact-sm" variant="subtle" leftSection={<IconDownload size={14} />} loading={busy} onClick={() => void exportTable()} aria-label={t('reports.exportNamed', { title })}>
            {t('export.table')}
          </Button>
        )}
      </Group>
      <ScrollArea.Autosize mah={420}>
        <Table striped highlightOnHover verticalSpacing={6} captionSide="top">
          <Table.Caption style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>{title}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.header} ta={c.kind === 'text' || c.kind === 'status' ? 'left' : 'right'}>
                  {c.header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, r) => (
              <Table.Tr key={r}>
                {columns.map((c, i) => (
                  <Table.Td key={c.header} ta={c.kind === 'text' || c.kind === 'status' ? 'left' : 'right'} style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {c.render ? c.render(row[i] ?? null, row) : shown(row[i] ?? null, c.kind)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {footer && (
        <Text size="sm" c="dimmed" mt="xs">
          {footer}
        </Text>
      )}
    </Paper>
  );
}
