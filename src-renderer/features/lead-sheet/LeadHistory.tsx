import { useTranslation } from 'react-i18next';
import { Stack, Text, Timeline } from '@mantine/core';
import type { HistoryEntry } from '~shared/domain/entities';
import { useFormat } from '../../lib/useFormat';
import { historyChanges, historyTitle } from './historyText';
import { useHistoryDeps } from './useHistoryDeps';

/** The whole history of a lead, newest first: who, when, what, before → after. Never edited. */
export function LeadHistory({ history }: { history: HistoryEntry[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const deps = useHistoryDeps();
  const entries = [...history].sort((a, b) => b.at.localeCompare(a.at));
  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('history.empty')}
      </Text>
    );
  }
  return (
    <Timeline bulletSize={12} lineWidth={2} active={-1} aria-label={t('sheet.history')}>
      {entries.map((entry) => {
        const changes = historyChanges(entry, deps);
        return (
          <Timeline.Item key={entry.id} title={<Text fw={600} size="sm">{historyTitle(entry, t)}</Text>}>
            <Text size="xs" c="dimmed">
              {entry.actorId ? t('history.by', { name: deps.userName(entry.actorId) }) : t('history.bySystem')} · {format.dateTime(entry.at)}
            </Text>
            {changes.length > 0 && (
              <Stack gap={0} mt={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {changes.map((c) => (
                  <Text key={c.field} size="sm" component="li">
                    <Text span fw={500}>
                      {c.label}
                    </Text>
                    {t('common.colon')}
                    {c.before !== null && (
                      <>
                        <Text span c="dimmed" td="line-through">
                          {c.before}
                        </Text>
                        {' → '}
                      </>
                    )}
                    <Text span>{c.after ?? t('history.cleared')}</Text>
                  </Text>
                ))}
              </Stack>
            )}
            {entry.note && (
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                {entry.note}
              </Text>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
