import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { countSegments } from '~shared/domain/sms';

/**
 * What a text costs to send (domain.md, "SMS": GSM-7 160/153 characters a part, UCS-2 70/67):
 * the parts, the length in the encoding's units and what is left in the last part. Shared by the
 * SMS dialog and the template editor.
 */
export function SegmentCount({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  const count = countSegments(text);
  return (
    <div data-testid={testId}>
      <Group gap="xs" wrap="nowrap">
        <Badge variant="light" color={count.segments > 2 ? 'orange' : 'bureau'} radius="sm" tt="none" miw="max-content">
          {t('sms.segments', { count: count.segments })}
        </Badge>
        <Text size="xs" c="dimmed">
          {t('sms.characters', { count: count.characters, encoding: count.encoding, remaining: count.remainingInSegment })}
        </Text>
      </Group>
      {count.encoding === 'UCS-2' && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('sms.ucs2Hint')}
        </Text>
      )}
    </div>
  );
}
