import { useState } from 'react';
import { Button, Drawer, Group, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Notification } from '~shared/domain/entities';
import { runMutation, useQuery } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { useRouter } from '../../app/router';
import { Empty } from '../../components/Empty';
import { IconBell } from '../../components/icons';
import { fullName } from '../../components/LeadName';
import { namesWithMore, notificationDetail, notificationTarget, notificationTitle } from './notificationText';
import { showLeadsWith } from '../leads/leadsViewStore';
import { SmsDialog } from '../sms/SmsDialog';

/** The appointment a day-before reminder is about, when it offers the confirmation SMS (issue 11, point 2). */
function confirmationSmsOf(n: Notification): { leadId: string; appointmentId: string } | null {
  const appointmentId = n.payload['appointmentId'];
  if (n.kind !== 'appointment_reminder' || n.leadId === null || typeof appointmentId !== 'string' || !n.payload['sms']) return null;
  return { leadId: n.leadId, appointmentId };
}

/** How many names a grouped notification shows before « et N autres ». */
const NAMED = 3;

/**
 * The signed-in user's notifications; a click marks it read and opens what it is about (issue 5):
 * its lead, or the list on a grouped assignment's leads or an import's batch (issue 15, point 6).
 * The shell closes the panel whenever the screen changes.
 */
export function NotificationsPanel({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { navigate } = useRouter();
  const list = useQuery('notifications:list', { unreadOnly: false, limit: 100 }, { tables: ['notifications'], enabled: opened });
  const items = list.data?.items ?? [];
  const unreadIds = items.filter((n) => !n.readAt).map((n) => n.id);
  const [sms, setSms] = useState<{ leadId: string; appointmentId: string } | null>(null);

  function open(n: Notification) {
    if (!n.readAt) void runMutation('notification.markRead', { ids: [n.id] }, { report: true });
    const target = notificationTarget(n);
    if (target?.kind === 'lead') navigate({ name: 'lead', id: target.id });
    else if (target?.kind === 'leads') {
      showLeadsWith({ only: { ids: target.ids, label: t('notifications.assignedOn', { count: n.count, date: format.shortDate(n.createdAt) }) } });
      navigate({ name: 'leads' });
    } else if (target?.kind === 'batch') {
      showLeadsWith({ only: { importBatchId: target.importBatchId, label: t('notifications.importedFrom', { file: target.fileName ?? '' }) } });
      navigate({ name: 'leads' });
    }
  }

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="md" title={t('notifications.title')} scrollAreaComponent={ScrollArea.Autosize}>
      <Stack gap="sm">
        {unreadIds.length > 0 && (
          <Group justify="flex-end">
            <Button variant="subtle" size="xs" onClick={() => void runMutation('notification.markRead', { ids: unreadIds }, { report: true })}>
              {t('notifications.markAllRead')}
            </Button>
          </Group>
        )}
        {!list.loading && items.length === 0 && <Empty title={t('notifications.empty')} description={t('notifications.emptyHint')} icon={<IconBell />} />}
        <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('notifications.title')}>
          {items.map((n) => (
            <NotificationItem key={n.id} notification={n} onOpen={open} onSms={setSms} />
          ))}
        </Stack>
      </Stack>
      <SmsDialog leadId={sms?.leadId ?? ''} appointmentId={sms?.appointmentId} opened={sms !== null} onClose={() => setSms(null)} />
    </Drawer>
  );
}

/**
 * One notification. Those about one lead that carry no name (an assignment: the payload holds
 * ids only) name it from the replica, so that "Un lead vous a été attribué" says which one.
 */
function NotificationItem({
  notification: n,
  onOpen: open,
  onSms,
}: {
  notification: Notification;
  onOpen: (n: Notification) => void;
  onSms: (target: { leadId: string; appointmentId: string }) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const named = notificationDetail(n);
  const target = notificationTarget(n);
  const lead = useQuery('leads:get', { id: n.leadId ?? '' }, { tables: ['leads'], enabled: named === null && n.leadId !== null });
  // A grouped assignment names its first leads, and says how many more (issue 15, point 6).
  const groupIds = target?.kind === 'leads' ? target.ids.slice(0, NAMED) : [];
  const group = useQuery('leads:list', { filters: { ids: groupIds }, sort: 'name_asc', limit: NAMED }, { tables: ['leads'], enabled: groupIds.length > 0 });
  const groupNames = group.data ? namesWithMore(group.data.rows.map((r) => fullName(r) || t('common.unnamed')), n.count, t) : null;
  const detail = named ?? groupNames ?? (lead.data ? fullName(lead.data.lead) || null : null);
  const title = notificationTitle(n, t, { now: new Date().toISOString(), timeZone: format.timeZone, longDate: format.longDate, time: format.time });
  const sms = confirmationSmsOf(n);
  return (
    <li>
      <UnstyledButton
        onClick={() => open(n)}
        w="100%"
        p="sm"
        data-unread={!n.readAt}
        style={{
          borderRadius: 'var(--mantine-radius-md)',
          background: n.readAt ? undefined : 'var(--mantine-color-bureau-0)',
          borderLeft: n.readAt ? '3px solid transparent' : '3px solid var(--mantine-color-bureau-7)',
        }}
        aria-label={`${title}${detail ? ` — ${detail}` : ''}${n.readAt ? '' : ` (${t('notifications.unread')})`}`}
      >
        <Text size="sm" fw={n.readAt ? 400 : 600}>
          {title}
        </Text>
        {detail && (
          <Text size="sm" c="dimmed">
            {detail}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {format.dateTime(n.createdAt)}
        </Text>
      </UnstyledButton>
      {sms && (
        <Button variant="light" size="xs" ml="sm" mb={4} onClick={() => onSms(sms)}>
          {t('notifications.sendConfirmationSms')}
        </Button>
      )}
    </li>
  );
}
