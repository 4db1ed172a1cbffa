import { useTranslation } from 'react-i18next';
import { Button, Group, Progress, Text } from '@mantine/core';
import { MessageScreen } from '../../components/MessageScreen';
import { invoke } from '../../lib/api';
import type { SyncStatus } from '~shared/contract/ipc';
import { intlLocale } from '../../lib/i18n';

/** The first sync after signing in: the office's data arrives, with a progress bar. */
export function FirstSyncScreen({ status }: { status: SyncStatus }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(intlLocale(i18n.language));
  const received = status.progress?.received ?? 0;
  const total = status.progress?.total ?? null;
  const percent = total && total > 0 ? Math.min(100, Math.round((received / total) * 100)) : null;
  return (
    <MessageScreen title={t('firstSync.title')} titleSize="h3" width={480}>
      <Text c="dimmed" size="sm">
        {t('firstSync.explain')}
      </Text>
      <Progress
        value={percent ?? 100}
        animated={percent === null}
        striped={percent === null}
        size="lg"
        aria-label={t('firstSync.progressLabel')}
      />
      <Text size="sm" aria-live="polite">
        {total !== null
          ? t('firstSync.progressOf', { received: number.format(received), total: number.format(total) })
          : t('firstSync.progress', { received: number.format(received) })}
      </Text>
      {status.message && (
        <>
          <Text size="sm" c="red.9" role="alert">
            {status.message}
          </Text>
          {/* Stuck (server unreachable, wrong address): try again, or sign out and fix the address. */}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => void invoke('session:logout', {})}>
              {t('user.logout')}
            </Button>
            <Button onClick={() => void invoke('sync:now', {})}>{t('firstSync.retry')}</Button>
          </Group>
        </>
      )}
    </MessageScreen>
  );
}
