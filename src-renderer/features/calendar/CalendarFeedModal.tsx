import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, CopyButton, Group, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { invoke } from '../../lib/api';
import { ConfirmModal } from '../../components/ConfirmModal';

/**
 * The user's own calendar subscription (issue 11, point 7; server-api.md, "Calendar feeds"): the
 * address to paste in Outlook, Google or Apple, copied in one click, and replaced when it went
 * where it should not — after a confirmation, since every calendar subscribed to it stops.
 */
export function CalendarFeedModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [resetting, setResetting] = useState(false);

  useEffect(() => {
    if (!opened) return;
    let live = true;
    setUrl(null);
    setError(null);
    void invoke('calendarFeed:get', {}).then((result) => {
      if (!live) return;
      if (result.ok) setUrl(result.value.url);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [opened]);

  async function reset() {
    setResetting(true);
    const result = await invoke('calendarFeed:reset', {});
    setResetting(false);
    setConfirming(false);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setUrl(result.value.url);
    notifications.show({ color: 'bureau', message: t('calendar.feed.resetDone') });
  }

  return (
    <>
      <Modal opened={opened && !confirming} onClose={onClose} title={t('calendar.feed.title')} size="lg">
        <Stack gap="md">
          <Text size="sm">{t('calendar.feed.intro')}</Text>
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          {url === null && error === null ? (
            <Group gap="sm">
              <Loader size="sm" />
              <Text size="sm" c="dimmed">
                {t('calendar.feed.loading')}
              </Text>
            </Group>
          ) : (
            url !== null && (
              <Group align="flex-end" gap="sm" wrap="nowrap">
                <TextInput
                  label={t('calendar.feed.label')}
                  value={url}
                  readOnly
                  onFocus={(event) => event.currentTarget.select()}
                  style={{ flex: 1 }}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' } }}
                  data-testid="calendar-feed-url"
                />
                <CopyButton value={url}>
                  {({ copied, copy }) => (
                    <Button variant={copied ? 'light' : 'filled'} onClick={copy} w={150}>
                      {copied ? t('calendar.feed.copied') : t('calendar.feed.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            )
          )}
          <Text size="xs" c="dimmed">
            {t('calendar.feed.howTo')}
          </Text>
          <Group justify="space-between">
            <Button variant="subtle" color="red" onClick={() => setConfirming(true)} disabled={url === null}>
              {t('calendar.feed.reset')}
            </Button>
            <Button variant="default" onClick={onClose}>
              {t('common.close')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ConfirmModal
        opened={opened && confirming}
        title={t('calendar.feed.resetTitle')}
        message={t('calendar.feed.resetConfirm')}
        confirmLabel={t('calendar.feed.reset')}
        danger
        busy={resetting}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void reset()}
      />
    </>
  );
}
