import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Box, Checkbox, Skeleton, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { LeadListItem } from '~shared/contract/ipc';
import { useUserName } from '../../app/office';
import { useFormat } from '../../lib/useFormat';
import { StatusBadge } from '../../components/StatusBadge';
import { fullName } from '../../components/LeadName';
import type { LeadPages } from './useLeadPages';
import type { PickModifiers, Selection } from './selection';
import { getLeadsView, setLeadsView } from './leadsViewStore';
import { TONE } from '../../app/theme';
import { OPTIONAL_COLUMNS, columnLayout, type OptionalColumn } from './leadColumns';

const ROW_HEIGHT = 44;
const CELL_PADDING = 6;

interface Props {
  pages: LeadPages;
  selection: Selection;
  onPick: (index: number, id: string, modifiers: PickModifiers) => void;
  onOpen: (id: string) => void;
  onSelectAllMatching: () => void;
  /** The optional columns shown, beside the name and the status (leadColumns.ts). */
  columns: readonly OptionalColumn[];
  /** Rows the virtualizer renders before it has measured (tests have no layout). */
  initialHeight?: number;
}

/**
 * The virtualized lead list (issue 5: fluid at 100,000 rows). Keyboard: arrows move, Shift+arrows
 * extend the selection, Space selects, Enter opens, Ctrl+A selects all that match.
 */
export function LeadTable({ pages, selection, onPick, onOpen, onSelectAllMatching, columns, initialHeight = 600 }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const userName = useUserName();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(0);
  const total = pages.total ?? 0;

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: initialHeight },
    initialOffset: () => getLeadsView().scrollTop,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    pages.showRange(firstIndex, lastIndex);
  }, [pages, firstIndex, lastIndex]);

  useEffect(() => {
    const el = scrollRef.current;
    return () => {
      if (el) setLeadsView({ scrollTop: el.scrollTop });
    };
  }, []);

  const moveFocus = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setFocused(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus());
  };

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (total === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? initialHeight) / ROW_HEIGHT) - 1);
    const row = pages.rowAt(focused);
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        const next = Math.max(0, Math.min(total - 1, focused + (event.key === 'ArrowDown' ? 1 : -1)));
        const nextRow = pages.rowAt(next);
        if (event.shiftKey && nextRow) onPick(next, nextRow.id, { shift: true, toggle: false });
        moveFocus(next);
        return;
      }
      case 'PageDown':
      case 'PageUp':
        event.preventDefault();
        moveFocus(focused + (event.key === 'PageDown' ? page : -page));
        return;
      case 'Home':
      case 'End':
        event.preventDefault();
        moveFocus(event.key === 'Home' ? 0 : total - 1);
        return;
      case ' ':
        event.preventDefault();
        if (row) onPick(focused, row.id, { shift: event.shiftKey, toggle: true });
        return;
      case 'Enter':
        if (row) {
          event.preventDefault();
          onOpen(row.id);
        }
        return;
      case 'a':
      case 'A':
        if (event.ctrlKey || event.metaKey) {
          event.preventDefault();
          onSelectAllMatching();
        }
        return;
    }
  }

  function onRowClick(event: MouseEvent, index: number, row: LeadListItem) {
    if (event.shiftKey || event.ctrlKey || event.metaKey) {
      event.preventDefault();
      onPick(index, row.id, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
      setFocused(index);
      return;
    }
    onOpen(row.id);
  }

  const shown = OPTIONAL_COLUMNS.filter((c) => columns.includes(c));
  const layout = columnLayout(shown);
  const headers = [t('leads.columns.name'), t('leads.columns.status'), ...shown.map((c) => t(`leads.columns.${c}`))];
  const cell = (column: OptionalColumn, row: LeadListItem) => {
    switch (column) {
      case 'phone':
        return <Cell key={column}>{format.phone(row.phoneE164, row.phoneRaw)}</Cell>;
      case 'email':
        return <Cell key={column}>{row.email ?? ''}</Cell>;
      case 'assignee':
        return <Cell key={column}>{row.assigneeId ? userName(row.assigneeId) : t('leads.unassigned')}</Cell>;
      case 'source':
        return <Cell key={column}>{t(`leads.source.${row.source}`)}</Cell>;
      case 'created':
        return <Cell key={column}>{format.shortDate(row.createdAt)}</Cell>;
      case 'callback':
        return (
          <Cell key={column} danger={row.callbackAt !== null && Date.parse(row.callbackAt) <= Date.now()}>
            {row.callbackAt ? format.shortDateTime(row.callbackAt) : ''}
          </Cell>
        );
      case 'appointment':
        // Red once begun: a consultation over and still scheduled waits to be closed.
        return (
          <Cell key={column} danger={row.nextAppointmentAt !== null && Date.parse(row.nextAppointmentAt) <= Date.now()}>
            {row.nextAppointmentAt ? format.shortDateTime(row.nextAppointmentAt) : ''}
          </Cell>
        );
    }
  };

  return (
    <Box
      role="grid"
      aria-label={t('leads.tableLabel')}
      aria-rowcount={total + 1}
      aria-multiselectable="true"
      style={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-md)', background: 'white', overflowX: 'auto', overflowY: 'hidden' }}
    >
      <div style={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1, minWidth: layout.minWidth }}>
      <div role="row" aria-rowindex={1} style={{ display: 'grid', gridTemplateColumns: layout.template, alignItems: 'center', height: 40, borderBottom: '1px solid var(--mantine-color-gray-3)', background: 'var(--mantine-color-gray-0)', fontSize: 'var(--mantine-font-size-xs)', fontWeight: 600, color: 'var(--mantine-color-gray-8)', textTransform: 'uppercase', letterSpacing: 0.3 }}>
        <div role="columnheader" style={{ paddingLeft: 14 }}>
          <VisuallyHidden>{t('leads.columns.select')}</VisuallyHidden>
        </div>
        {headers.map((h) => (
          <div role="columnheader" key={h} style={{ padding: `0 ${CELL_PADDING}px`, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {h}
          </div>
        ))}
      </div>
      <div ref={scrollRef} onKeyDown={onKeyDown} style={{ overflow: 'auto', flex: 1, minHeight: 0, position: 'relative' }} data-testid="lead-scroll">
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
          {items.map((item) => {
            const row = pages.rowAt(item.index);
            const selected = row ? selection.ids.has(row.id) : false;
            const base = {
              position: 'absolute' as const,
              top: 0,
              left: 0,
              right: 0,
              height: ROW_HEIGHT,
              transform: `translateY(${item.start}px)`,
              display: 'grid',
              gridTemplateColumns: layout.template,
              alignItems: 'center',
              borderBottom: '1px solid var(--mantine-color-gray-2)',
            };
            if (!row) {
              return (
                <div key={item.key} role="row" aria-rowindex={item.index + 2} data-index={item.index} tabIndex={item.index === focused ? 0 : -1} style={base} aria-busy="true">
                  <div role="gridcell" />
                  <div role="gridcell" style={{ padding: `0 ${CELL_PADDING}px`, gridColumn: `span ${headers.length}` }}>
                    <Skeleton h={12} w="60%" />
                  </div>
                </div>
              );
            }
            const name = fullName(row) || t('common.unnamed');
            return (
              <div
                key={row.id}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                data-index={item.index}
                data-lead-id={row.id}
                tabIndex={item.index === focused ? 0 : -1}
                onFocus={() => setFocused(item.index)}
                onClick={(e) => onRowClick(e, item.index, row)}
                className="lead-row"
                style={{ ...base, cursor: 'pointer', background: selected ? 'var(--mantine-color-bureau-0)' : undefined }}
              >
                <div role="gridcell" style={{ paddingLeft: 14 }} onClick={(e) => e.stopPropagation()}>
                  <Checkbox
                    size="sm"
                    checked={selected}
                    tabIndex={-1}
                    aria-label={t('leads.selectRow', { name })}
                    onChange={() => {}}
                    onClick={(e) => {
                      onPick(item.index, row.id, { shift: e.shiftKey, toggle: true });
                      setFocused(item.index);
                    }}
                  />
                </div>
                <div role="gridcell" style={{ padding: `0 ${CELL_PADDING}px`, overflow: 'hidden', display: 'flex', alignItems: 'center', gap: 6 }}>
                  <Text size="sm" fw={500} truncate title={name}>
                    {name}
                  </Text>
                  {row.duplicateOfId && (
                    <Tooltip label={t('leads.duplicateHint')}>
                      <Text span size="xs" c={TONE.warning} fw={600}>
                        {t('leads.duplicate')}
                      </Text>
                    </Tooltip>
                  )}
                  {row.pending && (
                    <Tooltip label={t('sync.rowPending')}>
                      <span aria-label={t('sync.rowPending')} style={{ width: 7, height: 7, borderRadius: 7, background: 'var(--mantine-color-orange-7)', flex: 'none' }} />
                    </Tooltip>
                  )}
                </div>
                <div role="gridcell" style={{ padding: `0 ${CELL_PADDING}px`, overflow: 'hidden' }}>
                  <StatusBadge status={row.status} size="sm" maw="100%" />
                </div>
                {shown.map((c) => cell(c, row))}
              </div>
            );
          })}
        </div>
      </div>
      </div>
    </Box>
  );
}

function Cell({ children, danger = false }: { children: string; danger?: boolean }) {
  return (
    <div role="gridcell" style={{ padding: `0 ${CELL_PADDING}px`, overflow: 'hidden' }}>
      <Text size="sm" truncate c={danger ? 'red.9' : undefined} title={children || undefined}>
        {children}
      </Text>
    </div>
  );
}
