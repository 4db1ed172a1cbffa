import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Box, Group, Text } from '@mantine/core';
import type { ImportRevertLead } from '~shared/contract/ipc';
import { useUserName } from '../../app/office';
import { fullName } from '../../components/LeadName';

const ROW_HEIGHT = 30;
/** Up to this many rows the list shows whole; longer ones scroll inside this height. */
const VISIBLE_ROWS = 7;

/**
 * The names a revert would remove or keep, with whom each lead is with and, for kept ones, why.
 * Virtualised: an import of thousands renders only the rows in view (issue 16).
 */
export function LeadNameList({ leads, label, note }: { leads: ReadonlyArray<ImportRevertLead>; label: string; note?: (lead: ImportRevertLead) => string }) {
  const { t } = useTranslation();
  const userName = useUserName();
  const scrollRef = useRef<HTMLDivElement>(null);
  const height = Math.min(leads.length, VISIBLE_ROWS) * ROW_HEIGHT;
  const virtualizer = useVirtualizer({
    count: leads.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 600, height },
  });
  return (
    <Box
      ref={scrollRef}
      role="list"
      aria-label={label}
      tabIndex={0}
      h={height}
      style={{ overflowY: 'auto', border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-md)' }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const lead = leads[item.index]!;
          return (
            <Group
              key={lead.id}
              role="listitem"
              justify="space-between"
              wrap="nowrap"
              px="sm"
              h={ROW_HEIGHT}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
            >
              <Text size="sm" truncate>
                {fullName(lead) || t('common.unnamed')}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {note ? note(lead) : lead.assigneeId ? userName(lead.assigneeId) : t('imports.unassigned')}
              </Text>
            </Group>
          );
        })}
      </div>
    </Box>
  );
}
