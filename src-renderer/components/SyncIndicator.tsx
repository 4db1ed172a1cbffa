import { ActionIcon, Badge, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSyncStatus } from '../app/sync';
import { invoke } from '../lib/api';
import { useFormat } from '../lib/useFormat';
import { IconCloudOff, IconRefresh } from './icons';
import { TONE } from '../app/theme';

/** Offline indicator and the count of changes waiting to be sent (issue 5, "Everywhere"). */
export function SyncIndicator() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const format = useFormat();
  const offline = !status.online || status.phase === 'offline';
  const busy = status.phase === 'pushing' || status.phase === 'pulling';
  const label = status.phase === 'update_required'
    ? t('sync.updateRequired')
    : status.phase === 'certificate_changed'
      ? t('tls.title')
      : offline
      ? t('sync.offline')
      : busy
        ? t('sync.syncing')
        : t('sync.upToDate');
  const colour = status.phase === 'update_required' || status.phase === 'certificate_changed' ? TONE.danger : offline ? TONE.warning : TONE.success;
  const tooltip = [
    status.lastSyncedAt ? t('sync.lastSynced', { when: format.dateTime(status.lastSyncedAt) }) : t('sync.neverSynced'),
    status.message,
  ]
    .filter(Boolean)
    .join(' — ');

  return (
    <Group gap="xs" wrap="nowrap" role="status" aria-live="polite">
      <Tooltip label={tooltip} withArrow>
        <Group gap={6} wrap="nowrap" tabIndex={0} aria-label={`${label}. ${tooltip}`} data-testid="sync-state" data-offline={offline}>
          {offline ? (
            <IconCloudOff size={16} color={TONE.warning} />
          ) : (
            <span
              aria-hidden="true"
              style={{ width: 9, height: 9, borderRadius: 9, background: colour, display: 'inline-block' }}
            />
          )}
          <Text size="sm" c={colour} fw={500}>
            {label}
          </Text>
        </Group>
      </Tooltip>
      {status.pending > 0 && (
        <Badge variant="light" color="orange" radius="sm" tt="none" data-testid="pending-count">
          {t('sync.pending', { count: status.pending })}
        </Badge>
      )}
      <Tooltip label={t('sync.now')} withArrow>
        <ActionIcon variant="subtle" color="gray" aria-label={t('sync.now')} loading={busy} onClick={() => void invoke('sync:now', {})}>
          <IconRefresh size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
