import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Appointment, Lead, SmsMessage } from '~shared/domain/entities';
import { can } from '~shared/domain/permissions';
import { useFormat } from '../../lib/useFormat';
import { useSession } from '../../app/session';
import { useUserName } from '../../app/office';
import { SmsDialog } from './SmsDialog';

// The lead sheet's SMS (issue 11, point 3): each message with its state — en file, envoyé, reçu,
// non envoyé with the provider's reason — and the button that opens the SMS dialog.

export const SMS_STATE_COLOR: Readonly<Record<SmsMessage['state'], string>> = {
  queued: 'gray',
  sent: 'bureau',
  delivered: 'green',
  failed: 'red',
};

export function LeadSms({ lead, messages, appointments }: { lead: Lead; messages: SmsMessage[]; appointments: Appointment[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { actor } = useSession();
  const userName = useUserName();
  const [opened, setOpened] = useState(false);
  const sorted = messages.filter((m) => m.deletedAt === null).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  // The secretary may write for the appointments she booked (permissions.md): any of them counts.
  const booked = appointments.filter((a) => a.deletedAt === null && a.state === 'scheduled');
  const allowed = can(actor, 'sms.send', { lead }) || booked.some((a) => can(actor, 'sms.send', { lead, appointment: { hostId: a.hostId, bookedById: a.bookedById } }));

  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="sms-title">
      <Group justify="space-between" mb="md">
        <Group gap="xs">
          <Title order={2} size="h4" id="sms-title">
            {t('sheet.sms')}
          </Title>
          {lead.smsOptOutAt !== null && (
            <Badge color="red" variant="light" radius="sm" tt="none" data-testid="sms-opted-out">
              {t('sheet.optedOut')}
            </Badge>
          )}
        </Group>
        {allowed && (
          <Button variant="light" size="xs" onClick={() => setOpened(true)}>
            {t('sheet.sendSms')}
          </Button>
        )}
      </Group>
      {sorted.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('sheet.noSms')}
        </Text>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="sms-list">
          {sorted.map((m) => (
            <li key={m.id}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text size="xs" c="dimmed">
                  {format.dateTime(m.createdAt)} · {userName(m.sentById)} · {t('sms.segments', { count: m.segments })}
                </Text>
                <Badge variant="light" radius="sm" tt="none" miw="max-content" color={SMS_STATE_COLOR[m.state]}>
                  {t(`sms.state.${m.state}`)}
                </Badge>
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={3}>
                {m.body}
              </Text>
              {m.error && (
                <Text size="xs" c="red.8">
                  {m.error}
                </Text>
              )}
            </li>
          ))}
        </Stack>
      )}
      <SmsDialog leadId={lead.id} opened={opened} onClose={() => setOpened(false)} />
    </Card>
  );
}
