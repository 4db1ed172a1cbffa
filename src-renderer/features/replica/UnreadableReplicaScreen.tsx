import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Text } from '@mantine/core';
import { MessageScreen } from '../../components/MessageScreen';
import type { Session } from '~shared/contract/ipc';
import type { ReplicaStatus } from '~shared/contract/replica';
import { ConfirmModal } from '../../components/ConfirmModal';
import { invoke } from '../../lib/api';

/**
 * The workstation's encrypted replica cannot be opened (issue 14, point 1): its key is lost or no
 * longer matches. The person may start a fresh replica from the office server — after confirming,
 * since the changes not yet sent live in the unreadable file and are lost with it — or sign out.
 */
export function UnreadableReplicaScreen({ unreadable, onStarted }: { unreadable: NonNullable<ReplicaStatus['unreadable']>; onStarted: (session: Session) => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function startFresh() {
    setBusy(true);
    const result = await invoke('replica:reset', { confirmed: true });
    setBusy(false);
    setConfirming(false);
    if (result.ok) onStarted(result.value);
    else setFailure(result.error.message);
  }

  return (
    <>
      <MessageScreen title={t('replica.unreadable.title')} titleSize="h3" width={560}>
        <Text>{t(unreadable.reason === 'missing_key' ? 'replica.unreadable.missingKey' : 'replica.unreadable.wrongKey')}</Text>
        <Text size="sm" c="dimmed">
          {t('replica.unreadable.who', { name: unreadable.userName, email: unreadable.email, server: unreadable.serverUrl })}
        </Text>
        <Alert color="orange" title={t('replica.unreadable.lossTitle')}>
          {t('replica.unreadable.loss')}
        </Alert>
        {failure && (
          <Text size="sm" c="red.9" role="alert">
            {failure}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => void invoke('session:logout', {})}>
            {t('user.logout')}
          </Button>
          <Button color="red.9" onClick={() => setConfirming(true)}>
            {t('replica.unreadable.startFresh')}
          </Button>
        </Group>
      </MessageScreen>
      <ConfirmModal
        opened={confirming}
        title={t('replica.unreadable.confirmTitle')}
        message={t('replica.unreadable.confirm')}
        confirmLabel={t('replica.unreadable.confirmLabel')}
        danger
        busy={busy}
        onConfirm={() => void startFresh()}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}
