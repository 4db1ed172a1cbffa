import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, CopyButton, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { OfficeCreated } from '~shared/contract/office';
import { formatJoinCode } from '~shared/domain/join-code';
import { Fingerprint } from '../../components/Fingerprint';
import { IconCheck } from '../../components/icons';
import { intlLocale } from '../../lib/i18n';

// The office exists: what the other workstations need to join it — this computer's address on
// the network and a one-time code — then the administrator opens the office.

export function OfficeReady({ created, onOpen }: { created: OfficeCreated; onOpen: () => Promise<string | null> }) {
  const { t, i18n } = useTranslation();
  const until = new Intl.DateTimeFormat(intlLocale(i18n.language), { dateStyle: 'long', timeStyle: 'short' }).format(new Date(created.joinCode.expiresAt));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const address = created.lanUrls[0] ?? created.serverUrl;
  const code = formatJoinCode(created.joinCode.code);

  async function open() {
    setBusy(true);
    const problem = await onOpen();
    setBusy(false);
    setFailure(problem);
  }

  return (
    <Stack gap="lg">
      <Group gap="sm" wrap="nowrap">
        <IconCheck size={28} color="var(--mantine-color-green-7)" />
        <Title order={1} size="h3">
          {t('firstRun.ready.title', { name: created.officeName })}
        </Title>
      </Group>
      <Text size="sm" c="dimmed">
        {t('firstRun.ready.explain')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" style={{ gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)' }}>
        <Paper withBorder radius="md" p="md" bg="gray.0">
          <Text size="xs" tt="uppercase" fw={600} c="dimmed">
            {t('firstRun.ready.address')}
          </Text>
          <Group gap="xs" mt={6} wrap="nowrap">
            <Text ff="monospace" fw={600} size="md" style={{ overflowWrap: 'anywhere' }} data-testid="office-address">
              {address}
            </Text>
            <Copy value={address} />
          </Group>
          {created.lanUrls.length > 1 && (
            <Text size="xs" c="dimmed" mt={4}>
              {t('firstRun.ready.otherAddresses', { list: created.lanUrls.slice(1).join(', ') })}
            </Text>
          )}
          {created.lanUrls.length === 0 && (
            <Text size="xs" c="orange.9" mt={4}>
              {t('firstRun.ready.noNetwork')}
            </Text>
          )}
        </Paper>
        <Paper withBorder radius="md" p="md" bg="gray.0">
          <Text size="xs" tt="uppercase" fw={600} c="dimmed">
            {t('firstRun.ready.code')}
          </Text>
          <Group gap="xs" mt={6} wrap="nowrap">
            <Text ff="monospace" fw={700} size="xl" style={{ letterSpacing: '0.12em' }} data-testid="join-code">
              {code}
            </Text>
            <Copy value={code} />
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {t('firstRun.ready.codeHint', { date: until })}
          </Text>
        </Paper>
      </SimpleGrid>
      {created.fingerprint && (
        <Paper withBorder radius="md" p="md" bg="gray.0">
          <Text size="xs" tt="uppercase" fw={600} c="dimmed">
            {t('firstRun.ready.fingerprint')}
          </Text>
          <Fingerprint value={created.fingerprint} testId="office-fingerprint" />
          <Text size="xs" c="dimmed" mt={4}>
            {t('firstRun.ready.fingerprintHint')}
          </Text>
        </Paper>
      )}
      <Alert variant="light" color="blue" title={t('firstRun.ready.keepOnTitle')}>
        {t('firstRun.ready.keepOn')}
      </Alert>
      {failure && (
        <Alert color="red" variant="light" role="alert">
          {failure}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button size="md" loading={busy} onClick={() => void open()}>
          {t('firstRun.ready.open')}
        </Button>
      </Group>
    </Stack>
  );
}

function Copy({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button size="compact-xs" variant="subtle" onClick={copy}>
          {copied ? t('firstRun.ready.copied') : t('firstRun.ready.copy')}
        </Button>
      )}
    </CopyButton>
  );
}
