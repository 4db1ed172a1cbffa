import type { ReactNode } from 'react';
import { Button, Paper, Table, type ButtonProps, type TableTdProps } from '@mantine/core';

/** One column of a RecordTable: its header (none over the row actions) and what each row shows there. */
export interface RecordColumn<T> {
  header?: string;
  /** The cell's own props (alignment, font, width), the same on every row. */
  td?: TableTdProps;
  cell: (row: T) => ReactNode;
}

/**
 * The administration's lists (accounts, procedures, SMS templates, workstations, incidents, the
 * access log): one row a record in a bordered card, its actions at the right end. Each screen says
 * what to show instead when it has no rows, since that depends on what it is still loading.
 * `dense`: tighter rows, for a log read by the hundred.
 */
export function RecordTable<T>({
  rows,
  rowKey,
  columns,
  label,
  dense = false,
}: {
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: readonly RecordColumn<T>[];
  label?: string;
  dense?: boolean;
}) {
  return (
    <Paper withBorder radius="md">
      <Table verticalSpacing={dense ? 'xs' : 'sm'} horizontalSpacing="md" highlightOnHover aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column, i) => (
              <Table.Th key={i}>{column.header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <RecordRows rows={rows} rowKey={rowKey} columns={columns} />
      </Table>
    </Paper>
  );
}

/** The rows alone, for a list that needs no headers (Ma journée's sections). */
export function RecordRows<T>({ rows, rowKey, columns }: { rows: readonly T[]; rowKey: (row: T) => string; columns: readonly RecordColumn<T>[] }) {
  return (
    <Table.Tbody>
      {rows.map((row) => (
        <Table.Tr key={rowKey(row)}>
          {columns.map((column, i) => (
            <Table.Td key={i} {...column.td}>
              {column.cell(row)}
            </Table.Td>
          ))}
        </Table.Tr>
      ))}
    </Table.Tbody>
  );
}

/** A row's action (edit, revoke…): a quiet button, so a long list is not a wall of buttons. */
export function RowAction({ onClick, label, color, children }: { onClick: () => void; label?: string; color?: ButtonProps['color']; children: ReactNode }) {
  return (
    <Button variant="subtle" color={color} size="compact-sm" onClick={onClick} aria-label={label}>
      {children}
    </Button>
  );
}
