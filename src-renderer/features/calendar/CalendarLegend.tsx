import { useTranslation } from 'react-i18next';
import { Group, Text } from '@mantine/core';
import { EVENT_COLOURS, type EventTone } from './calendarEvents';

const SHOWN = ['scheduled', 'attended', 'missed', 'cancelled', 'callback'] as const satisfies readonly EventTone[];

/** What each colour means (domain.md's status colours), beside the calendar. */
export function CalendarLegend() {
  const { t } = useTranslation();
  return (
    <Group gap="md" component="ul" aria-label={t('calendar.legend')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {SHOWN.map((tone) => (
        <Group key={tone} gap={6} component="li" wrap="nowrap">
          <span aria-hidden="true" className={`bc-swatch bc-tone-${tone}`} style={{ background: EVENT_COLOURS[tone] }} />
          <Text size="sm">{t(`calendar.legendItem.${tone}`)}</Text>
        </Group>
      ))}
    </Group>
  );
}
